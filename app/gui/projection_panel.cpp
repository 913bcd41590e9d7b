#include "panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace entente::app {

void ProjectionPanel::content(AppState& s) {
    const geo::ProjectionSpec cur = s.scene.projection().spec();
    ImGui::TextWrapped("Now: %s", s.scene.projection().name().c_str());
    using K = geo::ProjectionKind;
    if (ImGui::RadioButton("Web Mercator", cur.kind == K::WebMercator)) s.set_projection({K::WebMercator});
    if (ImGui::RadioButton("Plate carree", cur.kind == K::PlateCarree)) s.set_projection({K::PlateCarree});
    if (ImGui::RadioButton("Lambert azimuthal equal-area, centred here", cur.kind == K::LambertAzimuthal))
        s.set_projection({K::LambertAzimuthal});
    if (cur.kind == K::LambertAzimuthal) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Re-centre")) s.set_projection({K::LambertAzimuthal});
    }
    if (ImGui::RadioButton("Polar stereographic north", cur.kind == K::PolarNorth))
        s.set_projection({K::PolarNorth});
    if (ImGui::RadioButton("Polar stereographic south", cur.kind == K::PolarSouth))
        s.set_projection({K::PolarSouth});
    ImGui::Separator();
    ImGui::SetNextItemWidth(-70);
    const bool enter = ImGui::InputTextWithHint("##crs", "EPSG:32633 or +proj=robin", &custom,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Apply") || enter) && !custom.empty()) {
        try {
            s.set_projection(geo::ProjectionSpec::parse(custom));
        } catch (const std::exception& e) {
            s.error(e.what());
        }
    }
}

} // namespace entente::app
