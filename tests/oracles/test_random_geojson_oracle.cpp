// Seeded random missions (tests/missions/random_mission.hpp: units on the antimeridian and at the poles,
// areas and lines around them, every measure kind, unicode and markup in the text) exported to GeoJSON, whole
// plan and one phase, and checked by @placemarkio/check-geojson and Turf's right-hand rule
// (check_geojson.mjs).
#include "oracle.hpp"
#include "random_mission.hpp"
#include "scene/overlay_export.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

namespace fs = std::filesystem;
using namespace entente;

TEST_CASE("check-geojson accepts random missions' GeoJSON, whole plan and a phase") {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / "geojson-random";
    fs::create_directories(dir);
    test::MissionGenerator gen(20261204);
    std::vector<std::string> files;
    for (int i = 0; i < 20; ++i) {
        const missions::Mission m = gen.next();
        app::ExportRequest rq;
        rq.output = (dir / ("random-" + std::to_string(i) + ".geojson")).string();
        app::export_overlay(m, rq);
        files.push_back(rq.output);
        if (!m.phases.empty()) {
            rq.phase = m.phases.back().id;
            rq.output = (dir / ("random-" + std::to_string(i) + "-phase.geojson")).string();
            app::export_overlay(m, rq);
            files.push_back(rq.output);
        }
    }
    const auto r = test::run_oracle_args("check_geojson.mjs", files);
    INFO(r.output);
    CHECK(r.status == 0);
}
