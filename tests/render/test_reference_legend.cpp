// The legend a briefing audience reads: the date, how many members each chosen organisation has on it, and
// how many peace operations were active.
#include "geo/error.hpp"
#include "scene/headless_render.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace entente;

namespace {
std::vector<std::string> legend_for(const std::string& date, std::vector<std::string> orgs, bool missions) {
    app::MapScene scene;
    scene.reference.date = *geo::Date::parse(date);
    scene.reference.alliances = std::move(orgs);
    scene.reference.peace_ops = missions;
    const render::View v = scene.fit_view({-30, -40, 60, 70}, 320, 240);
    app::render_scene(scene, v);
    REQUIRE(scene.reference_data);
    return scene.reference_layer().legend_lines(scene.reference);
}
bool has(const std::vector<std::string>& lines, const std::string& text) {
    return std::find(lines.begin(), lines.end(), text) != lines.end();
}
} // namespace

TEST_CASE("the legend counts NATO members on the day of Sweden's accession and the day before") {
    const auto before = legend_for("2024-03-06", {"NATO", "EU"}, false);
    CHECK(before.front() == "As of 6 March 2024");
    CHECK(has(before, "NATO: 31 members"));
    CHECK(has(before, "EU: 27 members"));
    const auto on = legend_for("2024-03-07", {"NATO"}, false);
    CHECK(has(on, "NATO: 32 members"));
}

TEST_CASE("the legend counts the peace operations active on the date") {
    const auto lines = legend_for("2015-06-01", {}, true);
    const auto data = app::load_reference_data();
    const size_t active = geo::active_operations(data->operations, *geo::Date::parse("2015-06-01")).size();
    REQUIRE(active > 5);
    CHECK(has(lines, "Peace operations active: " + std::to_string(active) +
                         " (symbol area ~ strength on the date)"));
    // Leaders named in the legend are those of active operations only.
    CHECK(has(lines, "led by UN"));
}

TEST_CASE("an unknown organisation on the command line is refused with the known ones named") {
    app::RenderRequest rq;
    rq.alliances = {"WARSAW"};
    rq.width = rq.height = 64;
    try {
        app::render_map(rq);
        FAIL("expected an error");
    } catch (const geo::InputError& e) {
        const std::string msg = e.what();
        CHECK(msg.find("WARSAW") != std::string::npos);
        CHECK(msg.find("NATO") != std::string::npos);
    }
}
