// A mission being edited: every change is a command built from one edit operation (JSON, the same vocabulary
// for the window, `entente edit --apply` scripts and tests) and recorded for undo/redo.
//
// Operations: set_mission {name, classification, releasability, d_day, description};
//   add_phase {phase}, update_phase {id, set}, remove_phase {id};
//   add_unit {unit}, update_unit {id, set}, remove_unit {id}, move_unit {id, position, phase?, merge?};
//   add_measure {measure}, update_measure {id, set}, remove_measure {id},
//   move_vertex {id, index, position, merge?}, insert_vertex {id, index, position}, delete_vertex {id,
//   index}; add_slide {slide}, update_slide {id, set}, remove_slide {id}, move_slide {id, index};
//   group {label?, ops: [...]} (one undo step).
// "merge": true folds consecutive moves of the same thing into one undo step (a drag).
#pragma once
#include "model.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace entente::missions {

// One element before and after, as JSON snapshots, so undo restores exactly (including list positions).
struct Change {
    enum class Kind { Mission, Phase, Unit, Measure, Slide } kind = Kind::Unit;
    std::string id;
    size_t index = 0; // position in its list (for add/remove)
    std::optional<nlohmann::json> before, after;
};

struct Command {
    std::string label;
    std::vector<Change> changes;
    std::string merge_key; // non-empty: a following command with the same key may fold into this one
};

class Document {
  public:
    explicit Document(Mission m = {});
    const Mission& mission() const { return m_; }

    // Executes one operation. Throws std::invalid_argument naming the operation and the reason; on error the
    // mission is unchanged. Refused, among others: any operation that would put a unit above itself in the
    // order of battle (see parent_loop).
    void execute(const nlohmann::json& op);
    // An array of operations, each its own undo step; stops at the first error (earlier ones stay applied and
    // can be undone). The error names the operation's position.
    void execute_all(const nlohmann::json& ops);

    bool can_undo() const { return !done_.empty(); }
    bool can_redo() const { return !undone_.empty(); }
    bool undo();
    bool redo();
    std::string undo_label() const { return done_.empty() ? "" : done_.back().label; }
    std::string redo_label() const { return undone_.empty() ? "" : undone_.back().label; }
    size_t undo_depth() const { return done_.size(); }

    // Unsaved changes since mark_saved() (what the title bar shows).
    bool dirty() const { return done_.size() != saved_depth_ || saved_changed_; }
    void mark_saved() { saved_depth_ = done_.size(), saved_changed_ = false; }

  private:
    Command build(const nlohmann::json& op, Mission& scratch) const;
    static void apply(Mission& m, const Change& c, bool forward);

    Mission m_;
    std::vector<Command> done_, undone_;
    size_t saved_depth_ = 0;
    bool saved_changed_ = false; // a merged drag changed the command at the saved depth
};

// Limits on an operations file (`entente edit --apply`), an untrusted script: deeper nesting (groups in
// groups) would exhaust the stack, and a huge file the memory.
inline constexpr int kOpsMaxDepth = 64;
inline constexpr size_t kOpsMaxBytes = 64 * 1024 * 1024;
// Reads an operations file: JSON, at most kOpsMaxBytes and nested at most kOpsMaxDepth deep. Throws
// geo::InputError naming the file and the limit or the JSON error (NotFound, OutOfRange, Corrupt).
nlohmann::json read_ops_file(const std::string& path);

} // namespace entente::missions
