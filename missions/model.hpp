// The mission model: a plan for a joint operation (phases, units, control measures) as plain data. No GL, no
// ImGui. Every change goes through a command (missions/document.hpp), so the window, scripts and tests edit
// it with one vocabulary and every edit can be undone.
#pragma once
#include "geo/types.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace entente::missions {

struct Phase {
    std::string id, name;
    int start_day = 0, end_day = 0; // offsets from D-day
    bool operator==(const Phase&) const = default;
};

struct Unit {
    std::string id;
    std::string sidc; // 20-digit 2525D/APP-6D or 15-character 2525C
    std::string designation, higher_formation;
    std::string nation;       // ISO 3166-1 alpha-3 of the contributing nation
    std::string organisation; // e.g. UN, AU
    int strength = 0;
    std::string command_relationship; // OPCON, TACON, ...
    std::string parent;               // id of the parent unit in the order of battle; empty: top level
    std::vector<std::string> releasability;
    std::string notes;
    geo::LonLat position;                              // where it is unless a phase says otherwise
    std::map<std::string, geo::LonLat> phase_position; // phase id -> position in that phase
    bool operator==(const Unit& o) const;
    geo::LonLat position_in(const std::string& phase) const;
};

enum class MeasureKind {
    AreaOfOperations,
    AreaOfResponsibility,
    NoGoZone,
    BufferZone,
    AssemblyArea, // areas
    Route,
    MainSupplyRoute,
    PhaseLine,
    Boundary, // lines
    Base,
    Headquarters,
    Checkpoint,
    LandingZone,
    Airfield,
    ObservationPost // points
};
enum class Shape { Area, Line, Point };
Shape shape_of(MeasureKind k);
const char* to_string(MeasureKind k);
std::optional<MeasureKind> measure_kind_from(std::string_view s);

struct ControlMeasure {
    std::string id, name;
    MeasureKind kind = MeasureKind::AreaOfOperations;
    std::vector<geo::LonLat> points; // ring (not closed) for areas, path for lines, one point for points
    std::vector<std::string> phases; // phases it applies to; empty: all
    std::vector<std::string> releasability;
    std::string assigned_unit; // e.g. the unit an area of operations belongs to
    std::string notes;
    bool operator==(const ControlMeasure& o) const;
};

// A briefing slide: a saved view of the plan with what it shows, a title and the briefer's notes.
struct Slide {
    std::string id, title, notes;
    std::string projection = "webmercator";                  // as `entente render --crs` takes it
    double west = -180, south = -80, east = 180, north = 80; // lon/lat box the slide shows whole
    std::string date;                                        // YYYY-MM-DD "as of" date; empty: the D-day
    std::string phase;                                       // phase id shown; empty: all
    // Visible layers: "mission", "operations" (peace operations), "alliance:CODE" (up to three), "risk:PATH"
    // (a raster, threshold after '@': "risk:demo/risk_synthetic.tif@60"), "mgrs", "graticule", "labels".
    std::vector<std::string> layers{"mission", "graticule", "labels"};
    bool operator==(const Slide&) const = default;
};

struct Mission {
    std::string name = "Untitled mission";
    std::string classification = "UNCLASSIFIED"; // e.g. NATO RESTRICTED
    std::vector<std::string> releasability;      // default releasability of elements
    std::string d_day;                           // YYYY-MM-DD
    std::string description;
    std::vector<Phase> phases;
    std::vector<Unit> units;
    std::vector<ControlMeasure> measures;
    std::vector<Slide> slides; // the briefing, in order
    bool operator==(const Mission&) const = default;

    Unit* unit(const std::string& id);
    ControlMeasure* measure(const std::string& id);
    Phase* phase(const std::string& id);
};

// The calendar day a phase starts (D-day plus its start day), "YYYY-MM-DD"; "" when the mission has no valid
// D-day or no such phase.
std::string phase_start_date(const Mission& m, const std::string& phase_id);
// "D+14", "D-3", "D-day" for a day offset.
std::string d_offset_text(int days);

// The order-of-battle chain from unit `id` up through `parent` when it comes back to `id`: {id, parent, ...,
// id}. Empty when the chain ends (top level, or a parent that is not in the mission) or runs into a loop that
// `id` is not part of. So giving `id` the parent `parent` would make a loop exactly when this is not empty,
// and a unit is in a loop exactly when parent_loop(m, u.id, u.parent) is not empty.
std::vector<std::string> parent_loop(const Mission& m, const std::string& id, const std::string& parent);
// A chain as one line: "B-COY -> A-BN -> B-COY".
std::string chain_text(const std::vector<std::string>& chain);

// Limits on what a mission holds, so a hostile file or ops script cannot make every later reader (render,
// export, validate) run out of memory: longer text or more points are refused with a message naming the
// element, the field and the limit (std::invalid_argument from the *_from_json readers).
namespace limits {
inline constexpr size_t kIdBytes = 256;          // ids, SIDCs, nations, organisations, relationships
inline constexpr size_t kTextBytes = 1024;       // names, designations, higher formations, titles, markings
inline constexpr size_t kNotesBytes = 64 * 1024; // notes and the mission's description
inline constexpr size_t kPoints = 100000;        // points of one control measure
inline constexpr size_t kListItems = 1000;       // releasability entries, phases a measure applies to, layers
inline constexpr long long kStrength = 10000000; // personnel of one unit: 0..10 million
inline constexpr long long kDays = 36500;        // a phase's start and end, days from D-day: within a century
} // namespace limits
// Thrown by the *_from_json readers when a limit is exceeded: the input is refused (out of range), not taken
// for damaged.
class LimitExceeded : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// JSON forms, shared by the edit vocabulary, scripts and tests. Reading validates and throws
// std::invalid_argument naming the field and the reason.
nlohmann::json to_json(const Phase& p);
nlohmann::json to_json(const Unit& u);
nlohmann::json to_json(const ControlMeasure& m);
nlohmann::json to_json(const Slide& s);
nlohmann::json to_json(const Mission& m);
Slide slide_from_json(const nlohmann::json& j);
Phase phase_from_json(const nlohmann::json& j);
Unit unit_from_json(const nlohmann::json& j);
ControlMeasure measure_from_json(const nlohmann::json& j);
Mission mission_from_json(const nlohmann::json& j);
// Throws std::invalid_argument when two phases, units, measures or slides share an id.
void check_unique_ids(const Mission& m);
// Throws std::invalid_argument unless `d_day` is empty or a real calendar date YYYY-MM-DD ("1800-13-45" is
// refused).
void check_d_day(const std::string& d_day);

} // namespace entente::missions
