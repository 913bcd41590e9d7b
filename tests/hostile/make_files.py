#!/usr/bin/python3
"""Writes the small hostile files in tests/hostile/files/ (committed; rerun to regenerate them). Big files and
files that must name the canary's port or the secret FIFO are made at test time by generate.py instead.
Run with Debian's /usr/bin/python3 (python3-gdal): python3 tests/hostile/make_files.py"""
import json, os, shutil, sqlite3, struct, zipfile
from pathlib import Path
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
HERE = Path(__file__).resolve().parent
OUT = HERE / "files"
DATA = HERE.parent / "data"


def w(name, data):
    p = OUT / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return p


def fc(*geoms, props=None):
    feats = [{"type": "Feature", "properties": props or {"name": "f%d" % i}, "geometry": g}
             for i, g in enumerate(geoms)]
    return json.dumps({"type": "FeatureCollection", "features": feats})


def poly(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    sq = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    # --- disclosure: VRT in disguise --------------------------------------------------------------------
    vrt = ('<VRTDataset rasterXSize="20" rasterYSize="20"><GeoTransform>0,1,0,20,0,-1</GeoTransform>'
           '<VRTRasterBand dataType="Byte" band="1"><SimpleSource><SourceFilename relativeToVRT="0">%s'
           '</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>\n')
    w("vrt_passwd.tif", vrt % "/etc/passwd")
    w("vrt_passwd.png", vrt % "/etc/passwd")
    w("vrt_passwd.vrt", vrt % "/etc/passwd")
    w("vrt_bom_space.tif", "\ufeff  \n" + vrt % "/etc/passwd")
    w("ogrvrt_passwd.geojson", '<OGRVRTDataSource><OGRVRTLayer name="p"><SrcDataSource>CSV:/etc/passwd'
      '</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>')
    w("wms.tif", '<GDAL_WMS><Service name="TMS"><ServerUrl>http://127.0.0.1:9/${z}/${x}/${y}.png</ServerUrl>'
      '</Service></GDAL_WMS>')
    # --- crash: gx:Track without <when> (260 bytes, GDAL 3.6 LIBKML) -----------------------------------------
    track = ('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/'
             'kml/ext/2.2"><Document><Placemark><gx:Track><gx:coord>1 2 0</gx:coord><gx:coord>3 4 0</gx:coord>'
             '</gx:Track></Placemark></Document></kml>\n')
    w("track_no_when.kml", track)
    w("track_other_prefix.kml", track.replace("gx:", "g2:").replace("xmlns:g2x", "xmlns:g2"))
    with zipfile.ZipFile(OUT / "track_no_when.kmz", "w") as z:
        z.writestr("doc.kml", track)
    w("track_fewer_when.kml", track.replace("<gx:coord>1 2 0", "<when>2020-01-01T00:00:00Z</when><gx:coord>1 2 0"))
    w("track_ok.kml", track.replace("<gx:coord>1 2 0", "<when>2020-01-01T00:00:00Z</when><when>2020-01-01T00:01:00Z"
                                    "</when><gx:coord>1 2 0"))
    w("track_unclosed.kml", track.split("</gx:Track>")[0])
    # --- geometry: refused or repaired, and reported -------------------------------------------------------
    pt = lambda x, y: {"type": "Point", "coordinates": [x, y]}
    w("coord_1e308.geojson", fc(pt(1e308, 2), pt(3, 4)))
    w("coord_inf.geojson", fc(pt(3, 4)).replace("[3, 4]", "[1e999, 4]"))
    w("coord_nan.geojson", fc(pt(3, 4)).replace("[3, 4]", "[NaN, 4]"))
    w("coord_infinity.geojson", fc(pt(3, 4)).replace("[3, 4]", "[Infinity, 4]"))
    w("lat_91.geojson", fc(pt(10, 91), pt(10, 45)))
    w("lon_181.geojson", fc(pt(181, 1), pt(10, 45)))
    w("ring_2pts.geojson", fc(poly([[0, 0], [1, 1]]), poly(sq)))
    w("ring_3pts.geojson", fc(poly([[0, 0], [1, 0], [0, 0]]), poly(sq)))
    w("ring_unclosed.geojson", fc(poly(sq[:4])))
    w("hole_3pts.geojson", fc(poly([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[1, 1], [2, 1], [1, 1]])))
    w("bowtie.geojson", fc(poly([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]])))
    w("bowtie_multi.geojson", fc({"type": "MultiPolygon", "coordinates": [[[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]],
                                                                          [sq]]}))
    w("spike_ring.geojson", fc(poly([[0, 0], [1, 0], [1, 1], [1, 5], [1, 1], [0, 1], [0, 0]])))
    w("empty_ring.geojson", fc(poly([]), poly(sq)))
    w("lowercase_type.geojson", fc(pt(1, 2)).replace('"Point"', '"point"'))
    w("lowercase_fc.geojson", fc(pt(1, 2)).replace('"FeatureCollection"', '"featurecollection"'))
    w("upper_polygon.geojson", fc(poly(sq)).replace('"Polygon"', '"POLYGON"'))
    w("type_in_properties.geojson", fc(pt(1, 2), props={"type": "point", "kind": "Polygon"}))
    w("dup_coordinates.geojson", fc(pt(1, 2)).replace('"coordinates": [1, 2]', '"coordinates": [1, 2], "coordinates": [50, 60]'))
    w("dup_geometry.geojson", fc(pt(1, 2)).replace('"geometry":', '"geometry": {"type": "Point", "coordinates": [9, 9]}, "geometry":'))
    w("dup_property.geojson", fc(pt(1, 2), props={"a": 1}).replace('"a": 1', '"a": 1, "a": 2'))
    g = pt(1, 2)
    for _ in range(40):
        g = {"type": "GeometryCollection", "geometries": [g]}
    w("nested_gc_40.geojson", fc(g, pt(3, 4)))
    g = pt(1, 2)
    for _ in range(20):
        g = {"type": "GeometryCollection", "geometries": [g]}
    w("nested_gc_20.geojson", fc(g))
    w("nested_arrays_500.geojson", '{"type":"FeatureCollection","features":[],"x":' + "[" * 500 + "]" * 500 + "}")
    w("nested_arrays_100k.json", "[" * 100000 + "]" * 100000)
    w("crs_link_file.geojson", json.dumps({"type": "FeatureCollection", "crs": {"type": "link", "properties": {
        "href": "file:///etc/passwd", "type": "proj4"}}, "features": json.loads(fc(pt(1, 2)))["features"]}))
    w("crs_unknown.geojson", json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "EPSG:999999"}}, "features": json.loads(fc(pt(1, 2)))["features"]}))
    w("huge_int.geojson", fc(pt(1, 2), props={"n": 1}).replace('"n": 1', '"n": 1' + "0" * 400))
    w("huge_exponent.geojson", fc(pt(1, 2)).replace("[1, 2]", "[1e400000, 2]"))
    # --- classic broken files -------------------------------------------------------------------------
    good = (DATA / "points.geojson").read_bytes()
    w("bom.geojson", b"\xef\xbb\xbf" + good)
    w("utf16.geojson", good.decode().encode("utf-16"))
    w("invalid_utf8.geojson", fc(pt(1, 2), props={"name": "XX"}).encode().replace(b"XX", b"\xff\xfe\xc0\xaf"))
    w("truncated.geojson", good[: len(good) // 2])
    w("trailing_junk.geojson", good + b"\n}]garbage")
    w("not_json.geojson", b"this is not json at all\n")
    w("just_null.geojson", b"null")
    w("array_top.geojson", b"[1, 2, 3]")
    w("empty_object.geojson", b"{}")
    w("fc_no_features.geojson", b'{"type":"FeatureCollection"}')
    w("features_not_array.geojson", b'{"type":"FeatureCollection","features":{"a":1}}')
    w("control_char.geojson", fc(pt(1, 2), props={"name": "ab"}).replace("ab", "a\x01b"))
    w("unterminated_string.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"abc')
    junk = bytes((i * 7919 + 13) % 256 for i in range(4096))
    for ext in ["geojson", "shp", "gpkg", "tif", "kml", "kmz", "csv", "fgb", "gpx", "png", "jpg", "zip", "json"]:
        w("junk." + ext, junk)
        w("empty." + ext, b"")
    w("space_only.geojson", b"   \n\t  \n")
    w("nul_bytes.geojson", b"\0" * 1000)
    # truncated / damaged binary formats, cut from the good fixtures
    for src, name in [("points.fgb", "truncated.fgb"), ("multi.gpkg", "truncated_head.gpkg"),
                      ("raster.tif", "truncated.tif"), ("lines.kmz", "truncated.kmz"), ("lines.kml", "truncated.kml"),
                      ("polygons.shp", "truncated.shp"), ("image.png", "truncated.png"), ("points.gpx", "truncated.gpx")]:
        b = (DATA / src).read_bytes()
        w(name, b[: max(len(b) // 3, 200) if len(b) > 600 else len(b) // 2])
    for stem in ["polygons"]:
        b = (DATA / (stem + ".shp")).read_bytes()
        (OUT / "shp_no_dbf.shp").write_bytes(b)
        shutil.copy(DATA / (stem + ".shx"), OUT / "shp_no_dbf.shx")
        (OUT / "shp_no_shx.shp").write_bytes(b)
        shutil.copy(DATA / (stem + ".dbf"), OUT / "shp_no_shx.dbf")
        bad = bytearray(b)
        bad[100:len(bad)] = bytes((x ^ 0x5A) for x in bad[100:])
        (OUT / "shp_scrambled.shp").write_bytes(bad)
        shutil.copy(DATA / (stem + ".shx"), OUT / "shp_scrambled.shx")
        shutil.copy(DATA / (stem + ".dbf"), OUT / "shp_scrambled.dbf")
    b = bytearray((DATA / "raster.tif").read_bytes())
    b[8:len(b)] = bytes((x ^ 0xA5) for x in b[8:])
    w("scrambled.tif", bytes(b))
    b = bytearray((DATA / "multi.gpkg").read_bytes())
    b[4096:] = bytes((x ^ 0xA5) for x in b[4096:])
    w("scrambled.gpkg", bytes(b))
    claims_huge_count()
    # wrong extensions
    shutil.copy(DATA / "points.geojson", OUT / "geojson_named.shp")
    shutil.copy(DATA / "raster.tif", OUT / "tif_named.geojson")
    shutil.copy(DATA / "multi.gpkg", OUT / "gpkg_named.kml")
    shutil.copy(DATA / "points.csv", OUT / "csv_named.tif")
    shutil.copy(DATA / "lines.kml", OUT / "kml_named.gpkg")
    shutil.copy(DATA / "points.geojson", OUT / "no_extension")
    # CSV
    w("csv_lat_91.csv", "lon,lat,name\n10,91,a\n10,45,b\n")
    w("csv_1e308.csv", "lon,lat,name\n1e308,1,a\n10,45,b\n")
    w("csv_nan.csv", "lon,lat,name\nnan,1,a\n10,45,b\n")
    w("csv_bom.csv", "\ufefflon,lat,name\n10,45,b\n")
    w("csv_ragged.csv", "lon,lat,name\n10,45\n1,2,3,4,5\n\"unterminated,1,2\n")
    w("csv_no_coords.csv", "a,b,c\n1,2,3\n")
    # Two latitude columns and no longitude: GDAL 3.6 crashed when told to drop the coordinate columns.
    w("csv_two_lat.csv", "a,lat,b,lat\n1,2,3,4\n5,6,7,8\n")
    # shapefile and GeoPackage holding NaN / out-of-range coordinates, written by GDAL itself
    def layer(path, driver, geoms_wkt, options=()):
        ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
        srs = osr.SpatialReference(); srs.ImportFromEPSG(4326)
        lyr = ds.CreateLayer("l", srs, options=list(options))
        lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
        for i, g in enumerate(geoms_wkt):
            f = ogr.Feature(lyr.GetLayerDefn()); f.SetField("name", "f%d" % i)
            f.SetGeometry(g if isinstance(g, ogr.Geometry) else ogr.CreateGeometryFromWkt(g))
            lyr.CreateFeature(f)
        ds = None
    def nanpt():
        g = ogr.Geometry(ogr.wkbPoint); g.AddPoint_2D(float("nan"), 1.0); return g
    # GDAL writes a NaN point as empty, so the NaN goes into the bytes afterwards: the first record's X.
    layer(OUT / "nan.shp", "ESRI Shapefile", ["POINT (11 22)", "POINT (10 45)"])
    shp = bytearray((OUT / "nan.shp").read_bytes())
    x = struct.pack("<d", 11.0)
    shp[shp.index(x, 100):shp.index(x, 100) + 8] = struct.pack("<d", float("nan"))
    (OUT / "nan.shp").write_bytes(bytes(shp))
    layer(OUT / "nan.gpkg", "GPKG", ["POINT (11 22)", "POINT (10 45)"], ["SPATIAL_INDEX=NO"])
    db = sqlite3.connect(OUT / "nan.gpkg")
    blob = bytearray(db.execute("SELECT geom FROM l WHERE fid = 1").fetchone()[0])
    blob[blob.index(x):blob.index(x) + 8] = struct.pack("<d", float("nan"))
    db.execute("UPDATE l SET geom = ? WHERE fid = 1", (bytes(blob),))
    db.commit(); db.close()
    layer(OUT / "lat_91.gpkg", "GPKG", ["POINT (10 91)", "POINT (10 45)"])
    layer(OUT / "bowtie.gpkg", "GPKG", ["POLYGON ((0 0,2 2,2 0,0 2,0 0))"])
    layer(OUT / "bowtie.shp", "ESRI Shapefile", ["POLYGON ((0 0,2 2,2 0,0 2,0 0))"])
    for f in OUT.glob("*.aux.xml"):
        f.unlink()
    # GeoPackage views: a recursive view that never ends, alone and beside a normal table
    def with_view(path, keep_table):
        layer(path, "GPKG", ["POINT (10 45)"])
        db = sqlite3.connect(path)
        db.executescript("""
        CREATE VIEW endless AS WITH RECURSIVE r(fid, geom) AS (SELECT fid, geom FROM l UNION ALL
            SELECT fid + 1, geom FROM r) SELECT fid, geom FROM r;
        INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('endless', 'features', 'endless', 4326);
        INSERT INTO gpkg_geometry_columns VALUES ('endless', 'geom', 'POINT', 4326, 0, 0);
        """)
        if not keep_table:
            # The view alone: its rows come from a literal geometry, the table is gone.
            blob = db.execute("SELECT hex(geom) FROM l").fetchone()[0]
            db.executescript("DROP VIEW endless; DROP TABLE l; DELETE FROM gpkg_extensions WHERE table_name='l';"
                             "DELETE FROM gpkg_geometry_columns WHERE table_name='l';"
                             "DELETE FROM gpkg_contents WHERE table_name='l';"
                             "DROP TABLE IF EXISTS rtree_l_geom;"
                             "CREATE VIEW endless AS WITH RECURSIVE r(fid, geom) AS (SELECT 1, X'%s' UNION ALL "
                             "SELECT fid + 1, geom FROM r) SELECT fid, geom FROM r;" % blob)
        db.commit(); db.close()
    with_view(OUT / "recursive_view.gpkg", False)
    with_view(OUT / "recursive_view_and_table.gpkg", True)
    # KML external entity: must not read the file it names (XXE)
    w("xxe.kml", '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&x;</name><Point><coordinates>1,2'
      '</coordinates></Point></Placemark></kml>\n')
    w("xxe.gpx", '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
      '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="1" lon="2"><name>&x;'
      '</name></wpt></gpx>\n')
    w("billion_laughs.kml", '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">' +
      "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(8)) +
      ']><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&i;</name><Point><coordinates>1,2'
      '</coordinates></Point></Placemark></kml>\n')
    w("kml_network_link.kml", '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
      '<NetworkLink><Link><href>/etc/passwd</href></Link></NetworkLink><Placemark><Point><coordinates>1,2'
      '</coordinates></Point></Placemark></Document></kml>\n')
    # zip holding a VRT, and a zip holding a shapefile (allowed)
    with zipfile.ZipFile(OUT / "vrt_in.kmz", "w") as z:
        z.writestr("doc.kml", (DATA / "lines.kml").read_text())
        z.writestr("x.vrt", vrt % "/etc/passwd")
    with zipfile.ZipFile(OUT / "kmz_no_kml.kmz", "w") as z:
        z.writestr("readme.txt", "no kml here")
    # world file placing a PNG outside lon/lat
    shutil.copy(DATA / "image.png", OUT / "offworld.png")
    w("offworld.pgw", "1000\n0\n0\n-1000\n5000000\n9000000\n")



def claims_huge_count():
    """Small files whose headers claim 2^36 features: FlatGeobufs (features_count, no index, so GDAL takes the
    claim at its word), one of them 20,000 columns wide, and a GeoPackage (gpkg_ogr_contents). Each holds its
    few features all the same."""
    fgb = OUT / "claims_huge_count.fgb"
    fgb.unlink(missing_ok=True)
    gdal.VectorTranslate(str(fgb), str(DATA / "points.geojson"), format="FlatGeobuf",
                         layerCreationOptions=["SPATIAL_INDEX=NO"])
    src = ogr.Open(str(DATA / "points.geojson"))  # held: a layer dies with its dataset
    claim_features(fgb, src.GetLayer(0).GetFeatureCount())
    # The same claim over 20,000 text columns (a 700 KB header): a cap per array would still reserve
    # gigabytes, one array a column.
    wide = OUT / "claims_huge_count_wide.fgb"
    wide.unlink(missing_ok=True)
    ds = ogr.GetDriverByName("FlatGeobuf").CreateDataSource(str(wide))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    layer = ds.CreateLayer("wide", srs, ogr.wkbPoint, options=["SPATIAL_INDEX=NO"])
    for i in range(20000):
        layer.CreateField(ogr.FieldDefn("c%d" % i, ogr.OFTString))
    for i in range(5):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField(0, "v%d" % i)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%d %d)" % (i, i)))
        layer.CreateFeature(f)
    f = layer = ds = None
    claim_features(wide, 5)
    gpkg = OUT / "claims_huge_count.gpkg"
    shutil.copy(DATA / "multi.gpkg", gpkg)
    db = sqlite3.connect(gpkg)
    db.execute("UPDATE gpkg_ogr_contents SET feature_count = ?", (1 << 36,))
    db.commit()
    db.close()


def claim_features(fgb, count):
    """Rewrites a FlatGeobuf's features_count (no index) from `count` to 2^36."""
    b = bytearray(fgb.read_bytes())
    # The header is a FlatBuffers table after the 8-byte magic and its 4-byte length: its root offset, then
    # the table's vtable, whose slot 8 (schema order) holds where features_count sits in the table.
    table = 12 + struct.unpack_from("<I", b, 12)[0]
    vtable = table - struct.unpack_from("<i", b, table)[0]
    at = table + struct.unpack_from("<H", b, vtable + 4 + 2 * 8)[0]
    assert struct.unpack_from("<Q", b, at)[0] == count, "features_count not found"
    b[at:at + 8] = struct.pack("<Q", 1 << 36)
    fgb.write_bytes(bytes(b))


if __name__ == "__main__":
    main()
