// Symbol identification codes (SIDCs) for unit symbols: MIL-STD-2525D / APP-6(D) 20-digit codes and the older
// MIL-STD-2525C 15-character codes, decoded into what the symbol means (identity, symbol set, status,
// echelon, HQ / task force / feint-dummy indicators, main-icon function). Decoding only: drawing lives
// elsewhere.
//
// 2525D / APP-6(D), 20 digits (positions 1-based):
//   1-2  version        10 = 2525D / APP-6(D), 11 = 2525D change 1, 13 = 2525E base (first 20 digits only)
//   3    context        0 reality, 1 exercise, 2 simulation
//   4    identity       0 pending, 1 unknown, 2 assumed friend, 3 friend, 4 neutral, 5 suspect (joker in an
//                       exercise), 6 hostile (faker in an exercise)
//   5-6  symbol set     01 air, 02 air missile, 05 space, 06 space missile, 10 land unit, 11 land civilian,
//                       15 land equipment, 20 land installation, 25 control measure, 27 dismounted
//                       individual, 30 sea surface, 35 sea subsurface, 36 mine warfare, 40 activities, 45-47
//                       METOC, 50-54 signals intelligence, 60 cyberspace
//   7    status         0 present, 1 planned/anticipated, 2 fully capable, 3 damaged, 4 destroyed, 5 full to
//                       capacity
//   8    HQ/TF/FD       a sum of 1 feint/dummy, 2 headquarters, 4 task force (0..7)
//   9-10 amplifier      00 none; echelons 11 team/crew .. 18 brigade, 21 division .. 26 command; 3x-6x are
//                       mobility / towed-array amplifiers (kept raw, not echelons)
//   11-16 entity        entity, entity type, entity subtype (2 digits each)
//   17-18, 19-20        sector 1 and sector 2 modifiers (kept raw)
//
// 2525C, 15 characters: 1 coding scheme (S warfighting, I intelligence, O stability operations, E emergency
// management, G tactical graphics, W METOC), 2 identity (P U A F N S H; exercise G W M D L; J joker, K
// faker), 3 battle dimension (P space, A air, G ground, S sea surface, U subsurface, F SOF, X other, Z
// unknown), 4 status (A anticipated/planned, P present, C fully capable, D damaged, X destroyed, F full to
// capacity), 5-10 function ID, 11 symbol modifier, 12 echelon, 13-14 country, 15 order of battle. '-' and '*'
// are placeholders; a shorter code is padded with '-' (trailing dashes may be omitted). Symbol modifier (11):
//   A headquarters, B task force HQ, C feint/dummy HQ, D feint/dummy task force HQ, E task force,
//   F feint/dummy, G feint/dummy task force, H installation (12: '-' or B = feint/dummy installation),
//   M mobility, N towed array (then 12 is the mobility kind, not an echelon), '-' none.
// Echelon (12): A team/crew, B squad, C section, D platoon/detachment, E company/battery/troop,
//   F battalion/squadron, G regiment/group, H brigade, I division, J corps/MEF, K army, L army group/front,
//   M region/theater, N command.
//
// Unknown functions: a code whose fields are valid but whose main icon is not in the land-unit table still
// parses (identity, echelon and the rest are usable); `function_known` is false, `function` is
// "unknown function" and `warning` names the code and says why, so the UI draws a marked fallback.
// Malformed codes (length, characters, undefined field values) do not parse: `error` names the code and
// field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entente::missions {

enum class StandardIdentity { Pending, Unknown, AssumedFriend, Friend, Neutral, Suspect, Hostile };
enum class Context { Reality, Exercise, Simulation };
enum class Status { Present, Planned, FullyCapable, Damaged, Destroyed, FullToCapacity };
enum class Echelon {
    None,
    Team,      // team/crew
    Squad,     //
    Section,   //
    Platoon,   // platoon/detachment
    Company,   // company/battery/troop
    Battalion, // battalion/squadron
    Regiment,  // regiment/group
    Brigade,
    Division,
    Corps, // corps/MEF
    Army,
    ArmyGroup, // army group/front
    Region,    // region/theater
    Command,
};

struct Sidc {
    std::string code; // normalised: trimmed; 2525C upper-cased, '*' as '-', padded to 15
    int version = 10; // 10 / 11 / 13 for 20-digit codes (2525D, 2525D change 1, 2525E); 3 = 2525C
    Context context = Context::Reality;
    StandardIdentity identity = StandardIdentity::Unknown;
    bool exercise = false; // exercise context (2525D context 1; 2525C G W M D L J K)
    bool joker = false;    // exercise suspect: friend frame shape in hostile colour, letter J (2525D 5.3.1)
    bool faker = false;    // exercise hostile: friend frame shape in hostile colour, letter K
    std::string
        symbol_set; // 2 digits (2525D); for 2525C the equivalent 2525D set, "" when none (dimension X)
    char coding_scheme = 0;    // 2525C only
    char battle_dimension = 0; // 2525C only
    Status status = Status::Present;
    std::string amplifier = "00"; // 2525D digits 9-10 as given ("" for 2525C)
    Echelon echelon = Echelon::None;
    bool hq = false, task_force = false, feint_dummy = false;
    bool installation = false; // 2525C symbol modifier H
    std::string entity_code;   // 6 digits (2525D); for 2525C the 2525D equivalent when in the table, else ""
    std::string function_id;   // 2525C function ID (positions 5-10), "" for 2525D
    std::string modifier1, modifier2; // 2525D sector modifiers (digits 17-18, 19-20)
    std::string function;             // human name, e.g. "Infantry", or "unknown function"
    bool function_known = false;
    std::string warning; // set when the code parses but its function is not in the table
};

// The land-unit tables are assets/symbology/land_unit.csv and land_unit_modifiers.csv, compiled into the
// binary (docs/symbology.md describes their columns and the drawing recipes).

// One main icon of symbol set 10. `verified`: code, name and 2525C equivalent agree between Esri's
// joint-military-symbology-xml and milsymbol, and the recipe follows the standard; false entries say why in
// `note`.
struct LandUnitFunction {
    const char* entity; // 2525D symbol set 10 entity code (6 digits)
    const char* name;
    bool verified;
    const char* note;        // what is unverified, or ""
    const char* recipe = ""; // how it is drawn (docs/symbology.md)
    const char* legacy = ""; // 2525C equivalents "G:UCI---", several joined by '|'; "" when none
};

// A 2525C function (battle dimension + 6-character function ID) and its 2525D land-unit equivalent, derived
// from LandUnitFunction::legacy (the one mapping table).
struct LegacyFunction {
    char dimension;       // 'G' ground, 'F' SOF
    const char* function; // positions 5-10, '-' padded
    const char* entity;   // 2525D symbol set 10 entity
    bool verified;
};

// A sector 1 (upper) or sector 2 (lower) modifier of symbol set 10 (SIDC digits 17-18, 19-20).
struct LandUnitModifier {
    int sector;       // 1 or 2
    const char* code; // 2 digits
    const char* name;
    const char* recipe;
    bool verified;
    const char* note;
};

const std::vector<LandUnitFunction>& land_unit_functions();
const std::vector<LegacyFunction>& legacy_land_unit_functions();
const std::vector<LandUnitModifier>& land_unit_modifiers();
const LandUnitFunction* find_land_unit(std::string_view entity);                    // nullptr if none
const LandUnitModifier* find_land_unit_modifier(int sector, std::string_view code); // nullptr if none

// The 2525C function ID (6 characters, e.g. "UCI---", without the battle dimension) of a 2525D land-unit
// entity, or of its nearest ancestor (subtype -> type -> entity) that has one; "" if none. `dimension`, when
// given, receives the battle dimension letter ('G' ground, 'F' SOF; 0 when none).
std::string legacy_function_for(const std::string& entity, char* dimension = nullptr);

// Parses a 20-digit 2525D or a 15-character 2525C code (see above). On failure returns nullopt and, when
// `error` is given, sets it to one line naming the code and the reason.
std::optional<Sidc> parse_sidc(std::string_view code, std::string* error = nullptr);

// Multi-line description ("Standard identity: Friend (exercise)\nSymbol set: Land unit\n...").
std::string describe(const Sidc& s);

// The equivalent 20-digit 2525D code: the normalised code itself for 2525D input; for 2525C the converted
// code when the coding scheme is S and the function is in the legacy table (or unspecified), else "".
std::string to_2525d(const Sidc& s);

// Names for the describe() lines and the UI.
std::string to_string(StandardIdentity id);
std::string to_string(Context c);
std::string to_string(Status s);
std::string to_string(Echelon e);
std::string symbol_set_name(const std::string& set); // "" when not a defined 2525D symbol set

} // namespace entente::missions
