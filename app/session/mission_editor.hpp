// The mission open in the window: its document (every edit a command, so undo/redo work), file path, the
// phase shown, the selection and the autosaved recovery copy. No ImGui: panels and map tools change it
// through these methods, and tests drive it directly.
#pragma once
#include "geo/types.hpp"
#include "missions/document.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace entente::app {

class MissionEditor {
  public:
    // The open mission, or null when none is open.
    missions::Document* doc() { return doc_.get(); }
    const missions::Document* doc() const { return doc_.get(); }
    const missions::Mission* mission() const { return doc_ ? &doc_->mission() : nullptr; }

    std::string path;  // where it is saved; empty for a new, never-saved mission
    std::string phase; // id of the phase shown; empty: all elements at their default positions
    std::vector<std::string> selection; // ids of selected units and control measures
    // Bumps on every change to the mission, phase or selection, so views rebuild what they derive from it.
    uint64_t revision = 1;

    // Opens a mission file (throws geo::InputError naming the file and reason; the open mission stays).
    void open(const std::string& file);
    // Starts editing a mission (e.g. a new one, or a recovered copy) as if opened from `file`.
    void adopt(missions::Mission m, const std::string& file, bool dirty = false);
    void close();
    // Saves atomically to `file` (or `path`); throws geo::InputError. Removes the recovery copy.
    void save(const std::string& file = "");

    // Executes one edit operation (see missions/document.hpp); false with `error` set when it is refused.
    bool apply(const nlohmann::json& op, std::string* error = nullptr);
    bool undo();
    bool redo();
    bool dirty() const { return doc_ && doc_->dirty(); }
    // Title text: the mission name, the file, and a '*' when there are unsaved changes.
    std::string title() const;

    void set_phase(const std::string& id);
    // Index of the shown phase in the mission's list, or -1.
    int phase_index() const;
    void select(std::vector<std::string> ids);
    bool is_selected(const std::string& id) const;
    // A fresh element id with a prefix ("u", "m"), unused in the mission.
    std::string new_id(const std::string& prefix) const;

    // Recovery: the window writes a copy of an unsaved mission every `autosave_seconds` to recovery_path();
    // on start, a copy left there by a crash is offered back. Cleared on save, close and clean exit.
    static std::string recovery_path();
    double autosave_seconds = 60;
    // Writes the recovery copy if the mission changed since the last one and the interval has passed (or at
    // once with `now`). Returns true when it wrote.
    bool autosave(double now_seconds, bool now = false);
    // Seconds until autosave() would write (0: now); infinity when there is nothing to save, so an idle
    // window can sleep until then.
    double autosave_due(double now_seconds) const;
    // The lon/lat box around the mission's units and control measures (empty without a mission).
    geo::Bbox extent() const;
    void discard_recovery() const;

  private:
    void changed(); // after any change to the mission: keeps the selection and phase valid
    std::unique_ptr<missions::Document> doc_;
    uint64_t autosaved_revision_ = 0;
    double last_autosave_ = -1e300;
};

} // namespace entente::app
