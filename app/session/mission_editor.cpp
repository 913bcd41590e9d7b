#include "mission_editor.hpp"

#include "app_state.hpp"
#include "geo/error.hpp"
#include "missions/output_file.hpp"
#include "missions/persistence.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

namespace entente::app {

namespace fs = std::filesystem;

void MissionEditor::open(const std::string& file) {
    missions::Mission m = missions::load_mission(file); // throws; the open mission stays
    adopt(std::move(m), file);
}

void MissionEditor::adopt(missions::Mission m, const std::string& file, bool dirty) {
    doc_ = std::make_unique<missions::Document>(std::move(m));
    if (dirty) {
        // A recovered copy is unsaved work: record one harmless command so the title shows '*'.
        doc_->execute({{"op", "set_mission"}, {"name", doc_->mission().name}});
    }
    path = file;
    // Copies left by saves that were killed (a crash, a power cut) go on the next start rather than piling up
    // until the disk is full; a save still running in another process keeps its copy.
    if (!file.empty()) missions::remove_stale_temporaries(file);
    missions::remove_stale_temporaries(recovery_path());
    selection.clear();
    phase = doc_->mission().phases.empty() ? "" : doc_->mission().phases.front().id;
    ++revision;
}

void MissionEditor::close() {
    doc_.reset();
    path.clear();
    selection.clear();
    phase.clear();
    discard_recovery();
    ++revision;
}

void MissionEditor::save(const std::string& file) {
    if (!doc_) return;
    const std::string target = file.empty() ? path : file;
    if (target.empty()) throw geo::InputError("mission", "no file name to save to", geo::ErrorKind::Failed);
    missions::save_mission(doc_->mission(), target);
    path = target;
    doc_->mark_saved();
    discard_recovery();
    ++revision;
}

bool MissionEditor::apply(const nlohmann::json& op, std::string* error) {
    if (!doc_) {
        if (error) *error = "no mission is open";
        return false;
    }
    try {
        doc_->execute(op);
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
    }
    changed();
    return true;
}

void MissionEditor::changed() {
    // Drop selected ids that no longer exist (a removal, or undoing an addition).
    const auto& m = doc_->mission();
    std::erase_if(selection, [&](const std::string& id) {
        return std::none_of(m.units.begin(), m.units.end(), [&](auto& u) { return u.id == id; }) &&
               std::none_of(m.measures.begin(), m.measures.end(), [&](auto& c) { return c.id == id; });
    });
    if (!phase.empty() &&
        std::none_of(m.phases.begin(), m.phases.end(), [&](auto& p) { return p.id == phase; }))
        phase = m.phases.empty() ? "" : m.phases.front().id;
    ++revision;
}

bool MissionEditor::undo() {
    if (!doc_ || !doc_->undo()) return false;
    changed();
    return true;
}

bool MissionEditor::redo() {
    if (!doc_ || !doc_->redo()) return false;
    changed();
    return true;
}

std::string MissionEditor::title() const {
    if (!doc_) return "";
    std::string t = doc_->mission().name;
    if (!path.empty()) t += " (" + fs::path(path).filename().string() + ")";
    if (dirty()) t = "*" + t;
    return t;
}

void MissionEditor::set_phase(const std::string& id) {
    if (id == phase) return;
    phase = id;
    ++revision;
}

int MissionEditor::phase_index() const {
    if (!doc_) return -1;
    const auto& ps = doc_->mission().phases;
    for (size_t i = 0; i < ps.size(); ++i)
        if (ps[i].id == phase) return int(i);
    return -1;
}

void MissionEditor::select(std::vector<std::string> ids) {
    if (ids == selection) return;
    selection = std::move(ids);
    ++revision;
}

bool MissionEditor::is_selected(const std::string& id) const {
    return std::find(selection.begin(), selection.end(), id) != selection.end();
}

std::string MissionEditor::new_id(const std::string& prefix) const {
    if (!doc_) return prefix + "1";
    const auto& m = doc_->mission();
    for (size_t n = m.units.size() + m.measures.size() + 1;; ++n) {
        const std::string id = prefix + std::to_string(n);
        const bool used =
            std::any_of(m.units.begin(), m.units.end(), [&](auto& u) { return u.id == id; }) ||
            std::any_of(m.measures.begin(), m.measures.end(), [&](auto& c) { return c.id == id; });
        if (!used) return id;
    }
}

std::string MissionEditor::recovery_path() {
    return (fs::path(AppState::session_path()).parent_path() / "recovery.entente.gpkg").string();
}

double MissionEditor::autosave_due(double now) const {
    if (!doc_ || !doc_->dirty() || autosaved_revision_ == revision)
        return std::numeric_limits<double>::infinity();
    return std::max(0.0, last_autosave_ + autosave_seconds - now);
}

geo::Bbox MissionEditor::extent() const {
    geo::Bbox b;
    if (!doc_) return b;
    for (const auto& u : doc_->mission().units)
        b.add(u.position.lon, u.position.lat);
    for (const auto& c : doc_->mission().measures)
        for (const auto& p : c.points)
            b.add(p.lon, p.lat);
    return b;
}

bool MissionEditor::autosave(double now, bool at_once) {
    if (!doc_ || !doc_->dirty() || autosaved_revision_ == revision) return false;
    if (!at_once && now - last_autosave_ < autosave_seconds) return false;
    const std::string rp = recovery_path();
    std::error_code ec;
    fs::create_directories(fs::path(rp).parent_path(), ec);
    try {
        missions::save_mission(doc_->mission(), rp);
        std::ofstream(rp + ".json") << nlohmann::json{{"path", path}}.dump() << "\n";
    } catch (const std::exception&) {
        return false; // a failed recovery copy must not disturb editing; the next interval tries again
    }
    autosaved_revision_ = revision;
    last_autosave_ = now;
    return true;
}

void MissionEditor::discard_recovery() const {
    std::error_code ec;
    fs::remove(recovery_path(), ec);
    fs::remove(recovery_path() + ".json", ec);
}

} // namespace entente::app
