#!/usr/bin/env python3
"""Reads the window's last "layout" event (ENTENTE_EVENT_LOG) and checks the tiling: each expected panel is
shown, every tile lies inside the display, no two tiles overlap, no tile covers a legend the map drew.

  check_layout.py EVENTS.LOG "Title,Title,..." [--left TITLE] [--folded TITLE]
"""
import argparse
import json
import sys


def overlap(a, b):
    """Area shared by two (x0, y0, x1, y1) boxes; touching edges share none."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0.5 and h > 0.5 else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("expected")
    ap.add_argument("--left", action="append", default=[])
    ap.add_argument("--folded", action="append", default=[])
    a = ap.parse_args()
    layouts = [json.loads(l) for l in open(a.log) if '"event":"layout"' in l]
    if not layouts:
        print("FAIL: no layout event")
        return 1
    e = layouts[-1]
    dw, dh = e["display"]
    tiles = {t["title"]: t for t in e["tiles"]}
    boxes = {k: (t["x"], t["y"], t["x"] + t["w"], t["y"] + t["h"]) for k, t in tiles.items()}
    bad = []
    for want in [x for x in a.expected.split(",") if x]:
        if want not in tiles:
            bad.append(f"{want}: not shown (shown: {', '.join(tiles)})")
    for k, b in boxes.items():
        if b[0] < 0 or b[1] < 0 or b[2] > dw + 0.5 or b[3] > dh + 0.5 or b[2] <= b[0] or b[3] <= b[1]:
            bad.append(f"{k}: {b} not inside the {dw}x{dh} display")
    names = sorted(boxes)
    for i, p in enumerate(names):
        for q in names[i + 1:]:
            if overlap(boxes[p], boxes[q]):
                bad.append(f"{p} {boxes[p]} overlaps {q} {boxes[q]}")
        for lg in e.get("legends", []):
            if overlap(boxes[p], lg):
                bad.append(f"{p} {boxes[p]} covers a legend at {lg}")
    for k in a.left:
        if k in tiles and tiles[k]["x"] > 1:
            bad.append(f"{k}: expected in the left column, at x={tiles[k]['x']}")
    for k in a.folded:
        if k in tiles and not tiles[k]["folded"]:
            bad.append(f"{k}: expected folded")
    for b in bad:
        print("FAIL:", b)
    if bad:
        return 1
    print(f"{len(tiles)} panels inside {dw}x{dh}, no overlaps, {len(e.get('legends', []))} legend(s) clear")
    return 0


if __name__ == "__main__":
    sys.exit(main())
