// Releasability that never fails open, checked on the files a partner receives: seeded random missions (the
// generator of the round-trip and oracle tests) with withheld parents, NOFORN and FVEY-only elements,
// markings with odd spacing and case, exported to every format for several recipients; no withheld element's
// id or name may appear anywhere in a released file (a byte search, KMZ unpacked), and blank or unknown
// recipients are refused before anything is written.
#include "missions/export.hpp"
#include "random_mission.hpp"
#include "scene/overlay_export.hpp"
#include "scene/reference_layer.hpp"

#include <cpl_vsi.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace entente;
namespace fs = std::filesystem;
using missions::ExportFormat;

namespace {

fs::path out_dir() {
    const fs::path d = fs::temp_directory_path() / ("entente-leak-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

// The bytes a partner's tool reads: the file, or a KMZ's doc.kml unpacked.
std::string released_bytes(const fs::path& p, ExportFormat f) {
    const std::string path = f == ExportFormat::KMZ ? "/vsizip/" + p.string() + "/doc.kml" : p.string();
    GByte* data = nullptr;
    vsi_l_offset size = 0;
    if (!VSIIngestFile(nullptr, path.c_str(), &data, &size, -1)) return {};
    std::string s(reinterpret_cast<const char*>(data), size_t(size));
    VSIFree(data);
    return s;
}

// Withheld elements with names and ids that nothing else in a random mission contains, and released ones that
// name them everywhere a derived field can.
void add_secrets(missions::Mission& m, int k) {
    const std::string n = std::to_string(k);
    missions::Unit parent;
    parent.id = "zzparent" + n + "q", parent.designation = "Hidden Parent Bn " + n + "Q";
    parent.sidc = "10031000151211000000", parent.releasability = {"FVEY"}, parent.position = {10, 10};
    missions::Unit noforn = parent;
    noforn.id = "zznoforn" + n + "q", noforn.designation = "Noforn Recce " + n + "Q";
    noforn.releasability = {"NOFORN"};
    missions::Unit child = parent;
    child.id = "child" + n, child.designation = "A Coy of " + parent.designation;
    child.parent = parent.id, child.higher_formation = parent.designation;
    child.notes = "with " + parent.id + " and " + noforn.designation + " (" + noforn.id + ")";
    // Whitespace and case in the marking, as the issue found: released to NATO and to NATO nations.
    child.releasability = {k % 2 ? " NATO " : "nato\xC2\xA0", "UN"};
    missions::ControlMeasure secret;
    secret.id = "zzmeasure" + n + "q", secret.name = "Secret AO " + n + "Q";
    secret.kind = missions::MeasureKind::AreaOfOperations, secret.points = {{0, 0}, {1, 0}, {1, 1}};
    secret.releasability = {"FVEY"};
    missions::ControlMeasure ao = secret;
    ao.id = "ao" + n, ao.name = "AO of " + parent.designation, ao.assigned_unit = parent.id;
    ao.notes = "replaces " + secret.name + " / " + secret.id, ao.releasability = {"NATO", "UN"};
    m.units.insert(m.units.begin(), {parent, noforn, child});
    m.measures.insert(m.measures.begin(), {secret, ao});
}

} // namespace

TEST_CASE("no released file of any format carries a withheld element's id or name") {
    const auto domain = app::load_reference_data();
    const auto* table = &domain->memberships;
    test::MissionGenerator gen(20261205);
    const ExportFormat formats[] = {ExportFormat::GeoJSON, ExportFormat::KML, ExportFormat::KMZ,
                                    ExportFormat::GPKG,    ExportFormat::CoT, ExportFormat::CSV};
    const char* recipients[] = {"NATO", " nato ", "UN", "SWE", "gha", "African Union"};
    size_t files = 0, searched = 0;
    for (int k = 0; k < 4; ++k) {
        missions::Mission m = gen.next();
        m.d_day = "2025-06-01"; // memberships are decided on D-day
        add_secrets(m, k);
        const std::vector<std::string> secrets{
            "zzparent" + std::to_string(k) + "q",  "Hidden Parent Bn " + std::to_string(k) + "Q",
            "zznoforn" + std::to_string(k) + "q",  "Noforn Recce " + std::to_string(k) + "Q",
            "zzmeasure" + std::to_string(k) + "q", "Secret AO " + std::to_string(k) + "Q"};
        for (const char* who : recipients) {
            const auto rel = missions::releasable_to(m, who, table);
            for (const auto f : formats) {
                app::ExportRequest rq;
                rq.format = f, rq.recipient = who, rq.filtered = true, rq.allow_empty = true;
                rq.output = (out_dir() / ("m" + std::to_string(k) + "-" + std::to_string(files) + "." +
                                          missions::to_string(f)))
                                .string();
                INFO("mission " << k << " recipient '" << who << "' " << missions::to_string(f));
                app::export_overlay(m, rq);
                const std::string bytes = released_bytes(rq.output, f);
                REQUIRE_FALSE(bytes.empty());
                ++files;
                for (const auto& s : secrets) {
                    INFO("secret " << s);
                    CHECK(bytes.find(s) == std::string::npos);
                    ++searched;
                }
                // Random withheld elements: their ids are nowhere among the released elements.
                for (const auto& w : rel.withheld) {
                    for (const auto& u : rel.mission.units)
                        CHECK((u.id != w.id && u.parent != w.id));
                    for (const auto& c : rel.mission.measures)
                        CHECK((c.id != w.id && c.assigned_unit != w.id));
                }
            }
        }
        // The child marked " NATO " / "nato<NBSP>" reaches NATO and a NATO nation on D-day, never AU.
        const std::string child = "child" + std::to_string(k);
        auto has_child = [&](const char* who) {
            const auto r = missions::releasable_to(m, who, table);
            return std::any_of(r.mission.units.begin(), r.mission.units.end(),
                               [&](const missions::Unit& u) { return u.id == child; });
        };
        CHECK(has_child("NATO"));
        CHECK(has_child("SWE")); // a NATO member on 2025-06-01
        CHECK_FALSE(has_child("AU"));
        CHECK_FALSE(has_child("FVEY"));
    }
    CHECK(files == 4 * 6 * 6);
    CHECK(searched == files * 6);
}

TEST_CASE("a blank or unknown recipient is refused and nothing is written") {
    test::MissionGenerator gen(7);
    missions::Mission m = gen.next();
    add_secrets(m, 0);
    struct Case {
        const char* recipient;
        geo::ErrorKind kind;
    };
    const Case cases[] = {{"", geo::ErrorKind::RefusedForSafety},
                          {"   ", geo::ErrorKind::RefusedForSafety},
                          {"\xE3\x80\x80", geo::ErrorKind::RefusedForSafety},
                          {"NOT A RECIPIENT", geo::ErrorKind::NotFound},
                          {"XQZ", geo::ErrorKind::NotFound}};
    for (const auto& c : cases) {
        INFO("'" << c.recipient << "'");
        app::ExportRequest rq;
        rq.format = ExportFormat::GeoJSON, rq.recipient = c.recipient, rq.filtered = true;
        rq.output = (out_dir() / "refused.geojson").string();
        fs::remove(rq.output);
        try {
            app::export_overlay(m, rq);
            FAIL("exported");
        } catch (const geo::InputError& e) {
            CHECK(e.kind() == c.kind);
        }
        CHECK_FALSE(fs::exists(rq.output));
    }
}

TEST_CASE("XML outputs stay well-formed: XML-illegal characters dropped, CSV cells cannot run as formulas") {
    missions::Mission m;
    m.name = "Bad \xEF\xBF\xBE name\x01";
    missions::Unit u;
    u.id = "u1", u.sidc = "10031000151211000000", u.position = {-12.5, -10.25};
    u.designation = "=HYPERLINK(\"http://evil\")\xEF\xBF\xBE\xEF\xBF\xBF\x0B end";
    u.higher_formation = "+cmd", u.notes = "@SUM(1)", u.command_relationship = "-2+3";
    u.nation = "\tGHA";
    m.units.push_back(u);
    for (const auto f : {ExportFormat::KML, ExportFormat::CoT, ExportFormat::KMZ}) {
        app::ExportRequest rq;
        rq.format = f, rq.output = (out_dir() / (std::string("xml.") + missions::to_string(f))).string();
        app::export_overlay(m, rq);
        const std::string bytes = released_bytes(rq.output, f);
        INFO(missions::to_string(f));
        for (const char* illegal : {"\xEF\xBF\xBE", "\xEF\xBF\xBF", "\x01", "\x0B"})
            CHECK(bytes.find(illegal) == std::string::npos);
        CHECK(bytes.find("\x0B end") == std::string::npos);
        CHECK(bytes.find("evil&quot;) end") != std::string::npos); // the rest of the name is kept
        if (fs::exists("/usr/bin/xmllint") && f != ExportFormat::KMZ) {
            const std::string cmd = "/usr/bin/xmllint --noout '" + rq.output + "' 2>/dev/null";
            CHECK(std::system(cmd.c_str()) == 0);
        }
    }
    app::ExportRequest rq;
    rq.format = ExportFormat::CSV, rq.output = (out_dir() / "cells.csv").string();
    app::export_overlay(m, rq);
    const std::string csv = released_bytes(rq.output, ExportFormat::CSV);
    CHECK(csv.find(",\"'=HYPERLINK(") != std::string::npos);
    CHECK(csv.find(",'+cmd,") != std::string::npos);
    CHECK(csv.find(",'-2+3,") != std::string::npos);
    CHECK(csv.find(",'\tGHA,") != std::string::npos);
    CHECK(csv.find(",-10.2500000,-12.5000000") != std::string::npos); // coordinates stay numbers
}

TEST_CASE(
    "a layer exported to CSV or KML: formulas neutralised, numbers kept, XML-illegal characters dropped") {
    const fs::path src = out_dir() / "cells.geojson";
    std::ofstream(src) << R"({"type":"FeatureCollection","features":[{"type":"Feature",
        "properties":{"name":"=1+2\uFFFE","code":"-5","count":-5,"note":"@x"},
        "geometry":{"type":"Point","coordinates":[-12.5,-10.25]}}]})";
    const fs::path csv = out_dir() / "layer.csv", kml = out_dir() / "layer.kml";
    CHECK(app::export_layer_file(src.string(), csv.string(), ExportFormat::CSV) == 1);
    const std::string c = released_bytes(csv, ExportFormat::CSV);
    CHECK(c.find("'=1+2") != std::string::npos);
    CHECK(c.find(",'-5,") != std::string::npos);    // a text cell, so neutralised
    CHECK(c.find(",\"-5\",") != std::string::npos); // the number stays -5 (GDAL quotes numbers as it did)
    CHECK(c.find("'@x") != std::string::npos);
    CHECK(c.find("-12.5") != std::string::npos);
    CHECK(c.find("'-12.5") == std::string::npos);
    CHECK(app::export_layer_file(src.string(), kml.string(), ExportFormat::KML) == 1);
    const std::string k = released_bytes(kml, ExportFormat::KML);
    CHECK(k.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(k.find("=1+2") != std::string::npos);
    if (fs::exists("/usr/bin/xmllint"))
        CHECK(std::system(("/usr/bin/xmllint --noout '" + kml.string() + "' 2>/dev/null").c_str()) == 0);
}
