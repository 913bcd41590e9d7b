// Editing the mission on the map without a window: the tools are fed screen positions and keys as the window
// feeds them, and every result is checked on the mission document (one undo step per gesture, exact undo).
#include "geo/coords.hpp"
#include "geo/dataset.hpp"
#include "session/map_tools.hpp"

#include <catch2/catch.hpp>

using namespace entente;
using app::EditKey;
using app::MapTool;

namespace {

missions::Mission sample() {
    return missions::mission_from_json(nlohmann::json::parse(R"({
      "name": "Test", "releasability": ["UN"],
      "phases": [{"id": "p1", "name": "One"}, {"id": "p2", "name": "Two", "start_day": 1, "end_day": 2}],
      "units": [
        {"id": "hq", "sidc": "10031000001211000000", "designation": "HQ", "position": [10.0, 5.0]},
        {"id": "c1", "sidc": "10031000001211000000", "designation": "Coy 1", "parent": "hq", "position": [10.5, 5.0],
         "phase_position": {"p2": [10.6, 5.1]}}
      ],
      "measures": [
        {"id": "ao", "name": "AO", "kind": "area_of_operations", "points": [[9, 4], [11, 4], [11, 6], [9, 6]]},
        {"id": "r1", "name": "Route", "kind": "route", "points": [[9.2, 4.5], [10.8, 4.5]]},
        {"id": "cp", "name": "CP", "kind": "checkpoint", "points": [[9.5, 5.5]]}
      ]})"));
}

struct Fixture {
    app::AppState state;
    app::MapTools tools{state};
    render::View view;
    Fixture() {
        state.scene.show_basemap = false;
        state.mission.adopt(sample(), "");
        state.mission.set_phase("p1");
        view = state.scene.fit_view(geo::Bbox{8.5, 3.5, 11.5, 6.5}, 800, 800);
    }
    const missions::Mission& m() { return *state.mission.mission(); }
    geo::XY at(geo::LonLat p) { return tools.to_screen(view, p); }
    geo::XY at(double lon, double lat) { return at(geo::LonLat{lon, lat}); }
    size_t depth() { return state.mission.doc()->undo_depth(); }
    // A press, moves and a release as the window sends them.
    void drag(geo::XY from, geo::XY to, int steps, app::Mods mods = {}) {
        REQUIRE(tools.press(view, from, mods));
        for (int i = 1; i <= steps; ++i)
            tools.drag(view, {from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps});
        tools.release(view, to);
    }
    // A click that press() declines (placing, drawing, an empty spot), then the window's release.
    bool click(geo::XY p, app::Mods mods = {}) {
        if (tools.press(view, p, mods)) {
            tools.release(view, p);
            return true;
        }
        return tools.click(view, p, mods, false);
    }
};

} // namespace

TEST_CASE("placing a unit, then undo restores the mission exactly") {
    Fixture f;
    const missions::Mission before = f.m();
    f.tools.set_tool(MapTool::PlaceUnit);
    f.tools.snapping = false;
    REQUIRE(f.click(f.at(10.2, 5.6)));
    REQUIRE(f.m().units.size() == 3);
    const missions::Unit& u = f.m().units.back();
    CHECK(u.sidc == app::MapTools::kDefaultSidc);
    CHECK(u.position.lon == Approx(10.2).margin(0.01));
    CHECK(u.position.lat == Approx(5.6).margin(0.01));
    CHECK(u.id != "hq");
    CHECK(f.state.mission.selection == std::vector<std::string>{u.id});
    CHECK(f.state.mission.dirty());
    REQUIRE(f.tools.key(EditKey::Undo, f.view));
    CHECK(f.m() == before);
    CHECK(f.state.mission.selection.empty()); // the unit is gone, so is its selection
    REQUIRE(f.tools.key(EditKey::Redo, f.view));
    CHECK(f.m().units.size() == 3);
}

TEST_CASE("a drag of the selection over many mouse moves is one undo step") {
    Fixture f;
    f.tools.snapping = false;
    const missions::Mission before = f.m();
    const size_t d0 = f.depth();
    SECTION("one unit moves in the shown phase only") {
        f.state.mission.set_phase("p2");
        const geo::XY from = f.at(10.6, 5.1);
        f.drag(from, {from.x + 80, from.y - 40}, 25);
        CHECK(f.depth() == d0 + 1);
        const missions::Unit& c1 = f.m().units[1];
        CHECK(c1.phase_position.at("p2").lon > 10.7);
        CHECK(c1.phase_position.at("p2").lat > 5.15);
        CHECK(c1.position.lon == 10.5); // the default position is another phase's
        CHECK(f.state.mission.selection == std::vector<std::string>{"c1"});
    }
    SECTION("a unit and an area selected with Shift move together") {
        REQUIRE(f.click(f.at(10.0, 5.0)));                // hq
        REQUIRE(f.click(f.at(11.0, 5.3), {true, false})); // the AO's east edge, added with Shift
        REQUIRE(f.state.mission.selection.size() == 2);
        const geo::XY from = f.at(10.0, 5.0);
        f.drag(from, {from.x + 100, from.y}, 30);
        CHECK(f.depth() == d0 + 1);
        const double dx = f.m().units[0].position_in("p1").lon - 10.0; // moved in the shown phase
        CHECK(dx > 0.1);
        CHECK(f.m().measures[0].points[0].lon == Approx(9 + dx));
        CHECK(f.m().measures[0].points[2].lat == Approx(6));
        CHECK(f.m().units[1].position.lon == 10.5); // not selected
    }
    SECTION("two drags in a row are two steps") {
        const geo::XY from = f.at(10.0, 5.0);
        f.drag(from, {from.x + 50, from.y}, 5);
        const geo::XY from2 = f.at(f.m().units[0].position_in("p1"));
        f.drag(from2, {from2.x + 50, from2.y}, 5);
        CHECK(f.depth() == d0 + 2);
    }
    REQUIRE(f.state.mission.undo());
    while (f.depth() > d0)
        f.state.mission.undo();
    CHECK(f.m() == before);
}

TEST_CASE("a click or drag on the empty map is left to the window (pan, identify)") {
    Fixture f;
    f.state.mission.select({"hq"});
    const geo::XY empty = f.at(8.7, 3.7); // outside every element
    CHECK_FALSE(f.tools.press(f.view, empty, {}));
    CHECK_FALSE(f.tools.click(f.view, empty, {}, true)); // panned: nothing happens
    CHECK(f.state.mission.selection.size() == 1);
    CHECK_FALSE(f.tools.press(f.view, empty, {}));
    CHECK_FALSE(f.tools.click(f.view, empty, {}, false)); // a click clears the selection, still identifies
    CHECK(f.state.mission.selection.empty());
}

TEST_CASE("inside an area, a drag pans until the area is selected, then it moves the area") {
    Fixture f;
    f.tools.snapping = false;
    const geo::XY inside = f.at(9.3, 5.8);
    CHECK_FALSE(f.tools.press(f.view, inside, {}));       // the window pans
    CHECK_FALSE(f.tools.click(f.view, inside, {}, true)); // it did: nothing selected
    CHECK(f.state.mission.selection.empty());
    CHECK_FALSE(f.tools.press(f.view, inside, {}));
    CHECK(f.tools.click(f.view, inside, {}, false)); // a click selects it (and is not an identify click)
    REQUIRE(f.state.mission.selection == std::vector<std::string>{"ao"});
    const size_t d0 = f.depth();
    f.drag(inside, {inside.x + 60, inside.y}, 8);
    CHECK(f.depth() == d0 + 1);
    CHECK(f.m().measures[0].points[0].lon > 9.1);
}

TEST_CASE("picking: units, points, lines near the stroke, areas inside") {
    Fixture f;
    CHECK(f.tools.hit(f.view, f.at(10.0, 5.0)) == "hq");
    CHECK(f.tools.hit(f.view, f.at(9.5, 5.5)) == "cp");
    const geo::XY on_route = f.at(10.0, 4.5);
    CHECK(f.tools.hit(f.view, {on_route.x, on_route.y + 3}) == "r1");
    CHECK(f.tools.hit(f.view, f.at(9.3, 5.8)) == "ao");
    CHECK(f.tools.hit(f.view, f.at(8.7, 3.7)).empty());
    // What the map's tooltip says about them.
    CHECK_THAT(f.tools.describe("c1"), Catch::Contains("Coy 1") && Catch::Contains("Infantry"));
    CHECK_THAT(f.tools.describe("r1"), Catch::Contains("Route"));
    // Measures of other phases are not there to pick.
    f.state.mission.doc()->execute({{"op", "update_measure"}, {"id", "cp"}, {"set", {{"phases", {"p2"}}}}});
    CHECK(f.tools.hit(f.view, f.at(9.5, 5.5)) == "ao");
}

TEST_CASE("vertex editing: drag, insert at an edge's middle, delete") {
    Fixture f;
    f.tools.snapping = false;
    const missions::Mission before = f.m();
    REQUIRE(f.click(f.at(9.3, 5.8)));
    REQUIRE(f.state.mission.selection == std::vector<std::string>{"ao"});
    const size_t d0 = f.depth();
    // Drag vertex 1 (11, 4) over several moves: one step.
    const geo::XY v1 = f.at(11, 4);
    f.drag(v1, {v1.x + 40, v1.y + 40}, 10);
    CHECK(f.depth() == d0 + 1);
    CHECK(f.m().measures[0].points[1].lon > 11.05);
    CHECK(f.m().measures[0].points.size() == 4);
    // A click on the middle of the edge 2 -> 3 (north edge) inserts a vertex there.
    const auto& pts = f.m().measures[0].points;
    const geo::XY mid{(f.at(pts[2]).x + f.at(pts[3]).x) / 2, (f.at(pts[2]).y + f.at(pts[3]).y) / 2};
    REQUIRE(f.tools.handle_at(f.view, mid));
    REQUIRE(f.tools.handle_at(f.view, mid)->midpoint);
    REQUIRE(f.click(mid));
    REQUIRE(f.m().measures[0].points.size() == 5);
    CHECK(f.m().measures[0].points[3].lon == Approx(10));
    CHECK(f.m().measures[0].points[3].lat == Approx(6));
    CHECK(f.depth() == d0 + 2);
    CHECK(f.tools.active_vertex == 3);
    // Delete removes the active vertex (not the area); right-click removes another.
    REQUIRE(f.tools.key(EditKey::Delete, f.view));
    CHECK(f.m().measures[0].points.size() == 4);
    CHECK(f.m().measures.size() == 3);
    REQUIRE(f.tools.right_click(f.view, f.at(9, 6)));
    CHECK(f.m().measures[0].points.size() == 3);
    // An area keeps three vertices: the next delete is refused with a message.
    const size_t msgs = f.state.messages.size();
    CHECK_FALSE(f.tools.right_click(f.view, f.at(9, 4)));
    CHECK(f.m().measures[0].points.size() == 3);
    CHECK(f.state.messages.size() == msgs + 1);
    while (f.state.mission.undo()) {
    }
    CHECK(f.m() == before);
}

TEST_CASE("snapping picks the nearest vertex within tolerance, then edges") {
    Fixture f;
    const geo::XY v = f.at(11, 6);
    auto s = f.tools.snap_target(f.view, {v.x + 4, v.y - 3});
    REQUIRE(s);
    CHECK(s->vertex);
    CHECK(s->at.lon == 11);
    CHECK(s->at.lat == 6);
    // Beyond the tolerance of every vertex but on an edge: the nearest point of the edge.
    const geo::XY e = f.at(11, 5.5);
    s = f.tools.snap_target(f.view, {e.x + 5, e.y});
    REQUIRE(s);
    CHECK_FALSE(s->vertex);
    CHECK(s->at.lon == Approx(11).margin(1e-6));
    CHECK(s->at.lat == Approx(5.5).margin(0.01));
    // Far from everything: nothing.
    CHECK_FALSE(f.tools.snap_target(f.view, f.at(8.7, 3.7)));
    // Two vertices in range: the nearer wins.
    f.state.mission.doc()->execute(nlohmann::json::parse(
        R"({"op": "add_measure", "measure": {"id": "op", "kind": "observation_post", "points": [[11.004, 6]]}})"));
    const geo::XY near_op = f.at(11.004, 6);
    s = f.tools.snap_target(f.view, {near_op.x + 1, near_op.y});
    REQUIRE(s);
    CHECK(s->at.lon == 11.004);
    // Placing with snapping on lands exactly on the vertex.
    f.tools.set_tool(MapTool::PlaceUnit);
    REQUIRE(f.click({v.x - 3, v.y + 3}));
    CHECK(f.m().units.back().position.lon == 11);
    CHECK(f.m().units.back().position.lat == 6);
    // Off (the S key): the click position itself.
    REQUIRE(f.tools.key(EditKey::ToggleSnap, f.view));
    REQUIRE(f.click({v.x - 3, v.y + 3}));
    CHECK(f.m().units.back().position.lon != 11);
}

TEST_CASE("snapping reaches the vertices of loaded layers") {
    Fixture f;
    auto layer = geo::load_source(std::string(ENTENTE_TEST_DATA) + "/points.geojson").vectors.at(0);
    f.state.scene.add_vector(layer);
    f.view = f.state.scene.fit_view(layer->extent, 800, 600);
    f.state.mission.close();
    const geo::LonLat p = layer->points.coords.at(0);
    const geo::XY s = f.tools.to_screen(f.view, p);
    auto t = f.tools.snap_target(f.view, {s.x + 3, s.y + 2});
    REQUIRE(t);
    CHECK(t->at.lon == p.lon);
    CHECK(t->at.lat == p.lat);
}

TEST_CASE("drawing lines and areas by clicking, Enter or double-click finishes, Esc cancels") {
    Fixture f;
    f.tools.snapping = false;
    const size_t n0 = f.m().measures.size();
    f.tools.set_tool(MapTool::DrawLine);
    f.tools.line_kind = missions::MeasureKind::PhaseLine;
    REQUIRE(f.click(f.at(8.8, 3.8)));
    REQUIRE(f.click(f.at(9.8, 3.8)));
    REQUIRE(f.click(f.at(10.8, 3.9)));
    CHECK(f.tools.pending().size() == 3);
    CHECK(f.m().measures.size() == n0);
    // The double-click's second press finishes without adding a vertex (or zooming).
    REQUIRE(f.tools.press(f.view, f.at(10.8, 3.9), {}, true));
    f.tools.release(f.view, f.at(10.8, 3.9));
    REQUIRE(f.m().measures.size() == n0 + 1);
    CHECK(f.m().measures.back().kind == missions::MeasureKind::PhaseLine);
    CHECK(f.m().measures.back().points.size() == 3);
    CHECK_FALSE(f.tools.drawing());
    f.tools.set_tool(MapTool::DrawArea);
    REQUIRE(f.click(f.at(9, 3.6)));
    REQUIRE(f.click(f.at(9.4, 3.6)));
    CHECK_FALSE(f.tools.key(EditKey::Enter, f.view)); // two points are not an area
    REQUIRE(f.click(f.at(9.2, 3.9)));
    REQUIRE(f.tools.key(EditKey::Enter, f.view));
    CHECK(f.m().measures.back().kind == missions::MeasureKind::AreaOfOperations);
    REQUIRE(f.click(f.at(9, 3.6)));
    REQUIRE(f.tools.key(EditKey::Escape, f.view));
    CHECK_FALSE(f.tools.drawing());
    CHECK(f.m().measures.size() == n0 + 2);
    f.tools.set_tool(MapTool::DrawPoint);
    REQUIRE(f.click(f.at(9.1, 3.7)));
    CHECK(f.m().measures.back().kind == missions::MeasureKind::Base);
}

TEST_CASE("copy and paste create new ids, keep the pasted order of battle, and are one step") {
    Fixture f;
    f.state.mission.select({"hq", "c1", "r1"});
    REQUIRE(f.tools.key(EditKey::Copy, f.view));
    const size_t d0 = f.depth();
    REQUIRE(f.tools.key(EditKey::Paste, f.view));
    CHECK(f.depth() == d0 + 1);
    REQUIRE(f.m().units.size() == 4);
    REQUIRE(f.m().measures.size() == 4);
    // Copies: the second paste below grows the unit list, which would leave references dangling (ASan).
    const missions::Unit hq2 = f.m().units[2], c2 = f.m().units[3];
    CHECK(hq2.id != "hq");
    CHECK(c2.id != "c1");
    CHECK(hq2.id != c2.id);
    CHECK(c2.parent == hq2.id); // the copy's parent is the pasted HQ
    CHECK(hq2.designation == "HQ");
    CHECK(hq2.position.lon > 10.0); // a little right
    CHECK(hq2.position.lat < 5.0);  // and down
    CHECK(c2.phase_position.count("p2"));
    CHECK(f.m().measures[3].id != "r1");
    CHECK(f.state.mission.selection.size() == 3);
    // A second paste lands further away, again with fresh ids.
    REQUIRE(f.tools.key(EditKey::Paste, f.view));
    CHECK(f.m().units.size() == 6);
    CHECK(f.m().units[4].position.lon > hq2.position.lon);
    std::set<std::string> ids;
    for (auto& u : f.m().units)
        ids.insert(u.id);
    for (auto& c : f.m().measures)
        ids.insert(c.id);
    CHECK(ids.size() == f.m().units.size() + f.m().measures.size());
}

TEST_CASE("Delete removes the selection in one step, subordinates move up") {
    Fixture f;
    const missions::Mission before = f.m();
    f.state.mission.doc()->execute(
        {{"op", "update_measure"}, {"id", "ao"}, {"set", {{"assigned_unit", "hq"}}}});
    const missions::Mission assigned = f.m();
    const size_t d0 = f.depth();
    f.state.mission.select({"hq", "cp"});
    REQUIRE(f.tools.key(EditKey::Delete, f.view));
    CHECK(f.depth() == d0 + 1);
    REQUIRE(f.m().units.size() == 1);
    CHECK(f.m().units[0].parent.empty());
    CHECK(f.m().measures.size() == 2);
    CHECK(f.m().measures[0].assigned_unit.empty());
    CHECK(f.state.mission.selection.empty());
    REQUIRE(f.tools.key(EditKey::Undo, f.view));
    CHECK(f.m() == assigned);
    REQUIRE(f.tools.key(EditKey::Undo, f.view));
    CHECK(f.m() == before);
}

TEST_CASE("typed coordinates in decimal, DMS and MGRS move a unit or a vertex") {
    Fixture f;
    std::string err;
    REQUIRE(f.tools.move_to_text("hq", 0,
                                 "4\xC2\xB0"
                                 "21'59.8\"N 18\xC2\xB0"
                                 "33'29.9\"E",
                                 &err));
    CHECK(f.m().units[0].phase_position.at("p1").lat == Approx(4.36661).margin(1e-4));
    CHECK(f.m().units[0].phase_position.at("p1").lon == Approx(18.55831).margin(1e-4));
    const std::string mgrs = geo::format_coordinate({18.6, 4.4}, geo::CoordFormat::MGRS, 5);
    REQUIRE(f.tools.move_to_text("hq", 0, mgrs, &err));
    CHECK(f.m().units[0].phase_position.at("p1").lat == Approx(4.4).margin(2e-5));
    CHECK(f.m().units[0].phase_position.at("p1").lon == Approx(18.6).margin(2e-5));
    REQUIRE(f.tools.move_to_text("r1", 1, "5.25, 10.75", &err));
    CHECK(f.m().measures[1].points[1].lat == 5.25);
    CHECK(f.m().measures[1].points[1].lon == 10.75);
    // A bad coordinate changes nothing and says why.
    const missions::Mission now = f.m();
    CHECK_FALSE(f.tools.move_to_text("hq", 0, "95 N 18 E", &err));
    CHECK_FALSE(err.empty());
    CHECK(f.m() == now);
    CHECK_FALSE(f.tools.move_to_text("r1", 7, "5.25, 10.75", &err));
    CHECK(f.m() == now);
}
