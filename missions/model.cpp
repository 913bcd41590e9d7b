#include "model.hpp"
#include "utf8.hpp"

#include "geo/alliances.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace entente::missions {

namespace {

struct KindName {
    MeasureKind kind;
    const char* name;
    Shape shape;
};
const KindName kKinds[] = {
    {MeasureKind::AreaOfOperations, "area_of_operations", Shape::Area},
    {MeasureKind::AreaOfResponsibility, "area_of_responsibility", Shape::Area},
    {MeasureKind::NoGoZone, "no_go_zone", Shape::Area},
    {MeasureKind::BufferZone, "buffer_zone", Shape::Area},
    {MeasureKind::AssemblyArea, "assembly_area", Shape::Area},
    {MeasureKind::Route, "route", Shape::Line},
    {MeasureKind::MainSupplyRoute, "main_supply_route", Shape::Line},
    {MeasureKind::PhaseLine, "phase_line", Shape::Line},
    {MeasureKind::Boundary, "boundary", Shape::Line},
    {MeasureKind::Base, "base", Shape::Point},
    {MeasureKind::Headquarters, "headquarters", Shape::Point},
    {MeasureKind::Checkpoint, "checkpoint", Shape::Point},
    {MeasureKind::LandingZone, "landing_zone", Shape::Point},
    {MeasureKind::Airfield, "airfield", Shape::Point},
    {MeasureKind::ObservationPost, "observation_post", Shape::Point},
};

bool same(const geo::LonLat& a, const geo::LonLat& b) {
    return a.lon == b.lon && a.lat == b.lat;
}

[[noreturn]] void bad(const std::string& field, const std::string& why) {
    throw std::invalid_argument(field + ": " + why);
}

[[noreturn]] void too_much(const std::string& field, const std::string& why) {
    throw LimitExceeded(field + ": " + why);
}

geo::LonLat point_from(const nlohmann::json& j, const std::string& field) {
    if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_number())
        bad(field, "expected [longitude, latitude]");
    const geo::LonLat p{j[0].get<double>(), j[1].get<double>()};
    if (!geo::valid_lonlat(p.lon, p.lat))
        bad(field, "coordinate (" + j[0].dump() + ", " + j[1].dump() +
                       ") is outside longitude -180..180 / latitude -90..90");
    return p;
}

nlohmann::json point_json(const geo::LonLat& p) {
    return {p.lon, p.lat};
}

// Text in a plan is UTF-8 without NUL (every export format and the saved file need it): other bytes are
// refused where they enter, naming the field and the byte, rather than failing later in a save or an export.
void require_utf8(const std::string& s, const std::string& field) {
    if (const size_t at = invalid_utf8_at(s); at != std::string::npos) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", unsigned(static_cast<unsigned char>(s[at])));
        bad(field, std::string("not UTF-8 text (byte ") + hex + " at offset " + std::to_string(at) + ")");
    }
    // NUL is UTF-8 but ends a string in GDAL, SQLite and XML: an id "\0..." would come back empty.
    if (const size_t at = s.find('\0'); at != std::string::npos)
        bad(field, "contains a NUL character (at offset " + std::to_string(at) + ")");
}

// A whole-number field, or `fallback` when absent. Read wide and checked, so 2^40 or 1e34 is refused rather
// than wrapped (or converted with undefined behaviour) to some other number; beyond lo..hi is a limit.
long long whole(const nlohmann::json& j, const char* key, long long fallback, const std::string& where,
                long long lo, long long hi) {
    if (!j.contains(key)) return fallback;
    const auto& v = j[key];
    if (!v.is_number_integer()) bad(where + key, "expected a whole number, not " + v.dump());
    const bool unsigned_big = v.is_number_unsigned() && v.get<unsigned long long>() > (1ull << 62);
    const long long n = unsigned_big ? hi + 1 : v.get<long long>();
    if (n < 0 && lo == 0) bad(where + key, "cannot be negative");
    if (n < lo) too_much(where + key, v.dump() + " is less than the limit of " + std::to_string(lo));
    if (n > hi) too_much(where + key, v.dump() + " is more than the limit of " + std::to_string(hi));
    return n;
}

// A string field, or `fallback` when absent; refused when it is not a string or is longer than `limit` bytes.
std::string text(const nlohmann::json& j, const char* key, size_t limit, const std::string& where,
                 const std::string& fallback = "") {
    if (!j.contains(key)) return fallback;
    const auto& v = j[key];
    if (!v.is_string()) bad(where + key, "expected text");
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > limit)
        too_much(where + key,
                 std::to_string(s.size()) + " bytes, more than the limit of " + std::to_string(limit));
    require_utf8(s, where + key);
    return s;
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key, const std::string& where = "") {
    if (!j.contains(key)) return {};
    if (!j[key].is_array()) bad(where + key, "expected a list of strings");
    if (j[key].size() > limits::kListItems)
        too_much(where + key, std::to_string(j[key].size()) + " entries, more than the limit of " +
                                  std::to_string(limits::kListItems));
    std::vector<std::string> out;
    for (auto& v : j[key]) {
        if (!v.is_string()) bad(where + key, "expected a list of strings");
        if (v.get_ref<const std::string&>().size() > limits::kTextBytes)
            too_much(where + key,
                     "an entry longer than the limit of " + std::to_string(limits::kTextBytes) + " bytes");
        require_utf8(v.get_ref<const std::string&>(), where + key);
        out.push_back(v.get<std::string>());
    }
    return out;
}

std::string required_id(const nlohmann::json& j) {
    if (!j.is_object()) bad("element", "expected a JSON object");
    const std::string id = text(j, "id", limits::kIdBytes, "");
    if (id.empty()) bad("id", "missing");
    return id;
}

} // namespace

void check_d_day(const std::string& d_day) {
    if (!d_day.empty() && !geo::Date::parse(d_day))
        bad("d_day", "'" + d_day.substr(0, 64) + "' is not a calendar date YYYY-MM-DD");
}

bool Unit::operator==(const Unit& o) const {
    if (phase_position.size() != o.phase_position.size()) return false;
    for (auto& [k, v] : phase_position) {
        auto it = o.phase_position.find(k);
        if (it == o.phase_position.end() || !same(v, it->second)) return false;
    }
    return id == o.id && sidc == o.sidc && designation == o.designation &&
           higher_formation == o.higher_formation && nation == o.nation && organisation == o.organisation &&
           strength == o.strength && command_relationship == o.command_relationship && parent == o.parent &&
           releasability == o.releasability && notes == o.notes && same(position, o.position);
}

geo::LonLat Unit::position_in(const std::string& phase) const {
    auto it = phase_position.find(phase);
    return it != phase_position.end() ? it->second : position;
}

bool ControlMeasure::operator==(const ControlMeasure& o) const {
    if (points.size() != o.points.size()) return false;
    for (size_t i = 0; i < points.size(); ++i)
        if (!same(points[i], o.points[i])) return false;
    return id == o.id && name == o.name && kind == o.kind && phases == o.phases &&
           releasability == o.releasability && assigned_unit == o.assigned_unit && notes == o.notes;
}

Shape shape_of(MeasureKind k) {
    for (auto& e : kKinds)
        if (e.kind == k) return e.shape;
    return Shape::Point;
}

const char* to_string(MeasureKind k) {
    for (auto& e : kKinds)
        if (e.kind == k) return e.name;
    return "unknown";
}

std::optional<MeasureKind> measure_kind_from(std::string_view s) {
    for (auto& e : kKinds)
        if (s == e.name) return e.kind;
    return std::nullopt;
}

std::string phase_start_date(const Mission& m, const std::string& phase_id) {
    const auto d = geo::Date::parse(m.d_day);
    if (!d) return "";
    for (const auto& p : m.phases)
        if (p.id == phase_id) return d->plus_days(p.start_day).str();
    return "";
}

std::string d_offset_text(int days) {
    if (days == 0) return "D-day";
    return (days > 0 ? "D+" : "D-") + std::to_string(std::abs(days));
}

std::vector<std::string> parent_loop(const Mission& m, const std::string& id, const std::string& parent) {
    std::vector<std::string> chain{id};
    std::set<std::string> seen{id};
    for (std::string p = parent; !p.empty();) {
        chain.push_back(p);
        if (p == id) return chain;
        if (!seen.insert(p).second) break; // a loop higher up that `id` is not part of
        auto u = std::find_if(m.units.begin(), m.units.end(), [&](const Unit& x) { return x.id == p; });
        if (u == m.units.end()) break;
        p = u->parent;
    }
    return {};
}

std::string chain_text(const std::vector<std::string>& chain) {
    std::string s;
    for (const auto& id : chain)
        s += (s.empty() ? "" : " -> ") + id;
    return s;
}

Unit* Mission::unit(const std::string& id) {
    for (auto& u : units)
        if (u.id == id) return &u;
    return nullptr;
}
ControlMeasure* Mission::measure(const std::string& id) {
    for (auto& m : measures)
        if (m.id == id) return &m;
    return nullptr;
}
Phase* Mission::phase(const std::string& id) {
    for (auto& p : phases)
        if (p.id == id) return &p;
    return nullptr;
}

nlohmann::json to_json(const Phase& p) {
    return {{"id", p.id}, {"name", p.name}, {"start_day", p.start_day}, {"end_day", p.end_day}};
}

nlohmann::json to_json(const Unit& u) {
    nlohmann::json pp = nlohmann::json::object();
    for (auto& [k, v] : u.phase_position)
        pp[k] = point_json(v);
    return {{"id", u.id},
            {"sidc", u.sidc},
            {"designation", u.designation},
            {"higher_formation", u.higher_formation},
            {"nation", u.nation},
            {"organisation", u.organisation},
            {"strength", u.strength},
            {"command_relationship", u.command_relationship},
            {"parent", u.parent},
            {"releasability", u.releasability},
            {"notes", u.notes},
            {"position", point_json(u.position)},
            {"phase_position", pp}};
}

nlohmann::json to_json(const ControlMeasure& m) {
    nlohmann::json pts = nlohmann::json::array();
    for (auto& p : m.points)
        pts.push_back(point_json(p));
    return {{"id", m.id},
            {"name", m.name},
            {"kind", to_string(m.kind)},
            {"points", pts},
            {"phases", m.phases},
            {"releasability", m.releasability},
            {"notes", m.notes},
            {"assigned_unit", m.assigned_unit}};
}

nlohmann::json to_json(const Slide& s) {
    return {{"id", s.id},
            {"title", s.title},
            {"notes", s.notes},
            {"projection", s.projection},
            {"view", {s.west, s.south, s.east, s.north}},
            {"date", s.date},
            {"phase", s.phase},
            {"layers", s.layers}};
}

Slide slide_from_json(const nlohmann::json& j) {
    Slide s;
    s.id = required_id(j);
    const std::string at = "slide " + s.id + ": ";
    s.title = text(j, "title", limits::kTextBytes, at);
    s.notes = text(j, "notes", limits::kNotesBytes, at);
    s.projection = text(j, "projection", limits::kTextBytes, at, s.projection);
    if (j.contains("view")) {
        const auto& v = j["view"];
        if (!v.is_array() || v.size() != 4) bad("slide " + s.id, "view must be [west, south, east, north]");
        s.west = v[0].get<double>(), s.south = v[1].get<double>(), s.east = v[2].get<double>(),
        s.north = v[3].get<double>();
        if (!(s.south < s.north) || s.south < -90 || s.north > 90 || s.west < -180 || s.west > 180 ||
            s.east < -180 || s.east > 180 || s.west == s.east)
            bad("slide " + s.id, "view " + v.dump() + " is not a box of longitudes and latitudes");
    }
    s.date = text(j, "date", limits::kIdBytes, at);
    s.phase = text(j, "phase", limits::kIdBytes, at);
    if (j.contains("layers")) s.layers = strings(j, "layers", at);
    return s;
}

nlohmann::json to_json(const Mission& m) {
    nlohmann::json j{{"name", m.name},
                     {"classification", m.classification},
                     {"releasability", m.releasability},
                     {"d_day", m.d_day},
                     {"description", m.description},
                     {"phases", nlohmann::json::array()},
                     {"units", nlohmann::json::array()},
                     {"measures", nlohmann::json::array()}};
    for (auto& p : m.phases)
        j["phases"].push_back(to_json(p));
    for (auto& u : m.units)
        j["units"].push_back(to_json(u));
    for (auto& c : m.measures)
        j["measures"].push_back(to_json(c));
    j["slides"] = nlohmann::json::array();
    for (auto& sl : m.slides)
        j["slides"].push_back(to_json(sl));
    return j;
}

Phase phase_from_json(const nlohmann::json& j) {
    Phase p;
    p.id = required_id(j);
    p.name = text(j, "name", limits::kTextBytes, "phase " + p.id + ": ", p.id);
    const std::string at = "phase " + p.id + ": ";
    p.start_day = int(whole(j, "start_day", 0, at, -limits::kDays, limits::kDays));
    p.end_day = int(whole(j, "end_day", p.start_day, at, -limits::kDays, limits::kDays));
    if (p.end_day < p.start_day)
        bad("phase " + p.id, "ends (day " + std::to_string(p.end_day) + ") before it starts (day " +
                                 std::to_string(p.start_day) + ")");
    return p;
}

Unit unit_from_json(const nlohmann::json& j) {
    Unit u;
    u.id = required_id(j);
    const std::string at = "unit " + u.id + ": ";
    u.sidc = text(j, "sidc", limits::kIdBytes, at);
    u.designation = text(j, "designation", limits::kTextBytes, at);
    u.higher_formation = text(j, "higher_formation", limits::kTextBytes, at);
    u.nation = text(j, "nation", limits::kIdBytes, at);
    u.organisation = text(j, "organisation", limits::kIdBytes, at);
    u.strength = int(whole(j, "strength", u.strength, at, 0, limits::kStrength));
    u.command_relationship = text(j, "command_relationship", limits::kIdBytes, at);
    u.parent = text(j, "parent", limits::kIdBytes, at);
    u.releasability = strings(j, "releasability", at);
    u.notes = text(j, "notes", limits::kNotesBytes, at);
    if (!j.contains("position")) bad("unit " + u.id + ": position", "missing");
    u.position = point_from(j["position"], "unit " + u.id + ": position");
    if (j.contains("phase_position"))
        for (auto& [k, v] : j["phase_position"].items())
            u.phase_position[k] = point_from(v, "unit " + u.id + ": phase_position." + k);
    return u;
}

ControlMeasure measure_from_json(const nlohmann::json& j) {
    ControlMeasure m;
    m.id = required_id(j);
    const std::string at = "measure " + m.id + ": ";
    m.name = text(j, "name", limits::kTextBytes, at, m.id);
    const std::string kind = text(j, "kind", limits::kIdBytes, at);
    auto k = measure_kind_from(kind);
    if (!k) bad("measure " + m.id + ": kind", "'" + kind + "' is not a control measure kind");
    m.kind = *k;
    if (!j.contains("points") || !j["points"].is_array()) bad("measure " + m.id + ": points", "missing");
    if (j["points"].size() > limits::kPoints)
        too_much(at + "points", std::to_string(j["points"].size()) + " points, more than the limit of " +
                                    std::to_string(limits::kPoints));
    for (size_t i = 0; i < j["points"].size(); ++i)
        m.points.push_back(
            point_from(j["points"][i], "measure " + m.id + ": points[" + std::to_string(i) + "]"));
    const size_t need = shape_of(m.kind) == Shape::Area ? 3 : shape_of(m.kind) == Shape::Line ? 2 : 1;
    if (m.points.size() < need || (shape_of(m.kind) == Shape::Point && m.points.size() != 1))
        bad("measure " + m.id + ": points",
            std::string("a ") + to_string(m.kind) + " needs " +
                (need == 1 ? "exactly 1 point" : "at least " + std::to_string(need) + " points"));
    m.phases = strings(j, "phases", at);
    m.releasability = strings(j, "releasability", at);
    m.assigned_unit = text(j, "assigned_unit", limits::kIdBytes, at);
    m.notes = text(j, "notes", limits::kNotesBytes, at);
    return m;
}

Mission mission_from_json(const nlohmann::json& j) {
    Mission m;
    if (!j.is_object()) bad("mission", "expected a JSON object");
    m.name = text(j, "name", limits::kTextBytes, "mission: ", m.name);
    m.classification = text(j, "classification", limits::kTextBytes, "mission: ", m.classification);
    m.releasability = strings(j, "releasability", "mission: ");
    m.d_day = text(j, "d_day", limits::kIdBytes, "mission: ");
    check_d_day(m.d_day);
    m.description = text(j, "description", limits::kNotesBytes, "mission: ");
    for (auto& p : j.value("phases", nlohmann::json::array()))
        m.phases.push_back(phase_from_json(p));
    for (auto& u : j.value("units", nlohmann::json::array()))
        m.units.push_back(unit_from_json(u));
    for (auto& c : j.value("measures", nlohmann::json::array()))
        m.measures.push_back(measure_from_json(c));
    for (auto& sl : j.value("slides", nlohmann::json::array()))
        m.slides.push_back(slide_from_json(sl));
    check_unique_ids(m);
    return m;
}

void check_unique_ids(const Mission& m) {
    // Commands, parents, assignments and exports name elements by id: two with one id would make an edit or
    // a partner's import pick either.
    auto unique = [](const auto& list, const char* what) {
        std::set<std::string> seen;
        for (const auto& e : list)
            if (!seen.insert(e.id).second)
                bad(std::string(what) + " " + e.id, std::string("the id is used by more than one ") + what);
    };
    unique(m.phases, "phase");
    unique(m.units, "unit");
    unique(m.measures, "measure");
    unique(m.slides, "slide");
}

} // namespace entente::missions
