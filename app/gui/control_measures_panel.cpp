#include "panels.hpp"

#include <imgui.h>

namespace entente::app {

void ControlMeasuresPanel::content(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m || m->measures.empty()) {
        ImGui::TextDisabled(m ? "No control measures: use the Point, Line or Area tool" : "No mission open");
        return;
    }
    const std::string& phase = s.mission.phase;
    for (int k = 0; k <= int(missions::MeasureKind::ObservationPost); ++k) {
        const auto kind = missions::MeasureKind(k);
        size_t n = 0;
        for (auto& c : m->measures)
            n += c.kind == kind;
        if (n == 0) continue;
        std::string head = missions::to_string(kind);
        std::replace(head.begin(), head.end(), '_', ' ');
        head += " (" + std::to_string(n) + ")";
        if (!ImGui::TreeNodeEx(missions::to_string(kind), ImGuiTreeNodeFlags_DefaultOpen, "%s", head.c_str()))
            continue;
        for (auto& c : m->measures) {
            if (c.kind != kind) continue;
            // Measures that do not apply in the shown phase are listed, greyed.
            const bool applies = phase.empty() || c.phases.empty() ||
                                 std::find(c.phases.begin(), c.phases.end(), phase) != c.phases.end();
            if (!applies)
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::PushID(c.id.c_str());
            if (ImGui::Selectable(c.name.c_str(), s.mission.is_selected(c.id))) {
                s.mission.select({c.id});
                if (missions::shape_of(c.kind) == missions::Shape::Point) {
                    const geo::XY p = s.scene.projection().forward(c.points[0]);
                    if (std::isfinite(p.x) && std::isfinite(p.y)) s.camera.center = p;
                } else {
                    s.zoom_to_bbox(tools_.bbox_of({c.id}));
                }
            }
            if (ImGui::IsItemHovered() && !applies) ImGui::SetTooltip("Not in the shown phase");
            ImGui::PopID();
            if (!applies) ImGui::PopStyleColor();
        }
        ImGui::TreePop();
    }
}

} // namespace entente::app
