// KML written in the KML 2.2 schema's element order: libkml (Google's reference implementation) parses our
// text and serialises it again with every element's children in schema order, so the two element sequences
// must be the same, element by element. On the demonstration mission (pins, icons, each phase) and on
// seeded random missions; and the geometry rules: exterior rings counterclockwise, parts split at +-180.
#include "missions/export.hpp"
#include "missions/persistence.hpp"
#include "random_mission.hpp"

#include <catch2/catch.hpp>
#include <kml/dom.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

using namespace entente;

namespace {

const missions::Mission& demo() {
    static const missions::Mission m = missions::load_mission(
        std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg");
    return m;
}

// Start tags in document order (not counting text in CDATA sections, where libkml puts text with '<' or '&').
std::vector<std::string> element_sequence(const std::string& text) {
    static const std::regex cdata(R"(<!\[CDATA\[[\s\S]*?\]\]>)"), tag("<([A-Za-z][A-Za-z0-9_:.-]*)");
    const std::string xml = std::regex_replace(text, cdata, "");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), tag); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

// Empty when libkml parses `kml` without complaint and its schema-ordered serialisation has the same element
// sequence; else what differs (the first difference with the elements before it).
std::string schema_order_problem(const std::string& kml) {
    // libkml writes text holding '<' or '&' back as CDATA without splitting a "]]>" inside it, so its output
    // would grow elements out of such text. Ours has it escaped ("]]&gt;", only ever in text): give libkml a
    // copy with a space in it, which leaves every element as it is.
    std::string text = kml;
    for (size_t at = 0; (at = text.find("]]&gt;", at)) != std::string::npos; at += 7)
        text.insert(at + 2, " ");
    std::string errors;
    const kmldom::ElementPtr root = kmldom::Parse(text, &errors);
    if (!root) return "libkml cannot parse it: " + errors;
    if (!errors.empty()) return "libkml: " + errors;
    const auto ours = element_sequence(kml), theirs = element_sequence(kmldom::SerializePretty(root));
    for (size_t i = 0; i < std::max(ours.size(), theirs.size()); ++i) {
        const std::string a = i < ours.size() ? ours[i] : "(end)",
                          b = i < theirs.size() ? theirs[i] : "(end)";
        if (a != b) {
            std::string before;
            for (size_t k = i >= 6 ? i - 6 : 0; k < i; ++k)
                before += ours[k] + " ";
            return "element " + std::to_string(i) + ": ours <" + a + ">, schema order <" + b + "> (after " +
                   before + ")";
        }
    }
    return "";
}

// Each <coordinates> in a Polygon, per Placemark name.
std::vector<std::vector<std::pair<double, double>>> polygon_rings(const std::string& kml) {
    static const std::regex ring("<LinearRing><coordinates>([^<]*)</coordinates>");
    std::vector<std::vector<std::pair<double, double>>> out;
    for (auto it = std::sregex_iterator(kml.begin(), kml.end(), ring); it != std::sregex_iterator(); ++it) {
        std::istringstream in((*it)[1].str());
        std::vector<std::pair<double, double>> pts;
        std::string t;
        while (in >> t) {
            double x = 0, y = 0;
            std::sscanf(t.c_str(), "%lf,%lf", &x, &y);
            pts.push_back({x, y});
        }
        out.push_back(pts);
    }
    return out;
}

double area2(const std::vector<std::pair<double, double>>& r) {
    double a = 0;
    for (size_t i = 0; i + 1 < r.size(); ++i)
        a += r[i].first * r[i + 1].second - r[i + 1].first * r[i].second;
    return a;
}

} // namespace

TEST_CASE("the demo mission's KML is in KML 2.2 schema order (libkml): pins, icons and each phase") {
    missions::ExportOptions opt;
    opt.format = missions::ExportFormat::KML;
    const std::string pins = missions::mission_kml(demo(), opt);
    CHECK(schema_order_problem(pins) == "");
    for (const auto& u : demo().units)
        opt.icon_href[u.sidc] = "icons/x.png";
    CHECK(schema_order_problem(missions::mission_kml(demo(), opt)) == "");
    for (const auto& p : demo().phases) {
        opt.phase = p.id;
        CHECK(schema_order_problem(missions::mission_kml(demo(), opt)) == "");
    }
    // The document's ExtendedData after its styles, before its folders.
    const size_t style = pins.rfind("</Style>"), data = pins.find("<ExtendedData><Data name=\"marking\">"),
                 folder = pins.find("<Folder>");
    CHECK(style < data);
    CHECK(data < folder);
    // A measure's style: IconStyle first.
    CHECK(pins.find("<Style id=\"m-route\"><IconStyle>") != std::string::npos);
}

TEST_CASE("the KML of seeded random missions is in KML 2.2 schema order and its rings obey the rules") {
    std::mt19937 rng(20261204);
    for (int i = 0; i < 150; ++i) {
        const missions::Mission m = test::random_mission(rng);
        missions::ExportOptions opt;
        opt.format = missions::ExportFormat::KML;
        if (i % 2)
            for (const auto& u : m.units)
                opt.icon_href[u.sidc] = "icons/u.png";
        if (i % 5 == 0 && !m.phases.empty()) opt.phase = m.phases.back().id;
        const std::string kml = missions::mission_kml(m, opt);
        INFO("mission " << i << ": " << m.name);
        REQUIRE(schema_order_problem(kml) == "");
        for (const auto& r : polygon_rings(kml)) {
            REQUIRE(r.size() >= 4);
            CHECK(r.front() == r.back());
            CHECK(area2(r) >= 0); // counterclockwise (outer rings only: areas have no holes)
            double lo = 1e9, hi = -1e9;
            for (auto& p : r)
                lo = std::min(lo, p.first), hi = std::max(hi, p.first);
            CHECK(lo >= -180);
            CHECK(hi <= 180);
            CHECK(hi - lo <= 180);
        }
    }
}

TEST_CASE(
    "an area across 180 degrees, drawn clockwise, is two counterclockwise polygons in a MultiGeometry") {
    missions::Mission m;
    m.name = "Fiji";
    missions::ControlMeasure c;
    c.id = "ao", c.name = "AO Fiji", c.kind = missions::MeasureKind::AreaOfOperations;
    c.points = {{179, -17}, {179, -16}, {-179, -16}, {-179, -17}}; // clockwise, across the antimeridian
    m.measures.push_back(c);
    missions::ControlMeasure r;
    r.id = "msr", r.name = "MSR", r.kind = missions::MeasureKind::MainSupplyRoute;
    r.points = {{179.5, -18}, {180.5, -18.5}, {-178, -19}}; // 180.5 written unwrapped
    m.measures.push_back(r);
    missions::ExportOptions opt;
    opt.format = missions::ExportFormat::KML;
    const std::string kml = missions::mission_kml(m, opt);
    CHECK(schema_order_problem(kml) == "");
    const auto rings = polygon_rings(kml);
    REQUIRE(rings.size() == 2);
    for (const auto& ring : rings) {
        CHECK(area2(ring) > 0);
        for (auto& p : ring)
            CHECK(std::abs(p.first) >= 179);
    }
    const size_t multi = kml.find("<MultiGeometry><Polygon>");
    CHECK(multi != std::string::npos);
    // The route: two LineStrings, meeting on 180 / -180.
    const size_t route = kml.find("<name>MSR</name>");
    REQUIRE(route != std::string::npos);
    const std::string rest = kml.substr(route);
    CHECK(rest.find("<MultiGeometry><LineString>") != std::string::npos);
    CHECK(
        rest.find("180.0000000,-18.2500000,0</coordinates></LineString><LineString><tessellate>1</tessellate>"
                  "<coordinates>-180.0000000,-18.2500000,0") != std::string::npos);
}

TEST_CASE("a KML rewritten by libkml (text as CDATA) still imports as the same mission") {
    // Partners' tools built on libkml save text holding '&' or '<' as CDATA sections; the mission header
    // must still be read back.
    missions::Mission m = missions::load_mission(std::string(ENTENTE_TEST_DATA) +
                                                 "/../../assets/demo/shared_shield.entente.gpkg");
    m.name = "Shield & <Sword>";
    missions::ExportOptions opt;
    opt.format = missions::ExportFormat::KML;
    std::string errors;
    const kmldom::ElementPtr root = kmldom::Parse(missions::mission_kml(m, opt), &errors);
    REQUIRE(root);
    const std::string rewritten = kmldom::SerializePretty(root);
    REQUIRE(rewritten.find("<![CDATA[") != std::string::npos);
    const auto path = std::filesystem::temp_directory_path() /
                      ("entente-libkml-rewrite-" + std::to_string(::getpid()) + ".kml");
    std::ofstream(path) << rewritten;
    bool whole = false;
    const missions::Mission back = missions::import_overlay(path.string(), &whole);
    std::filesystem::remove(path);
    CHECK(whole);
    CHECK(back.name == m.name);
    CHECK(back.d_day == m.d_day);
    CHECK(back.phases == m.phases);
    CHECK(back.units.size() == m.units.size());
}
