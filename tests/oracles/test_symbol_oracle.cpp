// The land-unit symbol table checked by milsymbol (tests/oracles/milsymbol_check.mjs): every entity and
// sector modifier code we know is valid to it, and we know every symbol set 10 entity it knows.
#include "missions/sidc.hpp"
#include "oracle.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using entente::test::run_oracle;

TEST_CASE(
    "milsymbol accepts every land-unit entity, modifier and 2525C equivalent, and knows no entity we lack") {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / "milsymbol";
    fs::create_directories(dir);
    const std::string list = (dir / "land_unit_codes.txt").string();
    {
        std::ofstream out(list);
        for (const auto& f : entente::missions::land_unit_functions())
            out << "E " << f.entity << "\n";
        for (const auto& l : entente::missions::legacy_land_unit_functions())
            out << "L " << l.entity << " " << l.dimension << ":" << l.function << "\n";
        for (const auto& m : entente::missions::land_unit_modifiers())
            out << "M" << m.sector << " " << m.code << "\n";
    }
    const auto r = run_oracle("milsymbol_check.mjs", list);
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find("invalid") == std::string::npos);
    CHECK(r.output.find("missing-entity") == std::string::npos);
    // Most 2525C equivalents draw exactly as their 2525D entity in milsymbol (the rest: icons that changed
    // between the editions, listed in the output).
    const size_t at = r.output.find("legacy-same ");
    REQUIRE(at != std::string::npos);
    CHECK(std::stoi(r.output.substr(at + 12)) >= 80);
    CHECK(r.output.find("checked " + std::to_string(entente::missions::land_unit_functions().size()) +
                        " entities") != std::string::npos);
}

TEST_CASE("milsymbol rejects a land-unit entity that does not exist (the oracle can fail)") {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / "milsymbol";
    fs::create_directories(dir);
    const std::string list = (dir / "bad_codes.txt").string();
    std::ofstream(list) << "E 129999\n";
    const auto r = run_oracle("milsymbol_check.mjs", list);
    INFO(r.output);
    CHECK(r.status == 1);
    CHECK(r.output.find("invalid entity 1003100000129999") != std::string::npos);
}
