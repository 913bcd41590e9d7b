// The `entente` binary as a user runs it: `info`, `render`, their error messages and exit codes, and the
// no-display demo. Each test runs the real executable and reads what it printed and wrote.
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stb/stb_image.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

using cli_test::quote;
using cli_test::Result;
using cli_test::run;
using cli_test::slurp;

const std::string kData = ENTENTE_TEST_DATA;

std::string data(const std::string& name) {
    return kData + "/" + name;
}

// A fresh scratch file path under the build tree's cli-out folder (removed if it exists). One folder per
// process: ctest -j runs test cases in parallel processes.
std::string out_path(const std::string& name) {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / ("test_cli-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path p = dir / name;
    fs::remove(p);
    return p.string();
}

struct Image {
    int w = 0, h = 0;
    std::vector<unsigned char> rgb;
    std::array<int, 3> at(int x, int y) const {
        const size_t i = (size_t(y) * size_t(w) + size_t(x)) * 3;
        return {rgb[i], rgb[i + 1], rgb[i + 2]};
    }
};

Image load_png(const std::string& path) {
    Image img;
    int comp = 0;
    unsigned char* px = stbi_load(path.c_str(), &img.w, &img.h, &comp, 3);
    REQUIRE(px != nullptr);
    img.rgb.assign(px, px + size_t(img.w) * size_t(img.h) * 3);
    stbi_image_free(px);
    return img;
}

// Web Mercator, as the map uses by default.
constexpr double kPi = 3.14159265358979323846;
double merc_x(double lon) {
    return 6378137.0 * lon * kPi / 180;
}
double merc_y(double lat) {
    return 6378137.0 * std::log(std::tan(kPi / 4 + lat * kPi / 360));
}

// Pixel of lon/lat when a W,S,E,N box is fitted into w x h pixels (centred, whole box visible).
std::pair<int, int> pixel_of(double lon, double lat, double W, double S, double E, double N, int w, int h) {
    const double cx = (merc_x(W) + merc_x(E)) / 2, cy = (merc_y(S) + merc_y(N)) / 2;
    const double upp = std::max((merc_x(E) - merc_x(W)) / w, (merc_y(N) - merc_y(S)) / h);
    return {int(std::lround(w / 2.0 + (merc_x(lon) - cx) / upp)),
            int(std::lround(h / 2.0 - (merc_y(lat) - cy) / upp))};
}

} // namespace

// ---- info -------------------------------------------------------------------------------------------------

TEST_CASE("entente info prints layers, counts, CRS and fields", "[cli][info]") {
    const Result r = run({"info", data("points.geojson")});
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find(data("points.geojson")) != std::string::npos);
    CHECK(r.out.find("layer points") != std::string::npos);
    CHECK(r.out.find("5 feature(s)") != std::string::npos);
    CHECK(r.out.find("EPSG:4326") != std::string::npos);
    CHECK(r.out.find("name: String") != std::string::npos);
    CHECK(r.out.find("pop: Integer") != std::string::npos);
    CHECK(r.out.find("-77.042800") != std::string::npos); // west edge of the extent (Lima)
}

TEST_CASE("entente info --json describes every layer of a GeoPackage", "[cli][info]") {
    const Result r = run({"info", data("multi.gpkg"), "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j.at("path") == data("multi.gpkg"));
    CHECK(j.at("driver") == "GPKG");
    const auto& layers = j.at("layers");
    REQUIRE(layers.size() == 2);
    std::map<std::string, nlohmann::json> by_name;
    for (auto& l : layers)
        by_name[l.at("name").get<std::string>()] = l;
    REQUIRE(by_name.count("sites") == 1);
    REQUIRE(by_name.count("zones") == 1);
    const auto& sites = by_name["sites"];
    const auto& zones = by_name["zones"];
    CHECK(sites.at("feature_count") == 5);
    CHECK(zones.at("feature_count") == 3);
    CHECK(sites.at("crs") == "EPSG:4326");
    CHECK(zones.at("crs") == "EPSG:4326");
    CHECK(sites.at("geometry_type") == "Point");
    CHECK(zones.at("geometry_type") == "Polygon");
    const std::vector<double> ext = zones.at("extent_lonlat").get<std::vector<double>>();
    REQUIRE(ext.size() == 4);
    CHECK(ext[0] == Approx(30).margin(1e-9));
    CHECK(ext[1] == Approx(-10).margin(1e-9));
    CHECK(ext[2] == Approx(45).margin(1e-9));
    CHECK(ext[3] == Approx(10).margin(1e-9));
    const auto& fields = zones.at("fields");
    REQUIRE(fields.size() == 2);
    CHECK(fields[0].at("name") == "zone");
    CHECK(fields[0].at("type") == "String");
    CHECK(fields[1].at("name") == "level");
    CHECK(fields[1].at("type") == "Integer");
}

TEST_CASE("entente info --json gives a projected layer's extent in its CRS and in lon/lat", "[cli][info]") {
    const Result r = run({"info", data("polygons.shp"), "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const auto l = nlohmann::json::parse(r.out).at("layers").at(0);
    CHECK(l.at("crs") == "EPSG:32633");
    CHECK(l.at("feature_count") == 2);
    const auto ext = l.at("extent").get<std::vector<double>>();
    CHECK(ext == std::vector<double>{500000, 4650000, 550000, 4670000});
    // Corners through `cs2cs -f %.9f EPSG:32633 EPSG:4326`.
    const auto ll = l.at("extent_lonlat").get<std::vector<double>>();
    REQUIRE(ll.size() == 4);
    CHECK(ll[0] == Approx(15.0).margin(1e-6));
    CHECK(ll[1] == Approx(42.000427822).margin(1e-6));
    CHECK(ll[2] == Approx(15.605449625).margin(1e-6));
    CHECK(ll[3] == Approx(42.182145923).margin(1e-6));
}

TEST_CASE("entente info --json describes a raster", "[cli][info]") {
    const Result r = run({"info", data("raster.tif"), "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const auto l = nlohmann::json::parse(r.out).at("layers").at(0);
    CHECK(l.at("raster").at("width") == 64);
    CHECK(l.at("raster").at("height") == 32);
    CHECK(l.at("raster").at("bands") == 1);
    CHECK(l.at("raster").at("datatype") == "Float32");
    CHECK(l.at("crs") == "EPSG:4326");
    CHECK(l.at("extent_lonlat").get<std::vector<double>>() == std::vector<double>{10, 40, 26, 48});
}

TEST_CASE("entente info on a bad file fails with one line naming it", "[cli][info][errors]") {
    for (const char* name : {"corrupt.geojson", "not_geo.txt", "empty.geojson", "corrupt.tif",
                             "truncated.gpkg", "no_such_file.geojson"}) {
        const Result r = run({"info", data(name)});
        INFO(name << "\nstdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.code != 0);
        const auto lines = r.err_lines();
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].find(data(name) + ": ") != std::string::npos);
        CHECK(lines[0].size() > lines[0].find(data(name)) + data(name).size() + 2); // a reason follows
    }
}

// ---- render -----------------------------------------------------------------------------------------------

TEST_CASE("entente render writes a PNG of the requested size showing the data", "[cli][render]") {
    const std::string png = out_path("zones.png");
    const double W = 20, S = -20, E = 55, N = 20;
    const int w = 320, h = 200;
    const Result r = run({"render", data("multi.gpkg"), "--bbox", "20,-20,55,20", "--size", "320x200",
                          "--no-basemap", "--no-graticule", "--no-labels", "-o", png});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find(png) != std::string::npos);
    REQUIRE(fs::exists(png));
    int iw = 0, ih = 0, comp = 0;
    REQUIRE(stbi_info(png.c_str(), &iw, &ih, &comp) == 1);
    CHECK(iw == w);
    CHECK(ih == h);

    const Image img = load_png(png);
    // Away from all data (the corners of the box, south-west and north-east of every zone): ocean.
    const auto [ox, oy] = pixel_of(22, -18, W, S, E, N, w, h);
    const auto ocean = img.at(ox, oy);
    for (auto [lon, lat] : {std::pair{22.0, 18.0}, std::pair{53.0, -18.0}, std::pair{53.0, 18.0}}) {
        const auto [x, y] = pixel_of(lon, lat, W, S, E, N, w, h);
        INFO("outside at " << lon << "," << lat << " -> pixel " << x << "," << y);
        CHECK(img.at(x, y) == ocean);
    }
    // Inside each zone (away from edges and the sites' markers): filled, so not the ocean colour.
    for (auto [lon, lat] : {std::pair{33.0, 7.0}, std::pair{32.0, -7.0}, std::pair{43.0, 2.5}}) {
        const auto [x, y] = pixel_of(lon, lat, W, S, E, N, w, h);
        INFO("inside at " << lon << "," << lat << " -> pixel " << x << "," << y);
        REQUIRE(x >= 0);
        REQUIRE(x < w);
        REQUIRE(y >= 0);
        REQUIRE(y < h);
        CHECK(img.at(x, y) != ocean);
    }
}

TEST_CASE("entente render of a file with bad features draws the rest and warns with the count",
          "[cli][render]") {
    const std::string png = out_path("bad_coords.png");
    const Result r = run({"render", data("bad_coords.geojson"), "--size", "200x150", "-o", png});
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(fs::exists(png));
    CHECK(r.err.find("warning") != std::string::npos);
    CHECK(r.err.find(data("bad_coords.geojson")) != std::string::npos);
    CHECK(r.err.find("2 feature") != std::string::npos);
}

TEST_CASE("entente render of a file whose style file is broken draws it in the default style, saying so once",
          "[cli][render][errors]") {
    const fs::path dir = fs::path(out_path("broken-style"));
    fs::create_directories(dir);
    fs::copy_file(data("points.geojson"), dir / "points.geojson", fs::copy_options::overwrite_existing);
    std::ofstream(dir / "points.style.json") << "{bad";
    const std::string png = (dir / "points.png").string();
    const Result r =
        run({"render", (dir / "points.geojson").string(), "--no-basemap", "--size", "200x100", "-o", png});
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(fs::exists(png));
    const std::string said = "points.style.json: ignored, not a valid style file";
    const size_t first = r.err.find(said);
    CHECK(first != std::string::npos);
    CHECK(r.err.find(said, first + 1) == std::string::npos);
}

TEST_CASE("entente render of a corrupt file fails with one line and writes no PNG", "[cli][render][errors]") {
    for (const char* name : {"corrupt.geojson", "corrupt.tif", "truncated.gpkg", "no_such_file.geojson"}) {
        const std::string png = out_path(std::string("bad-") + name + ".png");
        const Result r = run({"render", data(name), "--size", "64x64", "-o", png});
        INFO(name << "\nstdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.code != 0);
        const auto lines = r.err_lines();
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].find(data(name) + ": ") != std::string::npos);
        CHECK(lines[0].size() > lines[0].find(data(name)) + data(name).size() + 2);
        CHECK_FALSE(fs::exists(png));
    }
}

TEST_CASE("entente render refuses bad arguments, naming the bad value", "[cli][render][errors]") {
    struct Bad {
        std::vector<std::string> args;
        std::string value;
    };
    const std::vector<Bad> cases{
        {{"--bbox", "10,5,20,0"}, "10,5,20,0"},   // south > north
        {{"--bbox", "5,0,5,10"}, "5,0,5,10"},     // no width (west > east is allowed: it crosses 180)
        {{"--bbox", "0,0,200,10"}, "0,0,200,10"}, // longitude out of range
        {{"--bbox", "1,2,3"}, "1,2,3"},           // not four numbers
        {{"--size", "0x10"}, "0x10"},
        {{"--size", "big"}, "big"},
        {{"--crs", "EPSG:999999"}, "EPSG:999999"},
    };
    for (const Bad& b : cases) {
        const std::string png = out_path("refused.png");
        std::vector<std::string> args{"render", data("points.geojson")};
        args.insert(args.end(), b.args.begin(), b.args.end());
        args.insert(args.end(), {"-o", png});
        const Result r = run(args);
        INFO(b.args[0] << " " << b.args[1] << "\nstdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.code != 0);
        const auto lines = r.err_lines();
        REQUIRE(lines.size() == 1); // one clear line, no library chatter
        CHECK(lines[0].find(b.value) != std::string::npos);
        CHECK_FALSE(fs::exists(png));
    }
}

TEST_CASE("entente render --bbox with west > east shows a box across the antimeridian", "[cli][render]") {
    // 160E eastward to 160W; the fixture's box spans 175E..175W, latitudes -20..-10.
    const std::string png = out_path("antimeridian.png");
    const int w = 240, h = 240;
    const Result r = run({"render", data("antimeridian.geojson"), "--bbox", "160,-30,-160,30", "--size",
                          "240x240", "--no-basemap", "--no-graticule", "--no-labels", "-o", png});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const Image img = load_png(png);
    REQUIRE(img.w == w);
    REQUIRE(img.h == h);
    // Longitudes east of 180 continue past it (-178 is drawn at 182).
    const double W = 160, S = -30, E = 200, N = 30;
    const auto [ox, oy] = pixel_of(180, 20, W, S, E, N, w, h);
    const auto ocean = img.at(ox, oy);
    CHECK(img.at(pixel_of(165, -25, W, S, E, N, w, h).first, pixel_of(165, -25, W, S, E, N, w, h).second) ==
          ocean);
    for (double lon : {177.0, 183.0}) { // both halves of the box: 177E and 177W
        const auto [x, y] = pixel_of(lon, -15, W, S, E, N, w, h);
        INFO("lon " << lon << " -> pixel " << x << "," << y);
        CHECK(img.at(x, y) != ocean);
    }
}

// ---- no subcommand, no display ----------------------------------------------------------------------------

TEST_CASE("entente with no display renders the demo to a PNG and says where", "[cli][demo]") {
    const std::string png = out_path("demo.png");
    const Result r = run({}, "env -u DISPLAY -u WAYLAND_DISPLAY ENTENTE_DEMO_OUTPUT=" + quote(png) + " ");
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find(png) != std::string::npos);
    REQUIRE(fs::exists(png));
    int w = 0, h = 0, comp = 0;
    REQUIRE(stbi_info(png.c_str(), &w, &h, &comp) == 1);
    CHECK(w > 0);
    CHECK(h > 0);
    // The message gives the size it wrote.
    CHECK(r.out.find(std::to_string(w) + "x" + std::to_string(h)) != std::string::npos);
    // Not a blank image: the demo draws a map.
    const Image img = load_png(png);
    size_t differing = 0;
    for (int y = 0; y < img.h; y += 7)
        for (int x = 0; x < img.w; x += 7)
            differing += img.at(x, y) != img.at(0, 0);
    CHECK(differing > 100);
}
