// `entente validate` as a planner runs it before a brief: the shipped plan passes; a plan with an error fails
// with a non-zero exit and a line naming the rule and the element.
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using cli_test::run;
namespace fs = std::filesystem;

TEST_CASE("the demonstration mission validates cleanly, and a broken plan does not") {
    const std::string demo = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg";
    auto r = run({"validate", demo, "--json"});
    CHECK(r.code == 0);
    CHECK(nlohmann::json::parse(r.out)["errors"] == 0);

    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / ("validate-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path plan = dir / "broken.entente.gpkg", ops = dir / "ops.json";
    fs::remove(plan);
    std::ofstream(ops) << R"J([{"op": "add_unit", "unit": {"id": "orphan", "parent": "nobody", "position": [1, 1]}}])J";
    REQUIRE(run({"edit", plan.string(), "--apply", ops.string()}).code == 0);
    r = run({"validate", plan.string()});
    CHECK(r.code == 1);
    CHECK(r.out.find("[missing-parent]") != std::string::npos);
    CHECK(r.out.find("[unit-without-nation]") != std::string::npos);
}

TEST_CASE("routes through the demo risk surface above a threshold are errors") {
    const std::string demo = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg";
    const std::string risk = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/risk_synthetic.tif";
    const auto r = run({"validate", demo, "--risk", risk, "--risk-threshold", "5", "--json"});
    CHECK(r.code == 1);
    const auto j = nlohmann::json::parse(r.out);
    bool route = false;
    for (auto& d : j["diagnostics"]) route = route || d["rule"] == "route-through-risk";
    CHECK(route);
}

TEST_CASE("entente render draws a mission for a chosen phase and refuses a phase it does not have") {
    const std::string demo = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg";
    const fs::path out = fs::path(ENTENTE_CLI_OUT) / ("mission-" + std::to_string(getpid()) + ".png");
    auto r = run({"render", demo, "--phase", "2", "--size", "320x240", "-o", out.string()});
    CHECK(r.code == 0);
    CHECK(fs::exists(out));
    r = run({"render", demo, "--phase", "7", "--size", "320x240", "-o", out.string()});
    CHECK(r.code != 0);
    CHECK(r.err.find("3 phase(s)") != std::string::npos);
}
