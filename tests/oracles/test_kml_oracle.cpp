// KML and KMZ exports read by @tmcw/togeojson (with @xmldom/xmldom), the converter web maps and scripts use
// to read Google Earth files: every placemark we meant to write is there, in order, with its name, its
// coordinates (to 1e-6 degrees; parts split at +-180 add points on the antimeridian only) and its
// ExtendedData properties (the element's JSON equal to the mission's element); no polygon wider than 180
// degrees, exterior rings counterclockwise (togeojson_check.mjs). KMZ: read with node's own zip code, valid
// DOS dates, every icon the styles name inside. The demonstration mission through the CLI, random missions
// through the same calls the CLI makes.
#include "cli_run.hpp"
#include "missions/export.hpp"
#include "missions/persistence.hpp"
#include "oracle.hpp"
#include "random_mission.hpp"
#include "scene/overlay_export.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
using namespace entente;
using entente::test::run_oracle;
using nlohmann::json;

namespace {

// A placemark as we meant to write it: the folders are the phases (or one, "All elements"), each with the
// units where they are then and the measures that apply.
struct Expected {
    std::string id, element, name, phase, sidc, kind, releasability;
    missions::Shape shape = missions::Shape::Point;
    std::vector<geo::LonLat> pts;
    json element_json;
};

std::string join(const std::vector<std::string>& v) {
    std::string o;
    for (auto& s : v)
        o += (o.empty() ? "" : ",") + s;
    return o;
}

std::vector<Expected> expected(const missions::Mission& m, const std::string& only_phase) {
    std::vector<std::string> folders;
    for (auto& p : m.phases)
        if (only_phase.empty() || p.id == only_phase) folders.push_back(p.id);
    if (folders.empty()) folders.push_back("");
    std::vector<Expected> out;
    for (const auto& ph : folders) {
        for (const auto& u : m.units) {
            std::vector<std::pair<std::string, geo::LonLat>> places;
            if (!ph.empty())
                places.push_back({ph, u.position_in(ph)});
            else {
                places.push_back({"", u.position});
                for (auto& [p, pos] : u.phase_position)
                    places.push_back({p, pos});
            }
            for (auto& [p, pos] : places)
                out.push_back({u.id,
                               "unit",
                               u.designation.empty() ? u.id : u.designation,
                               p,
                               u.sidc,
                               "",
                               join(u.releasability.empty() ? m.releasability : u.releasability),
                               missions::Shape::Point,
                               {pos},
                               missions::to_json(u)});
        }
        for (const auto& c : m.measures) {
            if (!ph.empty() && !c.phases.empty() &&
                std::find(c.phases.begin(), c.phases.end(), ph) == c.phases.end())
                continue;
            out.push_back({c.id, "measure", c.name, ph.empty() ? join(c.phases) : ph, "",
                           missions::to_string(c.kind),
                           join(c.releasability.empty() ? m.releasability : c.releasability),
                           missions::shape_of(c.kind), c.points, missions::to_json(c)});
        }
    }
    return out;
}

double lon_diff(double a, double b) {
    double d = std::fmod(std::abs(a - b), 360.0);
    return std::min(d, 360.0 - d);
}

void positions(const json& g, std::vector<std::pair<double, double>>& out) {
    if (g.is_null()) return;
    const std::string t = g["type"];
    if (t == "GeometryCollection") {
        for (auto& x : g["geometries"])
            positions(x, out);
    } else if (t == "Point") {
        out.push_back({g["coordinates"][0], g["coordinates"][1]});
    } else if (t == "LineString") {
        for (auto& p : g["coordinates"])
            out.push_back({p[0], p[1]});
    } else if (t == "Polygon") {
        for (auto& r : g["coordinates"])
            for (auto& p : r)
                out.push_back({p[0], p[1]});
    }
}

// Compares what togeojson read with what we meant to write; returns the first difference, or "".
std::string compare(const json& got, const std::vector<Expected>& want, const missions::Mission& m) {
    const json& fs = got["features"];
    if (fs.size() != want.size())
        return "togeojson read " + std::to_string(fs.size()) + " features, we wrote " +
               std::to_string(want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        const Expected& w = want[i];
        const json& f = fs[i];
        const json& p = f["properties"];
        const std::string where = "feature " + std::to_string(i) + " (" + w.id + "): ";
        auto prop = [&](const char* k) {
            return p.contains(k) && p[k].is_string() ? p[k].get<std::string>() : "?";
        };
        if (prop("name") != w.name) return where + "name " + prop("name") + ", expected " + w.name;
        if (prop("id") != w.id || prop("element") != w.element || prop("phase") != w.phase ||
            prop("marking") != m.classification || prop("releasability") != w.releasability)
            return where + "properties differ: " + p.dump();
        if (w.element == "unit" && prop("sidc") != w.sidc) return where + "sidc " + prop("sidc");
        if (w.element == "measure" && prop("kind") != w.kind) return where + "kind " + prop("kind");
        if (json::parse(prop("entente_json")) != w.element_json) return where + "entente_json differs";
        // Geometry: the type, and the positions.
        const json& g = f["geometry"];
        if (g.is_null()) return where + "no geometry";
        const std::string type = g["type"];
        const char* want_type = w.shape == missions::Shape::Point  ? "Point"
                                : w.shape == missions::Shape::Line ? "LineString"
                                                                   : "Polygon";
        if (type == "GeometryCollection") {
            for (auto& x : g["geometries"])
                if (x["type"] != want_type) return where + "a part is a " + x["type"].get<std::string>();
        } else if (type != want_type) {
            return where + "geometry " + type + ", expected " + want_type;
        }
        std::vector<std::pair<double, double>> got_pts;
        positions(g, got_pts);
        const double eps = 1e-6;
        auto near = [&](const std::pair<double, double>& a, const geo::LonLat& b) {
            return lon_diff(a.first, b.lon) < eps && std::abs(a.second - b.lat) < eps;
        };
        for (const auto& q : w.pts)
            if (std::none_of(got_pts.begin(), got_pts.end(), [&](auto& a) { return near(a, q); }))
                return where + "vertex " + std::to_string(q.lon) + "," + std::to_string(q.lat) +
                       " is missing";
        for (const auto& a : got_pts)
            if (std::abs(std::abs(a.first) - 180.0) > eps &&
                std::none_of(w.pts.begin(), w.pts.end(), [&](auto& q) { return near(a, q); }))
                return where + "position " + std::to_string(a.first) + "," + std::to_string(a.second) +
                       " is neither ours nor on the antimeridian";
    }
    return "";
}

fs::path dir(const std::string& name) {
    const fs::path d = fs::path(ENTENTE_CLI_OUT) / name;
    fs::create_directories(d);
    return d;
}

} // namespace

TEST_CASE("togeojson reads the demo mission's KML and KMZ as we wrote them, whole plan and each phase") {
    const missions::Mission m = missions::load_mission(ENTENTE_DEMO_MISSION);
    for (std::string phase : {"", "1", "2", "3"}) {
        for (const char* ext : {".kml", ".kmz"}) {
            const std::string out = (dir("kml-demo") / ("demo" + phase + ext)).string();
            std::vector<std::string> args = {"export", ENTENTE_DEMO_MISSION, "-o", out};
            if (!phase.empty()) args.insert(args.end(), {"--phase", phase});
            const auto r = cli_test::run(args);
            INFO(r.err);
            REQUIRE(r.code == 0);
            const auto o = run_oracle("togeojson_check.mjs", out);
            INFO(out << "\n" << o.output.substr(0, 4000));
            REQUIRE(o.status == 0);
            const json j = json::parse(o.output)[0];
            CHECK(j["issues"].empty());
            const std::string ph = phase.empty() ? "" : m.phases[std::stoul(phase) - 1].id;
            CHECK(compare(j, expected(m, ph), m) == "");
            if (std::string(ext) == ".kmz") {
                CHECK(j["entries"][0]["name"] == "doc.kml");
                CHECK(j["entries"].size() > 5); // the icons
                // Unit placemarks carry their symbol's icon (checked above to be in the archive).
                for (auto& f : j["features"])
                    if (f["properties"]["element"] == "unit") CHECK(f["properties"].contains("icon"));
            }
        }
    }
}

TEST_CASE("togeojson reads seeded random missions' KML and KMZ as we wrote them, across +-180 too") {
    std::mt19937 rng(7041);
    size_t split = 0, features = 0;
    std::vector<std::string> files;
    std::vector<std::pair<missions::Mission, std::string>> sent;
    for (int i = 0; i < 40; ++i) {
        const missions::Mission m = test::random_mission(rng);
        app::ExportRequest rq;
        rq.format = i % 4 == 3 ? missions::ExportFormat::KMZ : missions::ExportFormat::KML;
        rq.output = (dir("kml-random") / ("m" + std::to_string(i) + (i % 4 == 3 ? ".kmz" : ".kml"))).string();
        rq.allow_empty = true;
        if (i % 3 == 2 && !m.phases.empty()) rq.phase = m.phases.front().id;
        app::export_overlay(m, rq);
        files.push_back(rq.output);
        sent.push_back({m, rq.phase});
    }
    const auto o = [&] {
        // One node run for all files.
        std::string cmd = "node " + test::shell_quote(test::oracle_dir() + "/togeojson_check.mjs");
        for (auto& f : files)
            cmd += " " + test::shell_quote(f);
        test::OracleResult r;
        FILE* p = popen((cmd + " 2>&1").c_str(), "r");
        char buf[65536];
        for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;)
            r.output.append(buf, n);
        const int st = pclose(p);
        r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        return r;
    }();
    json all;
    try {
        all = json::parse(o.output);
    } catch (...) {
        FAIL(o.output.substr(0, 4000));
    }
    REQUIRE(all.size() == files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        const auto& [m, phase] = sent[i];
        INFO(files[i] << ": " << all[i]["issues"].dump());
        CHECK(all[i]["issues"].empty());
        CHECK(compare(all[i], expected(m, phase), m) == "");
        for (auto& f : all[i]["features"]) {
            ++features;
            split += f["geometry"].is_object() && f["geometry"]["type"] == "GeometryCollection";
        }
    }
    CHECK(o.status == 0);
    // The seeds give features crossing the antimeridian, so the split is exercised.
    CHECK(split > 3);
    CHECK(features > 200);
}

TEST_CASE("togeojson_check reports an unsplit ring across 180 degrees (the oracle can fail)") {
    const std::string bad = (dir("kml-bad") / "wide.kml").string();
    std::ofstream(bad)
        << R"(<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>)"
           R"(<Placemark><name>wide</name><Polygon><outerBoundaryIs><LinearRing><coordinates>)"
           R"(179,-17 -179,-17 -179,-16 179,-16 179,-17</coordinates></LinearRing></outerBoundaryIs>)"
           R"(</Polygon></Placemark></Document></kml>)";
    const auto r = run_oracle("togeojson_check.mjs", bad);
    CHECK(r.status == 1);
    CHECK(r.output.find("degrees wide") != std::string::npos);
    CHECK(r.output.find("unsplit") != std::string::npos);
}

TEST_CASE("togeojson reads a loaded layer's KML split at 180 degrees, with right-hand rings") {
    // antimeridian.geojson: a line and a box across 180 degrees (written with jumps, not split); polygons.shp
    // (UTM 33N): a clockwise exterior ring and a hole.
    for (const char* name : {"antimeridian.geojson", "polygons.shp"}) {
        const std::string out = (dir("kml-layers") / (std::string(name) + ".kml")).string();
        const auto r = cli_test::run({"export", std::string(ENTENTE_TEST_DATA) + "/" + name, "-o", out});
        INFO(r.err);
        REQUIRE(r.code == 0);
        const auto o = run_oracle("togeojson_check.mjs", out);
        INFO(o.output.substr(0, 3000));
        CHECK(o.status == 0);
        const json j = json::parse(o.output)[0];
        CHECK(j["issues"].empty());
        CHECK(j["features"].size() == 2);
        if (std::string(name) == "antimeridian.geojson")
            for (auto& f : j["features"])
                CHECK(f["geometry"]["type"] == "GeometryCollection"); // both split in two
    }
}
