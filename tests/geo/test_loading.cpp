// Loading every format the app opens, through load_source, against the fixtures in tests/data (see
// tests/data/make_fixtures.sh for how each was made and what it holds).
#include "geo/dataset.hpp"
#include "geo/error.hpp"

#include <catch2/catch.hpp>
#include <cpl_conv.h>
#include <gdal_priv.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace entente::geo;

namespace {

const std::string kData = ENTENTE_TEST_DATA;
std::string data(const std::string& name) {
    return kData + "/" + name;
}

// The five points every point fixture holds (make_fixtures.sh, points.geojson).
struct City {
    const char* name;
    double lon, lat, pop;
};
const City kCities[] = {
    {"Oslo", 10.7522, 59.9139, 709037},       {"Nairobi", 36.8219, -1.2921, 4397073},
    {"Lima", -77.0428, -12.0464, 9751717},    {"Canberra", 149.1300, -35.2809, 431380},
    {"Reykjavik", -21.9426, 64.1466, 139875},
};
const Bbox kCitiesExtent{-77.0428, -35.2809, 149.13, 64.1466};

int feature_named(const VectorLayer& l, const std::string& field, const std::string& value) {
    const int fi = l.field_index(field);
    if (fi < 0) return -1;
    for (size_t f = 0; f < l.feature_count(); ++f)
        if (l.value_text(f, size_t(fi)) == value) return int(f);
    return -1;
}

const VectorLayer* layer_named(const LoadedSource& s, const std::string& name) {
    for (auto& v : s.vectors)
        if (v->name == name) return v.get();
    return nullptr;
}

void check_extent(const Bbox& got, const Bbox& want, double tol_deg) {
    CHECK(got.minx == Approx(want.minx).margin(tol_deg));
    CHECK(got.miny == Approx(want.miny).margin(tol_deg));
    CHECK(got.maxx == Approx(want.maxx).margin(tol_deg));
    CHECK(got.maxy == Approx(want.maxy).margin(tol_deg));
}

// The five cities, as points with a name field (name_field) and a numeric population field (pop_field).
void check_cities(const VectorLayer& l, const std::string& name_field, const std::string& pop_field) {
    CHECK(l.feature_count() == 5);
    CHECK(l.points.coords.size() == 5);
    CHECK(l.lines.parts() == 0);
    CHECK(l.polygons.polygons() == 0);
    CHECK(l.kind() == GeometryKind::Point);
    CHECK(l.skipped == 0);
    check_extent(l.extent, kCitiesExtent, 1e-9);
    const int pop = l.field_index(pop_field);
    REQUIRE(pop >= 0);
    CHECK(l.fields[size_t(pop)].numeric);
    for (const City& c : kCities) {
        INFO(c.name);
        const int f = feature_named(l, name_field, c.name);
        REQUIRE(f >= 0);
        CHECK(l.value_number(size_t(f), size_t(pop)) == c.pop);
        // The point owned by that feature sits where the city is.
        bool found = false;
        for (size_t i = 0; i < l.points.coords.size(); ++i)
            if (l.points.feature[i] == uint32_t(f))
                found = std::abs(l.points.coords[i].lon - c.lon) < 1e-9 &&
                        std::abs(l.points.coords[i].lat - c.lat) < 1e-9;
        CHECK(found);
    }
}

double ring_area(const LonLat* p, size_t n) {
    double s = 0;
    for (size_t i = 0; i + 1 < n; ++i)
        s += p[i].lon * p[i + 1].lat - p[i + 1].lon * p[i].lat;
    s += p[n - 1].lon * p[0].lat - p[0].lon * p[n - 1].lat;
    return std::abs(s) / 2;
}

// Area of polygon `poly` (outer ring minus holes), square degrees.
double polygon_area(const PolygonSet& ps, size_t poly) {
    double a = 0;
    for (uint32_t r = ps.poly_ring[poly]; r < ps.poly_ring[poly + 1]; ++r) {
        const double ra =
            ring_area(ps.coords.data() + ps.ring_start[r], ps.ring_start[r + 1] - ps.ring_start[r]);
        a += r == ps.poly_ring[poly] ? ra : -ra;
    }
    return a;
}

double triangles_area(const PolygonSet& ps) {
    double a = 0;
    for (size_t t = 0; t + 2 < ps.triangles.size(); t += 3) {
        const LonLat p = ps.coords.at(ps.triangles[t]), q = ps.coords.at(ps.triangles[t + 1]),
                     r = ps.coords.at(ps.triangles[t + 2]);
        a += std::abs((q.lon - p.lon) * (r.lat - p.lat) - (r.lon - p.lon) * (q.lat - p.lat)) / 2;
    }
    return a;
}

void check_tessellation(const PolygonSet& ps) {
    REQUIRE(!ps.triangles.empty());
    CHECK(ps.triangles.size() % 3 == 0);
    for (uint32_t i : ps.triangles)
        CHECK(i < ps.coords.size());
    double area = 0;
    for (size_t p = 0; p < ps.polygons(); ++p)
        area += polygon_area(ps, p);
    CHECK(triangles_area(ps) == Approx(area).epsilon(1e-9));
}

bool has_vertex(const PolygonSet& ps, double lon, double lat, double tol_deg) {
    for (auto& p : ps.coords)
        if (std::abs(p.lon - lon) <= tol_deg && std::abs(p.lat - lat) <= tol_deg) return true;
    return false;
}

} // namespace

TEST_CASE("GeoJSON points load with their fields", "[loading]") {
    const LoadedSource s = load_source(data("points.geojson"));
    CHECK(s.path == data("points.geojson"));
    CHECK(s.rasters.empty());
    CHECK(s.warnings.empty());
    REQUIRE(s.vectors.size() == 1);
    const VectorLayer& l = *s.vectors[0];
    CHECK(l.name == "points");
    CHECK(l.source == data("points.geojson"));
    REQUIRE(l.fields.size() == 2);
    CHECK(l.fields[size_t(l.field_index("name"))].numeric == false);
    check_cities(l, "name", "pop");
    CHECK(l.value_text(size_t(feature_named(l, "name", "Lima")), size_t(l.field_index("pop"))) == "9751717");
}

TEST_CASE("CSV lon/lat columns become points", "[loading]") {
    const LoadedSource s = load_source(data("points.csv"));
    REQUIRE(s.vectors.size() == 1);
    const VectorLayer& l = *s.vectors[0];
    check_cities(l, "name", "pop");
}

// What GDAL makes of each header with KEEP_GEOM_COLUMNS=NO (checked with ogrinfo): the first column
// matching a longitude name and the first matching a latitude name become the point and leave the attributes.
TEST_CASE("CSV coordinate columns become the point and are not kept as attributes", "[loading]") {
    struct Case {
        const char* header;
        const char* row;
        std::vector<std::string> fields; // attributes left, in order
        double lon, lat;                 // NaN: no point
    };
    const double none = std::nan("");
    const Case cases[] = {
        {"lon,lat,name", "10.75,59.91,Oslo", {"name"}, 10.75, 59.91},
        {"Name,LATITUDE,LONG", "Oslo,59.91,10.75", {"Name"}, 10.75, 59.91},
        {"Longitude_deg,Latitude_deg,name", "10.75,59.91,Oslo", {"name"}, 10.75, 59.91},
        {"lon,lat,name,lat,Longitude", "1,2,3,4,9", {"name", "lat", "Longitude"}, 1, 2},
        {"x,y,note", "-77.04,-12.05,Lima", {"note"}, -77.04, -12.05},
        // Only latitude columns (twice): no points, every column kept. GDAL 3.6 crashed here when asked to
        // drop the coordinate columns (a fuzz finding).
        {"a,lat,b,lat", "1,2,3,4", {"a", "lat", "b", "lat"}, none, none},
    };
    const auto dir = std::filesystem::temp_directory_path() / ("entente-csv-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const Case& c : cases) {
        INFO(c.header);
        const std::string path = (dir / "t.csv").string();
        std::ofstream(path) << c.header << "\n" << c.row << "\n";
        const LoadedSource s = load_source(path);
        REQUIRE(s.vectors.size() == 1);
        const VectorLayer& l = *s.vectors[0];
        CHECK(l.feature_count() == 1);
        std::vector<std::string> names;
        for (auto& f : l.fields)
            names.push_back(f.name);
        CHECK(names == c.fields);
        if (std::isnan(c.lon)) {
            CHECK(l.points.coords.empty());
        } else {
            REQUIRE(l.points.coords.size() == 1);
            CHECK(l.points.coords[0].lon == Approx(c.lon).margin(1e-9));
            CHECK(l.points.coords[0].lat == Approx(c.lat).margin(1e-9));
        }
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("GPX waypoints load, and its empty route and track layers come back empty", "[loading]") {
    const LoadedSource s = load_source(data("points.gpx"));
    const VectorLayer* w = layer_named(s, "waypoints");
    REQUIRE(w != nullptr);
    // GPX keeps non-standard attributes as extensions, read back with an ogr_ prefix.
    check_cities(*w, "name", "ogr_pop");
    for (auto& v : s.vectors)
        if (v->name != "waypoints") CHECK(v->feature_count() == 0);
}

TEST_CASE("FlatGeobuf points load", "[loading]") {
    const LoadedSource s = load_source(data("points.fgb"));
    REQUIRE(s.vectors.size() == 1);
    check_cities(*s.vectors[0], "name", "pop");
    CHECK(s.vectors[0]->crs == "EPSG:4326");
}

TEST_CASE("KML and KMZ lines load", "[loading]") {
    for (const char* file : {"lines.kml", "lines.kmz"}) {
        INFO(file);
        const LoadedSource s = load_source(data(file));
        const VectorLayer* l = layer_named(s, "routes");
        REQUIRE(l != nullptr);
        CHECK(l->feature_count() == 2);
        CHECK(l->lines.parts() == 2);
        CHECK(l->points.coords.empty());
        CHECK(l->kind() == GeometryKind::Line);
        check_extent(l->extent, Bbox{32.5825, -4.0435, 41.0, 0.3476}, 1e-9);
        const int f = feature_named(*l, "Name", "Supply route");
        REQUIRE(f >= 0);
        CHECK(feature_named(*l, "Name", "Patrol") >= 0);
        // The supply route runs Mombasa -> Kampala.
        for (size_t p = 0; p < l->lines.parts(); ++p) {
            if (l->lines.part_feature[p] != uint32_t(f)) continue;
            const LonLat a = l->lines.coords[l->lines.part_start[p]];
            const LonLat b = l->lines.coords[l->lines.part_start[p + 1] - 1];
            CHECK(a.lon == Approx(39.6682).margin(1e-9));
            CHECK(a.lat == Approx(-4.0435).margin(1e-9));
            CHECK(b.lon == Approx(32.5825).margin(1e-9));
            CHECK(b.lat == Approx(0.3476).margin(1e-9));
            // Long edges are densified: no step over a degree.
            for (uint32_t i = l->lines.part_start[p] + 1; i < l->lines.part_start[p + 1]; ++i)
                CHECK(std::abs(l->lines.coords[i].lon - l->lines.coords[i - 1].lon) <= 1.0 + 1e-12);
        }
    }
}

TEST_CASE("Shapefile polygons in UTM 33N are reprojected to lon/lat", "[loading]") {
    const LoadedSource s = load_source(data("polygons.shp"));
    REQUIRE(s.vectors.size() == 1);
    const VectorLayer& l = *s.vectors[0];
    CHECK(l.crs == "EPSG:32633");
    CHECK(l.feature_count() == 2);
    CHECK(l.kind() == GeometryKind::Polygon);
    REQUIRE(l.polygons.polygons() == 2);
    const int compound = feature_named(l, "name", "Compound");
    REQUIRE(compound >= 0);
    const int code = l.field_index("code");
    REQUIRE(code >= 0);
    CHECK(l.value_number(size_t(compound), size_t(code)) == 1);
    // The compound has a hole: two rings.
    for (size_t p = 0; p < l.polygons.polygons(); ++p)
        if (l.polygons.poly_feature[p] == uint32_t(compound))
            CHECK(l.polygons.poly_ring[p + 1] - l.polygons.poly_ring[p] == 2);
    // Vertices against `echo "E N" | cs2cs -f %.9f EPSG:32633 EPSG:4326` (which prints lat, lon).
    constexpr double tol = 1e-6;                                    // degrees
    CHECK(has_vertex(l.polygons, 15.000000000, 42.002015468, tol)); // 500000 4650000, shell corner
    CHECK(has_vertex(l.polygons, 15.242185351, 42.181890291, tol)); // 520000 4670000, shell corner
    CHECK(has_vertex(l.polygons, 15.060418135, 42.047032712, tol)); // 505000 4655000, hole corner
    CHECK(has_vertex(l.polygons, 15.484364415, 42.181123416, tol)); // 540000 4670000, triangle apex
    for (auto& p : l.polygons.coords) {
        CHECK(p.lon > 14.9);
        CHECK(p.lon < 15.7);
        CHECK(p.lat > 41.9);
        CHECK(p.lat < 42.3);
    }
    check_tessellation(l.polygons);
}

TEST_CASE("GeoPackage: all its layers come back", "[loading]") {
    const LoadedSource s = load_source(data("multi.gpkg"));
    REQUIRE(s.vectors.size() == 2);
    const VectorLayer* sites = layer_named(s, "sites");
    const VectorLayer* zones = layer_named(s, "zones");
    REQUIRE(sites != nullptr);
    REQUIRE(zones != nullptr);
    check_cities(*sites, "name", "pop");
    CHECK(zones->feature_count() == 3);
    CHECK(zones->polygons.polygons() == 3);
    CHECK(zones->kind() == GeometryKind::Polygon);
    check_extent(zones->extent, Bbox{30, -10, 45, 10}, 1e-9);
    const int east = feature_named(*zones, "zone", "East");
    REQUIRE(east >= 0);
    CHECK(zones->value_number(size_t(east), size_t(zones->field_index("level"))) == 3);
    // Two 10x10 squares and one 5x10 rectangle.
    double area = 0;
    for (size_t p = 0; p < zones->polygons.polygons(); ++p)
        area += polygon_area(zones->polygons, p);
    CHECK(area == Approx(250.0).epsilon(1e-9));
    check_tessellation(zones->polygons);
}

TEST_CASE("GeoTIFF: size, nodata, extent and values", "[loading][raster]") {
    const LoadedSource s = load_source(data("raster.tif"));
    CHECK(s.vectors.empty());
    REQUIRE(s.rasters.size() == 1);
    const RasterSource& r = *s.rasters[0];
    CHECK(r.width == 64);
    CHECK(r.height == 32);
    CHECK(r.bands == 1);
    CHECK(r.datatype == "Float32");
    CHECK_FALSE(r.colour);
    CHECK(r.has_nodata);
    CHECK(r.nodata == -9999);
    CHECK(r.crs == "EPSG:4326");
    // 64 x 0.25 degrees from 10E, 32 x 0.25 from 40N.
    check_extent(r.extent_lonlat, Bbox{10, 40, 26, 48}, 1e-9);
    const XY tl = r.pixel_to_crs(0, 0);
    CHECK(tl.x == Approx(10));
    CHECK(tl.y == Approx(48));

    const std::vector<float> v = r.read_values(0, 0, 64, 32, 64, 32);
    REQUIRE(v.size() == 64u * 32u);
    int nan_count = 0;
    for (int row = 0; row < 32; ++row)
        for (int col = 0; col < 64; ++col) {
            const float x = v[size_t(row) * 64 + size_t(col)];
            if (row < 4 && col < 4) {
                CHECK(std::isnan(x)); // the nodata block
                nan_count += std::isnan(x);
            } else if (x != float(row * 100 + col)) {
                FAIL_CHECK("pixel " << col << "," << row << " is " << x << ", expected " << row * 100 + col);
            }
        }
    CHECK(nan_count == 16);
    // A window: 2x2 pixels starting at column 10, row 5.
    const std::vector<float> w = r.read_values(10, 5, 2, 2, 2, 2);
    REQUIRE(w.size() == 4);
    CHECK(w[0] == 510.0f);
    CHECK(w[1] == 511.0f);
    CHECK(w[2] == 610.0f);
    CHECK(w[3] == 611.0f);
}

TEST_CASE("PNG with a world file: a colour raster in lon/lat", "[loading][raster]") {
    const LoadedSource s = load_source(data("image.png"));
    REQUIRE(s.rasters.size() == 1);
    const RasterSource& r = *s.rasters[0];
    CHECK(r.width == 40);
    CHECK(r.height == 30);
    CHECK(r.bands == 3);
    CHECK(r.colour);
    CHECK(r.crs.find("EPSG:4326") != std::string::npos);
    check_extent(r.extent_lonlat, Bbox{-10, 30, 30, 60}, 1e-9);
    const std::vector<uint8_t> rgba = r.read_rgba(0, 0, 40, 30, 40, 30);
    REQUIRE(rgba.size() == 40u * 30u * 4u);
    // make_fixtures.sh: red = 6 * column, green = 8 * row, blue = 200, opaque.
    for (auto [col, row] : {std::pair{0, 0}, std::pair{5, 10}, std::pair{39, 29}}) {
        INFO("pixel " << col << "," << row);
        const size_t i = (size_t(row) * 40 + size_t(col)) * 4;
        CHECK(int(rgba[i + 0]) == 6 * col);
        CHECK(int(rgba[i + 1]) == 8 * row);
        CHECK(int(rgba[i + 2]) == 200);
        CHECK(int(rgba[i + 3]) == 255);
    }
}

TEST_CASE("Out-of-range coordinates: valid features load, the rest are counted and reported", "[loading]") {
    const std::string path = data("bad_coords.geojson");
    const LoadedSource s = load_source(path);
    REQUIRE(s.vectors.size() == 1);
    const VectorLayer& l = *s.vectors[0];
    CHECK(l.feature_count() == 3);
    CHECK(l.points.coords.size() == 3);
    CHECK(l.skipped == 2);
    CHECK(!l.skipped_reason.empty());
    for (const char* ok : {"ok1", "ok2", "ok3"})
        CHECK(feature_named(l, "name", ok) >= 0);
    CHECK(feature_named(l, "name", "lat95") < 0);
    CHECK(feature_named(l, "name", "lon-200") < 0);
    check_extent(l.extent, Bbox{10, 10, 30, 30}, 1e-12);
    REQUIRE(s.warnings.size() == 1);
    const std::string& w = s.warnings[0];
    INFO(w);
    CHECK(w.find(path) != std::string::npos);
    CHECK(w.find('2') != std::string::npos);
    CHECK(w.find("skipped") != std::string::npos);
    CHECK(w.find(l.skipped_reason) != std::string::npos);
    CHECK((w.find("latitude") != std::string::npos || w.find("longitude") != std::string::npos));
}

TEST_CASE("Bad files throw InputError naming the file and a reason", "[loading][errors]") {
    for (const std::string name : {"corrupt.geojson", "not_geo.txt", "empty.geojson", "corrupt.tif",
                                   "truncated.gpkg", "does_not_exist.shp"}) {
        const std::string path = data(name);
        INFO(path);
        bool threw = false;
        try {
            load_source(path);
        } catch (const InputError& e) {
            threw = true;
            const std::string what = e.what();
            INFO(what);
            CHECK(what.rfind(path, 0) == 0); // starts with the path
            CHECK(e.input() == path);
            CHECK(!e.reason().empty());
            CHECK(what.size() > path.size() + 2);
        }
        CHECK(threw);
        // describe_source (entente info) reports the same way.
        CHECK_THROWS_AS(describe_source(path), InputError);
    }
}

TEST_CASE("The reason for a missing or empty file says so", "[loading][errors]") {
    try {
        load_source(data("does_not_exist.geojson"));
        FAIL("no exception");
    } catch (const InputError& e) {
        CHECK(e.reason().find("no such file") != std::string::npos);
    }
    try {
        load_source(data("empty.geojson"));
        FAIL("no exception");
    } catch (const InputError& e) {
        CHECK(e.reason().find("empty") != std::string::npos);
    }
}

TEST_CASE("A cancelled load throws Cancelled", "[loading]") {
    std::atomic<bool> cancel{true};
    LoadOptions opt;
    opt.cancel = &cancel;
    for (const char* file : {"polygons.shp", "multi.gpkg", "points.geojson", "raster.tif"}) {
        INFO(file);
        CHECK_THROWS_AS(load_source(data(file), opt), Cancelled);
    }
    // Not set: the same options load normally.
    cancel = false;
    CHECK(load_source(data("polygons.shp"), opt).vectors.size() == 1);
}

TEST_CASE("Progress is reported and ends at 1", "[loading]") {
    std::vector<double> seen;
    LoadOptions opt;
    opt.progress = [&](double f, const std::string&) { seen.push_back(f); };
    load_source(data("multi.gpkg"), opt);
    REQUIRE(!seen.empty());
    for (double f : seen) {
        CHECK(f >= 0.0);
        CHECK(f <= 1.0);
    }
    for (size_t i = 1; i < seen.size(); ++i)
        CHECK(seen[i] >= seen[i - 1]);
    CHECK(seen.back() == 1.0);
}

TEST_CASE("tessellate = false leaves polygons untriangulated", "[loading]") {
    LoadOptions opt;
    opt.tessellate = false;
    const LoadedSource s = load_source(data("polygons.shp"), opt);
    REQUIRE(s.vectors.size() == 1);
    CHECK(s.vectors[0]->polygons.polygons() == 2);
    CHECK(s.vectors[0]->polygons.triangles.empty());
}

TEST_CASE("describe_source lists the layers of a GeoPackage without loading them", "[loading][info]") {
    const SourceInfo info = describe_source(data("multi.gpkg"));
    CHECK(info.driver == "GPKG");
    REQUIRE(info.layers.size() == 2);
    const LayerInfo* sites = nullptr;
    const LayerInfo* zones = nullptr;
    for (auto& l : info.layers) {
        if (l.name == "sites") sites = &l;
        if (l.name == "zones") zones = &l;
    }
    REQUIRE(sites != nullptr);
    REQUIRE(zones != nullptr);
    CHECK(sites->feature_count == 5);
    CHECK(zones->feature_count == 3);
    CHECK(sites->geometry_type == "Point");
    CHECK(zones->geometry_type == "Polygon");
    CHECK(sites->crs == "EPSG:4326");
    CHECK(zones->crs == "EPSG:4326");
    CHECK_FALSE(sites->raster);
    check_extent(sites->extent_lonlat, kCitiesExtent, 1e-9);
    check_extent(zones->extent_lonlat, Bbox{30, -10, 45, 10}, 1e-9);
    using F = std::pair<std::string, std::string>;
    CHECK(sites->fields == std::vector<F>{{"name", "String"}, {"pop", "Integer"}});
    CHECK(zones->fields == std::vector<F>{{"zone", "String"}, {"level", "Integer"}});
}

TEST_CASE("describe_source of a projected Shapefile gives both extents", "[loading][info]") {
    const SourceInfo info = describe_source(data("polygons.shp"));
    REQUIRE(info.layers.size() == 1);
    const LayerInfo& l = info.layers[0];
    CHECK(l.crs == "EPSG:32633");
    CHECK(l.feature_count == 2);
    check_extent(l.extent, Bbox{500000, 4650000, 550000, 4670000}, 1e-6);
    // The UTM box's corners in lon/lat, `echo "E N" | cs2cs -f %.9f EPSG:32633 EPSG:4326`: west edge on the
    // central meridian (15E), lowest latitude at 550000 4650000, highest at 500000 4670000, easternmost at
    // 550000 4670000.
    check_extent(l.extent_lonlat, Bbox{15.0, 42.000427822, 15.605449625, 42.182145923}, 1e-6);
}

TEST_CASE("describe_source of a raster", "[loading][info]") {
    const SourceInfo info = describe_source(data("raster.tif"));
    REQUIRE(info.layers.size() == 1);
    const LayerInfo& l = info.layers[0];
    CHECK(l.raster);
    CHECK(l.width == 64);
    CHECK(l.height == 32);
    CHECK(l.bands == 1);
    CHECK(l.datatype == "Float32");
    check_extent(l.extent_lonlat, Bbox{10, 40, 26, 48}, 1e-9);
}

TEST_CASE("A bad file's error says what kind of problem it is", "[loading][errors]") {
    // The command line turns these into exit codes; the window could offer different help for each.
    const std::pair<const char*, ErrorKind> cases[] = {
        {"does_not_exist.geojson", ErrorKind::NotFound}, {"not_geo.txt", ErrorKind::Unsupported},
        {"corrupt.geojson", ErrorKind::Corrupt},         {"corrupt.tif", ErrorKind::Corrupt},
        {"truncated.gpkg", ErrorKind::Corrupt},          {"empty.geojson", ErrorKind::Corrupt},
    };
    for (const auto& [name, kind] : cases) {
        INFO(name);
        for (int describe = 0; describe < 2; ++describe) {
            try {
                describe ? (void)describe_source(data(name)) : (void)load_source(data(name));
                FAIL("no exception");
            } catch (const InputError& e) {
                INFO(e.what());
                CHECK(e.kind() == kind);
            }
        }
    }
}

TEST_CASE("reading a large raster at reduced resolution holds at most GDAL's bounded block cache",
          "[loading][raster]") {
    // 4096 x 4096 Float32 in 256² blocks: 64 MB of decoded blocks. Reading it whole at half resolution
    // decodes every block; GDAL's default cache (5 % of RAM) would keep them all, on top of the tiles the map
    // keeps itself.
    init_gdal();
    if (CPLGetConfigOption("GDAL_CACHEMAX", nullptr)) {
        WARN("GDAL_CACHEMAX is set in the environment: the bound is the user's");
        return;
    }
    const std::string path =
        std::filesystem::temp_directory_path() / ("entente-cache-" + std::to_string(::getpid()) + ".tif");
    {
        GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
        REQUIRE(gtiff);
        const char* opts[] = {"TILED=YES", "COMPRESS=DEFLATE", "BLOCKXSIZE=256", "BLOCKYSIZE=256", nullptr};
        GDALDataset* ds = gtiff->Create(path.c_str(), 4096, 4096, 1, GDT_Float32, const_cast<char**>(opts));
        REQUIRE(ds);
        double gt[6] = {0, 0.01, 0, 40.96, 0, -0.01}; // 41 degrees square in lon/lat
        ds->SetGeoTransform(gt);
        ds->SetProjection(
            "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
            "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]");
        std::vector<float> row(4096 * 256);
        for (size_t i = 0; i < row.size(); ++i)
            row[i] = float(i % 977);
        for (int y = 0; y < 4096; y += 256)
            REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, y, 4096, 256, row.data(), 4096, 256,
                                                   GDT_Float32, 0, 0, nullptr) == CE_None);
        GDALClose(ds);
    }
    GDALFlushCache(nullptr);
    {
        const LoadedSource s = load_source(path);
        REQUIRE(s.rasters.size() == 1);
        const std::vector<float> v = s.rasters[0]->read_values(0, 0, 4096, 4096, 2048, 2048);
        REQUIRE(v.size() == 2048u * 2048u);
        CHECK((v[1] >= 0 && v[1] < 977)); // resampled from the written values
        CHECK(GDALGetCacheUsed64() <= kGdalBlockCacheBytes);
        CHECK(GDALGetCacheMax64() == kGdalBlockCacheBytes);
    }
    std::filesystem::remove(path);
}
