#!/usr/bin/python3
"""Writes the edit scripts behind the symbol render cases: every standard identity (reality and exercise)
with headquarters, task force and feint/dummy indicators, and every echelon with the land-unit icons a
peace-support force uses, plus a malformed code and an unknown function (both must draw the marked fallback).
Run from the repository root; the render test draws the scripts as missions."""
import csv
import json
import os

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


def table_codes(path, sector=None):
    rows = []
    with open(path) as f:
        lines = [l for l in f.read().split("\n") if l and not l.startswith("#")]
    for row in csv.reader(lines[1:]):
        rows.append(row)
    return rows


ENTITY_GROUPS = [("symbols_land_c2", ("11",)), ("symbols_land_manoeuvre", ("12",)), ("symbols_land_fires", ("13",)),
                 ("symbols_land_protection", ("14",)), ("symbols_land_intelligence", ("15",)),
                 ("symbols_land_sustainment", ("16",)), ("symbols_land_other", ("00", "17", "18", "19", "20", "21"))]
COLS_PER_ROW = 6


def grid_sheet(title, items):
    """items: (sidc, label); returns the ops and the case's bbox."""
    ops = [{"op": "set_mission", "name": title}]
    for k, (sidc, label) in enumerate(items):
        ops.append(unit("u%d" % k, sidc, (k % COLS_PER_ROW) * 2.7, -(k // COLS_PER_ROW) * 1.35, label))
    rows = (len(items) + COLS_PER_ROW - 1) // COLS_PER_ROW
    return ops, [-1.0, -(rows - 1) * 1.35 - 0.9, (COLS_PER_ROW - 1) * 2.7 + 2.2, 0.9]


def entity_sheets():
    rows = table_codes("assets/symbology/land_unit.csv")
    for name, prefixes in ENTITY_GROUPS:
        items = [("1003100000" + r[0] + "0000", r[0]) for r in rows if r[0][:2] in prefixes]
        yield name, grid_sheet("Symbol sheet: land unit entities " + "/".join(prefixes), items)


def modifier_sheets():
    rows = table_codes("assets/symbology/land_unit_modifiers.csv")
    for sector in ("1", "2"):
        items = []
        for r in rows:
            if r[0] != sector:
                continue
            mods = r[1] + "00" if sector == "1" else "00" + r[1]
            items.append(("1003100000121100" + mods, "m%s %s" % (sector, r[1])))
        yield "symbols_land_modifiers%s" % sector, grid_sheet("Symbol sheet: sector %s modifiers" % sector, items)


def identity_context_sheet():
    """Every standard identity in reality, exercise and simulation; exercise suspect and hostile are joker and
    faker."""
    items = []
    for ctx, cname in ((0, "real"), (1, "exer"), (2, "sim")):
        for i, name in enumerate(IDENT):
            label = {(1, 5): "joker", (1, 6): "faker"}.get((ctx, i), name.lower()[:7] + " " + cname)
            items.append(("10" + str(ctx) + str(i) + "1000001211000000", label))
    COLS = 7
    ops = [{"op": "set_mission", "name": "Symbol sheet: identities and contexts"}]
    for k, (sidc, label) in enumerate(items):
        ops.append(unit("u%d" % k, sidc, (k % COLS) * 2.7, -(k // COLS) * 1.6, label))
    return ops, [-1.0, -2 * 1.6 - 0.9, (COLS - 1) * 2.7 + 2.2, 0.9]


def write_case(name, ops, bbox):
    d = "tests/render/cases/%s" % name
    os.makedirs(d, exist_ok=True)
    with open(d + "/sheet.ops.json", "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(o) for o in ops) + "\n]\n")
    w = 1000
    h = int(round(w * (bbox[3] - bbox[1]) / (bbox[2] - bbox[0])))
    case = {"files": ["sheet.ops.json"], "bbox": bbox, "crs": "platecarree", "width": w, "height": max(h, 200),
            "basemap": False, "graticule": False}
    with open(d + "/case.json", "w") as f:
        f.write(json.dumps(case, separators=(",", ":")) + "\n")


for name, (ops, bbox) in list(entity_sheets()) + list(modifier_sheets()):
    write_case(name, ops, bbox)
write_case("symbols_identity_context", *identity_context_sheet())

for name, ops in (("symbols_identity", identity_sheet()), ("symbols_echelon_function", echelon_function_sheet())):
    with open("tests/render/cases/%s/sheet.ops.json" % name, "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(o) for o in ops) + "\n]\n")
