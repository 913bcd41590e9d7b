// `entente edit` as a script uses it: create a mission from operations, edit it again, and a failing script
// or a hostile file leaves the mission file exactly as it was.
#include "cli_run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using cli_test::run;
using cli_test::slurp;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / ("edit-" + std::to_string(getpid()));
    fs::create_directories(dir);
    fs::remove(dir / name);
    return dir / name;
}
fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = scratch(name);
    std::ofstream(p) << text;
    return p;
}
} // namespace

TEST_CASE("entente edit creates a mission from operations and edits it again") {
    const fs::path m = scratch("op.entente.gpkg");
    const fs::path ops1 = write("ops1.json", R"J([
        {"op": "set_mission", "name": "Exercise GREEN RIVER (fictional)"},
        {"op": "add_phase", "phase": {"id": "p1", "name": "Deploy", "start_day": 0, "end_day": 10}},
        {"op": "add_unit", "unit": {"id": "bn1", "sidc": "10031000161211000000", "nation": "GHA",
                                    "position": [18.55, 4.36]}}])J");
    auto r = run({"edit", m.string(), "--apply", ops1.string()});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("created") != std::string::npos);
    CHECK(r.out.find("1 unit(s)") != std::string::npos);
    const fs::path ops2 = write("ops2.json", R"J({"op": "add_measure", "measure": {"id": "ao", "name": "AO",
        "kind": "area_of_operations", "points": [[18, 4], [19, 4], [19, 5]]}})J");
    r = run({"edit", m.string(), "--apply", ops2.string()});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("updated") != std::string::npos);
    CHECK(r.out.find("1 control measure(s)") != std::string::npos);
}

TEST_CASE("a failing operation saves nothing and names the operation") {
    const fs::path m = scratch("keep.entente.gpkg");
    const fs::path ok =
        write("ok.json", R"J([{"op": "add_unit", "unit": {"id": "u", "position": [1, 1]}}])J");
    REQUIRE(run({"edit", m.string(), "--apply", ok.string()}).code == 0);
    const std::string before = slurp(m.string());
    const fs::path bad = write("bad.json", R"J([{"op": "update_unit", "id": "u", "set": {"strength": 5}},
                                               {"op": "remove_unit", "id": "ghost"}])J");
    const auto r = run({"edit", m.string(), "--apply", bad.string()});
    CHECK(r.code != 0);
    CHECK(r.err.find("operation 2") != std::string::npos);
    CHECK(r.err.find("ghost") != std::string::npos);
    CHECK(slurp(m.string()) == before);
}

TEST_CASE("editing a file that is not a mission is refused and the file is untouched") {
    const fs::path m = write("fake.entente.gpkg", "not a database at all");
    const fs::path ops = write("o.json", R"J({"op": "set_mission", "name": "x"})J");
    const auto r = run({"edit", m.string(), "--apply", ops.string()});
    CHECK(r.code != 0);
    CHECK(r.err.find(m.string()) != std::string::npos);
    CHECK(slurp(m.string()) == "not a database at all");
}

TEST_CASE("an edit that would make an order-of-battle loop is refused, naming the units, and saves nothing") {
    const fs::path m = scratch("orbat.entente.gpkg");
    const fs::path ok = write("orbat.json", R"J([
        {"op": "add_unit", "unit": {"id": "A-BN", "nation": "GHA", "position": [1, 1]}},
        {"op": "add_unit", "unit": {"id": "B-COY", "nation": "GHA", "parent": "A-BN", "position": [1, 1]}}])J");
    REQUIRE(run({"edit", m.string(), "--apply", ok.string()}).code == 0);
    const std::string before = slurp(m.string());
    for (const char* ops : {
             R"J({"op": "update_unit", "id": "A-BN", "set": {"parent": "B-COY"}})J",
             R"J({"op": "group", "ops": [{"op": "update_unit", "id": "B-COY", "set": {"strength": 90}},
                                         {"op": "update_unit", "id": "A-BN", "set": {"parent": "B-COY"}}]})J",
         }) {
        INFO(ops);
        const auto r = run({"edit", m.string(), "--apply", write("loop.json", ops).string()});
        CHECK(r.code == 1);
        CHECK(r.err.find("unit A-BN: parent B-COY would make a loop A-BN -> B-COY -> A-BN") !=
              std::string::npos);
        CHECK(slurp(m.string()) == before);
    }
    const auto self =
        run({"edit", m.string(), "--apply",
             write("self.json", R"J({"op": "update_unit", "id": "B-COY", "set": {"parent": "B-COY"}})J")
                 .string()});
    CHECK(self.code == 1);
    CHECK(self.err.find("B-COY -> B-COY") != std::string::npos);
    CHECK(slurp(m.string()) == before);
}
