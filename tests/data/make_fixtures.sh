#!/bin/sh
# Regenerates the test fixtures in this folder with the GDAL command-line tools (ogr2ogr, gdal_translate,
# gdalbuildvrt) and plain shell. Run from anywhere: sh tests/data/make_fixtures.sh
# The hand-written GeoJSON sources below are the ground truth the tests check against; every other format is
# converted from them, so a reader can see exactly what each file should contain.
set -eu
cd "$(dirname "$0")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export GDAL_PAM_ENABLED=NO  # no .aux.xml side files

# --- points: 5 capitals, a text field (name) and an integer field (pop) -------------------------------------
cat > points.geojson <<'EOF'
{
"type": "FeatureCollection",
"name": "points",
"crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },
"features": [
{ "type": "Feature", "properties": { "name": "Oslo", "pop": 709037 }, "geometry": { "type": "Point", "coordinates": [ 10.7522, 59.9139 ] } },
{ "type": "Feature", "properties": { "name": "Nairobi", "pop": 4397073 }, "geometry": { "type": "Point", "coordinates": [ 36.8219, -1.2921 ] } },
{ "type": "Feature", "properties": { "name": "Lima", "pop": 9751717 }, "geometry": { "type": "Point", "coordinates": [ -77.0428, -12.0464 ] } },
{ "type": "Feature", "properties": { "name": "Canberra", "pop": 431380 }, "geometry": { "type": "Point", "coordinates": [ 149.1300, -35.2809 ] } },
{ "type": "Feature", "properties": { "name": "Reykjavik", "pop": 139875 }, "geometry": { "type": "Point", "coordinates": [ -21.9426, 64.1466 ] } }
]
}
EOF

# CSV with lon,lat columns (GDAL writes X,Y; rename them the way people name them).
rm -f points.csv
ogr2ogr -f CSV "$TMP/points.csv" points.geojson -lco GEOMETRY=AS_XY
sed -e '1s/^X,Y,/lon,lat,/' -e 's/"//g' "$TMP/points.csv" > points.csv

rm -f points.gpx
ogr2ogr -f GPX points.gpx points.geojson -dsco GPX_USE_EXTENSIONS=YES -nln waypoints

rm -f points.fgb
ogr2ogr -f FlatGeobuf points.fgb points.geojson

# --- lines: two routes, KML and zipped KML --------------------------------------------------------------
cat > "$TMP/lines.geojson" <<'EOF'
{
"type": "FeatureCollection",
"name": "routes",
"features": [
{ "type": "Feature", "properties": { "Name": "Supply route", "Description": "Mombasa to Kampala" }, "geometry": { "type": "LineString", "coordinates": [ [ 39.6682, -4.0435 ], [ 36.8219, -1.2921 ], [ 34.7680, 0.2827 ], [ 32.5825, 0.3476 ] ] } },
{ "type": "Feature", "properties": { "Name": "Patrol", "Description": "Coastal patrol" }, "geometry": { "type": "LineString", "coordinates": [ [ 40.0, -3.0 ], [ 40.5, -2.5 ], [ 41.0, -2.0 ] ] } }
]
}
EOF
rm -f lines.kml lines.kmz
ogr2ogr -f KML lines.kml "$TMP/lines.geojson" -nln routes
ogr2ogr -f LIBKML lines.kmz "$TMP/lines.geojson" -nln routes

# --- polygons: Shapefile in UTM 33N (EPSG:32633), one square with a square hole, one triangle ---------------
cat > "$TMP/polygons.geojson" <<'EOF'
{
"type": "FeatureCollection",
"name": "polygons",
"crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::32633" } },
"features": [
{ "type": "Feature", "properties": { "name": "Compound", "code": 1 }, "geometry": { "type": "Polygon", "coordinates": [
  [ [ 500000, 4650000 ], [ 520000, 4650000 ], [ 520000, 4670000 ], [ 500000, 4670000 ], [ 500000, 4650000 ] ],
  [ [ 505000, 4655000 ], [ 505000, 4665000 ], [ 515000, 4665000 ], [ 515000, 4655000 ], [ 505000, 4655000 ] ] ] } },
{ "type": "Feature", "properties": { "name": "Airfield", "code": 2 }, "geometry": { "type": "Polygon", "coordinates": [
  [ [ 530000, 4650000 ], [ 550000, 4650000 ], [ 540000, 4670000 ], [ 530000, 4650000 ] ] ] } }
]
}
EOF
rm -f polygons.shp polygons.shx polygons.dbf polygons.prj polygons.cpg
ogr2ogr -f "ESRI Shapefile" polygons.shp "$TMP/polygons.geojson" -a_srs EPSG:32633

# --- multi.gpkg: two layers, "sites" (the 5 points) and "zones" (3 polygons in lon/lat) ---------------------
cat > "$TMP/zones.geojson" <<'EOF'
{
"type": "FeatureCollection",
"name": "zones",
"features": [
{ "type": "Feature", "properties": { "zone": "North", "level": 1 }, "geometry": { "type": "Polygon", "coordinates": [ [ [ 30, 0 ], [ 40, 0 ], [ 40, 10 ], [ 30, 10 ], [ 30, 0 ] ] ] } },
{ "type": "Feature", "properties": { "zone": "South", "level": 2 }, "geometry": { "type": "Polygon", "coordinates": [ [ [ 30, -10 ], [ 40, -10 ], [ 40, 0 ], [ 30, 0 ], [ 30, -10 ] ] ] } },
{ "type": "Feature", "properties": { "zone": "East", "level": 3 }, "geometry": { "type": "Polygon", "coordinates": [ [ [ 40, -5 ], [ 45, -5 ], [ 45, 5 ], [ 40, 5 ], [ 40, -5 ] ] ] } }
]
}
EOF
rm -f multi.gpkg
ogr2ogr -f GPKG multi.gpkg points.geojson -nln sites
ogr2ogr -f GPKG -update multi.gpkg "$TMP/zones.geojson" -nln zones -a_srs EPSG:4326
# The first 4 KB of a real GeoPackage: an SQLite header with the rest of the database missing.
head -c 4096 multi.gpkg > truncated.gpkg

# --- raster.tif: 64x32 Float32, EPSG:4326, 0.25 degree pixels over lon 10..26, lat 40..48 ------------------
# Value of pixel (col, row) from the top-left is row * 100 + col; the top-left 4x4 block is nodata (-9999).
awk 'BEGIN {
  print "ncols 64"; print "nrows 32"; print "xllcorner 10"; print "yllcorner 40"; print "cellsize 0.25";
  print "NODATA_value -9999";
  for (r = 0; r < 32; r++) { line = "";
    for (c = 0; c < 64; c++) { v = (r < 4 && c < 4) ? -9999 : r * 100 + c; line = line (c ? " " : "") v }
    print line } }' > "$TMP/raster.asc"
rm -f raster.tif
gdal_translate -q -of GTiff -ot Float32 -a_srs EPSG:4326 -a_nodata -9999 "$TMP/raster.asc" raster.tif

# --- image.png + image.pgw: 40x30 RGB, 1 degree pixels over lon -10..30, lat 30..60, no CRS (world file only) ---
# Red rises with the column, green with the row, blue is constant 200.
for band in r g b; do
  awk -v band=$band 'BEGIN {
    print "ncols 40"; print "nrows 30"; print "xllcorner -10"; print "yllcorner 30"; print "cellsize 1";
    for (r = 0; r < 30; r++) { line = "";
      for (c = 0; c < 40; c++) { v = band == "r" ? c * 6 : band == "g" ? r * 8 : 200; line = line (c ? " " : "") v }
      print line } }' > "$TMP/$band.asc"
done
gdalbuildvrt -q -separate "$TMP/rgb.vrt" "$TMP/r.asc" "$TMP/g.asc" "$TMP/b.asc"
rm -f image.png image.pgw image.wld
gdal_translate -q -of PNG -ot Byte -co WORLDFILE=YES "$TMP/rgb.vrt" "$TMP/image.png"
cp "$TMP/image.png" image.png
cp "$TMP/image.wld" image.pgw

# --- antimeridian.geojson: geometry crossing 180 written with the jump, as RFC 7946 writers do ---------------
cat > antimeridian.geojson <<'EOF'
{
"type": "FeatureCollection",
"name": "antimeridian",
"features": [
{ "type": "Feature", "properties": { "name": "Pacific cable" }, "geometry": { "type": "LineString", "coordinates": [ [ 170, 10 ], [ -170, 20 ] ] } },
{ "type": "Feature", "properties": { "name": "Dateline box" }, "geometry": { "type": "Polygon", "coordinates": [ [ [ 175, -20 ], [ -175, -20 ], [ -175, -10 ], [ 175, -10 ], [ 175, -20 ] ] ] } }
]
}
EOF

# --- bad_coords.geojson: 3 valid points, one with latitude 95 and one with longitude -200 -------------------
cat > bad_coords.geojson <<'EOF'
{
"type": "FeatureCollection",
"name": "bad_coords",
"features": [
{ "type": "Feature", "properties": { "name": "ok1" }, "geometry": { "type": "Point", "coordinates": [ 10, 10 ] } },
{ "type": "Feature", "properties": { "name": "lat95" }, "geometry": { "type": "Point", "coordinates": [ 20, 95 ] } },
{ "type": "Feature", "properties": { "name": "ok2" }, "geometry": { "type": "Point", "coordinates": [ 20, 20 ] } },
{ "type": "Feature", "properties": { "name": "lon-200" }, "geometry": { "type": "Point", "coordinates": [ -200, 30 ] } },
{ "type": "Feature", "properties": { "name": "ok3" }, "geometry": { "type": "Point", "coordinates": [ 30, 30 ] } }
]
}
EOF

# --- bad files -----------------------------------------------------------------------------------------------
head -c 200 points.geojson > corrupt.geojson                  # JSON cut off mid-object
printf 'This is a shopping list, not geodata.\nmilk\nbread\n' > not_geo.txt
: > empty.geojson                                             # 0 bytes
# TIFF magic followed by garbage: looks like a TIFF by name and first bytes, is not one.
{ printf 'II*\000'; yes 'garbage not a tiff' | head -c 1020; } > corrupt.tif

echo "fixtures written to $(pwd)"
