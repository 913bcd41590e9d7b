// Round trips through the app's export (app::export_overlay, as the CLI and the window run it): KMZ, whose
// writer draws the unit symbols as icons, gives back an equal mission for the demonstration mission and for
// seeded random missions (the other formats: tests/missions/test_round_trip.cpp), and a re-imported mission
// releases to a recipient exactly what the original releases.
#include "missions/export.hpp"
#include "missions/persistence.hpp"
#include "random_mission.hpp"
#include "scene/assets.hpp"
#include "scene/overlay_export.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace entente;
namespace fs = std::filesystem;
using missions::ExportFormat;

namespace {

fs::path out_dir() {
    const fs::path d = fs::temp_directory_path() / ("entente-kmz-rt-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

const missions::Mission& demo() {
    static const missions::Mission m =
        missions::load_mission(app::asset_path("demo/shared_shield.entente.gpkg"));
    return m;
}

std::string export_to(const missions::Mission& m, ExportFormat f, const std::string& name,
                      const std::string& recipient = "") {
    app::ExportRequest rq;
    rq.format = f;
    rq.recipient = recipient;
    rq.output = (out_dir() / (name + "." + missions::to_string(f))).string();
    app::export_overlay(m, rq);
    return rq.output;
}

// docs/overlay-profile.md, "What each format holds": KMZ holds the whole model, except a measure naming only
// phases the mission lacks (when it has phases), which no phase folder holds.
missions::Mission expected_kmz_import(const missions::Mission& m) {
    missions::Mission want = m;
    if (!m.phases.empty())
        std::erase_if(want.measures, [&](const missions::ControlMeasure& c) {
            return !c.phases.empty() && std::none_of(c.phases.begin(), c.phases.end(), [&](auto& id) {
                return std::any_of(m.phases.begin(), m.phases.end(), [&](auto& p) { return p.id == id; });
            });
        });
    return want;
}

} // namespace

TEST_CASE("the demonstration mission and random missions come back equal from KMZ") {
    bool whole = false;
    const missions::Mission back =
        missions::import_overlay(export_to(demo(), ExportFormat::KMZ, "demo"), &whole);
    CHECK(whole);
    INFO(test::mission_diff(demo(), back));
    CHECK(back == demo());
    test::MissionGenerator gen(20261204);
    for (int i = 0; i < 50; ++i) {
        const missions::Mission m = gen.next();
        const std::string path = export_to(m, ExportFormat::KMZ, "random-" + std::to_string(i));
        const missions::Mission got = missions::import_overlay(path), want = expected_kmz_import(m);
        INFO("mission " << i << " (" << path << ")\n" << test::mission_diff(want, got));
        CHECK(got == want);
    }
}

TEST_CASE("a re-imported demonstration mission releases to UN what the original releases") {
    app::ExportRequest rq;
    rq.recipient = "UN";
    rq.output = (out_dir() / "demo-un.geojson").string();
    const auto before = app::export_overlay(demo(), rq);
    REQUIRE(before.features > 0);
    for (auto f : {ExportFormat::GeoJSON, ExportFormat::GPKG, ExportFormat::KML, ExportFormat::KMZ}) {
        const missions::Mission back = missions::import_overlay(export_to(demo(), f, "demo-un-rt"));
        rq.output = (out_dir() / "demo-un-again.geojson").string();
        const auto after = app::export_overlay(back, rq);
        INFO(missions::to_string(f));
        CHECK(after.features == before.features);
        CHECK(after.withheld.size() == before.withheld.size());
    }
    // And the UN's own overlay, imported, is the released part of the mission, less the slides and the
    // description, which go only with an unfiltered export (they carry no releasability).
    auto released = missions::releasable_to(demo(), "UN", nullptr).mission;
    released.slides.clear();
    released.description.clear();
    const missions::Mission un =
        missions::import_overlay(export_to(demo(), ExportFormat::GeoJSON, "un", "UN"));
    INFO(test::mission_diff(released, un));
    CHECK(un == released);
}
