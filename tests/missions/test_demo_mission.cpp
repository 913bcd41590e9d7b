// The shipped demonstration mission: a clearly fictional scenario that is exactly what its edit script
// builds, with several nations, three phases, areas, routes and bases.
#include "missions/document.hpp"
#include "missions/persistence.hpp"
#include "missions/sidc.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>

using namespace entente::missions;

TEST_CASE("the demonstration mission file is what its operations build, and is a usable scenario") {
    const std::string dir = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/";
    const Mission shipped = load_mission(dir + "shared_shield.entente.gpkg");
    std::ifstream in(dir + "mission_demo.ops.json");
    Document d;
    d.execute_all(nlohmann::json::parse(in));
    CHECK(to_json(shipped) == to_json(d.mission()));

    CHECK(shipped.name.find("FICTIONAL") != std::string::npos);
    CHECK(shipped.phases.size() == 3);
    std::set<std::string> nations, orgs;
    for (const Unit& u : shipped.units) {
        nations.insert(u.nation);
        orgs.insert(u.organisation);
        std::string error;
        INFO(u.id << " " << u.sidc);
        const auto sidc = parse_sidc(u.sidc, &error);
        REQUIRE(sidc);
        CHECK(sidc->function_known);
        // The order of battle is a tree: every parent is a unit of the mission.
        if (!u.parent.empty()) CHECK(Mission(shipped).unit(u.parent) != nullptr);
    }
    CHECK(nations.size() >= 8);
    CHECK(orgs == std::set<std::string>{"AU", "UN"});
    std::set<Shape> shapes;
    for (const ControlMeasure& m : shipped.measures)
        shapes.insert(shape_of(m.kind));
    CHECK(shapes.size() == 3); // areas, lines and points
}
