// Validation: each rule fires on a plan that breaks it, names the element and where it is, and a sound plan
// (the demonstration mission) has no errors.
#include "missions/persistence.hpp"
#include "missions/validate.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

using namespace entente::missions;

namespace {

Mission base() {
    return mission_from_json(nlohmann::json::parse(R"J({
      "name": "t", "classification": "UNCLASSIFIED", "releasability": ["UN", "AU"],
      "phases": [{"id": "p1", "name": "One"}, {"id": "p2", "name": "Two"}],
      "units": [
        {"id": "a", "nation": "GHA", "position": [1, 1], "phase_position": {"p2": [1.5, 1.5]}},
        {"id": "a1", "nation": "GHA", "parent": "a", "position": [1.2, 1.2]},
        {"id": "b", "nation": "RWA", "position": [5, 1]}],
      "measures": [
        {"id": "aor_a", "name": "AOR A", "kind": "area_of_responsibility", "assigned_unit": "a",
         "points": [[0, 0], [2, 0], [2, 2], [0, 2]], "phases": ["p1", "p2"]},
        {"id": "aor_b", "name": "AOR B", "kind": "area_of_responsibility", "assigned_unit": "b",
         "points": [[4, 0], [6, 0], [6, 2], [4, 2]]}]
    })J"));
}

std::vector<std::string> rules(const ValidationResult& r) {
    std::vector<std::string> out;
    for (auto& d : r.diagnostics)
        out.push_back(d.rule + ":" + d.element);
    return out;
}
bool has(const ValidationResult& r, const std::string& what) {
    const auto v = rules(r);
    return std::find(v.begin(), v.end(), what) != v.end();
}

} // namespace

TEST_CASE("a sound plan has no errors") {
    const auto r = validate(base());
    INFO(to_json(r).dump(2));
    CHECK(r.errors() == 0);
}

TEST_CASE("a subordinate unit outside its unit's area, in a given phase, is reported where it is") {
    Mission m = base();
    m.units[1].phase_position["p2"] = {3, 3}; // a1 leaves AOR A in phase 2
    const auto r = validate(m);
    REQUIRE(has(r, "unit-outside-area:a1"));
    for (auto& d : r.diagnostics)
        if (d.rule == "unit-outside-area") {
            CHECK(d.message.find("p2") != std::string::npos);
            REQUIRE(d.where);
            CHECK(d.where->lon == 3);
        }
}

TEST_CASE("overlapping areas of responsibility of different units") {
    Mission m = base();
    m.measures[1].points = {{1.5, 0.5}, {6, 0}, {6, 2}, {4, 2}};
    CHECK(has(validate(m), "overlapping-aor:aor_a"));
}

TEST_CASE("a unit with no nation, and a unit whose parent is missing") {
    Mission m = base();
    m.units[2].nation.clear();
    m.units[1].parent = "ghost";
    const auto r = validate(m);
    CHECK(has(r, "unit-without-nation:b"));
    CHECK(has(r, "missing-parent:a1"));
}

TEST_CASE("an element releasable more widely than the marking allows") {
    Mission m = base();
    m.units[0].releasability = {"UN", "NATO"};
    const auto r = validate(m);
    REQUIRE(has(r, "releasability-wider-than-marking:a"));
    CHECK(to_json(r).dump().find("NATO") != std::string::npos);
}

TEST_CASE("a phase with no elements of its own is a warning, not an error") {
    Mission m = base();
    m.phases.push_back({"p3", "Three", 0, 0});
    const auto r = validate(m);
    CHECK(has(r, "empty-phase:p3"));
    CHECK(r.errors() == 0);
}

TEST_CASE("a route through risk above the threshold, with its profile sampled at the spacing") {
    Mission m = base();
    // tests/data/raster.tif: 0.25 degree cells over lon 10..26, lat 40..48, value row * 100 + col.
    m.measures.push_back(measure_from_json(nlohmann::json::parse(
        R"J({"id": "r1", "name": "ROUTE X", "kind": "route", "points": [[12, 46], [20, 46]]})J")));
    ValidationOptions o;
    o.risk_raster = std::string(ENTENTE_TEST_DATA) + "/raster.tif";
    o.risk_threshold = 800; // row 8 (lat 46) reaches 800 + col
    o.sample_spacing_m = 5000;
    const auto r = validate(m, o);
    CHECK(has(r, "route-through-risk:r1"));
    REQUIRE(r.route_profiles.size() == 1);
    const auto& prof = r.route_profiles[0].second;
    CHECK(prof.size() > 100); // ~616 km at 5 km spacing
    for (size_t i = 1; i < prof.size(); ++i)
        CHECK(prof[i].distance_m - prof[i - 1].distance_m <= 5000.001);
    o.risk_threshold = 10000;
    CHECK_FALSE(has(validate(m, o), "route-through-risk:r1"));
}

TEST_CASE("the demonstration mission validates without errors") {
    const Mission demo =
        load_mission(std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg");
    const auto r = validate(demo);
    INFO(to_json(r).dump(2));
    CHECK(r.errors() == 0);
}

TEST_CASE("a mission file holding a parent loop opens with every unit, and validation names each one") {
    // Edits refuse loops, but an older version or a hand-edited file may hold one; it must not hide units.
    Mission m = base();
    m.units[0].parent = "a1"; // a -> a1 -> a
    const auto file = std::filesystem::temp_directory_path() /
                      ("entente-loop-" + std::to_string(::getpid()) + ".entente.gpkg");
    save_mission(m, file.string());
    const Mission loaded = load_mission(file.string());
    std::filesystem::remove(file);
    CHECK(loaded.units.size() == 3);
    const auto r = validate(loaded);
    CHECK(has(r, "parent-loop:a"));
    CHECK(has(r, "parent-loop:a1"));
    CHECK_FALSE(has(r, "parent-loop:b"));
    for (auto& d : r.diagnostics)
        if (d.rule == "parent-loop" && d.element == "a")
            CHECK_THAT(d.message, Catch::Contains("a -> a1 -> a"));
}

TEST_CASE("a measure scoped to phases the mission no longer has is reported (it would show in no phase)") {
    Mission m = base();
    m.measures[0].phases = {"p9"}; // e.g. the phase was deleted after the measure was scoped to it
    auto r = validate(m);
    CHECK(has(r, "measure-unknown-phase:aor_a"));
    CHECK(r.errors() >= 1);
    m.measures[0].phases = {"p1", "p9"}; // still shows in p1: a warning
    r = validate(m);
    CHECK(has(r, "measure-unknown-phase:aor_a"));
    m.measures[0].phases = {"p1"};
    CHECK_FALSE(has(validate(m), "measure-unknown-phase:aor_a"));
}
