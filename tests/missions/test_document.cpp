// Every edit is a command: applying then undoing it gives back exactly the mission before, redo gives exactly
// the mission after, drags fold into one step, groups are one step, and a bad operation changes nothing.
#include "missions/document.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace entente::missions;
using nlohmann::json;

namespace {

Mission sample() {
    return mission_from_json(json::parse(R"J({
      "name": "Exercise BLUE SAHEL (fictional)", "classification": "UNCLASSIFIED", "d_day": "2027-03-01",
      "releasability": ["UN", "AU"],
      "phases": [{"id": "p1", "name": "Deploy", "start_day": 0, "end_day": 10},
                 {"id": "p2", "name": "Protect", "start_day": 11, "end_day": 60}],
      "units": [
        {"id": "hq", "sidc": "10031002181211000000", "designation": "JTF HQ", "nation": "SEN",
         "organisation": "UN", "position": [18.55, 4.36]},
        {"id": "inf1", "sidc": "10031000161211000000", "designation": "1 INF BN", "nation": "RWA",
         "organisation": "UN", "parent": "hq", "strength": 850, "position": [18.6, 4.4],
         "phase_position": {"p2": [19.2, 5.1]}}],
      "measures": [
        {"id": "ao", "name": "AO FALCON", "kind": "area_of_operations", "assigned_unit": "inf1",
         "points": [[18, 4], [20, 4], [20, 6], [18, 6]]},
        {"id": "msr", "name": "MSR ALPHA", "kind": "main_supply_route", "points": [[18.5, 4.3], [19.5, 5.5]]}]
    })J"));
}

// The operations a user can perform, each valid against sample().
std::vector<json> all_ops() {
    return {
        json::parse(R"({"op": "set_mission", "name": "Renamed", "classification": "NATO RESTRICTED"})"),
        json::parse(
            R"({"op": "add_phase", "phase": {"id": "p3", "name": "Handover", "start_day": 61, "end_day": 90}})"),
        json::parse(R"({"op": "update_phase", "id": "p1", "set": {"end_day": 12}})"),
        json::parse(R"({"op": "remove_phase", "id": "p2"})"),
        json::parse(
            R"({"op": "add_unit", "unit": {"id": "eng", "sidc": "10031000151407000000", "nation": "BGD",
                        "parent": "hq", "position": [18.7, 4.5]}})"),
        json::parse(
            R"({"op": "update_unit", "id": "inf1", "set": {"strength": 900, "command_relationship": "OPCON"}})"),
        json::parse(R"({"op": "remove_unit", "id": "hq"})"),
        json::parse(R"({"op": "move_unit", "id": "inf1", "position": [18.9, 4.8]})"),
        json::parse(R"({"op": "move_unit", "id": "inf1", "phase": "p1", "position": [18.65, 4.45]})"),
        json::parse(R"({"op": "add_measure", "measure": {"id": "cp1", "name": "CP 1", "kind": "checkpoint",
                        "points": [[19, 5]]}})"),
        json::parse(R"({"op": "update_measure", "id": "msr", "set": {"name": "MSR BRAVO"}})"),
        json::parse(R"({"op": "remove_measure", "id": "ao"})"),
        json::parse(R"({"op": "move_vertex", "id": "ao", "index": 2, "position": [20.5, 6.5]})"),
        json::parse(R"({"op": "insert_vertex", "id": "msr", "index": 1, "position": [19, 5]})"),
        json::parse(R"({"op": "delete_vertex", "id": "ao", "index": 0})"),
        json::parse(R"({"op": "group", "label": "add a base and its checkpoint", "ops": [
                        {"op": "add_measure", "measure": {"id": "b1", "name": "Base 1", "kind": "base", "points": [[18.6, 4.4]]}},
                        {"op": "add_measure", "measure": {"id": "cp2", "name": "CP 2", "kind": "checkpoint", "points": [[18.8, 4.5]]}}]})"),
    };
}

// Each operation (JSON text) is refused with an error containing its reason, and leaves `start` as it was.
void check_refused(const Mission& start, const std::vector<std::pair<std::string, std::string>>& cases) {
    for (auto& [text, why] : cases) {
        INFO(text);
        Document d(start);
        try {
            d.execute(json::parse(text));
            FAIL("accepted");
        } catch (const std::invalid_argument& e) {
            CHECK_THAT(e.what(), Catch::Contains(why));
        }
        CHECK(d.mission() == start);
        CHECK_FALSE(d.can_undo());
    }
}

} // namespace

TEST_CASE("every operation changes the mission, undo restores it exactly, redo reapplies it") {
    for (const json& op : all_ops()) {
        INFO(op.dump());
        Document d(sample());
        const Mission before = d.mission();
        d.execute(op);
        const Mission after = d.mission();
        CHECK_FALSE(after == before);
        CHECK(d.dirty());
        REQUIRE(d.undo());
        CHECK(d.mission() == before);
        CHECK(to_json(d.mission()) == to_json(before)); // order of lists included
        REQUIRE(d.redo());
        CHECK(d.mission() == after);
    }
}

TEST_CASE("a long random sequence of edits undoes back to the start, step by step") {
    std::mt19937 rng(11);
    Document d(sample());
    std::vector<Mission> history{d.mission()};
    const auto ops = all_ops();
    for (int i = 0; i < 200; ++i) {
        try {
            d.execute(ops[rng() % ops.size()]);
            history.push_back(d.mission());
        } catch (const std::invalid_argument&) {
            // Not valid in the current state (e.g. the unit was removed): nothing may have changed.
            CHECK(d.mission() == history.back());
        }
    }
    REQUIRE(history.size() > 20);
    while (d.can_undo()) {
        history.pop_back();
        d.undo();
        CHECK(d.mission() == history.back());
    }
    CHECK(d.mission() == sample());
}

TEST_CASE("a drag is one undo step, a group is one undo step") {
    Document d(sample());
    for (int k = 1; k <= 10; ++k)
        d.execute(
            {{"op", "move_unit"}, {"id", "inf1"}, {"position", {18.6 + k * 0.01, 4.4}}, {"merge", true}});
    CHECK(d.undo_depth() == 1);
    CHECK(d.mission().units[1].position.lon == Approx(18.7));
    d.undo();
    CHECK(d.mission() == sample());
    d.execute(all_ops().back()); // the group
    CHECK(d.undo_depth() == 1);
    CHECK(d.undo_label() == "add a base and its checkpoint");
    d.undo();
    CHECK(d.mission() == sample());
}

TEST_CASE("removing a phase removes the units' positions in it in the same step") {
    Document d(sample());
    d.execute(json::parse(R"({"op": "remove_phase", "id": "p2"})"));
    CHECK(d.mission().units[1].phase_position.empty());
    d.undo();
    CHECK(d.mission().units[1].phase_position.count("p2") == 1);
}

TEST_CASE("bad operations are refused with the reason and change nothing") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"op": "add_unit", "unit": {"id": "inf1", "position": [1, 1]}})", "already used"},
        {R"({"op": "add_unit", "unit": {"id": "x", "position": [200, 1]}})", "outside longitude"},
        {R"({"op": "update_unit", "id": "ghost", "set": {"strength": 1}})", "no element with id 'ghost'"},
        {R"({"op": "update_unit", "id": "inf1", "set": {"strenght": 1}})", "unknown field 'strenght'"},
        {R"({"op": "add_measure", "measure": {"id": "z", "kind": "no_go_zone", "points": [[1, 1], [2, 2]]}})",
         "at least 3 points"},
        {R"({"op": "add_measure", "measure": {"id": "z", "kind": "minefield", "points": [[1, 1]]}})",
         "'minefield' is not a control measure kind"},
        {R"({"op": "move_vertex", "id": "msr", "index": 5, "position": [1, 1]})", "vertex index 5"},
        {R"({"op": "update_phase", "id": "p1", "set": {"end_day": -5}})", "ends (day -5) before it starts"},
        {R"({"op": "teleport"})", "unknown operation"},
        // Fields of the wrong JSON type (found by tests/fuzz/fuzz_ops_reader: these escaped as json errors).
        {R"({"op": 5})", "needs an \"op\" field"},
        {R"({"op": null})", "needs an \"op\" field"},
        {R"({"op": "group", "label": 1, "ops": 2})", "malformed"},
        {R"({"op": "update_unit", "id": 3})", "malformed"},
        // An index too large for any integer type was converted with undefined behaviour (fuzz_ops_reader).
        {R"({"op": "move_vertex", "id": "msr", "index": 1e300, "position": [1, 1]})", "not a whole number"},
        {R"({"op": "move_vertex", "id": "msr", "index": 0.5, "position": [1, 1]})", "not a whole number"},
        {R"({"op": "move_vertex", "id": "msr", "index": 18446744073709551615, "position": [1, 1]})",
         "not a whole number"},
    };
    check_refused(sample(), cases);
}

TEST_CASE("a script of operations reports which one failed and keeps the ones before") {
    Document d(sample());
    const json ops = json::parse(R"([
        {"op": "update_unit", "id": "inf1", "set": {"strength": 700}},
        {"op": "remove_unit", "id": "nobody"}])");
    try {
        d.execute_all(ops);
        FAIL("accepted");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("operation 2") != std::string::npos);
    }
    CHECK(d.mission().units[1].strength == 700);
    CHECK(d.undo_depth() == 1);
}

TEST_CASE("the mission's JSON form round-trips exactly") {
    const Mission m = sample();
    CHECK(mission_from_json(to_json(m)) == m);
    CHECK(to_json(mission_from_json(to_json(m))) == to_json(m));
}

TEST_CASE("slides are added, updated, reordered and removed, each undone exactly") {
    Document doc;
    const Mission empty = doc.mission();
    for (const char* id : {"a", "b", "c"})
        doc.execute({{"op", "add_slide"}, {"slide", {{"id", id}, {"title", std::string("Slide ") + id}}}});
    const Mission three = doc.mission();
    doc.execute({{"op", "move_slide"}, {"id", "c"}, {"index", 0}});
    REQUIRE(doc.mission().slides.size() == 3);
    CHECK(doc.mission().slides[0].id == "c");
    CHECK(doc.mission().slides[1].id == "a");
    doc.execute(
        {{"op", "update_slide"}, {"id", "a"}, {"set", {{"notes", "Say this."}, {"view", {10, 0, 20, 8}}}}});
    CHECK(doc.mission().slides[1].notes == "Say this.");
    CHECK(doc.mission().slides[1].east == 20);
    doc.execute({{"op", "remove_slide"}, {"id", "b"}});
    CHECK(doc.mission().slides.size() == 2);
    REQUIRE(doc.undo()); // remove
    REQUIRE(doc.undo()); // update
    REQUIRE(doc.undo()); // move: one step
    CHECK(doc.mission() == three);
    for (int i = 0; i < 3; ++i)
        doc.undo();
    CHECK(doc.mission() == empty);
    CHECK_THROWS_WITH(doc.execute({{"op", "add_slide"}, {"slide", {{"id", "x"}, {"view", {10, 5, 20, 2}}}}}),
                      Catch::Contains("not a box"));
    CHECK_THROWS_WITH(doc.execute({{"op", "move_slide"}, {"id", "nope"}, {"index", 0}}),
                      Catch::Contains("nope"));
}

namespace {

// sample() with a company under the battalion: hq > inf1 > coy.
Mission three_levels() {
    Mission m = sample();
    m.units.push_back(unit_from_json(
        json::parse(R"({"id": "coy", "nation": "RWA", "parent": "inf1", "position": [18.61, 4.41]})")));
    return m;
}

} // namespace

TEST_CASE("no operation can put a unit above itself in the order of battle") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"op": "update_unit", "id": "hq", "set": {"parent": "hq"}})",
         "update_unit: unit hq: parent hq would make a loop hq -> hq"},
        {R"({"op": "update_unit", "id": "hq", "set": {"parent": "inf1"}})",
         "unit hq: parent inf1 would make a loop hq -> inf1 -> hq"},
        {R"({"op": "update_unit", "id": "hq", "set": {"parent": "coy"}})",
         "unit hq: parent coy would make a loop hq -> coy -> inf1 -> hq"},
        // A group is refused whole: the strength change before the bad parent is not kept either.
        {R"({"op": "group", "ops": [{"op": "update_unit", "id": "inf1", "set": {"strength": 1}},
                                    {"op": "update_unit", "id": "inf1", "set": {"parent": "coy"}}]})",
         "group: unit inf1: parent coy would make a loop inf1 -> coy -> inf1"},
        // Pasted units (a group of adds) that point at each other.
        {R"({"op": "group", "ops": [
             {"op": "add_unit", "unit": {"id": "x", "parent": "y", "position": [1, 1]}},
             {"op": "add_unit", "unit": {"id": "y", "parent": "x", "position": [1, 1]}}]})",
         "would make a loop"},
        {R"({"op": "add_unit", "unit": {"id": "self", "parent": "self", "position": [1, 1]}})",
         "unit self: parent self would make a loop self -> self"},
    };
    check_refused(three_levels(), cases);
}

TEST_CASE("adding the missing parent a unit names cannot close a loop through it") {
    Mission m = three_levels();
    m.units[2].parent = "ghost"; // coy names a parent that is not (yet) in the mission
    Document d(m);
    CHECK_THROWS_WITH(
        d.execute(json::parse(
            R"({"op": "add_unit", "unit": {"id": "ghost", "parent": "coy", "position": [1, 1]}})")),
        Catch::Contains("unit ghost: parent coy would make a loop ghost -> coy -> ghost"));
    CHECK(d.mission() == m);
}

TEST_CASE("a group may swap a unit and its parent in one step") {
    Document d(three_levels());
    // In this order the group passes through hq <-> inf1; what counts is where it ends.
    d.execute(json::parse(R"({"op": "group", "ops": [
        {"op": "update_unit", "id": "hq", "set": {"parent": "inf1"}},
        {"op": "update_unit", "id": "inf1", "set": {"parent": ""}}]})"));
    CHECK(d.mission().units[0].parent == "inf1");
    CHECK(d.mission().units[1].parent.empty());
    d.undo();
    CHECK(d.mission() == three_levels());
}

TEST_CASE("a loop already in an opened mission blocks no other edit and can be repaired") {
    Mission m = three_levels();
    m.units[0].parent = "coy"; // hq -> coy -> inf1 -> hq, as a hand-edited file may hold
    Document d(m);
    CHECK(parent_loop(d.mission(), "hq", "coy") == std::vector<std::string>{"hq", "coy", "inf1", "hq"});
    d.execute(json::parse(R"({"op": "update_unit", "id": "hq", "set": {"notes": "check the chain"}})"));
    d.execute(json::parse(R"({"op": "update_unit", "id": "coy", "set": {"strength": 120}})"));
    d.execute(json::parse(R"({"op": "update_unit", "id": "hq", "set": {"parent": ""}})"));
    for (const Unit& u : d.mission().units)
        CHECK(parent_loop(d.mission(), u.id, u.parent).empty());
}

TEST_CASE("parent_loop says which new parents would make a loop") {
    const Mission m = three_levels();
    CHECK(parent_loop(m, "coy", "hq").empty()); // moving up is fine
    CHECK(parent_loop(m, "coy", "").empty());
    CHECK(parent_loop(m, "coy", "nobody").empty());
    CHECK(parent_loop(m, "inf1", "coy") == std::vector<std::string>{"inf1", "coy", "inf1"});
    CHECK(parent_loop(m, "hq", "hq") == std::vector<std::string>{"hq", "hq"});
    CHECK(chain_text({"a", "b", "a"}) == "a -> b -> a");
}
