#include "sidc.hpp"

#include <algorithm>
#include <cctype>
#include <deque>

namespace entente::missions::detail {
extern const char* const kLandUnitCsv;
extern const char* const kLandUnitModifiersCsv;
} // namespace entente::missions::detail

namespace entente::missions {

namespace {

// The tables come from assets/symbology/*.csv, embedded by CMake (land_unit_data.cpp.in).
std::vector<std::string> csv_fields(std::string_view line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            out.back() += '"', ++i;
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            out.emplace_back();
        else if (c != '\r')
            out.back() += c;
    }
    return out;
}

// Data rows (comments and the header skipped), each with at least `min_fields` fields.
std::vector<std::vector<std::string>> csv_rows(const char* text, size_t min_fields) {
    std::vector<std::vector<std::string>> rows;
    std::string_view rest(text);
    bool header = true;
    while (!rest.empty()) {
        const size_t nl = rest.find('\n');
        const std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        if (line.empty() || line.front() == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        auto f = csv_fields(line);
        f.resize(std::max(f.size(), min_fields));
        rows.push_back(std::move(f));
    }
    return rows;
}

struct Tables {
    std::deque<std::string> text; // owns every string the tables point into (a deque never moves them)
    std::vector<LandUnitFunction> functions;
    std::vector<LegacyFunction> legacy;
    std::vector<LandUnitModifier> modifiers;
    const char* keep(std::string s) { return text.emplace_back(std::move(s)).c_str(); }
};

const Tables& tables() {
    static const Tables t = [] {
        Tables t;
        for (const auto& r : csv_rows(detail::kLandUnitCsv, 6)) {
            LandUnitFunction f{t.keep(r[0]), t.keep(r[1]), r[4] == "1", t.keep(r[5])};
            f.recipe = t.keep(r[2]);
            f.legacy = t.keep(r[3]);
            t.functions.push_back(f);
            std::string_view legacy = f.legacy;
            while (legacy.size() >= 8) { // "G:UCI---"
                t.legacy.push_back(
                    {legacy[0], t.keep(std::string(legacy.substr(2, 6))), f.entity, f.verified});
                legacy.remove_prefix(std::min(legacy.size(), size_t(9)));
            }
        }
        for (const auto& r : csv_rows(detail::kLandUnitModifiersCsv, 6))
            t.modifiers.push_back(
                {r[0] == "2" ? 2 : 1, t.keep(r[1]), t.keep(r[2]), t.keep(r[3]), r[4] == "1", t.keep(r[5])});
        return t;
    }();
    return t;
}

const LandUnitFunction* find_entity(std::string_view entity) {
    return find_land_unit(entity);
}

const LegacyFunction* find_legacy(char dimension, std::string_view function) {
    for (const auto& f : tables().legacy)
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
            // 95-98 are the standard's special subtypes, valid under any entity type.
            static const char* const special[] = {"Headquarters element", "Division and below support",
                                                  "Corps support", "Theater/echelons above corps support"};
            const int sub = std::stoi(e.substr(4));
            s.function = sub >= 95 && sub <= 98 ? std::string(f->name) + " : " + special[sub - 95]
                                                : std::string(f->name) + " (subtype " + e + ")";
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
    return tables().functions;
}
const std::vector<LegacyFunction>& legacy_land_unit_functions() {
    return tables().legacy;
}
const std::vector<LandUnitModifier>& land_unit_modifiers() {
    return tables().modifiers;
}

const LandUnitFunction* find_land_unit(std::string_view entity) {
    for (const auto& f : tables().functions)
        if (entity == f.entity) return &f;
    return nullptr;
}

const LandUnitModifier* find_land_unit_modifier(int sector, std::string_view code) {
    for (const auto& m : tables().modifiers)
        if (m.sector == sector && code == m.code) return &m;
    return nullptr;
}

std::string legacy_function_for(const std::string& entity, char* dimension) {
    if (dimension) *dimension = 0;
    if (entity.size() != 6) return "";
    // Subtype, then its type (XXYY00), then its entity (XX0000).
    for (const std::string& e : {entity, entity.substr(0, 4) + "00", entity.substr(0, 2) + "0000"}) {
        const auto* f = find_land_unit(e);
        if (!f || std::string_view(f->legacy).size() < 8) continue;
        if (dimension) *dimension = f->legacy[0];
        return std::string(f->legacy + 2, 6);
    }
    return "";
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
    for (int sector : {1, 2}) {
        const std::string& m = sector == 1 ? s.modifier1 : s.modifier2;
        if (m.empty() || m == "00") continue;
        const auto* mod = s.symbol_set == "10" ? find_land_unit_modifier(sector, m) : nullptr;
        line("Sector " + std::to_string(sector) + " modifier",
             (mod ? std::string(mod->name) : "unknown") + " (" + m + ")");
    }
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
