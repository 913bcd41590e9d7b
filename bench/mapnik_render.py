#!/usr/bin/python3
"""The peer for `entente render`: draws the same three layers with Mapnik to a PNG.

    /usr/bin/python3 bench/mapnik_render.py POINTS.gpkg POLYGONS.gpkg RASTER.tif \
        [--bbox -180,-85,180,85] [--size 4096x4096] [-o out.png]

Needs Debian's python3-mapnik (Mapnik 3.1; run with /usr/bin/python3). Map SRS EPSG:3857, layers in EPSG:4326,
read through Mapnik's GDAL (raster) and OGR (GeoPackage) input plugins, the map zoomed to the bbox (Mapnik's
default GROW_BBOX, the same fit as entente's), full-colour RGBA PNG ("png32", zlib default level).
The styling mirrors entente's defaults (colours of its 1st and 2nd layer) so both draw the same amount of ink:
  raster    viridis colour ramp, linear, stretched over the band's min..max, nodata transparent
  polygons  fill at 45% opacity + a 1.2 px outline
  points    7 px circles with a white outline, every one drawn (allow-overlap, ignore-placement)
Layer order is raster, polygons, points (bottom to top). entente draws the files bottom first and all fills and
rasters before all strokes and points, so with the benchmark's file order its raster covers the polygon fills
(the outlines and points stay on top): the same work, a slightly different picture.
Prints one JSON line with phase times (setup = parsing the style and opening the datasources, render = reading
the features and drawing, encode = PNG encoding and writing) to stdout.
"""
import argparse
import json
import os
import sys
import time

t_start = time.perf_counter()
import mapnik  # noqa: E402

VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b",
           "#fde725"]
WGS84 = "epsg:4326"
WEBMERC = "epsg:3857"


def raster_range(path):
    """Band min/max from the file's stored statistics (gen_data.py writes them), else computed by GDAL."""
    from osgeo import gdal
    ds = gdal.Open(path)
    b = ds.GetRasterBand(1)
    st = b.GetStatistics(True, True)
    return st[0], st[1]


def build_map(points, polygons, raster, w, h, bbox):
    lo, hi = raster_range(raster)
    stops = "\n".join(
        f'          <stop value="{lo + (hi - lo) * i / (len(VIRIDIS) - 1):.6f}" color="{c}"/>'
        for i, c in enumerate(VIRIDIS))
    esc = lambda p: os.path.abspath(p).replace("&", "&amp;").replace('"', "&quot;")
    # Colours: entente's ocean background and its default styles for its 1st (points) and 2nd (polygons) layer.
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Map srs="{WEBMERC}" background-color="#b6cfe3">
  <Style name="raster">
    <Rule>
      <RasterSymbolizer scaling="near">
        <RasterColorizer default-mode="linear" default-color="transparent" epsilon="0">
{stops}
        </RasterColorizer>
      </RasterSymbolizer>
    </Rule>
  </Style>
  <Style name="polygons">
    <Rule>
      <PolygonSymbolizer fill="#7570b3" fill-opacity="0.45"/>
      <LineSymbolizer stroke="#46436b" stroke-width="1.2"/>
    </Rule>
  </Style>
  <Style name="points">
    <Rule>
      <MarkersSymbolizer marker-type="ellipse" width="7" height="7" fill="#d95f02" stroke="#ffffff"
                         stroke-width="1" stroke-opacity="0.9" allow-overlap="true" ignore-placement="true"/>
    </Rule>
  </Style>
  <Layer name="raster" srs="{WGS84}">
    <StyleName>raster</StyleName>
    <Datasource><Parameter name="type">gdal</Parameter><Parameter name="file">{esc(raster)}</Parameter>
      <Parameter name="band">1</Parameter></Datasource>
  </Layer>
  <Layer name="polygons" srs="{WGS84}">
    <StyleName>polygons</StyleName>
    <Datasource><Parameter name="type">ogr</Parameter><Parameter name="file">{esc(polygons)}</Parameter>
      <Parameter name="layer_by_index">0</Parameter></Datasource>
  </Layer>
  <Layer name="points" srs="{WGS84}">
    <StyleName>points</StyleName>
    <Datasource><Parameter name="type">ogr</Parameter><Parameter name="file">{esc(points)}</Parameter>
      <Parameter name="layer_by_index">0</Parameter></Datasource>
  </Layer>
</Map>
"""
    m = mapnik.Map(w, h)
    mapnik.load_map_from_string(m, xml)
    merc = mapnik.ProjTransform(mapnik.Projection(WGS84), mapnik.Projection(WEBMERC))
    m.zoom_to_box(merc.forward(mapnik.Box2d(*bbox)))
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("points")
    ap.add_argument("polygons")
    ap.add_argument("raster")
    ap.add_argument("--bbox", default="-180,-85,180,85")
    ap.add_argument("--size", default="4096x4096")
    ap.add_argument("--format", default="png32", help="Mapnik image format string (png32: full-colour RGBA)")
    ap.add_argument("-o", "--output", default="mapnik.png")
    a = ap.parse_args()
    w, h = (int(v) for v in a.size.lower().split("x"))
    bbox = [float(v) for v in a.bbox.split(",")]
    t0 = time.perf_counter()
    m = build_map(a.points, a.polygons, a.raster, w, h, bbox)
    t1 = time.perf_counter()
    im = mapnik.Image(w, h)
    mapnik.render(m, im)
    t2 = time.perf_counter()
    im.save(a.output, a.format)
    t3 = time.perf_counter()
    print(json.dumps({"import": round(t0 - t_start, 4), "setup": round(t1 - t0, 4), "render": round(t2 - t1, 4),
                      "encode": round(t3 - t2, 4), "total_in_script": round(t3 - t_start, 4),
                      "mapnik": mapnik.mapnik_version(), "output": a.output}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
