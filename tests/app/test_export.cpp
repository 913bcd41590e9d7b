// Overlay export as partners receive it: every format re-read through GDAL with the same elements, GeoJSON
// held to RFC 7946, releasability that never releases to a recipient not entitled (thousands of seeded random
// missions), and re-import giving back the same elements.
#include "geo/gdal_ptr.hpp"
#include "missions/export.hpp"
#include "missions/persistence.hpp"
#include "scene/assets.hpp"
#include "scene/overlay_export.hpp"
#include "scene/reference_layer.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>

using namespace entente;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path out_dir() {
    const fs::path d = fs::temp_directory_path() / ("entente-export-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

const missions::Mission& demo() {
    static const missions::Mission m =
        missions::load_mission(app::asset_path("demo/shared_shield.entente.gpkg"));
    return m;
}

struct Read {
    size_t features = 0;
    std::set<std::string> ids;
    std::map<std::string, std::string> sidc_of; // unit id -> SIDC property
};

Read read_back(const std::string& path) {
    GDALAllRegister();
    Read r;
    geo::DatasetPtr ds(
        static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    for (OGRLayer* l : ds->GetLayers())
        for (auto& f : *l) {
            ++r.features;
            const int id = f->GetFieldIndex("id"), sidc = f->GetFieldIndex("sidc");
            if (id >= 0) r.ids.insert(f->GetFieldAsString(id));
            if (id >= 0 && sidc >= 0 && f->IsFieldSetAndNotNull(sidc) && *f->GetFieldAsString(sidc))
                r.sidc_of[f->GetFieldAsString(id)] = f->GetFieldAsString(sidc);
        }
    return r;
}

std::set<std::string> all_ids(const missions::Mission& m, bool units = true, bool measures = true) {
    std::set<std::string> s;
    if (units)
        for (auto& u : m.units)
            s.insert(u.id);
    if (measures)
        for (auto& c : m.measures)
            s.insert(c.id);
    return s;
}

} // namespace

TEST_CASE("the demonstration mission exports to every format and reads back with its elements") {
    const auto& m = demo();
    for (auto f : {missions::ExportFormat::GeoJSON, missions::ExportFormat::GPKG, missions::ExportFormat::KML,
                   missions::ExportFormat::KMZ, missions::ExportFormat::CSV}) {
        app::ExportRequest rq;
        rq.format = f;
        rq.output = (out_dir() / (std::string("demo.") + missions::to_string(f))).string();
        const auto res = app::export_overlay(m, rq);
        INFO(missions::to_string(f));
        CHECK(res.withheld.empty());
        const Read r = read_back(rq.output);
        CHECK(r.features == res.features);
        if (f == missions::ExportFormat::CSV) {
            CHECK(r.ids == all_ids(m, true, false)); // CSV holds units
        } else {
            CHECK(r.ids == all_ids(m));
        }
        for (const auto& u : m.units) {
            CHECK(r.sidc_of.count(u.id));
            if (r.sidc_of.count(u.id)) CHECK(r.sidc_of.at(u.id) == u.sidc);
        }
    }
}

TEST_CASE("the KMZ holds the unit symbols as icons and folders per phase") {
    app::ExportRequest rq;
    rq.format = missions::ExportFormat::KMZ;
    rq.output = (out_dir() / "icons.kmz").string();
    app::export_overlay(demo(), rq);
    char** files = VSIReadDir(("/vsizip/" + rq.output + "/icons").c_str());
    const int n = CSLCount(files);
    CSLDestroy(files);
    std::set<std::string> codes;
    for (auto& u : demo().units)
        codes.insert(u.sidc);
    CHECK(size_t(n) == codes.size());
    GDALAllRegister();
    geo::DatasetPtr ds(
        static_cast<GDALDataset*>(GDALOpenEx(rq.output.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    CHECK(size_t(ds->GetLayerCount()) == demo().phases.size());
}

TEST_CASE("CoT events are one well-formed file with types derived from the symbol codes") {
    CHECK(missions::cot_type("10031000161211000000") == "a-f-G-U-C-I"); // friendly infantry
    CHECK(missions::cot_type("SHGPUCA----E") == "a-h-G-U-C-A");         // hostile armour (2525C)
    CHECK(missions::cot_type("10061000151205000000") == "a-h-G-U-C-A"); // hostile armour (2525D)
    CHECK(missions::cot_type("not a code") == "a-u-G");
    app::ExportRequest rq;
    rq.format = missions::ExportFormat::CoT;
    rq.phase = "2";
    rq.output = (out_dir() / "demo.cot").string();
    const auto res = app::export_overlay(demo(), rq);
    std::ifstream in(rq.output);
    const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t points = 0;
    for (auto& c : demo().measures)
        points += missions::shape_of(c.kind) == missions::Shape::Point &&
                  (c.phases.empty() || std::count(c.phases.begin(), c.phases.end(), "p2"));
    size_t events = 0;
    for (size_t p = 0; (p = xml.find("<event ", p)) != std::string::npos; ++p)
        ++events;
    CHECK(events == demo().units.size() + points);
    CHECK(res.features == events);
    CHECK(xml.find("</events>") != std::string::npos);
    CHECK(xml.find("<__milsym id=\"" + demo().units[0].sidc + "\"/>") != std::string::npos);
    // GDAL's XML parser agrees it is well formed.
    CPLXMLNode* root = CPLParseXMLString(xml.c_str());
    CHECK(root != nullptr);
    if (root) CPLDestroyXMLNode(root);
}

TEST_CASE("GeoJSON follows RFC 7946: lon/lat, right-hand rings, antimeridian split, 7 decimals, no crs") {
    missions::Mission m;
    m.name = "Fiji";
    m.releasability = {"UN"};
    missions::ControlMeasure area;
    area.id = "a1", area.name = "across the line", area.kind = missions::MeasureKind::AreaOfOperations;
    // Clockwise on purpose, and across 180 degrees.
    area.points = {{179.123456789, -16.5}, {-179.3, -16.2}, {-179.4, -17.5}, {179.5, -17.5}};
    m.measures.push_back(area);
    missions::Unit u;
    u.id = "u1", u.sidc = "10031000161211000000", u.position = {178.4418999999, -18.1416};
    m.units.push_back(u);
    app::ExportRequest rq;
    rq.output = (out_dir() / "fiji.geojson").string();
    app::export_overlay(m, rq);
    std::ifstream in(rq.output);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const json j = json::parse(text);
    CHECK_FALSE(j.contains("crs"));
    // No coordinate with more than 7 decimals (in the geometries as written; the element's own JSON property
    // keeps full precision for an exact re-import).
    size_t geometries = 0;
    for (size_t p = 0; (p = text.find("\"geometry\"", p)) != std::string::npos; ++p, ++geometries) {
        const std::string g = text.substr(p, text.find('\n', p) - p);
        CHECK_FALSE(std::regex_search(g, std::regex(R"(\d\.\d{8,})")));
    }
    CHECK(geometries == 2);
    bool split = false;
    for (const auto& f : j["features"]) {
        const auto& g = f["geometry"];
        if (f["properties"]["id"] != "a1") {
            CHECK(g["coordinates"][0].get<double>() == Approx(178.4419).margin(1e-7));
            continue;
        }
        REQUIRE(g["type"] == "MultiPolygon");
        split = g["coordinates"].size() == 2;
        for (const auto& poly : g["coordinates"]) {
            const auto& ring = poly[0];
            double area2 = 0, minx = 1e9, maxx = -1e9;
            for (size_t i = 0; i + 1 < ring.size(); ++i) {
                area2 += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
                         ring[i + 1][0].get<double>() * ring[i][1].get<double>();
                minx = std::min(minx, ring[i][0].get<double>()),
                maxx = std::max(maxx, ring[i][0].get<double>());
            }
            CHECK(area2 > 0);           // counterclockwise exterior ring
            CHECK(maxx - minx < 180.0); // each part on one side of the antimeridian
        }
    }
    CHECK(split);
}

TEST_CASE("re-importing an export into a new mission gives back the same elements") {
    for (const char* ext : {"geojson", "gpkg", "kml"}) {
        app::ExportRequest rq;
        rq.format = *missions::export_format_from(ext);
        rq.output = (out_dir() / (std::string("roundtrip.") + ext)).string();
        app::export_overlay(demo(), rq);
        const missions::Mission back = missions::import_overlay(rq.output);
        INFO(ext);
        REQUIRE(back.units.size() == demo().units.size());
        REQUIRE(back.measures.size() == demo().measures.size());
        // The same elements (a GeoPackage keeps measures in a table per geometry type, so match by id).
        for (const auto& u : demo().units) {
            auto it =
                std::find_if(back.units.begin(), back.units.end(), [&](auto& x) { return x.id == u.id; });
            REQUIRE(it != back.units.end());
            CHECK(*it == u);
        }
        for (const auto& c : demo().measures) {
            auto it = std::find_if(back.measures.begin(), back.measures.end(),
                                   [&](auto& x) { return x.id == c.id; });
            REQUIRE(it != back.measures.end());
            CHECK(*it == c);
        }
    }
}

TEST_CASE("a nation receives what is releasable to an organisation it belonged to on D-day") {
    const auto domain = app::load_reference_data();
    const auto* t = &domain->memberships;
    missions::Mission m;
    m.d_day = "2024-03-07"; // Sweden joined NATO that day
    CHECK(missions::withheld_reason({"NATO"}, m, "SWE", t).empty());
    CHECK(missions::withheld_reason({"NATO"}, m, "NATO", t).empty());
    m.d_day = "2024-03-06";
    CHECK_FALSE(missions::withheld_reason({"NATO"}, m, "SWE", t).empty());
    CHECK_FALSE(
        missions::withheld_reason({"NATO"}, m, "AU", t).empty());    // an organisation gets only its own name
    CHECK_FALSE(missions::withheld_reason({}, m, "SWE", t).empty()); // nothing set: withheld
    m.releasability = {"SWE"};
    CHECK(missions::withheld_reason({}, m, "SWE", t).empty()); // the mission's default applies
    m.d_day.clear();
    CHECK_FALSE(missions::withheld_reason({"NATO"}, m, "SWE", t).empty()); // no date: fail closed
}

TEST_CASE("releasability never releases to a recipient not entitled, over thousands of random missions") {
    const auto domain = app::load_reference_data();
    const auto& table = domain->memberships;
    const std::vector<std::string> orgs{"NATO", "EU", "AU", "UN", "ECOWAS", "FVEY", "ASEAN"};
    const std::vector<std::string> nations{"USA", "GBR", "FRA", "DEU", "SWE", "FIN", "GHA",
                                           "NGA", "RWA", "KEN", "AUS", "NZL", "CAN", "TUR",
                                           "UKR", "MLI", "BFA", "IDN", "ZAF", "NOR"};
    const std::vector<std::string> days{
        "1995-01-01", "2004-05-01", "2020-02-01", "2023-04-04", "2024-03-06", "2025-06-01", ""};
    std::mt19937 rng(20261125);
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    // How a marking or a recipient reaches us from a hand-edited file or a command line: the oracle keeps
    // the plain code, the model sees one of these spellings, all of which mean that code.
    auto spell = [&](const std::string& code) -> std::string {
        std::string lower = code;
        for (char& c : lower)
            c = char(std::tolower((unsigned char)c));
        std::string wide; // full-width Latin capitals and digits (U+FF21.., U+FF10..)
        for (char c : code) {
            const char32_t cp = char32_t(0xFF01 + (c - 0x21));
            wide += char(0xE0 | (cp >> 12)), wide += char(0x80 | ((cp >> 6) & 0x3F)),
                wide += char(0x80 | (cp & 0x3F));
        }
        switch (rng() % 8) {
        case 0:
            return lower;
        case 1:
            return " " + code + " ";
        case 2:
            return "\xC2\xA0" + code + "\t"; // no-break space, tab
        case 3:
            return "\xE3\x80\x80" + lower + "\xE2\x80\x8B"; // ideographic space, zero-width space
        case 4:
            return wide;
        default:
            return code;
        }
    };
    auto random_rel = [&](std::vector<std::string>& spelt) {
        std::vector<std::string> r;
        const int n = int(rng() % 4);
        for (int i = 0; i < n; ++i) {
            r.push_back(rng() % 3 ? pick(orgs) : pick(nations));
            spelt.push_back(spell(r.back()));
        }
        return r;
    };
    size_t released = 0, withheld = 0, scrubbed = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        missions::Mission m;
        m.d_day = pick(days);
        const std::vector<std::string> mission_rel = random_rel(m.releasability);
        std::vector<std::vector<std::string>> unit_rel;
        for (int i = 0; i < 6; ++i) {
            missions::Unit u;
            u.id = "u" + std::to_string(i);
            u.designation = "Unit-" + std::to_string(trial) + "-" + std::to_string(i);
            unit_rel.push_back(random_rel(u.releasability));
            // Fields that name another element: the parent, its designation as higher formation, and a note
            // naming a sibling, as planners write them.
            if (i > 0 && rng() % 2) {
                const auto& p = m.units[rng() % m.units.size()];
                u.parent = p.id;
                u.higher_formation = p.designation;
            }
            if (i > 0 && rng() % 2)
                u.notes = "relieves " + m.units[rng() % m.units.size()].designation + " at dawn";
            m.units.push_back(u);
        }
        const std::string who = rng() % 2 ? pick(orgs) : pick(nations);
        const auto r = missions::releasable_to(m, spell(who), &table);
        const auto day = geo::Date::parse(m.d_day);
        // The oracle, written independently: the list names the recipient, or the recipient is a nation that
        // belonged on D-day to an organisation the list names.
        auto entitled = [&](size_t i) {
            const auto& rel = unit_rel[i].empty() ? mission_rel : unit_rel[i];
            for (const auto& x : rel) {
                if (x == who) return true;
                const bool who_is_nation = std::find(nations.begin(), nations.end(), who) != nations.end();
                const bool x_is_org = std::find(orgs.begin(), orgs.end(), x) != orgs.end();
                if (who_is_nation && x_is_org && day && table.is_member(x, who, *day)) return true;
            }
            return false;
        };
        auto index_of = [&](const std::string& id) { return size_t(std::stoi(id.substr(1))); };
        std::vector<std::string> withheld_names;
        for (size_t i = 0; i < m.units.size(); ++i)
            if (!entitled(i)) withheld_names.push_back(m.units[i].designation);
        for (const auto& u : r.mission.units) {
            INFO("trial " << trial << " recipient " << who << " unit " << u.id);
            CHECK(entitled(index_of(u.id)));
            ++released;
            // Nothing released names a withheld element, in any field.
            if (!u.parent.empty()) CHECK(entitled(index_of(u.parent)));
            for (const auto& name : withheld_names)
                for (const std::string* field : {&u.higher_formation, &u.notes, &u.designation}) {
                    INFO("withheld " << name << " in '" << *field << "'");
                    CHECK(field->find(name) == std::string::npos);
                }
            const auto& orig = m.units[index_of(u.id)];
            scrubbed += u.higher_formation != orig.higher_formation || u.notes != orig.notes;
        }
        CHECK(r.mission.units.size() + r.withheld.size() == m.units.size());
        for (const auto& w : r.withheld) {
            CHECK_FALSE(entitled(index_of(w.id))); // and nothing entitled is withheld
            CHECK_FALSE(w.reason.empty());
            ++withheld;
        }
        // A recipient that is blank in any spelling would mean everyone: refused, never taken as no filter.
        if (trial % 100 == 0)
            for (const char* blank : {"", " ", "\xC2\xA0", "\t\xE3\x80\x80"})
                CHECK_THROWS_AS(missions::releasable_to(m, blank, &table), geo::InputError);
    }
    // Both outcomes occur, and released elements did lose names of withheld ones, so the checks bite.
    CHECK(scrubbed > 100);
    CHECK(released > 1000);
    CHECK(withheld > 1000);
}
