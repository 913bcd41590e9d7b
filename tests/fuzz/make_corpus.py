#!/usr/bin/python3
"""Writes the seed corpora in tests/fuzz/corpus/ from tests/data, assets/demo and hand-written cases.
Run again after changing the sources it copies; findings are added by hand (see tests/fuzz/README.md)."""
import json, os, pathlib

root = pathlib.Path(__file__).resolve().parents[2]
corpus = root / "tests/fuzz/corpus"
data = root / "tests/data"
demo = root / "assets/demo"


def put(target, name, content):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(content if isinstance(content, bytes) else content.encode())


# fuzz_layer_import: the first byte picks the extension (fuzz_layer_import.cpp kExt).
EXT = [".geojson", ".kml", ".kmz", ".gpkg", ".csv", ".fgb", ".gpx", ".tif"]
for f in ["antimeridian.geojson", "bad_coords.geojson", "corrupt.geojson", "points.geojson", "lines.kml",
          "lines.kmz", "multi.gpkg", "truncated.gpkg", "points.csv", "bad_memberships.csv", "points.fgb",
          "points.gpx", "raster.tif", "corrupt.tif"]:
    ext = os.path.splitext(f)[1]
    put("fuzz_layer_import", f, bytes([EXT.index(ext)]) + (data / f).read_bytes())
put("fuzz_layer_import", "peace_operations.geojson", bytes([0]) + (demo / "peace_operations.geojson").read_bytes())
# A known GDAL 3.6 LIBKML crash (issue 13): a gx:Track without <when>; geo/input_gate.cpp refuses it first.
put("fuzz_layer_import", "finding-gx-track-without-when", bytes([1]) + b"""<?xml version="1.0"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>
<Placemark><name>t</name><gx:Track><gx:coord>1 2 0</gx:coord><gx:coord>3 4 0</gx:coord></gx:Track></Placemark>
<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing>
</outerBoundaryIs></Polygon></Placemark></Document></kml>""")
put("fuzz_layer_import", "nested.geojson", bytes([0]) + json.dumps(
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1e308, "b": None},
     "geometry": {"type": "GeometryCollection", "geometries": [{"type": "MultiPolygon", "coordinates":
     [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]}, {"type": "Point", "coordinates": [181, 91]}]}}]}).encode())
put("fuzz_layer_import", "wkt.csv", bytes([4]) + b"WKT,name\n\"POLYGON((0 0,1 0,1 1,0 0))\",a\n\"POINT(1e308 0)\",b\n")

# fuzz_mission_reader: the demonstration mission, and files that are not missions.
put("fuzz_mission_reader", "shared_shield.entente.gpkg", (demo / "shared_shield.entente.gpkg").read_bytes())
put("fuzz_mission_reader", "truncated.gpkg", (data / "truncated.gpkg").read_bytes())
put("fuzz_mission_reader", "not_sqlite", b"not a mission\n")

# fuzz_ops_reader: the demo's operations one by one, the whole list, and edits of the demo mission.
ops = json.loads((demo / "mission_demo.ops.json").read_text())
for i, op in enumerate(ops):
    put("fuzz_ops_reader", f"demo_op_{i:02d}.json", json.dumps(op))
for name, op in {
    "update_unit": {"op": "update_unit", "id": "u-fra-1", "set": {"strength": 2, "parent": "u-fra-1"}},
    "move_unit": {"op": "move_unit", "id": "u-fra-1", "phase": "p1", "lon": 20.5, "lat": 5.1},
    "vertices": [{"op": "insert_vertex", "id": "m-ao", "index": 1, "lon": 19, "lat": 4},
                 {"op": "move_vertex", "id": "m-ao", "index": 0, "lon": 18, "lat": 4},
                 {"op": "delete_vertex", "id": "m-ao", "index": 2}],
    "group": {"op": "group", "label": "g", "ops": [{"op": "remove_phase", "id": "p2"},
              {"op": "update_phase", "id": "p1", "set": {"end_day": 3}}]},
    "slides": [{"op": "move_slide", "id": "s1", "index": 0}, {"op": "remove_slide", "id": "s1"},
               {"op": "update_slide", "id": "s2", "set": {"west": 10}}],
    "removes": [{"op": "remove_unit", "id": "u-fra-1"}, {"op": "remove_measure", "id": "m-ao"}],
    "bad_types": [{"op": 5}, {"op": "group", "label": 1, "ops": 2}, {"op": "update_unit", "id": 3}],
}.items():
    put("fuzz_ops_reader", name + ".json", json.dumps(op))
put("fuzz_ops_reader", "nested_groups.json", '{"op":"group","ops":[' * 200 + ']}' * 200)

# fuzz_sidc: codes of each length and kind.
for i, code in enumerate(["10031000001211000000", "10061000001211000000", "SFGPUCI----D---", "SHGPUCIZ---E",
                          "10031500001103000000", "130310000011010000000", "S*G*UCI----*---", "1003100000"]):
    put("fuzz_sidc", f"code_{i}", code)

# fuzz_coords: every notation the parser reads.
for i, c in enumerate(["48.8566, 2.3522", "-33.9 151.2", "48°51'24\"N 2°21'8\"E", "N 48 51.4 E 2 21.1",
                       "31U DQ 48251 11932", "33UXP0500", "31 N 448251 5411932", "Z 2000000 2000000",
                       "A 2000000 2000000", "48.8566N 2.3522E", "90 180", "-90, -180", "12 N 45 30"]):
    put("fuzz_coords", f"coord_{i:02d}", c)

# fuzz_export_roundtrip: FuzzedDataProvider bytes; a few lengths of patterned bytes start it off.
for n in [16, 64, 256, 1024]:
    put("fuzz_export_roundtrip", f"pattern_{n}", bytes((i * 37 + 11) % 256 for i in range(n)))
