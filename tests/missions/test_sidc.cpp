// SIDC tables: identity, echelon, HQ/TF/FD and function for 20-digit 2525D and 15-character 2525C codes, and
// malformed codes that must give an error naming the code.
#include "missions/sidc.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace entente::missions;
using SI = StandardIdentity;

namespace {
Sidc parse_ok(const std::string& code) {
    std::string error;
    auto s = parse_sidc(code, &error);
    INFO(code << " -> " << error);
    REQUIRE(s);
    CHECK(error.empty());
    return *s;
}

std::string parse_error(const std::string& code) {
    std::string error;
    auto s = parse_sidc(code, &error);
    INFO(code);
    CHECK_FALSE(s);
    return error;
}

// 2525D land unit: friend, reality, infantry, with the given digits patched in.
std::string d_code(char context, char identity, char hqtffd = '0', const std::string& amp = "00",
                   const std::string& entity = "121100") {
    std::string c = "10031000001211000000";
    c[2] = context;
    c[3] = identity;
    c[7] = hqtffd;
    c.replace(8, 2, amp);
    c.replace(10, 6, entity);
    return c;
}
} // namespace

TEST_CASE("2525D: every standard identity digit, reality, exercise and simulation") {
    struct Row {
        char context, digit;
        SI identity;
        bool exercise, joker, faker;
    };
    const Row rows[] = {
        {'0', '0', SI::Pending, false, false, false},       {'0', '1', SI::Unknown, false, false, false},
        {'0', '2', SI::AssumedFriend, false, false, false}, {'0', '3', SI::Friend, false, false, false},
        {'0', '4', SI::Neutral, false, false, false},       {'0', '5', SI::Suspect, false, false, false},
        {'0', '6', SI::Hostile, false, false, false},       {'1', '0', SI::Pending, true, false, false},
        {'1', '1', SI::Unknown, true, false, false},        {'1', '2', SI::AssumedFriend, true, false, false},
        {'1', '3', SI::Friend, true, false, false},         {'1', '4', SI::Neutral, true, false, false},
        {'1', '5', SI::Suspect, true, true, false},         {'1', '6', SI::Hostile, true, false, true},
        {'2', '3', SI::Friend, false, false, false},        {'2', '6', SI::Hostile, false, false, false},
    };
    for (const auto& r : rows) {
        const auto s = parse_ok(d_code(r.context, r.digit));
        INFO(s.code);
        CHECK(s.version == 10);
        CHECK(s.identity == r.identity);
        CHECK(s.exercise == r.exercise);
        CHECK(s.joker == r.joker);
        CHECK(s.faker == r.faker);
        CHECK(s.context == static_cast<Context>(r.context - '0'));
        CHECK(s.symbol_set == "10");
    }
}

TEST_CASE("2525C: every standard identity letter incl. exercise, joker and faker") {
    struct Row {
        char letter;
        SI identity;
        bool exercise, joker, faker;
    };
    const Row rows[] = {
        {'P', SI::Pending, false, false, false},       {'U', SI::Unknown, false, false, false},
        {'A', SI::AssumedFriend, false, false, false}, {'F', SI::Friend, false, false, false},
        {'N', SI::Neutral, false, false, false},       {'S', SI::Suspect, false, false, false},
        {'H', SI::Hostile, false, false, false},       {'G', SI::Pending, true, false, false},
        {'W', SI::Unknown, true, false, false},        {'M', SI::AssumedFriend, true, false, false},
        {'D', SI::Friend, true, false, false},         {'L', SI::Neutral, true, false, false},
        {'J', SI::Suspect, true, true, false},         {'K', SI::Hostile, true, false, true},
    };
    for (const auto& r : rows) {
        std::string c = "SFGPUCI----D---";
        c[1] = r.letter;
        const auto s = parse_ok(c);
        INFO(c);
        CHECK(s.version == 3);
        CHECK(s.identity == r.identity);
        CHECK(s.exercise == r.exercise);
        CHECK(s.joker == r.joker);
        CHECK(s.faker == r.faker);
        CHECK(s.function == "Infantry");
        CHECK(s.echelon == Echelon::Platoon);
    }
}

TEST_CASE("echelon for every amplifier from team to command, 20-digit and 15-character") {
    struct Row {
        const char* amp;
        char letter;
        Echelon echelon;
        const char* name;
    };
    const Row rows[] = {
        {"11", 'A', Echelon::Team, "Team/crew"},
        {"12", 'B', Echelon::Squad, "Squad"},
        {"13", 'C', Echelon::Section, "Section"},
        {"14", 'D', Echelon::Platoon, "Platoon/detachment"},
        {"15", 'E', Echelon::Company, "Company/battery/troop"},
        {"16", 'F', Echelon::Battalion, "Battalion/squadron"},
        {"17", 'G', Echelon::Regiment, "Regiment/group"},
        {"18", 'H', Echelon::Brigade, "Brigade"},
        {"21", 'I', Echelon::Division, "Division"},
        {"22", 'J', Echelon::Corps, "Corps/MEF"},
        {"23", 'K', Echelon::Army, "Army"},
        {"24", 'L', Echelon::ArmyGroup, "Army group/front"},
        {"25", 'M', Echelon::Region, "Region/theater"},
        {"26", 'N', Echelon::Command, "Command"},
    };
    for (const auto& r : rows) {
        const auto d = parse_ok(d_code('0', '3', '0', r.amp));
        CHECK(d.echelon == r.echelon);
        CHECK(to_string(d.echelon) == r.name);
        CHECK(d.amplifier == r.amp);
        std::string c = "SFGPUCI-----US-";
        c[11] = r.letter;
        const auto s = parse_ok(c);
        CHECK(s.echelon == r.echelon);
        // Round trip through the 2525D conversion keeps the echelon.
        CHECK(parse_ok(to_2525d(s)).echelon == r.echelon);
    }
    CHECK(parse_ok(d_code('0', '3')).echelon == Echelon::None);
    CHECK(parse_ok("SFGPUCI--------").echelon == Echelon::None);
    // A mobility amplifier is not an echelon.
    const auto mob = parse_ok(d_code('0', '3', '0', "31"));
    CHECK(mob.echelon == Echelon::None);
    CHECK(mob.amplifier == "31");
    CHECK(parse_ok("SFGPUCI---MO---").echelon == Echelon::None);
}

TEST_CASE("headquarters, task force and feint/dummy flags, 20-digit and 15-character") {
    struct Row {
        char digit, letter;
        bool hq, tf, fd;
    };
    const Row rows[] = {
        {'0', '-', false, false, false}, {'1', 'F', false, false, true}, {'2', 'A', true, false, false},
        {'3', 'C', true, false, true},   {'4', 'E', false, true, false}, {'5', 'G', false, true, true},
        {'6', 'B', true, true, false},   {'7', 'D', true, true, true},
    };
    for (const auto& r : rows) {
        const auto d = parse_ok(d_code('0', '3', r.digit, "16"));
        CHECK(d.hq == r.hq);
        CHECK(d.task_force == r.tf);
        CHECK(d.feint_dummy == r.fd);
        CHECK(d.echelon == Echelon::Battalion);
        std::string c = "SFGPUCI----F---";
        c[10] = r.letter;
        const auto s = parse_ok(c);
        INFO(c);
        CHECK(s.hq == r.hq);
        CHECK(s.task_force == r.tf);
        CHECK(s.feint_dummy == r.fd);
        CHECK(s.echelon == Echelon::Battalion);
        CHECK(to_2525d(s)[7] == r.digit);
    }
    const auto inst = parse_ok("SFGPUCI---H----");
    CHECK(inst.installation);
    CHECK_FALSE(inst.feint_dummy);
    const auto fd_inst = parse_ok("SFGPUCI---HB---");
    CHECK(fd_inst.installation);
    CHECK(fd_inst.feint_dummy);
}

TEST_CASE("land-unit functions a peace-support force uses, 2525D entity codes") {
    const std::pair<const char*, const char*> rows[] = {
        {"121100", "Infantry"},
        {"121102", "Mechanised infantry"},
        {"120500", "Armour"},
        {"121300", "Reconnaissance"},
        {"130300", "Field artillery"},
        {"130100", "Air defence"},
        {"140700", "Engineer"},
        {"161300", "Medical"},
        {"141200", "Military police"},
        {"111000", "Signal"},
        {"163400", "Supply"},
        {"161100", "Maintenance"},
        {"163600", "Transportation"},
        {"120600", "Rotary-wing aviation"},
        {"110300", "Civil-military cooperation (CIMIC)"},
        {"121700", "Special forces"},
        {"110000", "Command and control"},
        {"121200", "Observer"},
        {"000000", "Unspecified"},
    };
    for (const auto& [entity, name] : rows) {
        const auto s = parse_ok(d_code('0', '3', '0', "15", entity));
        CHECK(s.entity_code == entity);
        CHECK(s.function == name);
        CHECK(s.function_known);
        CHECK(s.warning.empty());
        CHECK(to_2525d(s) == s.code);
    }
    // A subtype not in the table reads as its entity type (95-98 are the standard's special subtypes).
    const auto hq_element = parse_ok(d_code('0', '3', '0', "15", "121195"));
    CHECK(hq_element.function_known);
    CHECK(hq_element.function == "Infantry : Headquarters element");
    CHECK(parse_ok(d_code('0', '3', '0', "15", "163498")).function ==
          "Supply : Theater/echelons above corps support");
    CHECK(parse_ok(d_code('0', '3', '0', "15", "121150")).function == "Infantry (subtype 121150)");
}

TEST_CASE("land-unit functions, 2525C function IDs and their 2525D equivalents") {
    struct Row {
        const char* code;
        const char* entity;
        const char* name;
    };
    const Row rows[] = {
        {"SFGPUCI----E---", "121100", "Infantry"},
        {"SFGPUCIZ---E---", "121102", "Mechanised infantry"},
        {"SFGPUCA----E---", "120500", "Armour"},
        {"SFGPUCR----E---", "121300", "Reconnaissance"},
        {"SFGPUCF----E---", "130300", "Field artillery"},
        {"SFGPUCD----E---", "130100", "Air defence"},
        {"SFGPUCE----E---", "140700", "Engineer"},
        {"SFGPUSM----E---", "161300", "Medical"},
        {"SFGPUULM---E---", "141200", "Military police"},
        {"SFGPUUS----E---", "111000", "Signal"},
        {"SFGPUSS----E---", "163400", "Supply"},
        {"SFGPUSX----E---", "161100", "Maintenance"},
        {"SFGPUST----E---", "163600", "Transportation"},
        {"SFGPUCV----E---", "120600", "Rotary-wing aviation"},
        {"SFGPUCVR---E---", "120600", "Rotary-wing aviation"},
        {"SFFPGS-----E---", "121700", "Special forces"},
        {"SFFPGC-----E---", "110200", "Civil affairs"},
    };
    for (const auto& r : rows) {
        const auto s = parse_ok(r.code);
        INFO(r.code);
        CHECK(s.entity_code == r.entity);
        CHECK(s.function == r.name);
        CHECK(s.function_known);
        CHECK(s.symbol_set == "10");
        const std::string d = to_2525d(s);
        CHECK(d == std::string("1003100015") + r.entity + "0000");
        CHECK(parse_ok(d).function == r.name);
    }
}

TEST_CASE("2525C codes: trimming and padding") {
    CHECK(parse_ok("  SFGPUCI  ").code == "SFGPUCI--------");
    CHECK(parse_ok("sfgpuciz---f---").function == "Mechanised infantry");
    CHECK(parse_ok("SFGPUCI***").code == "SFGPUCI--------");
    CHECK(parse_ok(" 10031000161211000000 ").echelon == Echelon::Battalion);
    const auto planned = parse_ok("SFGAUCI----");
    CHECK(planned.status == Status::Planned);
    CHECK(to_2525d(planned) == "10031010001211000000");
    CHECK(parse_ok("SHGXUCA--------").status == Status::Destroyed);
    CHECK(parse_ok("10031040001205000000").status == Status::Destroyed);
}

TEST_CASE("unknown functions parse with a warning naming the code") {
    const auto d = parse_ok("10031000169999990000");
    CHECK_FALSE(d.function_known);
    CHECK(d.function == "unknown function");
    CHECK(d.identity == SI::Friend);
    CHECK(d.echelon == Echelon::Battalion);
    CHECK(d.warning.find("10031000169999990000") != std::string::npos);
    CHECK(d.warning.find("999999") != std::string::npos);
    CHECK(describe(d).find("marked fallback") != std::string::npos);

    const auto c = parse_ok("SHGPUQQQ---F---");
    CHECK_FALSE(c.function_known);
    CHECK(c.identity == SI::Hostile);
    CHECK(c.echelon == Echelon::Battalion);
    CHECK(c.warning.find("SHGPUQQQ---F---") != std::string::npos);
    CHECK(to_2525d(c).empty());

    // Other symbol sets decode, with no main icon from the land-unit table.
    const auto air = parse_ok("10030100001101000000");
    CHECK(air.symbol_set == "01");
    CHECK_FALSE(air.function_known);
    CHECK(air.warning.find("Air") != std::string::npos);
}

TEST_CASE("malformed codes give an error that names the code and never parse") {
    const std::pair<const char*, const char*> rows[] = {
        {"10031000001211000000X", "21 characters; expected 20 digits (2525D) or 15 characters (2525C)"},
        {"1003100000121100000", "19 characters"},
        {"1003100000121100000X", "character 20 'X' is not a digit"},
        {"10091000001211000000", "standard identity digit 9 is not defined"},
        {"10071000001211000000", "standard identity digit 7 is not defined"},
        {"10331000001211000000", "context digit 3 is not defined"},
        {"12031000001211000000", "version 12 is not supported"},
        {"10039900001211000000", "symbol set 99 is not defined"},
        {"10031090001211000000", "status digit 9 is not defined"},
        {"10031008001211000000", "headquarters/task force/dummy digit 8 is not defined"},
        {"10031000191211000000", "echelon amplifier 19 is not defined"},
        {"SFGPUCI----E----", "16 characters"},
        {"SXGPUCI----E---", "standard identity letter 'X' is not defined"},
        {"S-GPUCI----E---", "standard identity letter '-' is not defined"},
        {"SFQPUCI----E---", "battle dimension 'Q' is not defined"},
        {"SFGQUCI----E---", "status 'Q' is not defined"},
        {"QFGPUCI----E---", "coding scheme 'Q' is not defined"},
        {"SFGPUCI----Z---", "echelon 'Z' is not defined"},
        {"SFGPUCI---Z----", "symbol modifier 'Z' is not defined"},
        {"SFGPUCI!---E---", "character 8 '!' is not a letter"},
    };
    for (const auto& [code, reason] : rows) {
        const std::string error = parse_error(code);
        INFO(error);
        CHECK(error.find(std::string("'") + code + "'") == 0);
        CHECK(error.find(reason) != std::string::npos);
    }
    CHECK(parse_error("").find("empty code") != std::string::npos);
    CHECK(parse_error("   ").find("empty code") != std::string::npos);
    // No error pointer: still no crash.
    CHECK_FALSE(parse_sidc("garbage-that-is-far-too-long"));
}

TEST_CASE("describe says identity, symbol set, echelon, function and the indicators") {
    const auto s = parse_ok("10131002161211000000");
    const std::string d = describe(s);
    CHECK(d.find("Standard identity: Friend (exercise)\n") != std::string::npos);
    CHECK(d.find("Symbol set: Land unit\n") != std::string::npos);
    CHECK(d.find("Echelon: Battalion/squadron\n") != std::string::npos);
    CHECK(d.find("Function: Infantry (entity 121100)\n") != std::string::npos);
    CHECK(d.find("Headquarters: yes\n") != std::string::npos);
    CHECK(d.find("Task force: no\n") != std::string::npos);
    CHECK(d.find("Feint/dummy: no\n") != std::string::npos);
    CHECK(d.find("Warning") == std::string::npos);

    const std::string j = describe(parse_ok("SJGPUCR----E---"));
    CHECK(j.find("Standard identity: Suspect (exercise, joker)\n") != std::string::npos);
    CHECK(j.find("MIL-STD-2525C") != std::string::npos);
    CHECK(j.find("Echelon: Company/battery/troop\n") != std::string::npos);
}

TEST_CASE("function tables: unique 2525D entities, every legacy entry maps to a known entity") {
    std::set<std::string> seen;
    for (const auto& f : land_unit_functions()) {
        CHECK(std::string(f.entity).size() == 6);
        CHECK(seen.insert(f.entity).second);
        if (!f.verified) CHECK(std::string(f.note).size() > 0);
    }
    std::set<std::string> legacy;
    for (const auto& f : legacy_land_unit_functions()) {
        CHECK(std::string(f.function).size() == 6);
        CHECK(seen.count(f.entity) == 1);
        CHECK(legacy.insert(std::string(1, f.dimension) + f.function).second);
    }
}

TEST_CASE("land-unit table: every entity parses and names itself, 2525D and 2525C") {
    REQUIRE(land_unit_functions().size() >= 220);
    for (const auto& f : land_unit_functions()) {
        const std::string code = "10031000161211000000";
        const auto s = parse_ok(code.substr(0, 10) + f.entity + "0000");
        INFO(f.entity);
        CHECK(s.function == f.name);
        CHECK(s.function_known);
        CHECK(s.warning.empty());
        CHECK(std::string(f.recipe).size() > 0);
        CHECK(describe(s).find(std::string("Function: ") + f.name) != std::string::npos);
    }
}

TEST_CASE("land-unit table: 2525C codes of every mapped entity convert to the 2525D entity and back") {
    REQUIRE(legacy_land_unit_functions().size() >= 100);
    for (const auto& l : legacy_land_unit_functions()) {
        const std::string c = std::string("SF") + l.dimension + "P" + l.function + "-E---";
        INFO(c);
        const auto s = parse_ok(c);
        CHECK(s.entity_code == l.entity);
        CHECK(s.function_known);
        const std::string d = to_2525d(s);
        REQUIRE(d.size() == 20);
        CHECK(d.substr(10, 6) == l.entity);
        // Back: the entity's primary 2525C function is this one or listed beside it in the same row.
        char dim = 0;
        const std::string back = legacy_function_for(d.substr(10, 6), &dim);
        REQUIRE(back.size() == 6);
        const auto* row = find_land_unit(l.entity);
        REQUIRE(row);
        CHECK(std::string(row->legacy).find(std::string(1, dim) + ":" + back) == 0);
        CHECK(std::string(row->legacy).find(std::string(1, l.dimension) + ":" + l.function) !=
              std::string::npos);
    }
}

TEST_CASE("legacy_function_for: the entity's own 2525C function, else its nearest ancestor's") {
    char dim = 0;
    CHECK(legacy_function_for("121100", &dim) == "UCI---");
    CHECK(dim == 'G');
    CHECK(legacy_function_for("121104") == "UCIM--");
    CHECK(legacy_function_for("121101") == "UCI---"); // amphibious infantry: 2525C has none, its type has
    CHECK(legacy_function_for("121195") == "UCI---"); // special subtype
    CHECK(legacy_function_for("120500") == "UCA---");
    CHECK(legacy_function_for("121700", &dim) == "GS----");
    CHECK(dim == 'F');
    CHECK(legacy_function_for("163750") == "USS1--");   // unknown subtype of US supply class I
    CHECK(legacy_function_for("110300", &dim).empty()); // CIMIC: none, nor has command and control
    CHECK(dim == 0);
    CHECK(legacy_function_for("12").empty());
}

TEST_CASE("land-unit modifiers: both sectors, unique codes, described by name") {
    std::set<std::string> seen;
    int s1 = 0, s2 = 0;
    for (const auto& m : land_unit_modifiers()) {
        INFO(m.sector << " " << m.code);
        CHECK(std::string(m.code).size() == 2);
        CHECK(seen.insert(std::to_string(m.sector) + m.code).second);
        CHECK(std::string(m.recipe).size() > 0);
        if (!m.verified) CHECK(std::string(m.note).size() > 0);
        (m.sector == 1 ? s1 : s2)++;
        const std::string mods = m.sector == 1 ? std::string(m.code) + "00" : "00" + std::string(m.code);
        const auto s = parse_ok("1003100016121100" + mods);
        CHECK(describe(s).find("Sector " + std::to_string(m.sector) + " modifier: " + m.name + " (" + m.code +
                               ")\n") != std::string::npos);
    }
    CHECK(s1 == 78);
    CHECK(s2 == 57);
    CHECK(find_land_unit_modifier(2, "51") != nullptr);
    CHECK(find_land_unit_modifier(2, "99") == nullptr);
}
