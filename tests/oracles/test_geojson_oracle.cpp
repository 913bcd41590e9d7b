// GeoJSON exports checked by @placemarkio/check-geojson, the strict RFC 7946 checker partners' web tools use.
#include "cli_run.hpp"
#include "oracle.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

namespace fs = std::filesystem;
using entente::test::run_oracle;

TEST_CASE("check-geojson accepts the demo mission's GeoJSON, whole plan and each phase") {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / "geojson-demo";
    fs::create_directories(dir);
    std::vector<std::string> files;
    for (std::string phase : {"", "1", "2", "3"}) {
        const std::string out = (dir / ("demo" + phase + ".geojson")).string();
        std::vector<std::string> args = {"export", ENTENTE_DEMO_MISSION, "--format", "geojson", "-o", out};
        if (!phase.empty()) args.insert(args.end(), {"--phase", phase});
        const auto r = cli_test::run(args);
        INFO(r.err);
        REQUIRE(r.code == 0);
        files.push_back(out);
    }
    const auto r = run_oracle("check_geojson.mjs", files[0], files[1], files[2], files[3]);
    INFO(r.output);
    CHECK(r.status == 0);
}

TEST_CASE("check-geojson rejects a file that breaks RFC 7946 (the oracle can fail)") {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / "geojson-bad";
    fs::create_directories(dir);
    const std::string bad = (dir / "clockwise.geojson").string();
    // A clockwise exterior ring: RFC 7946 section 3.1.6 asks for counterclockwise.
    std::ofstream(bad)
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
           R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]})";
    const auto r = run_oracle("check_geojson.mjs", bad);
    INFO(r.output);
    CHECK(r.status == 1);
    CHECK(r.output.find("clockwise.geojson") != std::string::npos);
}
