#include "event_log.hpp"
#include "panels.hpp"

#include <imgui.h>

namespace entente::app {

void LayersPanel::content(AppState& s) {
    for (const auto& job : s.loader.active()) {
        ImGui::PushID(int(job.id));
        ImGui::TextUnformatted(job.path.c_str());
        ImGui::ProgressBar(float(job.progress), ImVec2(-80, 0), job.stage.c_str());
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) s.loader.cancel(job.id);
        ImGui::PopID();
    }
    auto& layers = s.scene.layers();
    if (layers.empty()) ImGui::TextDisabled("No layers. Open a file, or drop one on the window.");
    uint64_t remove = 0, up = 0, down = 0;
    for (size_t i = 0; i < layers.size(); ++i) {
        MapLayer& l = *layers[i];
        ImGui::PushID(int(l.id));
        if (ImGui::Checkbox("##vis", &l.visible))
            log_event({{"event", "layer_visible"}, {"title", l.title}, {"visible", l.visible}});
        ImGui::SameLine();
        const bool active = s.active_layer == l.id;
        if (ImGui::Selectable(
                l.title.c_str(), active, 0,
                ImVec2(ImGui::GetContentRegionAvail().x - 150 * ImGui::GetIO().FontGlobalScale - 60, 0)))
            s.active_layer = l.id;
        if (ImGui::IsItemHovered()) {
            std::string tip = l.source;
            if (l.vector)
                tip += "\n" + std::to_string(l.vector->feature_count()) + " features, CRS " + l.vector->crs;
            if (l.raster)
                tip += "\n" + std::to_string(l.raster->width) + " x " + std::to_string(l.raster->height) +
                       ", CRS " + l.raster->crs;
            ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::SameLine();
        if (ImGui::ArrowButton("up", ImGuiDir_Up)) up = l.id;
        ImGui::SameLine();
        if (ImGui::ArrowButton("down", ImGuiDir_Down)) down = l.id;
        ImGui::SameLine();
        if (ImGui::SmallButton("Zoom")) s.zoom_to_layer(l.id);
        ImGui::SameLine();
        if (ImGui::SmallButton("X")) remove = l.id;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove layer");
        if (active) {
            ImGui::SetNextItemWidth(-1);
            if (ImGui::SliderFloat("##opacity", &l.opacity, 0.f, 1.f, "opacity %.2f"))
                l.colours_dirty = false;
        }
        ImGui::PopID();
    }
    if (up) s.scene.move_layer(up, -1);
    if (down) s.scene.move_layer(down, +1);
    if (remove) s.remove_layer(remove);
    ImGui::Separator();
    ImGui::Checkbox("Basemap", &s.scene.show_basemap);
    ImGui::SameLine();
    ImGui::Checkbox("Graticule", &s.scene.show_graticule);
    ImGui::SameLine();
    ImGui::Checkbox("Labels", &s.scene.show_labels);
}

} // namespace entente::app
