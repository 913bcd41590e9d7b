#!/usr/bin/python3
"""Generate Entente's SYNTHETIC demonstration risk surface (a GeoTIFF).

The output is invented data for exercising the raster overlay path (tiled,
compressed Float32 GeoTIFF with internal overviews and nodata). It is NOT a
real risk assessment and must never be presented as one.

Run with Debian's interpreter, which has python3-gdal and numpy:

    /usr/bin/python3 scripts/make_demo_risk.py            # seed 7
    /usr/bin/python3 scripts/make_demo_risk.py --seed 11 --out /tmp/r.tif

Output for a given seed is deterministic.
"""

import argparse
import os
import sys

import numpy as np
from osgeo import gdal, osr

# Grid: Africa and the Middle East, 0.1 degree pixels.
LON_MIN, LON_MAX = -20.0, 60.0
LAT_MIN, LAT_MAX = -36.0, 40.0
RES = 0.1
WIDTH = int(round((LON_MAX - LON_MIN) / RES))   # 800
HEIGHT = int(round((LAT_MAX - LAT_MIN) / RES))  # 760
NODATA = -9999.0
OVERVIEWS = [2, 4, 8]

DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir,
    "assets", "demo", "risk_synthetic.tif")


def pixel_centres():
    lon = LON_MIN + (np.arange(WIDTH) + 0.5) * RES
    lat = LAT_MAX - (np.arange(HEIGHT) + 0.5) * RES  # north-up
    return np.meshgrid(lon, lat)


def smooth_field(rng, lon, lat, terms, max_freq):
    """Sum of a few low-frequency sinusoids, normalised to [-1, 1]."""
    u = (lon - LON_MIN) / (LON_MAX - LON_MIN)
    v = (lat - LAT_MIN) / (LAT_MAX - LAT_MIN)
    f = np.zeros_like(lon)
    for _ in range(terms):
        fx, fy = rng.uniform(-max_freq, max_freq, 2)
        phase = rng.uniform(0.0, 2.0 * np.pi)
        amp = rng.uniform(0.5, 1.0)
        f += amp * np.sin(2.0 * np.pi * (fx * u + fy * v) + phase)
    lo, hi = f.min(), f.max()
    return 2.0 * (f - lo) / (hi - lo) - 1.0


def make_surface(seed):
    rng = np.random.default_rng(seed)
    lon, lat = pixel_centres()

    # Low smooth background, 5..20.
    bg = smooth_field(rng, lon, lat, terms=4, max_freq=1.5)
    risk = 12.5 + 7.5 * bg

    # Seeded gaussian hot spots: 10..20 of them, radius 1..6 deg, amp 20..70.
    n_spots = int(rng.integers(10, 21))
    for _ in range(n_spots):
        cx = rng.uniform(LON_MIN + 3.0, LON_MAX - 3.0)
        cy = rng.uniform(LAT_MIN + 3.0, LAT_MAX - 3.0)
        r = rng.uniform(1.0, 6.0)
        a = rng.uniform(20.0, 70.0)
        risk += a * np.exp(-((lon - cx) ** 2 + (lat - cy) ** 2) / (2.0 * r * r))
    risk = np.clip(risk, 0.0, 100.0)
    # Two decimals is plenty for an invented index and compresses far better.
    risk = np.round(risk, 2).astype(np.float32)

    # Nodata on an irregular ring outside a smooth mask: about the outermost
    # 3% of the extent, with a wobbling inner edge so transparency is visible.
    u = (np.arange(WIDTH) + 0.5) / WIDTH
    v = (np.arange(HEIGHT) + 0.5) / HEIGHT
    uu, vv = np.meshgrid(u, v)
    edge = np.minimum.reduce([uu, 1.0 - uu, vv, 1.0 - vv])
    wobble = smooth_field(rng, lon, lat, terms=6, max_freq=4.0)
    threshold = 0.03 * (1.0 + 0.6 * wobble)   # 1.2% .. 4.8%
    risk[edge < threshold] = NODATA
    return risk, n_spots


def write_geotiff(path, data, seed):
    description = ("SYNTHETIC DEMONSTRATION DATA - not a real risk assessment "
                   "(Entente scripts/make_demo_risk.py, seed %d)" % seed)

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)

    mem = gdal.GetDriverByName("MEM").Create("", WIDTH, HEIGHT, 1,
                                              gdal.GDT_Float32)
    mem.SetGeoTransform((LON_MIN, RES, 0.0, LAT_MAX, 0.0, -RES))
    mem.SetProjection(srs.ExportToWkt())
    mem.SetMetadataItem("DESCRIPTION", description)
    mem.SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION", description)
    mem.SetMetadataItem("SYNTHETIC", "YES")
    mem.SetMetadataItem("SEED", str(seed))
    band = mem.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    band.SetDescription("synthetic risk index (0-100)")
    band.SetUnitType("index")
    band.SetMetadataItem("DESCRIPTION", "synthetic risk index (0-100)")
    band.WriteArray(data)
    # AVERAGE respects nodata, so the ring stays transparent when zoomed out.
    mem.BuildOverviews("AVERAGE", OVERVIEWS)

    if os.path.exists(path):
        gdal.GetDriverByName("GTiff").Delete(path)
    out = gdal.GetDriverByName("GTiff").CreateCopy(
        path, mem, strict=1, options=[
            "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256",
            "COMPRESS=DEFLATE", "PREDICTOR=3", "ZLEVEL=9",
            "COPY_SRC_OVERVIEWS=YES",  # internal overviews
        ])
    if out is None:
        raise RuntimeError("failed to write %s" % path)
    out.FlushCache()
    out = None
    mem = None


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=7,
                   help="random seed (default 7)")
    p.add_argument("--out", default=DEFAULT_OUT,
                   help="output GeoTIFF (default assets/demo/risk_synthetic.tif)")
    args = p.parse_args(argv)

    gdal.UseExceptions()
    # Overviews copied into the file get the same compression/predictor.
    gdal.SetConfigOption("COMPRESS_OVERVIEW", "DEFLATE")
    gdal.SetConfigOption("PREDICTOR_OVERVIEW", "3")
    gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")  # no .aux.xml sidecar

    data, n_spots = make_surface(args.seed)
    out = os.path.normpath(args.out)
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    write_geotiff(out, data, args.seed)
    valid = data[data != NODATA]
    print("wrote %s: %dx%d, seed %d, %d hot spots, %.1f%% nodata, "
          "min %.2f max %.2f mean %.2f, %d bytes" % (
              out, WIDTH, HEIGHT, args.seed, n_spots,
              100.0 * (1.0 - valid.size / data.size),
              valid.min(), valid.max(), valid.mean(), os.path.getsize(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
