#!/usr/bin/python3
"""Lakes and rivers for the Entente basemap from GSHHG 2.3.7 (Debian's gmt-gshhg-* packages), extracted with
Debian's GMT. Run by scripts/build_basemap_hydro.sh; needs Debian's python3-gdal (/usr/bin/python3) and gmt.

GMT keeps GSHHG in 'bins' (tiles): `gmt coast -M` dumps each polygon or river cut at the bin edges. The
pieces of one lake meet end to end on the bin edges, so GEOS polygonize rebuilds whole lakes, and pieces of one
river are chained back into long lines (fewer, longer lines simplify and draw better).

Usage: /usr/bin/python3 build_basemap_hydro.py --out DIR
"""
import argparse
import gzip
import json
import math
import os
import subprocess
import sys

from osgeo import ogr

ogr.UseExceptions()

# Matched to the Natural Earth scales the app switches between (MapScene::scale_for): 110m above 9 km per
# pixel, 50m above 1.8 km, 10m below. name, GSHHG resolution, smallest lake (km2), smallest island in a lake
# kept as a hole (km2), simplification tolerance (degrees), decimals.
LAKES = [
    ("110m", "l", 1500, 3000, 0.03, 3),
    ("50m", "i", 150, 300, 0.006, 4),
    ("10m", "h", 4, 8, 0.0008, 4),
]
# name, GSHHG resolution, WDBII river levels kept (1 permanent major, 2 additional major, 3 additional),
# simplification tolerance (degrees), decimals. Rank = WDBII level, so the app can show fewer when zoomed out.
RIVERS = [
    ("50m", "i", [1, 2], 0.008, 4),
    ("10m", "h", [1, 2, 3], 0.0008, 4),
]
# The Caspian is a GSHHG lake but Natural Earth's land already leaves it as sea: drawing it twice would
# double its coastline.
MAX_LAKE_KM2 = 300000
SNAP = 1e6  # bin edge points of neighbouring pieces agree to this (1e-6 degree)
R_KM = 6371.0072  # WGS 84 authalic radius, as build_basemap.mjs


def gmt_segments(args):
    """Runs `gmt coast -Rd -M ARGS` and returns [(level, [(lon, lat), ...]), ...] in output order."""
    out = subprocess.run(["gmt", "coast", "-Rd", "-M"] + args, check=True, capture_output=True, text=True)
    segs, cur, level = [], None, 0
    for line in out.stdout.splitlines():
        if line.startswith(">"):
            if cur:
                segs.append((level, cur))
            cur = []
            level = int(line.rsplit("Level", 1)[1].split()[0]) if "Level" in line else 0
        elif line.strip():
            x, y = line.split()[:2]
            cur.append((round(float(x) * SNAP) / SNAP, round(float(y) * SNAP) / SNAP))
    if cur:
        segs.append((level, cur))
    return segs


def ring_area_km2(ring):
    """Spherical area of a lon/lat ring (positive when counter-clockwise)."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += math.radians(x2 - x1) * (2 + math.sin(math.radians(y1)) + math.sin(math.radians(y2)))
    return s * R_KM * R_KM / 2


def polygonize(segs):
    ml = ogr.Geometry(ogr.wkbMultiLineString)
    for _, pts in segs:
        if len(pts) < 2:
            continue
        ls = ogr.Geometry(ogr.wkbLineString)
        for x, y in pts:
            ls.AddPoint_2D(x, y)
        ml.AddGeometry(ls)
    faces = ml.Polygonize()
    return [faces.GetGeometryRef(i).Clone() for i in range(faces.GetGeometryCount())] if faces else []


def rounded_rings(poly, decimals):
    """Rings of a polygon rounded, de-duplicated, exterior CCW and holes CW (RFC 7946); None if degenerate."""
    rings = []
    for i in range(poly.GetGeometryCount()):
        g = poly.GetGeometryRef(i)
        pts = []
        for j in range(g.GetPointCount()):
            p = (round(g.GetX(j), decimals), round(g.GetY(j), decimals))
            if not pts or p != pts[-1]:
                pts.append(p)
        if len(pts) < 4 or pts[0] != pts[-1]:
            if i == 0:
                return None
            continue
        a = ring_area_km2(pts)
        if a == 0:
            if i == 0:
                return None
            continue
        if (i == 0) != (a > 0):
            pts.reverse()
        rings.append([list(p) for p in pts])
    return rings


def build_lakes(name, res, min_km2, island_km2, tol, decimals):
    lakes = polygonize(gmt_segments([f"-D{res}", f"-A{min_km2}/2/2", "-W"]))
    islands = polygonize(gmt_segments([f"-D{res}", f"-A{island_km2}/3/3", "-W"]))
    island_env = [g.GetEnvelope() for g in islands]
    features = []
    for lake in lakes:
        x0, x1, y0, y1 = lake.GetEnvelope()
        for g, (a, b, c, d) in zip(islands, island_env):
            if a >= x0 and b <= x1 and c >= y0 and d <= y1 and lake.Contains(g):
                lake = lake.Difference(g)
        lake = lake.SimplifyPreserveTopology(tol)
        polys = [lake] if lake.GetGeometryType() == ogr.wkbPolygon else \
            [lake.GetGeometryRef(i) for i in range(lake.GetGeometryCount())]
        for p in polys:
            rings = rounded_rings(p, decimals)
            if not rings:
                continue
            area = ring_area_km2(rings[0]) + sum(ring_area_km2(r) for r in rings[1:])
            if area < min_km2 * 0.5 or area > MAX_LAKE_KM2:
                continue
            features.append({"type": "Feature", "properties": {"area_km2": round(area, 1)},
                             "geometry": {"type": "Polygon", "coordinates": rings}})
    # Largest first, then position, so the order never depends on GEOS's face order.
    features.sort(key=lambda f: (-f["properties"]["area_km2"], f["geometry"]["coordinates"][0][0]))
    return f"lakes_{name}", features


def chain(pieces):
    """Joins line pieces that meet end to end where exactly two pieces meet (a GEOS LineMerge)."""
    ends = {}
    for i, p in enumerate(pieces):
        ends.setdefault(p[0], []).append(i)
        ends.setdefault(p[-1], []).append(i)
    used = [False] * len(pieces)

    def walk(i, start):
        line = list(pieces[i]) if pieces[i][0] == start else list(reversed(pieces[i]))
        used[i] = True
        while True:
            nxt = [j for j in ends[line[-1]] if not used[j]]
            if len(ends[line[-1]]) != 2 or len(nxt) != 1:
                return line
            j = nxt[0]
            used[j] = True
            seg = pieces[j] if pieces[j][0] == line[-1] else list(reversed(pieces[j]))
            line.extend(seg[1:])

    lines = []
    for i, p in enumerate(pieces):  # from every end that is not a simple joint
        for e in (p[0], p[-1]):
            if not used[i] and len(ends[e]) != 2:
                lines.append(walk(i, e))
    for i, p in enumerate(pieces):  # what is left are closed loops
        if not used[i]:
            lines.append(walk(i, p[0]))
    return lines


def build_rivers(name, res, levels, tol, decimals):
    segs = gmt_segments([f"-D{res}"] + [f"-I{lv}" for lv in levels])
    features = []
    for lv in levels:
        for line in chain([pts for l, pts in segs if l == lv and len(pts) >= 2]):
            ls = ogr.Geometry(ogr.wkbLineString)
            for x, y in line:
                ls.AddPoint_2D(x, y)
            ls = ls.Simplify(tol)
            pts = []
            for j in range(ls.GetPointCount()):
                p = [round(ls.GetX(j), decimals), round(ls.GetY(j), decimals)]
                if not pts or p != pts[-1]:
                    pts.append(p)
            if len(pts) >= 2:
                features.append({"type": "Feature", "properties": {"rank": lv},
                                 "geometry": {"type": "LineString", "coordinates": pts}})
    features.sort(key=lambda f: (f["properties"]["rank"], f["geometry"]["coordinates"][0]))
    return f"rivers_{name}", features


def write(out, layer, features):
    parts = ['{"type":"FeatureCollection","name":%s,"features":[\n' % json.dumps(layer)]
    for i, f in enumerate(features):
        parts.append(json.dumps(f, separators=(",", ":")) + (",\n" if i + 1 < len(features) else "\n"))
    parts.append("]}\n")
    data = gzip.compress("".join(parts).encode(), compresslevel=9, mtime=0)
    with open(os.path.join(out, layer + ".geojson.gz"), "wb") as fh:
        fh.write(data)
    print(f"{layer}.geojson.gz: {len(features)} features, {len(data)} bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    for spec in LAKES:
        write(args.out, *build_lakes(*spec))
    for spec in RIVERS:
        write(args.out, *build_rivers(*spec))


if __name__ == "__main__":
    sys.exit(main())
