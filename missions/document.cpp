#include "document.hpp"

#include "geo/error.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <sys/stat.h>

namespace entente::missions {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const json& op, const std::string& why) {
    throw std::invalid_argument(op.value("op", std::string("(no op)")) + ": " + why);
}

template <class T> size_t index_of(const std::vector<T>& v, const std::string& id) {
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i].id == id) return i;
    return v.size();
}

// Merges "set" into an element's JSON; unknown fields are refused so typos do not pass silently.
// An operation's "index": -1 when absent. A number that is not a whole number within +-2^53 is refused
// here: converting 1e300 to long is undefined behaviour (found by tests/fuzz/fuzz_ops_reader).
long index_field(const json& op) {
    if (!op.contains("index")) return -1;
    const json& v = op["index"];
    if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(1) << 53))
        return v.get<long>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) <= 9007199254740992.0) return long(d);
    }
    if (!v.is_number()) return v.get<long>(); // the JSON type error: refused as malformed
    bad(op, "index " + v.dump() + " is not a whole number in range");
}

json merged(json base, const json& set, const json& op) {
    if (!set.is_object()) bad(op, "'set' must be an object of fields");
    for (auto& [k, v] : set.items()) {
        if (k == "id") bad(op, "the id cannot be changed");
        if (!base.contains(k)) bad(op, "unknown field '" + k + "'");
        base[k] = v;
    }
    return base;
}

json mission_props(const Mission& m) {
    return {{"name", m.name},
            {"classification", m.classification},
            {"releasability", m.releasability},
            {"d_day", m.d_day},
            {"description", m.description}};
}

} // namespace

Document::Document(Mission m) : m_(std::move(m)) {}

void Document::apply(Mission& m, const Change& c, bool forward) {
    const auto& target = forward ? c.after : c.before;
    auto put = [&](auto& list, auto value_from) {
        const size_t i = index_of(list, c.id);
        if (!target) {
            if (i < list.size()) list.erase(list.begin() + long(i));
        } else if (i < list.size()) {
            list[i] = value_from(*target);
        } else {
            list.insert(list.begin() + long(std::min(c.index, list.size())), value_from(*target));
        }
    };
    switch (c.kind) {
    case Change::Kind::Mission: {
        const Mission props = mission_from_json(*target);
        m.name = props.name, m.classification = props.classification, m.releasability = props.releasability;
        m.d_day = props.d_day, m.description = props.description;
        break;
    }
    case Change::Kind::Phase:
        put(m.phases, phase_from_json);
        break;
    case Change::Kind::Unit:
        put(m.units, unit_from_json);
        break;
    case Change::Kind::Measure:
        put(m.measures, measure_from_json);
        break;
    case Change::Kind::Slide:
        put(m.slides, slide_from_json);
        break;
    }
}

Command Document::build(const json& op, Mission& s) const {
    if (!op.is_object() || !op.contains("op") || !op["op"].is_string())
        throw std::invalid_argument("an operation needs an \"op\" field naming it");
    const std::string name = op["op"].get<std::string>();
    Command cmd;
    cmd.label = name;
    auto record = [&](Change c) {
        apply(s, c, true); // validates (from_json) and keeps the scratch copy current for groups
        cmd.changes.push_back(std::move(c));
    };
    auto id_of = [&]() {
        const std::string id = op.value("id", std::string());
        if (id.empty()) bad(op, "missing 'id'");
        return id;
    };
    try {
        if (name == "group") {
            cmd.label = op.value("label", std::string("group"));
            for (auto& sub : op.value("ops", json::array())) {
                Command part = build(sub, s);
                for (auto& c : part.changes)
                    cmd.changes.push_back(std::move(c));
            }
            return cmd;
        }
        if (name == "set_mission") {
            json after = mission_props(s);
            for (auto& [k, v] : op.items())
                if (k != "op") {
                    if (!after.contains(k)) bad(op, "unknown field '" + k + "'");
                    after[k] = v;
                }
            record({Change::Kind::Mission, "", 0, mission_props(s), after});
            return cmd;
        }
        auto add = [&](Change::Kind kind, auto& list, const char* key, auto from_json_fn) {
            if (!op.contains(key)) bad(op, std::string("missing '") + key + "'");
            const auto elem = from_json_fn(op[key]);
            if (index_of(list, elem.id) < list.size()) bad(op, "id '" + elem.id + "' is already used");
            record({kind, elem.id, list.size(), std::nullopt, to_json(elem)});
            cmd.label = name + " " + elem.id;
        };
        auto update = [&](Change::Kind kind, auto& list, auto from_json_fn) {
            const std::string id = id_of();
            const size_t i = index_of(list, id);
            if (i == list.size()) bad(op, "no element with id '" + id + "'");
            json after = merged(to_json(list[i]), op.value("set", json::object()), op);
            from_json_fn(after); // validate before recording
            record({kind, id, i, to_json(list[i]), after});
            cmd.label = name + " " + id;
        };
        auto remove = [&](Change::Kind kind, auto& list) {
            const std::string id = id_of();
            const size_t i = index_of(list, id);
            if (i == list.size()) bad(op, "no element with id '" + id + "'");
            record({kind, id, i, to_json(list[i]), std::nullopt});
            cmd.label = name + " " + id;
        };
        if (name == "add_phase")
            add(Change::Kind::Phase, s.phases, "phase", phase_from_json);
        else if (name == "update_phase")
            update(Change::Kind::Phase, s.phases, phase_from_json);
        else if (name == "remove_phase") {
            const std::string id = id_of();
            // Elements that referred to the phase keep working: their references go in the same step.
            for (auto& u : s.units)
                if (u.phase_position.count(id)) {
                    json after = to_json(u);
                    after["phase_position"].erase(id);
                    record({Change::Kind::Unit, u.id, index_of(s.units, u.id), to_json(u), after});
                }
            remove(Change::Kind::Phase, s.phases);
        } else if (name == "add_unit")
            add(Change::Kind::Unit, s.units, "unit", unit_from_json);
        else if (name == "update_unit")
            update(Change::Kind::Unit, s.units, unit_from_json);
        else if (name == "remove_unit")
            remove(Change::Kind::Unit, s.units);
        else if (name == "add_measure")
            add(Change::Kind::Measure, s.measures, "measure", measure_from_json);
        else if (name == "update_measure")
            update(Change::Kind::Measure, s.measures, measure_from_json);
        else if (name == "remove_measure")
            remove(Change::Kind::Measure, s.measures);
        else if (name == "add_slide")
            add(Change::Kind::Slide, s.slides, "slide", slide_from_json);
        else if (name == "update_slide")
            update(Change::Kind::Slide, s.slides, slide_from_json);
        else if (name == "remove_slide")
            remove(Change::Kind::Slide, s.slides);
        else if (name == "move_slide") {
            // Reorder: out of its place and back in at the new index, as one step.
            const std::string id = id_of();
            const size_t i = index_of(s.slides, id);
            if (i == s.slides.size()) bad(op, "no slide with id '" + id + "'");
            const long to = index_field(op);
            if (to < 0 || size_t(to) >= s.slides.size())
                bad(op,
                    "index " + std::to_string(to) + " is outside 0.." + std::to_string(s.slides.size() - 1));
            const json j = to_json(s.slides[i]);
            record({Change::Kind::Slide, id, i, j, std::nullopt});
            record({Change::Kind::Slide, id, size_t(to), std::nullopt, j});
            cmd.label = "move slide " + id;
        } else if (name == "move_unit") {
            const std::string id = id_of();
            const size_t i = index_of(s.units, id);
            if (i == s.units.size()) bad(op, "no unit with id '" + id + "'");
            json after = to_json(s.units[i]);
            const std::string phase = op.value("phase", std::string());
            if (!phase.empty() && !s.phase(phase)) bad(op, "no phase with id '" + phase + "'");
            if (phase.empty())
                after["position"] = op.value("position", json());
            else
                after["phase_position"][phase] = op.value("position", json());
            record({Change::Kind::Unit, id, i, to_json(s.units[i]), after});
            cmd.label = "move " + id;
            if (op.value("merge", false)) cmd.merge_key = "move_unit:" + id + ":" + phase;
        } else if (name == "move_vertex" || name == "insert_vertex" || name == "delete_vertex") {
            const std::string id = id_of();
            const size_t i = index_of(s.measures, id);
            if (i == s.measures.size()) bad(op, "no control measure with id '" + id + "'");
            json after = to_json(s.measures[i]);
            const long idx = index_field(op);
            const long n = long(after["points"].size());
            if (idx < 0 || idx > n || (name != "insert_vertex" && idx == n))
                bad(op, "vertex index " + std::to_string(idx) + " is outside 0.." + std::to_string(n - 1));
            if (name == "move_vertex")
                after["points"][size_t(idx)] = op.value("position", json());
            else if (name == "insert_vertex")
                after["points"].insert(after["points"].begin() + idx, op.value("position", json()));
            else
                after["points"].erase(size_t(idx));
            record({Change::Kind::Measure, id, i, to_json(s.measures[i]), after});
            cmd.label = name + " " + id;
            if (name == "move_vertex" && op.value("merge", false))
                cmd.merge_key = "move_vertex:" + id + ":" + std::to_string(idx);
        } else {
            bad(op, "unknown operation");
        }
    } catch (const json::exception& e) {
        bad(op, std::string("malformed: ") + e.what());
    } catch (const std::invalid_argument& e) {
        const std::string msg = e.what();
        if (msg.rfind(name + ":", 0) == 0) throw;
        // A limit stays a limit (refused, exit code OutOfRange), named with its operation.
        if (dynamic_cast<const LimitExceeded*>(&e)) throw LimitExceeded(name + ": " + msg);
        bad(op, msg);
    }
    return cmd;
}

void Document::execute(const json& op) {
    Mission scratch = m_;
    Command cmd = build(op, scratch); // throws before anything changes
    // Whatever the operation (a new parent, an added or pasted unit, a group), no unit may end up above
    // itself in the order of battle. A new loop always passes through a unit whose parent the command set, so
    // only those are checked: a loop already in a loaded file does not block unrelated edits (or its repair).
    // Checked on the result, so a group may pass through an intermediate state.
    for (const Change& c : cmd.changes) {
        if (c.kind != Change::Kind::Unit || !c.after) continue;
        if (c.before && c.before->value("parent", std::string()) == c.after->value("parent", std::string()))
            continue;
        const Unit* u = scratch.unit(c.id);
        if (!u) continue; // removed later in the same group
        if (const auto loop = parent_loop(scratch, u->id, u->parent); !loop.empty())
            bad(op, "unit " + u->id + ": parent " + u->parent + " would make a loop " + chain_text(loop));
    }
    m_ = std::move(scratch);
    undone_.clear();
    if (!cmd.merge_key.empty() && !done_.empty() && done_.back().merge_key == cmd.merge_key) {
        // A drag: keep the first "before", take the latest "after".
        auto& last = done_.back();
        for (size_t k = 0; k < last.changes.size() && k < cmd.changes.size(); ++k)
            last.changes[k].after = cmd.changes[k].after;
        if (done_.size() == saved_depth_) saved_changed_ = true;
        return;
    }
    done_.push_back(std::move(cmd));
}

void Document::execute_all(const json& ops) {
    if (!ops.is_array()) throw std::invalid_argument("expected a JSON array of operations");
    for (size_t i = 0; i < ops.size(); ++i) {
        try {
            execute(ops[i]);
        } catch (const LimitExceeded& e) {
            throw LimitExceeded("operation " + std::to_string(i + 1) + " (" + e.what() + ")");
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("operation " + std::to_string(i + 1) + " (" + e.what() + ")");
        }
    }
}

bool Document::undo() {
    if (done_.empty()) return false;
    Command c = std::move(done_.back());
    done_.pop_back();
    for (auto it = c.changes.rbegin(); it != c.changes.rend(); ++it)
        apply(m_, *it, false);
    undone_.push_back(std::move(c));
    return true;
}

bool Document::redo() {
    if (undone_.empty()) return false;
    Command c = std::move(undone_.back());
    undone_.pop_back();
    for (auto& ch : c.changes)
        apply(m_, ch, true);
    done_.push_back(std::move(c));
    return true;
}

json read_ops_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw geo::InputError(path, "cannot read the operations file (no such file)",
                              geo::ErrorKind::NotFound);
    // Regular files only: a FIFO would block, a device never end.
    if (!S_ISREG(st.st_mode))
        throw geo::InputError(path, "refused: the operations file is not a regular file",
                              geo::ErrorKind::RefusedForSafety);
    if (size_t(st.st_size) > kOpsMaxBytes)
        throw geo::InputError(path,
                              "the operations file has " + std::to_string(st.st_size) +
                                  " bytes, more than the limit of " + std::to_string(kOpsMaxBytes),
                              geo::ErrorKind::OutOfRange);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw geo::InputError(path, "cannot read the operations file", geo::ErrorKind::NotFound);
    struct TooDeep {};
    try {
        // Refused while parsing, before the nesting is built: the callback sees each level as it opens.
        return json::parse(in, [](int depth, json::parse_event_t event, json&) {
            if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
                depth >= kOpsMaxDepth)
                throw TooDeep{};
            return true;
        });
    } catch (const TooDeep&) {
        throw geo::InputError(path,
                              "the operations are nested more than " + std::to_string(kOpsMaxDepth) +
                                  " levels deep (the limit)",
                              geo::ErrorKind::OutOfRange);
    } catch (const json::exception& e) {
        throw geo::InputError(path, std::string("not valid JSON (") + e.what() + ")",
                              geo::ErrorKind::Corrupt);
    }
}

} // namespace entente::missions
