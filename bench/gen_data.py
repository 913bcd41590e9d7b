#!/usr/bin/python3
"""Generates the benchmark data set for bench/run.sh (seeded, reproducible).

    /usr/bin/python3 bench/gen_data.py [--out bench/data] [--seed 42] [--points 1000000] [--polygons 100000]
                                       [--raster 8192x4096] [--overviews] [--force]

Writes into --out:
  points.gpkg / points.geojson      clustered points (gaussian clusters around a few hundred centres on
                                    land-ish latitudes), fields id (Integer64), score (Real), category (String)
  polygons.gpkg / polygons.geojson  star-shaped simple polygons, 8..64 vertices, ~20% with one hole,
                                    fields id (Integer64), area_class (Integer), score (Real), name (String)
  big_polygon.gpkg                  one simple polygon of 5,000,000 vertices (a wavy circle, 30° across): the
                                    tessellation and geometry-check figure
  raster.tif                        Float32 GeoTIFF, EPSG:4326, whole world, smooth field (sum of gaussian
                                    bumps + low-frequency waves), nodata -9999 (~15% of cells), tiled 256x256,
                                    DEFLATE + floating-point predictor, no overviews unless --overviews

Needs Debian's python3-gdal and numpy (run it with /usr/bin/python3, not another python on PATH).
The GeoPackages are written feature by feature through OGR inside large transactions with synchronous
writes off; the GeoJSON files are converted from them with GDAL's VectorTranslate (RFC 7946, 6 decimals).
"""
import argparse
import os
import struct
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

CATEGORIES = ["depot", "checkpoint", "camp", "clinic", "bridge", "airfield", "port", "school",
              "well", "market", "shelter", "hq"]
NAME_PARTS = ["north", "south", "east", "west", "upper", "lower", "new", "old", "red", "blue",
              "green", "river", "hill", "lake", "field", "wood"]
TXN = 100_000  # features per transaction


def log(msg):
    print(f"[gen_data {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def gpkg_create(path, layer_name, geom_type, fields):
    if os.path.exists(path):
        os.remove(path)
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(path)
    # Spatial index is built once at the end by the driver (deferred), which is much faster than per insert.
    lyr = ds.CreateLayer(layer_name, wgs84(), geom_type, options=["SPATIAL_INDEX=YES", "FID=fid"])
    for name, t in fields:
        lyr.CreateField(ogr.FieldDefn(name, t))
    ds.ExecuteSQL("PRAGMA synchronous = OFF")
    ds.ExecuteSQL("PRAGMA journal_mode = OFF")
    return ds, lyr


def to_geojson(src, dst):
    if os.path.exists(dst):
        os.remove(dst)
    t = time.time()
    tmp = dst + ".part"  # renamed when complete, so an interrupted run is redone next time
    gdal.VectorTranslate(tmp, src, format="GeoJSON",
                         layerCreationOptions=["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_BBOX=NO"])
    os.replace(tmp, dst)
    log(f"  {os.path.basename(dst)} in {time.time() - t:.1f}s ({os.path.getsize(dst) / 1e6:.0f} MB)")


def cluster_centres(rng, n):
    # Land-ish latitudes: most weight between 60S and 70N, denser in the northern mid-latitudes.
    lon = rng.uniform(-180, 180, n)
    lat = np.clip(rng.normal(20, 25, n), -55, 70)
    return lon, lat


def wrap_lon(lon):
    return ((lon + 180.0) % 360.0) - 180.0


def gen_points(out, n, rng):
    path = os.path.join(out, "points.gpkg")
    t = time.time()
    nc = 300
    clon, clat = cluster_centres(rng, nc)
    sigma = rng.uniform(0.3, 4.0, nc)
    weight = rng.pareto(1.5, nc) + 0.2
    which = rng.choice(nc, size=n, p=weight / weight.sum())
    lon = wrap_lon(clon[which] + rng.normal(0, 1, n) * sigma[which] / np.maximum(0.2, np.cos(np.radians(clat[which]))))
    lat = np.clip(clat[which] + rng.normal(0, 1, n) * sigma[which], -84.0, 84.0)
    score = np.round(rng.gamma(2.0, 10.0, n), 3)
    cat = rng.integers(0, len(CATEGORIES), n)

    ds, lyr = gpkg_create(path, "points", ogr.wkbPoint,
                          [("id", ogr.OFTInteger64), ("score", ogr.OFTReal), ("category", ogr.OFTString)])
    defn = lyr.GetLayerDefn()
    f = ogr.Feature(defn)
    i_id, i_score, i_cat = (defn.GetFieldIndex(x) for x in ("id", "score", "category"))
    lon_l, lat_l, score_l, cat_l = lon.tolist(), lat.tolist(), score.tolist(), cat.tolist()
    for start in range(0, n, TXN):
        lyr.StartTransaction()
        for i in range(start, min(n, start + TXN)):
            g = ogr.Geometry(ogr.wkbPoint)
            g.AddPoint_2D(lon_l[i], lat_l[i])
            f.SetGeometryDirectly(g)
            f.SetFID(-1)
            f.SetField(i_id, i + 1)
            f.SetField(i_score, score_l[i])
            f.SetField(i_cat, CATEGORIES[cat_l[i]])
            lyr.CreateFeature(f)
        lyr.CommitTransaction()
    ds = None
    log(f"  points.gpkg: {n} points in {time.time() - t:.1f}s ({os.path.getsize(path) / 1e6:.0f} MB)")
    to_geojson(path, os.path.join(out, "points.geojson"))


def star_ring(cx, cy, nv, r, rng, ccw=True):
    """Star-shaped ring around (cx, cy): strictly increasing angles, positive radii -> simple."""
    ang = (np.arange(nv) + rng.uniform(-0.35, 0.35, nv)) * (2 * np.pi / nv)
    rad = r * rng.uniform(0.55, 1.0, nv)
    # Longitude stretched by 1/cos(lat) so shapes look round on the map.
    sx = 1.0 / max(0.2, np.cos(np.radians(cy)))
    x = cx + rad * np.cos(ang) * sx
    y = cy + rad * np.sin(ang)
    if not ccw:
        x, y = x[::-1], y[::-1]
    xy = np.empty((nv + 1, 2))
    xy[:nv, 0], xy[:nv, 1] = x, y
    xy[nv] = xy[0]
    return xy


def polygon_wkb(rings):
    parts = [struct.pack("<BII", 1, 3, len(rings))]
    for xy in rings:
        parts.append(struct.pack("<I", len(xy)))
        parts.append(np.ascontiguousarray(xy, dtype="<f8").tobytes())
    return b"".join(parts)


def gen_polygons(out, n, rng):
    path = os.path.join(out, "polygons.gpkg")
    t = time.time()
    nc = 400
    clon, clat = cluster_centres(rng, nc)
    sigma = rng.uniform(1.0, 8.0, nc)
    which = rng.integers(0, nc, n)
    cy = np.clip(clat[which] + rng.normal(0, 1, n) * sigma[which], -75.0, 75.0)
    r = np.exp(rng.uniform(np.log(0.02), np.log(0.6), n))  # radius in degrees of latitude
    sx = 1.0 / np.maximum(0.2, np.cos(np.radians(cy)))
    # Keep every polygon inside -180..180 (no antimeridian crossing in the source data).
    cx = clon[which] + rng.normal(0, 1, n) * sigma[which] * sx
    margin = r * sx * 1.05
    cx = np.clip(wrap_lon(cx), -180 + margin, 180 - margin)
    nv = rng.integers(8, 65, n)
    hole = rng.random(n) < 0.2
    score = np.round(rng.normal(50, 15, n), 3)

    ds, lyr = gpkg_create(path, "polygons", ogr.wkbPolygon,
                          [("id", ogr.OFTInteger64), ("area_class", ogr.OFTInteger), ("score", ogr.OFTReal),
                           ("name", ogr.OFTString)])
    defn = lyr.GetLayerDefn()
    f = ogr.Feature(defn)
    i_id, i_ac, i_score, i_name = (defn.GetFieldIndex(x) for x in ("id", "area_class", "score", "name"))
    name_a = rng.integers(0, len(NAME_PARTS), n).tolist()
    name_b = rng.integers(0, len(NAME_PARTS), n).tolist()
    verts = 0
    for start in range(0, n, TXN):
        lyr.StartTransaction()
        for i in range(start, min(n, start + TXN)):
            x, y, rr = float(cx[i]), float(cy[i]), float(r[i])
            rings = [star_ring(x, y, int(nv[i]), rr, rng)]
            if hole[i]:
                # Hole well inside the smallest outer radius (0.55 r): a star of radius <= 0.4 r.
                rings.append(star_ring(x, y, int(rng.integers(6, 17)), rr * 0.4, rng, ccw=False))
            verts += sum(len(q) for q in rings)
            f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(polygon_wkb(rings)))
            f.SetFID(-1)
            f.SetField(i_id, i + 1)
            f.SetField(i_ac, int(np.log10(rr * 100)) if rr >= 0.01 else 0)
            f.SetField(i_score, float(score[i]))
            f.SetField(i_name, f"{NAME_PARTS[name_a[i]]} {NAME_PARTS[name_b[i]]} {i + 1}")
            lyr.CreateFeature(f)
        lyr.CommitTransaction()
    ds = None
    log(f"  polygons.gpkg: {n} polygons, {int(hole.sum())} with a hole, {verts} vertices, "
        f"in {time.time() - t:.1f}s ({os.path.getsize(path) / 1e6:.0f} MB)")
    to_geojson(path, os.path.join(out, "polygons.geojson"))


def gen_raster(out, w, h, rng, overviews):
    path = os.path.join(out, "raster.tif")
    t = time.time()
    nodata = -9999.0
    lon = -180 + (np.arange(w) + 0.5) * (360.0 / w)
    lat = 90 - (np.arange(h) + 0.5) * (180.0 / h)
    # Sum of gaussian bumps, separable: field = Y @ X with Y (h x k), X (k x w). Longitude distance wraps.
    k = 240
    bx = rng.uniform(-180, 180, k)
    by = rng.uniform(-80, 80, k)
    s = rng.uniform(2.0, 25.0, k)
    amp = rng.normal(0, 1, k) * 40 + 10
    dx = np.abs(lon[None, :] - bx[:, None])
    dx = np.minimum(dx, 360 - dx)
    X = np.exp(-0.5 * (dx / s[:, None]) ** 2).astype(np.float32)
    Y = (np.exp(-0.5 * ((lat[:, None] - by[None, :]) / s[None, :]) ** 2) * amp[None, :]).astype(np.float32)
    field = Y @ X
    # Low-frequency waves for texture.
    lr, la = np.radians(lon).astype(np.float32), np.radians(lat).astype(np.float32)
    for _ in range(6):
        fx, fy = rng.integers(1, 7), rng.integers(1, 5)
        ph, a = rng.uniform(0, 2 * np.pi, 2), rng.uniform(2, 8)
        field += a * (np.sin(fy * la + ph[0])[:, None] * np.cos(fx * lr + ph[1])[None, :])
    field = field.astype(np.float32)
    # Nodata where a second smooth field is low (~15% of cells, in blobs), and beyond 85 degrees.
    m = (np.exp(-0.5 * ((lat[:, None] - 30) / 40) ** 2) * np.cos(3 * np.radians(lon))[None, :]).astype(np.float32)
    thresh = np.quantile(m[:: 16, :: 16], 0.13)
    field[m < thresh] = nodata
    field[np.abs(lat) > 85, :] = nodata

    if os.path.exists(path):
        os.remove(path)
    tmp = path + ".part.tif"
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(tmp, w, h, 1, gdal.GDT_Float32,
                    options=["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "PREDICTOR=3",
                             "NUM_THREADS=ALL_CPUS", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform([-180.0, 360.0 / w, 0.0, 90.0, 0.0, -180.0 / h])
    ds.SetProjection(wgs84().ExportToWkt())
    b = ds.GetRasterBand(1)
    b.SetNoDataValue(nodata)
    b.WriteArray(field)
    valid = field[field != nodata]
    b.SetStatistics(float(valid.min()), float(valid.max()), float(valid.mean()), float(valid.std()))
    if overviews:
        ds.BuildOverviews("AVERAGE", [2, 4, 8, 16, 32])
    ds = None
    os.replace(tmp, path)
    log(f"  raster.tif: {w}x{h} Float32 in {time.time() - t:.1f}s ({os.path.getsize(path) / 1e6:.0f} MB), "
        f"value range {valid.min():.1f}..{valid.max():.1f}, overviews: {'yes' if overviews else 'no'}")


def gen_big_polygon(out, n, rng):
    """One simple ring of n vertices: a circle whose radius waves 5 % at three frequencies plus noise, so it is
    strongly concave everywhere, as a coastline is, but never crosses itself."""
    path = os.path.join(out, "big_polygon.gpkg")
    t = time.time()
    a = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    r = 15.0 * (1 + 0.03 * np.sin(a * 37) + 0.015 * np.sin(a * 911) + 0.005 * np.sin(a * 15013)
                + 0.002 * rng.uniform(-1, 1, n) / 50)
    xy = np.column_stack([10.0 + r * np.cos(a), 5.0 + r * np.sin(a)])
    xy = np.vstack([xy, xy[:1]])
    tmp = os.path.join(out, "big_polygon.tmp.gpkg")
    if os.path.exists(tmp):
        os.unlink(tmp)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
    lyr = ds.CreateLayer("big_polygon", wgs84(), ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("name", "wavy circle")
    f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(polygon_wkb([xy])))
    lyr.CreateFeature(f)
    ds = None
    os.replace(tmp, path)
    log(f"  big_polygon.gpkg: {n} vertices in {time.time() - t:.1f}s ({os.path.getsize(path) / 1e6:.0f} MB)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--polygons", type=int, default=100_000)
    ap.add_argument("--raster", default="8192x4096")
    ap.add_argument("--overviews", action="store_true", help="build overviews 2..32 in raster.tif")
    ap.add_argument("--force", action="store_true", help="regenerate files that already exist")
    ap.add_argument("--big-polygon", type=int, default=5_000_000, help="vertices of big_polygon.gpkg")
    ap.add_argument("--only", choices=["points", "polygons", "raster", "big_polygon"], action="append")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    gdal.SetConfigOption("OGR_SQLITE_CACHE", "512")
    gdal.SetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
    gdal.SetCacheMax(1 << 30)
    w, h = (int(v) for v in a.raster.lower().split("x"))
    # Separate, fixed sub-seeds so regenerating one file does not change the others.
    seeds = np.random.SeedSequence(a.seed).spawn(4)
    jobs = [
        ("points", ["points.gpkg", "points.geojson"], lambda: gen_points(a.out, a.points, np.random.default_rng(seeds[0]))),
        ("polygons", ["polygons.gpkg", "polygons.geojson"],
         lambda: gen_polygons(a.out, a.polygons, np.random.default_rng(seeds[1]))),
        ("raster", ["raster.tif"], lambda: gen_raster(a.out, w, h, np.random.default_rng(seeds[2]), a.overviews)),
        ("big_polygon", ["big_polygon.gpkg"],
         lambda: gen_big_polygon(a.out, a.big_polygon, np.random.default_rng(seeds[3]))),
    ]
    t0 = time.time()
    for name, files, fn in jobs:
        if a.only and name not in a.only:
            continue
        if not a.force and all(os.path.exists(os.path.join(a.out, f)) for f in files):
            log(f"{name}: present, kept (use --force to regenerate)")
            continue
        log(f"{name}: generating (seed {a.seed})")
        fn()
    log(f"done in {time.time() - t0:.1f}s -> {a.out}")


if __name__ == "__main__":
    sys.exit(main())
