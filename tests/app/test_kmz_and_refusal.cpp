// The KMZ's zip (valid DOS dates, readable by GDAL's own zip reader, byte for byte) and the refusal of an
// export that would hold nothing, as the CLI and the window's Export panel get it from export_overlay.
#include "missions/export.hpp"
#include "missions/persistence.hpp"
#include "scene/assets.hpp"
#include "scene/overlay_export.hpp"
#include "scene/zip_writer.hpp"

#include <catch2/catch.hpp>
#include <cpl_vsi.h>

#include <filesystem>
#include <fstream>

using namespace entente;
namespace fs = std::filesystem;

namespace {

fs::path scratch() {
    const fs::path d = fs::temp_directory_path() / ("entente-kmz-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

std::string read_vsi(const std::string& path) {
    std::string out;
    if (VSILFILE* f = VSIFOpenL(path.c_str(), "rb")) {
        char buf[65536];
        for (size_t n; (n = VSIFReadL(buf, 1, sizeof buf, f)) > 0;)
            out.append(buf, n);
        VSIFCloseL(f);
    }
    return out;
}

} // namespace

TEST_CASE("zip entries carry a valid DOS date and time, and GDAL reads them back byte for byte") {
    std::tm tm{};
    tm.tm_year = 2026 - 1900, tm.tm_mon = 11, tm.tm_mday = 4, tm.tm_hour = 22, tm.tm_min = 47, tm.tm_sec = 31;
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm); // local time, as zip dates are
    const auto [time, date] = app::dos_date_time(t);
    CHECK(date >> 9 == 2026 - 1980);
    CHECK(((date >> 5) & 15) == 12);
    CHECK((date & 31) == 4);
    CHECK(time >> 11 == 22);
    CHECK(((time >> 5) & 63) == 47);
    CHECK((time & 31) == 15); // two-second units
    // Before 1980 (zip cannot say): the earliest valid date, 1980-01-01, never month or day 0.
    const auto [t0, d0] = app::dos_date_time(0);
    CHECK(d0 == ((1 << 5) | 1));
    CHECK(t0 == 0);

    const std::string zip = (scratch() / "t.zip").string();
    std::string big(200000, 'x');
    for (size_t i = 0; i < big.size(); ++i)
        big[i] = char(i * 7919 % 251);
    app::write_zip(zip, {{"doc.kml", "<kml/>"}, {"icons/a b.png", big}, {"empty", ""}}, t);
    CHECK(read_vsi("/vsizip/" + zip + "/doc.kml") == "<kml/>");
    CHECK(read_vsi("/vsizip/" + zip + "/icons/a b.png") == big);
    VSIStatBufL st;
    CHECK(VSIStatL(("/vsizip/" + zip + "/empty").c_str(), &st) == 0);
    CHECK_FALSE(fs::exists(zip + ".part"));
}

TEST_CASE("an export that would hold nothing is refused with the reasons and writes nothing") {
    const missions::Mission demo = missions::load_mission(app::asset_path("demo/shared_shield.entente.gpkg"));
    app::ExportRequest rq;
    rq.format = missions::ExportFormat::KMZ;
    rq.recipient = "NATO"; // the demo is releasable to UN and AU only
    rq.output = (scratch() / "nato.kmz").string();
    fs::remove(rq.output);
    try {
        app::export_overlay(demo, rq);
        FAIL("not refused");
    } catch (const app::EmptyExport& e) {
        CHECK(e.kind() == geo::ErrorKind::RefusedForSafety);
        CHECK(e.withheld.size() == demo.units.size() + demo.measures.size());
        CHECK(e.reason().find("NATO") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(rq.output));
    rq.allow_empty = true;
    const auto r = app::export_overlay(demo, rq);
    CHECK(r.features == 0);
    CHECK(r.withheld.size() == demo.units.size() + demo.measures.size());
    CHECK(fs::exists(rq.output));
    // A mission with nothing in it: refused too, but nothing was withheld (kind Failed, exit code 1).
    missions::Mission empty;
    app::ExportRequest e2;
    e2.output = (scratch() / "empty.geojson").string();
    try {
        app::export_overlay(empty, e2);
        FAIL("not refused");
    } catch (const app::EmptyExport& e) {
        CHECK(e.kind() == geo::ErrorKind::Failed);
        CHECK(e.withheld.empty());
    }
}

TEST_CASE("a CSV or CoT export is refused when only what that format cannot carry is released") {
    // One unit withheld, one area released: CSV (units only) and CoT (units and points) would be empty.
    missions::Mission m;
    m.d_day = "2027-03-01";
    missions::Unit u;
    u.id = "u1";
    u.sidc = "10031000161211000000";
    u.releasability = {"AU"};
    u.position = {18.5, 4.4};
    m.units.push_back(u);
    missions::ControlMeasure ao;
    ao.id = "ao";
    ao.name = "AO";
    ao.kind = missions::MeasureKind::AreaOfOperations;
    ao.points = {{18, 4}, {19, 4}, {19, 5}};
    ao.releasability = {"UN"};
    m.measures.push_back(ao);
    for (auto f : {missions::ExportFormat::CSV, missions::ExportFormat::CoT}) {
        app::ExportRequest rq;
        rq.format = f;
        rq.recipient = "UN";
        rq.output = (scratch() / (std::string("un.") + missions::to_string(f))).string();
        fs::remove(rq.output);
        INFO(missions::to_string(f));
        CHECK_THROWS_AS(app::export_overlay(m, rq), app::EmptyExport);
        CHECK_FALSE(fs::exists(rq.output));
    }
    // GeoJSON carries the area: written.
    app::ExportRequest rq;
    rq.recipient = "UN";
    rq.output = (scratch() / "un.geojson").string();
    CHECK(app::export_overlay(m, rq).features == 1);
}
