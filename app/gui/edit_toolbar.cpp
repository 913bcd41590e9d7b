#include "missions/sidc.hpp"
#include "panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <imgui_stdlib.h>

namespace entente::app {

namespace {

// Units a peace-support force places most (friendly, 2525D land units).
struct UnitPreset {
    const char* name;
    const char* sidc;
};
constexpr UnitPreset kPresets[] = {
    {"Infantry", "10031000001211000000"},
    {"Mechanised infantry", "10031000001211020000"},
    {"Armour", "10031000001205000000"},
    {"Reconnaissance", "10031000001213000000"},
    {"Engineer", "10031000001407000000"},
    {"Medical", "10031000001613000000"},
    {"Military police", "10031000001412000000"},
    {"Signal", "10031000001110000000"},
    {"Supply", "10031000001634000000"},
    {"Transportation", "10031000001636000000"},
    {"Infantry battalion HQ", "10031002161211000000"},
};

bool kind_combo(const char* label, missions::MeasureKind& kind, missions::Shape shape) {
    bool changed = false;
    if (ImGui::BeginCombo(label, missions::to_string(kind))) {
        for (int k = 0; k <= int(missions::MeasureKind::ObservationPost); ++k) {
            const auto mk = missions::MeasureKind(k);
            if (missions::shape_of(mk) != shape) continue;
            if (ImGui::Selectable(missions::to_string(mk), mk == kind)) kind = mk, changed = true;
        }
        ImGui::EndCombo();
    }
    return changed;
}

} // namespace

void EditToolbar::content(AppState& s) {
    for (MapTool t :
         {MapTool::Select, MapTool::PlaceUnit, MapTool::DrawPoint, MapTool::DrawLine, MapTool::DrawArea}) {
        if (t != MapTool::Select) flow(check_width(to_string(t)));
        if (ImGui::RadioButton(to_string(t), tools_.tool() == t)) tools_.set_tool(t);
    }
    flow(check_width("Snap (S)"));
    ImGui::Checkbox("Snap (S)", &tools_.snapping);
    const float w = std::min(260.0f, ImGui::GetContentRegionAvail().x);
    switch (tools_.tool()) {
    case MapTool::Select:
        hint("Click selects, Shift/Ctrl+click adds, drag moves; handles edit vertices");
        break;
    case MapTool::PlaceUnit: {
        ImGui::SetNextItemWidth(w);
        const char* preset = "Unit type...";
        for (auto& p : kPresets)
            if (tools_.unit_sidc == p.sidc) preset = p.name;
        if (ImGui::BeginCombo("##preset", preset)) {
            for (auto& p : kPresets)
                if (ImGui::Selectable(p.name, tools_.unit_sidc == p.sidc)) tools_.unit_sidc = p.sidc;
            ImGui::EndCombo();
        }
        flow(200);
        ImGui::SetNextItemWidth(std::min(200.0f, ImGui::GetContentRegionAvail().x - button_width("SIDC")));
        ImGui::InputText("SIDC", &tools_.unit_sidc, ImGuiInputTextFlags_CharsNoBlank);
        std::string err;
        if (auto sidc = missions::parse_sidc(tools_.unit_sidc, &err)) {
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", missions::describe(*sidc).c_str());
        } else {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", err.c_str());
        }
        hint("Click the map to place a unit");
        break;
    }
    case MapTool::DrawPoint:
        ImGui::SetNextItemWidth(w);
        kind_combo("Kind", tools_.point_kind, missions::Shape::Point);
        hint("Click the map to place it");
        break;
    case MapTool::DrawLine:
    case MapTool::DrawArea:
        ImGui::SetNextItemWidth(w);
        if (tools_.tool() == MapTool::DrawLine)
            kind_combo("Kind", tools_.line_kind, missions::Shape::Line);
        else
            kind_combo("Kind", tools_.area_kind, missions::Shape::Area);
        hint("Click to add vertices; double-click or Enter finishes, Esc cancels");
        break;
    }
    const missions::Document* doc = s.mission.doc();
    ImGui::BeginDisabled(!doc || !doc->can_undo());
    if (ImGui::Button("Undo")) s.mission.undo();
    if (doc && doc->can_undo() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Ctrl+Z: %s", doc->undo_label().c_str());
    ImGui::EndDisabled();
    flow(button_width("Redo"));
    ImGui::BeginDisabled(!doc || !doc->can_redo());
    if (ImGui::Button("Redo")) s.mission.redo();
    if (doc && doc->can_redo() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Ctrl+Shift+Z: %s", doc->redo_label().c_str());
    ImGui::EndDisabled();
    flow(button_width("Delete"));
    ImGui::BeginDisabled(s.mission.selection.empty());
    if (ImGui::Button("Delete")) tools_.delete_selection();
    flow(button_width("Copy"));
    if (ImGui::Button("Copy")) tools_.copy();
    ImGui::EndDisabled();
    flow(button_width("Paste"));
    ImGui::BeginDisabled(!tools_.has_clipboard());
    if (ImGui::Button("Paste")) tools_.paste(s.view());
    ImGui::EndDisabled();
}

} // namespace entente::app
