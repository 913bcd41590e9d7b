#include "panels.hpp"

#include <imgui.h>

namespace entente::app {

void IdentifyPanel::content(AppState& s) {
    if (!s.identified && s.probed) {
        const MapLayer* rl = s.scene.find(s.probed->layer);
        ImGui::Text("%s", rl ? rl->title.c_str() : "raster");
        ImGui::Text("at %.5f, %.5f (pixel %d, %d)", s.probed->at.lat, s.probed->at.lon, s.probed->px,
                    s.probed->py);
        if (s.probed->colour)
            ImGui::TextDisabled("colour image");
        else if (s.probed->nodata)
            ImGui::TextUnformatted("value: nodata");
        else
            ImGui::Text("value: %.6g", s.probed->value);
        return;
    }
    if (!s.identified) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("Click a feature on the map to see its attributes, or a raster for its value.");
        ImGui::PopStyleColor();
        return;
    }
    MapLayer* l = s.scene.find(s.identified->layer);
    if (!l || !l->vector) {
        ImGui::TextDisabled("The layer is gone.");
        return;
    }
    const geo::VectorLayer& v = *l->vector;
    const uint32_t f = s.identified->feature;
    ImGui::Text("%s, feature %lld", l->title.c_str(), (long long)v.fids[f]);
    if (ImGui::SmallButton("Zoom to feature")) s.zoom_to_feature(l->id, f);
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear")) {
        s.identified.reset();
        s.scene.selection.reset();
        return;
    }
    if (ImGui::BeginTable("identify", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        ImGui::TableSetupColumn("Field");
        ImGui::TableSetupColumn("Value");
        ImGui::TableHeadersRow();
        for (size_t c = 0; c < v.fields.size(); ++c) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(v.fields[c].name.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextWrapped("%s", v.value_text(f, c).c_str());
        }
        ImGui::EndTable();
    }
}

} // namespace entente::app
