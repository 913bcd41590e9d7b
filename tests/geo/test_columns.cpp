// Attribute columns (geo/features.hpp): text stored once per distinct value must still read back row by row,
// through copies made while a layer is still being built (mission layers are built and copied).
#include "geo/dataset.hpp"
#include "geo/features.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

using entente::geo::Column;

TEST_CASE("a text column reads back every row as written, through copies and moves mid-load") {
    auto c = std::make_unique<Column>();
    for (const char* v : {"hq", "well", "hq", "", "a value longer than the short-string buffer", "hq"})
        c->push_text(v);
    REQUIRE(c->text_rows() == 6);
    CHECK(c->text(0) == "hq");
    CHECK(c->text(2) == "hq");
    CHECK(c->text(3).empty());
    CHECK(c->text(4) == "a value longer than the short-string buffer");
    Column copy = *c;
    c.reset(); // the copy must not look up values in the source
    for (const char* v : {"well", "new", "a value longer than the short-string buffer"})
        copy.push_text(v);
    Column moved = std::move(copy);
    moved.push_text("new");
    moved.done_loading();
    REQUIRE(moved.text_rows() == 10);
    CHECK(moved.text(1) == "well");
    CHECK(moved.text(6) == "well");
    CHECK(moved.text(7) == "new");
    CHECK(moved.text(8) == "a value longer than the short-string buffer");
    CHECK(moved.text(9) == "new");
}

TEST_CASE("each feature's box: points keep none stored until another kind of feature comes") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("entente-columns-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto load = [&](const char* name, const std::string& features) {
        std::ofstream(dir / name) << R"({"type":"FeatureCollection","features":[)" << features << "]}";
        return entente::geo::load_source((dir / name).string()).vectors.at(0);
    };
    const std::string p1 =
        R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[10,20]}})";
    const std::string p2 =
        R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-5,1]}})";
    const std::string bad =
        R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[500,1]}})";
    const std::string line =
        R"({"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[3,4]]}})";
    const auto points = load("points.geojson", p1 + "," + bad + "," + p2);
    CHECK(points->feature_bbox.empty()); // skipped out-of-range point: the rest stay aligned
    REQUIRE(points->feature_count() == 2);
    CHECK(points->feature_box(0).minx == 10);
    CHECK(points->feature_box(0).maxy == 20);
    CHECK(points->feature_box(1).minx == -5);
    const auto mixed = load("mixed.geojson", p1 + "," + p2 + "," + line + "," + p1);
    REQUIRE(mixed->feature_bbox.size() == 4);
    CHECK(mixed->feature_box(1).miny == 1);
    CHECK(mixed->feature_box(2).maxx == 3);
    CHECK(mixed->feature_box(2).maxy == 4);
    CHECK(mixed->feature_box(3).minx == 10);
    fs::remove_all(dir);
}

TEST_CASE("a text column of mostly distinct values (names) reads back every row, repeats included") {
    Column c;
    for (int i = 0; i < 6000; ++i)
        c.push_text(i % 1000 == 7 ? std::string("repeat") : "name " + std::to_string(i));
    const Column copy = c;
    Column moved = std::move(c);
    moved.push_text("repeat");
    REQUIRE(copy.text_rows() == 6000);
    REQUIRE(moved.text_rows() == 6001);
    for (int i = 0; i < 6000; i += 37)
        CHECK(copy.text(size_t(i)) == (i % 1000 == 7 ? std::string("repeat") : "name " + std::to_string(i)));
    CHECK(moved.text(5007) == "repeat");
    CHECK(moved.text(6000) == "repeat");
    CHECK(moved.text(4321) == "name 4321");
}
