#!/usr/bin/python3
"""Makes the hostile inputs that are too big to commit (zip bombs, a polygon over the vertex limit) or that
must name this run's canaries (@CANARY_URL@: the runner's listener on 127.0.0.1, @SECRET@: its FIFO).
make(name, out_dir, canary_url, secret) writes the case's input into out_dir and returns its path; the
runner calls it for every `gen:NAME` input in cases.tsv. Standalone: generate.py OUT_DIR NAME..."""
import json, os, sys, zipfile
from pathlib import Path

VRT = ('<VRTDataset rasterXSize="20" rasterYSize="20"><GeoTransform>0,1,0,20,0,-1</GeoTransform>'
       '<VRTRasterBand dataType="Byte" band="1"><SimpleSource><SourceFilename relativeToVRT="0">%s'
       '</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>\n')
KML = ('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>a</name>'
       '<Point><coordinates>1,2</coordinates></Point></Placemark></kml>\n')


def fc(features):
    return {"type": "FeatureCollection", "features": features}


def feature(geom, props=None):
    return {"type": "Feature", "properties": props or {}, "geometry": geom}


def zip_padded(path, entries, pad_name, pad_bytes):
    """A zip whose pad entry is pad_bytes of spaces: deflate packs it about 1000:1."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n, data in entries:
            z.writestr(n, data)
        with z.open(pad_name, "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(pad_bytes >> 20):
                f.write(block)


def shapefile(stem):
    """The fixtures' polygons shapefile copied to stem.* (shp, shx, dbf, prj)."""
    data = Path(__file__).resolve().parent.parent / "data"
    out = {}
    for ext in ("shp", "shx", "dbf", "prj"):
        out[ext] = (data / ("polygons." + ext)).read_bytes()
    return out


def make(name, out_dir, canary_url, secret):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    def write(fn, data):
        p = out / fn
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
        return p
    if name == "vrt_secret":
        return write("vrt_secret.tif", VRT % secret)
    if name == "vrt_vsicurl":
        return write("vrt_vsicurl.tif", VRT % ("/vsicurl/" + canary_url + "/x.tif"))
    if name == "vrt_vsicurl_png":
        return write("vrt_vsicurl.png", VRT % ("/vsicurl/" + canary_url + "/x.png"))
    if name == "crs_link_http":
        return write("crs_link_http.geojson", json.dumps(dict(fc([feature({"type": "Point", "coordinates": [1, 2]})]),
                     crs={"type": "link", "properties": {"href": canary_url + "/crs.wkt", "type": "ogcwkt"}})))
    if name == "crs_name_url":
        return write("crs_name_url.geojson", json.dumps(dict(fc([feature({"type": "Point", "coordinates": [1, 2]})]),
                     crs={"type": "name", "properties": {"name": canary_url + "/crs.wkt"}})))
    if name == "xxe_secret_kml":
        return write("xxe_secret.kml", '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file://%s">]>'
                     '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&x;</name><Point><coordinates>1,2'
                     '</coordinates></Point></Placemark></kml>\n' % secret)
    if name == "xxe_url_gpx":
        return write("xxe_url.gpx", '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "%s/e">]>'
                     '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="1" lon="2">'
                     '<name>&x;</name></wpt></gpx>\n' % canary_url)
    if name == "kml_link_secret":
        return write("kml_link_secret.kml", '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">'
                     '<Document><NetworkLink><Link><href>%s</href></Link></NetworkLink><NetworkLink><Link><href>%s/n.kml'
                     '</href></Link></NetworkLink><Placemark><Point><coordinates>1,2</coordinates></Point>'
                     '</Placemark></Document></kml>\n' % (secret, canary_url))
    if name == "fifo":
        p = out / "fifo.geojson"
        if not p.exists():
            os.mkfifo(p)
        return p
    if name == "shp_fifo_dbf":
        files = shapefile("fifo_dbf")
        for ext in ("shp", "shx", "prj"):
            write("fifo_dbf." + ext, files[ext])
        p = out / "fifo_dbf.dbf"
        if not p.exists():
            os.mkfifo(p)
        return out / "fifo_dbf.shp"
    if name == "kmz_bomb":
        p = out / "bomb.kmz"
        zip_padded(p, [("doc.kml", KML)], "pad.kml", 200 << 20)
        return p
    if name == "kmz_bomb_png":
        p = out / "bomb_png.kmz"
        zip_padded(p, [("doc.kml", KML)], "files/icon.png", 200 << 20)
        return p
    if name == "shp_zip_bomb":
        p = out / "bomb.shp.zip"
        zip_padded(p, [("polygons." + e, d) for e, d in shapefile("polygons").items()], "polygons.cpg", 200 << 20)
        return p
    if name == "huge_attribute":
        return write("huge_attribute.geojson", json.dumps(fc([feature({"type": "Point", "coordinates": [1, 2]},
                                                                      {"note": "x" * (4 << 20)})])))
    if name == "many_huge_attributes":
        return write("many_huge_attributes.geojson", json.dumps(fc(
            [feature({"type": "Point", "coordinates": [i * 0.01, 2]}, {"note": "é" * (1 << 19)}) for i in range(32)])))
    if name == "polygon_over_vertex_limit":
        # One vertex past the limit (geo/input_gate.hpp: 8,000,000) in a GeoPackage: binary, so the file is
        # 128 MB and its reader stays lean (GeoJSON that size takes GDAL's JSON parser past 4 GB). A square
        # beside it must still load.
        import struct
        from osgeo import ogr, osr
        ogr.UseExceptions()
        n = 8_000_001
        ring = struct.pack("<I", n) + bytes(16 * n)  # every vertex (0, 0): the count is refused, not the shape
        wkb = struct.pack("<BII", 1, 3, 1) + ring
        p = out / "polygon_over_vertex_limit.gpkg"
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(p))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        lyr = ds.CreateLayer("polygon_over_vertex_limit", srs, ogr.wkbPolygon)
        for g in (wkb, ogr.CreateGeometryFromWkt("POLYGON ((20 20,21 20,21 21,20 21,20 20))").ExportToWkb()):
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(g))
            lyr.CreateFeature(f)
        ds = None
        return p
    raise KeyError("generate.py knows no input named " + name)


if __name__ == "__main__":
    for n in sys.argv[2:]:
        print(make(n, sys.argv[1], "http://127.0.0.1:9", "/nonexistent/secret"))
