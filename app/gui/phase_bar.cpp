#include "panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <limits>

namespace entente::app {

// Play steps through the phases, round and round, until paused; here so that it also runs while the bar is
// folded (hiding it, or closing the mission, stops it).
void PhaseBar::always(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m || !visible || m->phases.empty()) playing = false;
    if (!playing || ImGui::GetTime() - last_step_ < seconds_per_phase) return;
    const int n = int(m->phases.size()), next = (s.mission.phase_index() + 1) % n;
    s.mission.set_phase(m->phases[size_t(next)].id);
    last_step_ = ImGui::GetTime();
}

double PhaseBar::next_step_in(double now) const {
    return playing ? std::max(0.0, last_step_ + seconds_per_phase - now)
                   : std::numeric_limits<double>::infinity();
}

void PhaseBar::content(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m) return;
    const int n = int(m->phases.size());
    const int cur = s.mission.phase_index();
    auto go = [&](int i) {
        if (n > 0) s.mission.set_phase(m->phases[size_t((i % n + n) % n)].id);
    };
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) go(cur < 0 ? n - 1 : cur - 1);
    for (int i = 0; i < n; ++i) {
        ImGui::SameLine();
        const auto& p = m->phases[size_t(i)];
        const bool on = i == cur;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        ImGui::PushID(i);
        if (ImGui::Button(p.name.c_str())) go(i);
        if (on) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("D%+d to D%+d (right-click to edit)", p.start_day, p.end_day);
        if (ImGui::BeginPopupContextItem("edit")) {
            if (ImGui::IsWindowAppearing()) name_ = p.name;
            ImGui::SetNextItemWidth(220);
            ImGui::InputText("Name", &name_);
            if (ImGui::IsItemDeactivatedAfterEdit() && !name_.empty()) {
                std::string err;
                if (!s.mission.apply({{"op", "update_phase"}, {"id", p.id}, {"set", {{"name", name_}}}},
                                     &err))
                    s.error("edit refused: " + err);
            }
            if (ImGui::Button("Remove phase")) {
                std::string err;
                if (!s.mission.apply({{"op", "remove_phase"}, {"id", p.id}}, &err))
                    s.error("edit refused: " + err);
                ImGui::CloseCurrentPopup();
                ImGui::EndPopup();
                ImGui::PopID();
                return; // the list changed under the loop
            }
            ImGui::EndPopup();
        }
        ImGui::PopID();
    }
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) go(cur + 1);
    ImGui::SameLine();
    if (ImGui::Button(playing ? "Pause" : "Play")) {
        playing = !playing;
        last_step_ = ImGui::GetTime();
    }
    ImGui::SameLine();
    if (ImGui::Button("+")) {
        // A new phase after the last one, two weeks long.
        std::string id;
        for (int k = n + 1; id.empty() || const_cast<missions::Mission*>(m)->phase(id); ++k)
            id = "p" + std::to_string(k);
        const int start = n > 0 ? m->phases.back().end_day + 1 : 0;
        nlohmann::json phase{{"id", id},
                             {"name", "Phase " + std::to_string(n + 1)},
                             {"start_day", start},
                             {"end_day", start + 13}};
        std::string err;
        if (s.mission.apply({{"op", "add_phase"}, {"phase", phase}}, &err))
            s.mission.set_phase(id);
        else
            s.error("edit refused: " + err);
        return;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add a phase (right-click a phase to rename or remove it)");
}

} // namespace entente::app
