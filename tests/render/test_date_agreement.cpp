// One date, one answer: the map's legend, the hover text, the operation card, a briefing slide, and both
// command-line reports (`entente alliances`, `entente operations`, run as a user runs them) must tell the
// same members, suspensions, uncertain memberships, operations, headquarters and strengths.
#include "../cli/cli_run.hpp"
#include "missions/persistence.hpp"
#include "scene/assets.hpp"
#include "scene/headless_render.hpp"
#include "scene/reference_layer.hpp"
#include "scene/slide_settings.hpp"
#include "session/app_state.hpp"
#include "session/briefing_mode.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace entente;
using nlohmann::json;

namespace {

bool has_line(const std::vector<std::string>& lines, const std::string& text) {
    return std::find(lines.begin(), lines.end(), text) != lines.end();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string thousands(long n) {
    std::string s = std::to_string(n);
    for (int i = int(s.size()) - 3; i > 0; i -= 3)
        s.insert(size_t(i), ",");
    return s;
}

json cli_json(std::vector<std::string> args) {
    args.push_back("--json");
    const cli_test::Result r = cli_test::run(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty()); // the shipped tables give no warning
    return json::parse(r.out);
}

// The legend lines the map would draw for these organisations (and operations) on the scene's date.
std::vector<std::string> legend(app::MapScene& scene) {
    const render::View v = scene.fit_view({-20, -40, 60, 60}, 480, 360);
    app::render_scene(scene, v);
    REQUIRE(scene.reference_data);
    return scene.reference_layer().legend_lines(scene.reference);
}

// Checks the legend against `alliances --json` and `operations --json` for the same date.
void check_legend(const std::vector<std::string>& lines, const json& alliances, const json* operations) {
    size_t uncertain = 0;
    for (const auto& o : alliances.at("organisations")) {
        const size_t n = o.at("count"), suspended = o.at("suspended").size();
        const std::string line =
            o.at("name").get<std::string>() + ": " + std::to_string(n) + (n == 1 ? " member" : " members");
        INFO(line);
        CHECK(has_line(lines, line));
        const bool listed = has_line(lines, "of which suspended: " + std::to_string(suspended));
        CHECK(listed == (suspended > 0));
        uncertain += o.at("uncertain").size();
    }
    const auto unsure = std::find_if(lines.begin(), lines.end(),
                                     [](auto& l) { return contains(l, "uncertain on this date"); });
    if (uncertain)
        CHECK((unsure != lines.end() && unsure->rfind(std::to_string(uncertain) + " membership", 0) == 0));
    else
        CHECK(unsure == lines.end());
    if (operations)
        CHECK(has_line(lines,
                       "Peace operations active: " + std::to_string(operations->at("count").get<size_t>()) +
                           " (symbol area ~ strength on the date)"));
}

} // namespace

TEST_CASE("legend, hover, operation card and both CLI reports agree on each date", "[agreement]") {
    for (const char* date : {"2004-03-28", "2004-03-29", "2013-06-30", "2022-02-01", "2023-09-15"}) {
        INFO(date);
        const json alliances =
            cli_json({"alliances", "--date", date, "--org", "NATO", "--org", "EU", "--org", "AU"});
        const json operations = cli_json({"operations", "--date", date});

        app::MapScene scene;
        scene.reference.date = *geo::Date::parse(date);
        scene.reference.alliances = {"NATO", "EU", "AU"};
        scene.reference.peace_ops = true;
        check_legend(legend(scene), alliances, &operations);

        // Hover: every country's standing and dates as the CLI gives them.
        const auto& data = *scene.reference_data;
        for (const auto& o : alliances.at("organisations")) {
            const std::string org_name = o.at("name");
            for (const char* group : {"members", "suspended", "uncertain"})
                for (const auto& c : o.at(group)) {
                    const std::string iso = c.at("iso3");
                    const std::string hover =
                        scene.reference_layer().describe_country(iso, c.at("country"), scene.reference, data);
                    INFO(hover);
                    const std::string g = group;
                    if (g == "members")
                        CHECK(contains(hover, org_name + ": member" +
                                                  (c.at("since").is_null()
                                                       ? std::string(" (date not recorded)")
                                                       : " since " + c.at("since").get<std::string>())));
                    if (g == "suspended")
                        CHECK(contains(hover, org_name + ": SUSPENDED since " +
                                                  c.at("suspended_since").get<std::string>()));
                    if (g == "uncertain") CHECK(contains(hover, org_name + ": UNCERTAIN on this date"));
                }
        }
        // Operation cards: the headquarters and the strength in force, as the CLI reports them.
        for (const auto& j : operations.at("operations")) {
            const geo::PeaceOperation* op = data.operation(j.at("acronym").get<std::string>());
            REQUIRE(op);
            const auto card = app::describe_operation(*op, scene.reference.date, data);
            std::string all;
            for (auto& l : card)
                all += l + "\n";
            INFO(all);
            CHECK(contains(all, "On " + std::string(date) + ": active"));
            if (!j.at("headquarters").is_null())
                CHECK(contains(all, "Headquarters: " + j.at("headquarters").at("city").get<std::string>()));
            if (!j.at("strength").is_null()) {
                const auto& s = j.at("strength");
                CHECK(contains(all, "Strength: " + thousands(s.at("personnel").get<long>()) + " " +
                                        s.at("kind").get<std::string>() + " as of " +
                                        s.at("date").get<std::string>()));
            } else {
                CHECK(contains(all, "strength not recorded yet"));
            }
        }
    }
}

TEST_CASE("a briefing slide's legend agrees with the CLI on the slide's date", "[agreement]") {
    app::AppState st;
    st.open_mission(app::asset_path("demo/shared_shield.entente.gpkg"), true);
    REQUIRE(st.mission.mission());
    const auto& m = *st.mission.mission();
    REQUIRE_FALSE(m.slides.empty());
    size_t checked = 0;
    for (const auto& slide : m.slides) {
        const app::SlideSettings set =
            app::slide_settings(m, slide, app::asset_path("demo/shared_shield.entente.gpkg"));
        if (set.alliances.empty() && !set.operations) continue;
        INFO(slide.title << " on " << set.date);
        app::apply_slide(st, set);
        std::vector<std::string> args{"alliances", "--date", set.date};
        for (const auto& a : set.alliances)
            args.insert(args.end(), {"--org", a});
        const json alliances =
            set.alliances.empty() ? json{{"organisations", json::array()}} : cli_json(args);
        const json operations = cli_json({"operations", "--date", set.date});
        check_legend(legend(st.scene), alliances, set.operations ? &operations : nullptr);
        ++checked;
    }
    CHECK(checked >= 1);
}
