#!/usr/bin/python3
"""Writes the edit scripts behind the symbol render cases: every standard identity (reality and exercise)
with headquarters, task force and feint/dummy indicators, and every echelon with the land-unit icons a
peace-support force uses, plus a malformed code and an unknown function (both must draw the marked fallback).
Run from the repository root; the render test draws the scripts as missions."""
import json

IDENT = ["Pending", "Unknown", "Assumed friend", "Friend", "Neutral", "Suspect", "Hostile"]
# (entity, HQ/TF/FD digit, echelon, label)
COLS = [("121100", "0", "16", "inf bn"), ("120500", "0", "15", "armd coy"),
        ("161300", "4", "14", "med pl TF"), ("121300", "1", "13", "recce sect FD"),
        ("130300", "0", "18", "arty bde")]


def unit(uid, sidc, lon, lat, designation="", higher=""):
    return {"op": "add_unit", "unit": {"id": uid, "sidc": sidc, "designation": designation,
                                       "higher_formation": higher, "nation": "XXX", "position": [lon, lat]}}


def identity_sheet():
    ops = [{"op": "set_mission", "name": "Symbol sheet: identities"}]
    for ctx in (0, 1):
        for i, name in enumerate(IDENT):
            row = ctx * len(IDENT) + i
            for c, (entity, hq, ech, label) in enumerate(COLS):
                sidc = "10" + str(ctx) + str(i) + "10" + "0" + hq + ech + entity + "0000"
                assert len(sidc) == 20, sidc
                # Column 0 leaves room for the identity's name beside it.
                ops.append(unit("i%d_%d" % (row, c), sidc, (c + 1.2) * 3.4 if c else 0, -row * 2.0,
                                name + (" (exercise)" if ctx else "") if c == 0 else "", label if row == 0 else ""))
    return ops


FUNCS = ["121100", "121102", "121104", "120500", "121300", "130300", "130800", "130100", "140700", "161300",
         "141200", "111000", "163400", "161100", "163600", "120600", "110300", "121700", "110000", "121200"]
ECHELONS = ["00", "11", "12", "13", "14", "15", "16", "17", "18", "21", "22", "23", "24", "25", "26"]


def echelon_function_sheet():
    ops = [{"op": "set_mission", "name": "Symbol sheet: echelons and functions"}]
    for k, ech in enumerate(ECHELONS):
        ops.append(unit("e%d" % k, "10031000" + ech + "1211000000",
                        (k % 5) * 2.6, -(k // 5) * 1.3, "ech " + ech))
    for k, f in enumerate(FUNCS):
        ops.append(unit("f%d" % k, "1003100015" + f + "0000", (k % 5) * 2.6, -4.2 - (k // 5) * 1.1, f))
    # 2525C codes, a malformed code and a well-formed code with no icon: fallbacks must be marked.
    ops.append(unit("c1", "SFGPUCI----E", 0, -8.8, "2525C inf coy"))
    ops.append(unit("c2", "SHGPUCA----F", 2.6, -8.8, "2525C armd bn"))
    ops.append(unit("bad", "10XX", 5.2, -8.8, "malformed"))
    ops.append(unit("unk", "10031000151299990000", 7.8, -8.8, "unknown fn"))
    # Headquarters (the staff's foot is the location), task force and feint/dummy combinations.
    for k, (digit, ech, label) in enumerate((("2", "18", "HQ bde"), ("6", "16", "TF HQ bn"), ("3", "15", "FD HQ coy"),
                                             ("5", "21", "FD TF div"), ("7", "14", "FD TF HQ pl"))):
        ops.append(unit("h%d" % k, "1003100" + digit + ech + "1211000000",
                        k * 2.6, -11.6, label))
    return ops


for name, ops in (("symbols_identity", identity_sheet()), ("symbols_echelon_function", echelon_function_sheet())):
    with open("tests/render/cases/%s/sheet.ops.json" % name, "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(o) for o in ops) + "\n]\n")
