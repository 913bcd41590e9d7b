// GeoJSON read with simdjson (geo/geojson_reader) against the oracle, GDAL's own GeoJSON driver: the same
// layers, fields, feature ids, values, geometries, repairs and errors, feature by feature, on every GeoJSON
// file in the repository (the hostile corpus included) and on random collections.
#include "same_as_gdal.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente::geo;
using namespace entente::geo::testing;

namespace {

const fs::path kRepo =
    fs::path(ENTENTE_TEST_DATA).parent_path().parent_path(); // tests/data -> the repository

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("entente-geojson-reader-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

// A random JSON string: plain text, escapes, accents, an emoji as a surrogate pair, digits.
std::string random_string(std::mt19937& rng) {
    static const char* const parts[] = {"abc", " ", "\\\"",  "\\\\", "\\n", "\\u00e9", "é", "\\ud83d\\ude00",
                                        "Z",   "7", "north", "\\t",  "ü"};
    std::string s = "\"";
    const int n = int(rng() % 5);
    for (int i = 0; i < n; ++i)
        s += parts[rng() % std::size(parts)];
    return s + "\"";
}

std::string random_number(std::mt19937& rng, bool real) {
    std::ostringstream o;
    if (!real) {
        static const long long ints[] = {0, 1, -1, 42, 2147483647, 2147483648LL, -9007199254740993LL};
        o << ints[rng() % std::size(ints)];
        return o.str();
    }
    static const char* const reals[] = {"0.5", "-3.25", "1e3", "2.5E-7", "123456.789012345", "0.1"};
    return reals[rng() % std::size(reals)];
}

std::string position(std::mt19937& rng, double lon, double lat) {
    std::ostringstream o;
    o.precision(17);
    o << "[" << lon << "," << lat;
    if (rng() % 5 == 0) o << "," << double(rng() % 1000) / 7; // a height
    o << "]";
    return o.str();
}

std::string ring(std::mt19937& rng, double cx, double cy, double r, int n, bool close) {
    std::string s = "[";
    std::string first;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * i / n, rr = r * (0.6 + 0.4 * double(rng() % 100) / 100);
        const std::string p = position(rng, cx + rr * std::cos(a), cy + rr * std::sin(a));
        if (i == 0) first = p;
        s += (i ? "," : "") + p;
    }
    if (close) s += "," + first;
    return s + "]";
}

std::string random_geometry(std::mt19937& rng) {
    std::uniform_real_distribution<double> lon(-179, 179), lat(-80, 80);
    const double x = lon(rng), y = lat(rng);
    switch (rng() % 9) {
    case 0:
        return "null";
    case 1:
        return R"({"type":"Point","coordinates":)" + position(rng, x, y) + "}";
    case 2:
        return R"({"type":"MultiPoint","coordinates":[)" + position(rng, x, y) + "," +
               position(rng, x + 1, y) + "]}";
    case 3: // across the antimeridian now and then
        return R"({"type":"LineString","coordinates":[)" + position(rng, 179.5, y) + "," +
               position(rng, rng() % 2 ? -179.5 : 178.0, y + 0.5) + "]}";
    case 4:
        return R"({"type":"MultiLineString","coordinates":[[)" + position(rng, x, y) + "," +
               position(rng, x + 0.3, y + 0.2) + "],[" + position(rng, x, y - 1) + "," +
               position(rng, x + 2.5, y - 1) + "]]}";
    case 5: { // with a hole; an unclosed or too short ring now and then
        const bool close = rng() % 6 != 0;
        const int n = rng() % 7 == 0 ? 2 : 5 + int(rng() % 20);
        return R"({"type":"Polygon","coordinates":[)" + ring(rng, x, y, 1.0, n, close) + "," +
               ring(rng, x, y, 0.2, 4, true) + "]}";
    }
    case 6:
        return R"({"type":"MultiPolygon","coordinates":[[)" + ring(rng, x, y, 0.5, 6, true) + "],[" +
               ring(rng, x + 3, y, 0.5, 9, true) + "]]}";
    case 7: // out of range: skipped and reported
        return R"({"type":"Point","coordinates":)" + position(rng, x, rng() % 2 ? 91.0 : y) + "}";
    default: // a bow tie: repaired by make-valid
        return R"({"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]})";
    }
}

// A FeatureCollection whose properties follow per-key patterns GDAL's schema rules care about.
std::string random_collection(std::mt19937& rng, int features) {
    std::string s = R"({"type":"FeatureCollection",)";
    if (rng() % 2) s += R"("name":"random layer",)";
    s += R"("features":[)";
    for (int f = 0; f < features; ++f) {
        s += f ? ",\n" : "\n";
        s += R"({"type":"Feature","properties":{)";
        std::vector<std::string> props;
        const auto maybe = [&](const std::string& key, const std::string& value) {
            if (rng() % 6 != 0) props.push_back("\"" + key + "\":" + value);
        };
        maybe("count", random_number(rng, false));
        maybe("score", random_number(rng, rng() % 3 == 0)); // integers and reals: a real field
        maybe("flag", rng() % 2 ? "true" : "false");
        maybe("flag_or_int", rng() % 2 ? "true" : "7");
        maybe("label", random_string(rng));
        maybe("nothing", "null");
        maybe("sometimes_null", rng() % 2 ? "null" : random_number(rng, true));
        if (f == features / 2) props.push_back(R"("late":"arrives halfway")");
        std::shuffle(props.begin(), props.end(), rng); // GDAL orders fields by first appearance
        for (size_t i = 0; i < props.size(); ++i)
            s += (i ? "," : "") + props[i];
        s += R"(},"geometry":)" + random_geometry(rng) + "}";
    }
    return s + "]}";
}

} // namespace

TEST_CASE("GeoJSON read by simdjson equals GDAL's driver on every GeoJSON file in the repository") {
    size_t files = 0, fast = 0;
    for (const char* dir : {"tests", "assets"})
        for (const auto& e : fs::recursive_directory_iterator(kRepo / dir)) {
            const std::string ext = e.path().extension().string();
            if ((ext != ".geojson" && ext != ".json") ||
                e.path().string().find("fuzz/corpus") != std::string::npos ||
                e.path().string().find("node_modules") != std::string::npos)
                continue;
            if (fs::file_size(e.path()) > (8u << 20)) continue;
            ++files;
            fast += check_same_as_gdal(e.path()) == "simdjson";
        }
    // The basemap's gzipped assets, as the map loads them (its 10 m scale too slow through GDAL for a test).
    for (const auto& e : fs::directory_iterator(kRepo / "assets/basemap")) {
        const std::string name = e.path().filename().string();
        if (!name.ends_with(".geojson.gz") || name.find("_10m") != std::string::npos) continue;
        ++files;
        fast += check_same_as_gdal("/vsigzip/" + e.path().string()) == "simdjson";
    }
    INFO(files << " files, " << fast << " read by simdjson");
    CHECK(files > 60);
    CHECK(fast >= 18); // the plain ones: demo peace operations, test points, the basemap's assets...
    CHECK(check_same_as_gdal(kRepo / "assets/demo/peace_operations.geojson") == "simdjson");
    CHECK(check_same_as_gdal(kRepo / "tests/data/antimeridian.geojson") == "simdjson");
}

TEST_CASE("GeoJSON read by simdjson equals GDAL's driver on random collections, feature by feature") {
    std::mt19937 rng(20261205);
    for (int round = 0; round < 12; ++round) {
        const fs::path f = scratch("random" + std::to_string(round) + ".geojson");
        std::ofstream(f) << random_collection(rng, 40 + round * 60);
        CHECK(check_same_as_gdal(f) == "simdjson");
    }
}

TEST_CASE("what only GDAL reads as GDAL does goes to GDAL, with the reason") {
    const char* const cases[][2] = {
        {"feature ids", R"({"type":"Feature","id":7,"properties":{},"geometry":null})"},
        {"a date", R"({"type":"Feature","properties":{"d":"2026-12-05"},"geometry":null})"},
        {"a date", R"({"type":"Feature","properties":{"t":"7\/2"},"geometry":null})"},
        {"an array", R"({"type":"Feature","properties":{"a":[1,2]},"geometry":null})"},
        {"array or object", R"({"type":"Feature","properties":{"o":{"k":1}},"geometry":null})"},
        {"both text and non-text",
         R"({"type":"Feature","properties":{"m":1},"geometry":null},{"type":"Feature","properties":{"m":"x"},"geometry":null})"},
        {"differ only by case",
         R"({"type":"Feature","properties":{"Name":"a"},"geometry":null},{"type":"Feature","properties":{"name":"b"},"geometry":null})"},
        {"geometry type GeometryCollection",
         R"({"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}})"},
        {"empty coordinates",
         R"({"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[]}})"},
        {"2 or 3 numbers",
         R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2,3,4]}})"},
        // GDAL numbers the features by an integer "id" property: taken only where each has one, rising.
        {"\"id\" property",
         R"({"type":"Feature","properties":{"id":5},"geometry":null},{"type":"Feature","properties":{"id":5},"geometry":null})"},
        {"\"id\" property",
         R"({"type":"Feature","properties":{"id":9},"geometry":null},{"type":"Feature","properties":{"id":3},"geometry":null})"},
        {"\"id\" property",
         R"({"type":"Feature","properties":{"id":1},"geometry":null},{"type":"Feature","properties":{},"geometry":null})"},
        {"\"id\" property", R"({"type":"Feature","properties":{"id":true},"geometry":null})"},
        {"\"id\" property",
         R"({"type":"Feature","properties":{"id":-1},"geometry":null},{"type":"Feature","properties":{"id":0},"geometry":null})"},
    };
    int n = 0;
    for (const auto& [why, feature] : cases) {
        const fs::path f = scratch("gdal" + std::to_string(n++) + ".geojson");
        std::ofstream(f) << R"({"type":"FeatureCollection","features":[)" << feature << "]}";
        INFO(why);
        CHECK(check_same_as_gdal(f) == "GDAL");
        const Outcome o = load(f, {});
        if (o.src) CHECK(o.src->why_gdal.find(why) != std::string::npos);
    }
    const fs::path crs = scratch("crs.geojson");
    std::ofstream(crs)
        << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},)"
        << R"("features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e6,2e6]}}]})";
    CHECK(check_same_as_gdal(crs) == "GDAL");
    fs::remove_all(crs.parent_path());
}

TEST_CASE("an integer id property numbers the features as GDAL numbers them") {
    // Rising integer ids (as ogr2ogr writes a GeoPackage's out): the features' ids; real or text ids: a field
    // only. check_same_as_gdal compares the ids too.
    const char* const cases[] = {
        R"({"properties":{"id":1000,"n":"a"}},{"properties":{"id":1001,"n":"b"}},{"properties":{"n":"c","id":1700}})",
        R"({"properties":{"id":1.5}},{"properties":{"id":0.5}})",
        R"({"properties":{"id":"b7"}},{"properties":{"id":"a1"}},{"properties":{}})",
    };
    int n = 0;
    for (const char* features : cases) {
        std::string text = features;
        for (size_t at = 0; (at = text.find("{\"properties\"", at)) != std::string::npos; at += 20)
            text.insert(at + 1, R"("type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},)");
        const fs::path f = scratch("ids" + std::to_string(n++) + ".geojson");
        std::ofstream(f) << R"({"type":"FeatureCollection","features":[)" << text << "]}";
        INFO(text);
        CHECK(check_same_as_gdal(f) == "simdjson");
    }
    const Outcome rising = load(scratch("ids0.geojson"), {});
    REQUIRE(rising.src);
    CHECK(rising.src->vectors[0]->fids[2] == 1700);
    fs::remove_all(scratch("x").parent_path());
}
