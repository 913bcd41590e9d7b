// The main menu bar.
#include "gui.hpp"

#include <imgui.h>

namespace entente::app {

void Gui::file_menu() {
    if (!ImGui::BeginMenu("File")) return;
    if (ImGui::MenuItem("Open...", "Ctrl+O")) open_.visible = true, open_.collapsed = false;
    if (ImGui::BeginMenu("Recent", !state_.recent.empty())) {
        for (const auto& r : state_.recent)
            if (ImGui::MenuItem(r.c_str())) {
                state_.open(r);
                break;
            }
        ImGui::EndMenu();
    }
    ImGui::Separator();
    mission_files_.menu(state_);
    ImGui::Separator();
    const bool has_mission = state_.mission.mission() != nullptr;
    auto export_item = [&](const char* label, ExportPanel::Kind kind) {
        if (ImGui::MenuItem(label, nullptr, false, has_mission))
            export_.visible = true, export_.collapsed = false, export_.kind = kind;
    };
    export_item("Export overlay...", ExportPanel::Kind::Overlay);
    export_item("Export slide image...", ExportPanel::Kind::SlideImage);
    export_item("Export briefing PDF...", ExportPanel::Kind::Deck);
    if (ImGui::MenuItem("Present briefing", "F5", false, has_mission)) slides_.present = slides_.selected;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) want_quit_ = true;
    ImGui::EndMenu();
}

void Gui::edit_menu() {
    if (!ImGui::BeginMenu("Edit")) return;
    const missions::Document* doc = state_.mission.doc();
    if (ImGui::MenuItem("Undo", "Ctrl+Z", false, doc && doc->can_undo())) state_.mission.undo();
    if (ImGui::MenuItem("Redo", "Ctrl+Shift+Z", false, doc && doc->can_redo())) state_.mission.redo();
    ImGui::Separator();
    const bool sel = !state_.mission.selection.empty();
    if (ImGui::MenuItem("Copy", "Ctrl+C", false, sel)) tools_.copy();
    if (ImGui::MenuItem("Paste", "Ctrl+V", false, tools_.has_clipboard())) tools_.paste(state_.view());
    if (ImGui::MenuItem("Delete", "Del", false, sel)) tools_.delete_selection();
    ImGui::Separator();
    for (auto [t, key] : {std::pair{MapTool::Select, "V"},
                          {MapTool::PlaceUnit, "U"},
                          {MapTool::DrawPoint, "P"},
                          {MapTool::DrawLine, "L"},
                          {MapTool::DrawArea, "A"}})
        if (ImGui::MenuItem(to_string(t), key, tools_.tool() == t)) tools_.set_tool(t);
    ImGui::MenuItem("Snapping", "S", &tools_.snapping);
    ImGui::EndMenu();
}

void Gui::menus() {
    if (!ImGui::BeginMainMenuBar()) return;
    file_menu();
    edit_menu();
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Zoom to world", "Home")) state_.zoom_to_world();
        if (ImGui::MenuItem("Zoom to layer", "Z", false, state_.active_layer != 0))
            state_.zoom_to_layer(state_.active_layer);
        if (ImGui::MenuItem("Zoom to mission", "M", false, state_.mission.mission() != nullptr))
            state_.zoom_to_mission();
        ImGui::MenuItem("Zoom to what opens", nullptr, &state_.zoom_on_open);
        ImGui::Separator();
        ImGui::MenuItem("Basemap", nullptr, &state_.scene.show_basemap);
        ImGui::MenuItem("Graticule", nullptr, &state_.scene.show_graticule);
        ImGui::MenuItem("MGRS grid", nullptr, &state_.scene.show_mgrs_grid);
        ImGui::MenuItem("Country names", nullptr, &state_.scene.show_labels);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Panels")) {
        layout_.menu();
        ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Projection")) projection_.visible = !projection_.visible;
    ImGui::EndMainMenuBar();
}

} // namespace entente::app
