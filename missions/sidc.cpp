#include "sidc.hpp"

#include <algorithm>
#include <cctype>

namespace entente::missions {

namespace {

// 2525D symbol set 10 (land unit) main icons. Verified entries: the name and code agree between Esri's
// joint-military-symbology-xml legacy 2525C->2525D table (samples/legacy_support/LegacyMappingTableCtoD.csv)
// and milsymbol's symbol set 10 icon table; 110000, 110300, 110500, 121000 and 121200 appear in milsymbol's
// table only (not in the legacy table, which maps 2525C codes and 2525C has no such functions).
const std::vector<LandUnitFunction> kLandUnit = {
    {"000000", "Unspecified", true, ""},
    {"110000", "Command and control (headquarters unit)", true,
     "code verified; using it for a headquarters unit is our reading (2525D marks a headquarters with the "
     "HQ/TF/FD digit, not an entity)"},
    {"110200", "Civil affairs", true, ""},
    {"110300", "Civil-military cooperation (CIMIC)", true, ""},
    {"110500", "Liaison", true, ""},
    {"111000", "Signal", true, ""},
    {"120400", "Antitank/antiarmour", true, ""},
    {"120500", "Armour", true, ""},
    {"120600", "Rotary-wing aviation", true, ""},
    {"120800", "Fixed-wing aviation", true, ""},
    {"120900", "Combat", true, ""},
    {"121000", "Combined arms", true, ""},
    {"121100", "Infantry", true, ""},
    {"121102", "Mechanised infantry", true, ""},
    {"121104", "Motorised infantry", true, ""},
    {"121200", "Military observer", false,
     "2525D 121200 is 'Observer/observation'; that it is APP-6's military observer is unverified"},
    {"121300", "Reconnaissance", true, ""},
    {"121700", "Special forces", true, ""},
    {"121800", "Special operations forces", true, ""},
    {"121900", "Unmanned aerial systems", true, ""},
    {"130100", "Air defence", true, ""},
    {"130300", "Field artillery", true, ""},
    {"130800", "Mortar", true, ""},
    {"140100", "CBRN defence", true, ""},
    {"140700", "Engineer", true, ""},
    {"140701", "Mechanised engineer", true, ""},
    {"140800", "Explosive ordnance disposal", true, ""},
    {"141200", "Military police", true, ""},
    {"141700", "Security", true, ""},
    {"151000", "Military intelligence", true, ""},
    {"160000", "Sustainment", true, ""},
    {"160600", "Combat service support", true, ""},
    {"161100", "Maintenance", true, ""},
    {"161300", "Medical", true, ""},
    {"161400", "Medical treatment facility", true, ""},
    {"163400", "Supply", true, ""},
    {"163600", "Transportation", true, ""},
};

// 2525C function IDs (dimension, positions 5-10) -> 2525D land unit entity, from the same legacy table.
// 2525C has no CIMIC, military observer or headquarters-unit function IDs that could be confirmed; those are
// 2525D-only here.
const std::vector<LegacyFunction> kLegacy = {
    {'G', "------", "000000", true}, //
    {'G', "UC----", "120900", true}, // combat
    {'G', "UCI---", "121100", true}, // infantry
    {'G', "UCIZ--", "121102", true}, // infantry mechanised
    {'G', "UCIM--", "121104", true}, // infantry motorised
    {'G', "UCA---", "120500", true}, // armour
    {'G', "UCAT--", "120500", true}, // armour, track
    {'G', "UCAA--", "120400", true}, // antiarmour
    {'G', "UCR---", "121300", true}, // reconnaissance
    {'G', "UCF---", "130300", true}, // field artillery
    {'G', "UCFM--", "130800", true}, // mortar
    {'G', "UCD---", "130100", true}, // air defence
    {'G', "UCE---", "140700", true}, // engineer
    {'G', "UCECT-", "140701", true}, // engineer, mechanised (track)
    {'G', "UCV---", "120600", true}, // aviation -> army aviation/rotary wing
    {'G', "UCVR--", "120600",
     false}, // rotary wing: its subtypes (UCVRA, UCVRU...) map to 120600; itself not seen
    {'G', "UCVF--", "120800", true}, // fixed wing
    {'G', "UCVU--", "121900", true}, // unmanned aerial systems
    {'G', "UCS---", "141700", true}, // security
    {'G', "UUA---", "140100", true}, // CBRN
    {'G', "UUE---", "140800", true}, // EOD
    {'G', "UULM--", "141200", true}, // military police
    {'G', "UUM---", "151000", true}, // military intelligence
    {'G', "UUS---", "111000", true}, // signal
    {'G', "US----", "160600", true}, // combat service support
    {'G', "USM---", "161300", true}, // medical
    {'G', "USMM--", "161400", true}, // medical treatment facility
    {'G', "USX---", "161100", true}, // maintenance
    {'G', "USS---", "163400", true}, // supply
    {'G', "UST---", "163600", true}, // transportation
    {'F', "------", "121800", true}, // SOF
    {'F', "GS----", "121700", true}, // special forces
    {'F', "GC----", "110200", true}, // civil affairs
};

const LandUnitFunction* find_entity(std::string_view entity) {
    for (const auto& f : kLandUnit)
        if (entity == f.entity) return &f;
    return nullptr;
}

const LegacyFunction* find_legacy(char dimension, std::string_view function) {
    for (const auto& f : kLegacy)
        if (f.dimension == dimension && function == f.function) return &f;
    return nullptr;
}

std::string quoted(std::string_view code) {
    return "'" + std::string(code) + "'";
}

bool fail(std::string* error, std::string_view code, const std::string& reason) {
    if (error) *error = quoted(code) + ": " + reason;
    return false;
}

const char* const kEchelonNames[] = {"none",
                                     "Team/crew",
                                     "Squad",
                                     "Section",
                                     "Platoon/detachment",
                                     "Company/battery/troop",
                                     "Battalion/squadron",
                                     "Regiment/group",
                                     "Brigade",
                                     "Division",
                                     "Corps/MEF",
                                     "Army",
                                     "Army group/front",
                                     "Region/theater",
                                     "Command"};

// Sets the function fields from a 2525D land-unit entity code. An entity/type not in the table falls back to
// its entity-type parent (XXYY00) when that one is known, so e.g. amphibious infantry 121101 reads
// "Infantry".
void set_land_function(Sidc& s, std::string_view original) {
    const std::string& e = s.entity_code;
    if (const auto* f = find_entity(e)) {
        s.function = f->name;
        s.function_known = true;
        return;
    }
    if (e.substr(4) != "00") {
        if (const auto* f = find_entity(e.substr(0, 4) + "00")) {
            s.function = std::string(f->name) + " (subtype " + e + ")";
            s.function_known = true;
            return;
        }
    }
    s.function = "unknown function";
    s.function_known = false;
    s.warning = quoted(original) + ": entity " + e + " is not a known land-unit function";
}

std::optional<Sidc> parse_2525d(const std::string& c, std::string* error) {
    for (size_t i = 0; i < c.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(c[i]))) {
            fail(error, c,
                 "character " + std::to_string(i + 1) + " '" + std::string(1, c[i]) + "' is not a digit");
            return std::nullopt;
        }
    Sidc s;
    s.code = c;
    const std::string version = c.substr(0, 2);
    if (version != "10" && version != "11" && version != "13") {
        fail(error, c,
             "version " + version + " is not supported (expected 10 or 11: 2525D / APP-6(D); 13: 2525E)");
        return std::nullopt;
    }
    s.version = std::stoi(version);
    const int context = c[2] - '0';
    if (context > 2) {
        fail(error, c, "context digit " + std::string(1, c[2]) + " is not defined");
        return std::nullopt;
    }
    s.context = static_cast<Context>(context);
    s.exercise = s.context == Context::Exercise;
    const int identity = c[3] - '0';
    if (identity > 6) {
        fail(error, c, "standard identity digit " + std::string(1, c[3]) + " is not defined");
        return std::nullopt;
    }
    s.identity = static_cast<StandardIdentity>(identity);
    s.joker = s.exercise && s.identity == StandardIdentity::Suspect;
    s.faker = s.exercise && s.identity == StandardIdentity::Hostile;
    s.symbol_set = c.substr(4, 2);
    if (symbol_set_name(s.symbol_set).empty()) {
        fail(error, c, "symbol set " + s.symbol_set + " is not defined");
        return std::nullopt;
    }
    const int status = c[6] - '0';
    if (status > 5) {
        fail(error, c, "status digit " + std::string(1, c[6]) + " is not defined");
        return std::nullopt;
    }
    s.status = static_cast<Status>(status);
    const int hqtffd = c[7] - '0';
    if (hqtffd > 7) {
        fail(error, c, "headquarters/task force/dummy digit " + std::string(1, c[7]) + " is not defined");
        return std::nullopt;
    }
    s.feint_dummy = hqtffd & 1;
    s.hq = hqtffd & 2;
    s.task_force = hqtffd & 4;
    s.amplifier = c.substr(8, 2);
    const int a = std::stoi(s.amplifier);
    if (a == 0) {
        s.echelon = Echelon::None;
    } else if (a >= 11 && a <= 18) {
        s.echelon = static_cast<Echelon>(a - 10);
    } else if (a >= 21 && a <= 26) {
        s.echelon = static_cast<Echelon>(a - 21 + static_cast<int>(Echelon::Division));
    } else if (a < 30) {
        fail(error, c, "echelon amplifier " + s.amplifier + " is not defined");
        return std::nullopt;
    } // 3x..9x: mobility / towed array / other amplifiers, kept raw
    s.entity_code = c.substr(10, 6);
    s.modifier1 = c.substr(16, 2);
    s.modifier2 = c.substr(18, 2);
    if (s.symbol_set == "10") {
        set_land_function(s, c);
    } else {
        s.function = "unknown function";
        s.function_known = false;
        s.warning = quoted(c) + ": symbol set " + s.symbol_set + " (" + symbol_set_name(s.symbol_set) +
                    ") has no main icons in the table, only land units";
    }
    return s;
}

std::optional<Sidc> parse_2525c(std::string c, std::string_view original, std::string* error) {
    for (auto& ch : c) {
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (ch == '*' || ch == ' ') ch = '-';
    }
    for (size_t i = 0; i < c.size(); ++i)
        if (!std::isalnum(static_cast<unsigned char>(c[i])) && c[i] != '-') {
            fail(error, original,
                 "character " + std::to_string(i + 1) + " '" + std::string(1, c[i]) +
                     "' is not a letter, digit, '-' or '*'");
            return std::nullopt;
        }
    c.resize(15, '-');
    Sidc s;
    s.code = c;
    s.version = 3;
    s.coding_scheme = c[0];
    if (std::string_view("SIOEGW").find(c[0]) == std::string_view::npos) {
        fail(error, original, "coding scheme '" + std::string(1, c[0]) + "' is not defined");
        return std::nullopt;
    }
    using SI = StandardIdentity;
    switch (c[1]) {
    case 'P':
        s.identity = SI::Pending;
        break;
    case 'U':
        s.identity = SI::Unknown;
        break;
    case 'A':
        s.identity = SI::AssumedFriend;
        break;
    case 'F':
        s.identity = SI::Friend;
        break;
    case 'N':
        s.identity = SI::Neutral;
        break;
    case 'S':
        s.identity = SI::Suspect;
        break;
    case 'H':
        s.identity = SI::Hostile;
        break;
    case 'G':
        s.identity = SI::Pending, s.exercise = true;
        break;
    case 'W':
        s.identity = SI::Unknown, s.exercise = true;
        break;
    case 'M':
        s.identity = SI::AssumedFriend, s.exercise = true;
        break;
    case 'D':
        s.identity = SI::Friend, s.exercise = true;
        break;
    case 'L':
        s.identity = SI::Neutral, s.exercise = true;
        break;
    case 'J':
        s.identity = SI::Suspect, s.exercise = true, s.joker = true;
        break;
    case 'K':
        s.identity = SI::Hostile, s.exercise = true, s.faker = true;
        break;
    default:
        fail(error, original, "standard identity letter '" + std::string(1, c[1]) + "' is not defined");
        return std::nullopt;
    }
    if (s.exercise) s.context = Context::Exercise;

    // Battle dimension and status are positions 3-4 for S and I; for the others they mean something else
    // (category for G and W, category for O and E), and no function table applies.
    const bool warfighting = c[0] == 'S' || c[0] == 'I';
    s.function_id = c.substr(4, 6);
    if (warfighting) {
        s.battle_dimension = c[2];
        switch (c[2]) {
        case 'P':
            s.symbol_set = "05";
            break;
        case 'A':
            s.symbol_set = "01";
            break;
        case 'G':
            s.symbol_set = c[4] == 'E' ? "15" : c[4] == 'I' ? "20" : "10"; // equipment, installation, unit
            break;
        case 'S':
            s.symbol_set = "30";
            break;
        case 'U':
            s.symbol_set = "35";
            break;
        case 'F':
            s.symbol_set = "10";
            break;
        case 'X':
            s.symbol_set = "";
            break;
        case 'Z':
            s.symbol_set = "00";
            break;
        default:
            fail(error, original, "battle dimension '" + std::string(1, c[2]) + "' is not defined");
            return std::nullopt;
        }
        switch (c[3]) {
        case 'A':
            s.status = Status::Planned;
            break;
        case 'P':
        case '-':
            s.status = Status::Present;
            break;
        case 'C':
            s.status = Status::FullyCapable;
            break;
        case 'D':
            s.status = Status::Damaged;
            break;
        case 'X':
            s.status = Status::Destroyed;
            break;
        case 'F':
            s.status = Status::FullToCapacity;
            break;
        default:
            fail(error, original, "status '" + std::string(1, c[3]) + "' is not defined");
            return std::nullopt;
        }
    }

    s.amplifier.clear();
    const char mod = c[10], ech = c[11];
    switch (mod) {
    case 'A':
        s.hq = true;
        break;
    case 'B':
        s.hq = s.task_force = true;
        break;
    case 'C':
        s.hq = s.feint_dummy = true;
        break;
    case 'D':
        s.hq = s.feint_dummy = s.task_force = true;
        break;
    case 'E':
        s.task_force = true;
        break;
    case 'F':
        s.feint_dummy = true;
        break;
    case 'G':
        s.feint_dummy = s.task_force = true;
        break;
    case 'H':
        s.installation = true;
        if (ech == 'B')
            s.feint_dummy = true;
        else if (ech != '-') {
            fail(error, original, "installation modifier '" + std::string(1, ech) + "' is not defined");
            return std::nullopt;
        }
        break;
    case 'M':
    case 'N':
    case '-':
        break;
    default:
        fail(error, original, "symbol modifier '" + std::string(1, mod) + "' is not defined");
        return std::nullopt;
    }
    if (mod != 'H' && mod != 'M' && mod != 'N' && ech != '-') {
        if (ech < 'A' || ech > 'N') {
            fail(error, original, "echelon '" + std::string(1, ech) + "' is not defined");
            return std::nullopt;
        }
        s.echelon = static_cast<Echelon>(ech - 'A' + 1);
    }

    if (c[0] == 'S' && (c[2] == 'G' || c[2] == 'F')) {
        if (const auto* f = find_legacy(c[2], s.function_id)) {
            s.entity_code = f->entity;
            set_land_function(s, original);
            return s;
        }
    }
    s.function = "unknown function";
    s.function_known = false;
    s.warning = quoted(original) + ": function " + s.function_id + " is not a known land-unit function";
    return s;
}

} // namespace

const std::vector<LandUnitFunction>& land_unit_functions() {
    return kLandUnit;
}
const std::vector<LegacyFunction>& legacy_land_unit_functions() {
    return kLegacy;
}

std::optional<Sidc> parse_sidc(std::string_view code, std::string* error) {
    const std::string_view original = code;
    while (!code.empty() && std::isspace(static_cast<unsigned char>(code.front())))
        code.remove_prefix(1);
    while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back())))
        code.remove_suffix(1);
    const std::string expected = "expected 20 digits (2525D) or 15 characters (2525C)";
    if (code.empty()) {
        fail(error, original, "empty code; " + expected);
        return std::nullopt;
    }
    if (std::isdigit(static_cast<unsigned char>(code.front()))) {
        if (code.size() != 20) {
            fail(error, code, std::to_string(code.size()) + " characters; " + expected);
            return std::nullopt;
        }
        return parse_2525d(std::string(code), error);
    }
    // 2525C: trailing placeholders may be omitted; never longer than 15 once trailing spaces are gone.
    if (code.size() > 15) {
        fail(error, code, std::to_string(code.size()) + " characters; " + expected);
        return std::nullopt;
    }
    return parse_2525c(std::string(code), code, error);
}

std::string to_string(StandardIdentity id) {
    switch (id) {
    case StandardIdentity::Pending:
        return "Pending";
    case StandardIdentity::Unknown:
        return "Unknown";
    case StandardIdentity::AssumedFriend:
        return "Assumed friend";
    case StandardIdentity::Friend:
        return "Friend";
    case StandardIdentity::Neutral:
        return "Neutral";
    case StandardIdentity::Suspect:
        return "Suspect";
    case StandardIdentity::Hostile:
        return "Hostile";
    }
    return "?";
}

std::string to_string(Context c) {
    switch (c) {
    case Context::Reality:
        return "Reality";
    case Context::Exercise:
        return "Exercise";
    case Context::Simulation:
        return "Simulation";
    }
    return "?";
}

std::string to_string(Status s) {
    switch (s) {
    case Status::Present:
        return "Present";
    case Status::Planned:
        return "Planned/anticipated";
    case Status::FullyCapable:
        return "Present, fully capable";
    case Status::Damaged:
        return "Present, damaged";
    case Status::Destroyed:
        return "Present, destroyed";
    case Status::FullToCapacity:
        return "Present, full to capacity";
    }
    return "?";
}

std::string to_string(Echelon e) {
    return kEchelonNames[static_cast<int>(e)];
}

std::string symbol_set_name(const std::string& set) {
    static const std::pair<const char*, const char*> names[] = {
        {"00", "Unknown"},
        {"01", "Air"},
        {"02", "Air missile"},
        {"05", "Space"},
        {"06", "Space missile"},
        {"10", "Land unit"},
        {"11", "Land civilian unit/organisation"},
        {"15", "Land equipment"},
        {"20", "Land installation"},
        {"25", "Control measure"},
        {"27", "Dismounted individual"},
        {"30", "Sea surface"},
        {"35", "Sea subsurface"},
        {"36", "Mine warfare"},
        {"40", "Activities"},
        {"45", "Atmospheric"},
        {"46", "Oceanographic"},
        {"47", "Meteorological space"},
        {"50", "Signals intelligence space"},
        {"51", "Signals intelligence air"},
        {"52", "Signals intelligence land"},
        {"53", "Signals intelligence surface"},
        {"54", "Signals intelligence subsurface"},
        {"60", "Cyberspace"},
    };
    for (const auto& [k, v] : names)
        if (set == k) return v;
    return "";
}

std::string describe(const Sidc& s) {
    std::string out;
    auto line = [&](const std::string& k, const std::string& v) { out += k + ": " + v + "\n"; };
    line("Code", s.code + (s.version == 3 ? " (MIL-STD-2525C, 15 characters)"
                                          : " (MIL-STD-2525D / APP-6(D), 20 digits, version " +
                                                std::to_string(s.version) + ")"));
    std::string identity = to_string(s.identity);
    if (s.joker)
        identity += " (exercise, joker)";
    else if (s.faker)
        identity += " (exercise, faker)";
    else if (s.exercise)
        identity += " (exercise)";
    else if (s.context == Context::Simulation)
        identity += " (simulation)";
    line("Standard identity", identity);
    if (s.version == 3 && s.battle_dimension) {
        const std::string set = s.symbol_set.empty() ? "Other" : symbol_set_name(s.symbol_set);
        line("Symbol set", set + " (battle dimension " + std::string(1, s.battle_dimension) + ")");
    } else if (s.version == 3) {
        line("Symbol set", "not applicable (coding scheme " + std::string(1, s.coding_scheme) + ")");
    } else {
        line("Symbol set", symbol_set_name(s.symbol_set));
    }
    line("Status", to_string(s.status));
    line("Echelon", to_string(s.echelon));
    std::string fn = s.function;
    if (!s.entity_code.empty())
        fn += " (entity " + s.entity_code + ")";
    else if (!s.function_id.empty())
        fn += " (function " + s.function_id + ")";
    if (!s.function_known) fn += "; drawn as a marked fallback";
    line("Function", fn);
    line("Headquarters", s.hq ? "yes" : "no");
    line("Task force", s.task_force ? "yes" : "no");
    line("Feint/dummy", s.feint_dummy ? "yes" : "no");
    if (s.installation) line("Installation", "yes");
    if (!s.warning.empty()) line("Warning", s.warning);
    return out;
}

std::string to_2525d(const Sidc& s) {
    if (s.version != 3) return s.code;
    if (s.coding_scheme != 'S' || s.entity_code.empty() || s.symbol_set.empty()) return "";
    std::string d = "10";
    d += s.exercise ? '1' : '0';
    d += static_cast<char>('0' + static_cast<int>(s.identity));
    d += s.symbol_set;
    d += static_cast<char>('0' + static_cast<int>(s.status));
    d += static_cast<char>('0' + (s.feint_dummy ? 1 : 0) + (s.hq ? 2 : 0) + (s.task_force ? 4 : 0));
    const int e = static_cast<int>(s.echelon);
    if (s.echelon == Echelon::None)
        d += "00";
    else if (s.echelon <= Echelon::Brigade)
        d += std::to_string(10 + e);
    else
        d += std::to_string(21 + e - static_cast<int>(Echelon::Division));
    d += s.entity_code;
    d += "0000";
    return d;
}

} // namespace entente::missions
