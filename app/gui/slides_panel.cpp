#include "panels.hpp"
#include "session/briefing_mode.hpp"

#include <filesystem>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace entente::app {

namespace {

std::string fresh_slide_id(const missions::Mission& m) {
    for (size_t n = m.slides.size() + 1;; ++n) {
        const std::string id = "s" + std::to_string(n);
        bool used = false;
        for (auto& x : m.slides)
            used = used || x.id == id;
        if (!used) return id;
    }
}

void apply_or_report(AppState& s, const nlohmann::json& op) {
    std::string err;
    if (!s.mission.apply(op, &err)) s.error("edit refused: " + err);
}

} // namespace

void SlidesPanel::content(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m) return;
    const std::string dir =
        s.mission.path.empty() ? "" : std::filesystem::path(s.mission.path).parent_path().string();
    auto capture = [&] { return capture_slide(s.scene, s.view(), s.mission.phase, true, dir); };
    if (ImGui::Button("Add slide from current view")) {
        missions::Slide sl = capture();
        sl.id = fresh_slide_id(*m);
        sl.title = "Slide " + std::to_string(m->slides.size() + 1);
        apply_or_report(s, {{"op", "add_slide"}, {"slide", missions::to_json(sl)}});
        m = s.mission.mission();
        selected = m->slides.empty() ? 0 : m->slides.size() - 1;
    }
    ImGui::SameLine();
    if (ImGui::Button("Present (F5)") && !m->slides.empty())
        present = std::min(selected, m->slides.size() - 1);
    if (m->slides.empty()) {
        ImGui::TextDisabled("No slides yet: frame the map, then add one.");
        return;
    }
    selected = std::min(selected, m->slides.size() - 1);
    ImGui::BeginChild("list", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 7), true);
    for (size_t i = 0; i < m->slides.size(); ++i) {
        const auto& sl = m->slides[i];
        ImGui::PushID(int(i));
        const std::string label = std::to_string(i + 1) + ". " + sl.title;
        if (ImGui::Selectable(label.c_str(), i == selected)) {
            // A click shows the slide: view, projection, date, phase and layers.
            selected = i;
            try {
                apply_slide(s, slide_settings(*m, sl, s.mission.path));
            } catch (const std::exception& e) {
                s.error(e.what());
            }
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    const missions::Slide& cur = m->slides[selected];
    const std::string id = cur.id;
    const size_t n = m->slides.size();
    if (ImGui::Button("Update from view")) {
        missions::Slide sl = capture();
        sl.id = cur.id, sl.title = cur.title, sl.notes = cur.notes;
        nlohmann::json set = missions::to_json(sl);
        set.erase("id");
        apply_or_report(s, {{"op", "update_slide"}, {"id", id}, {"set", set}});
    }
    ImGui::SameLine();
    if (ImGui::Button("Up") && selected > 0) {
        apply_or_report(s, {{"op", "move_slide"}, {"id", id}, {"index", long(selected) - 1}});
        --selected;
    }
    ImGui::SameLine();
    if (ImGui::Button("Down") && selected + 1 < n) {
        apply_or_report(s, {{"op", "move_slide"}, {"id", id}, {"index", long(selected) + 1}});
        ++selected;
    }
    ImGui::SameLine();
    if (ImGui::Button("Delete")) {
        apply_or_report(s, {{"op", "remove_slide"}, {"id", id}});
        return; // the list changed under us
    }
    // Title and notes: edited in a buffer, applied once when the field is left.
    m = s.mission.mission();
    const missions::Slide& now = m->slides[std::min(selected, m->slides.size() - 1)];
    if (edited_id_ != now.id || (!ImGui::IsAnyItemActive() && (title_ != now.title || notes_ != now.notes)))
        edited_id_ = now.id, title_ = now.title, notes_ = now.notes;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##title", &title_);
    if (ImGui::IsItemDeactivatedAfterEdit() && title_ != now.title)
        apply_or_report(s, {{"op", "update_slide"}, {"id", now.id}, {"set", {{"title", title_}}}});
    ImGui::TextDisabled("Speaker notes");
    ImGui::InputTextMultiline("##notes", &notes_, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
    if (ImGui::IsItemDeactivatedAfterEdit() && notes_ != now.notes)
        apply_or_report(s, {{"op", "update_slide"}, {"id", now.id}, {"set", {{"notes", notes_}}}});
    ImGui::TextDisabled("%s  |  %s  |  phase %s", now.projection.c_str(),
                        now.date.empty() ? "D-day" : now.date.c_str(),
                        now.phase.empty() ? "all" : now.phase.c_str());
}

} // namespace entente::app
