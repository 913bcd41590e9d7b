#include "panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace entente::app {

void OpenPanel::content(AppState& s) {
    ImGui::TextDisabled(
        "GeoJSON, Shapefile, GeoPackage, KML/KMZ, CSV, FlatGeobuf, GPX, GeoTIFF, PNG+world file...");
    ImGui::SetNextItemWidth(-70);
    const bool enter =
        ImGui::InputTextWithHint("##path", "/path/to/file", &path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Open") || enter) && !path.empty()) {
        s.open(path);
        path.clear();
    }
    if (!s.recent.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted("Recent files");
        for (const auto& r : s.recent) {
            if (ImGui::Selectable(r.c_str())) {
                s.open(r);
                break;
            }
        }
    }
}

} // namespace entente::app
