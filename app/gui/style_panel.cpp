#include "panels.hpp"

#include <imgui.h>

namespace entente::app {

namespace {
bool colour_edit(const char* label, render::Rgba& c) {
    float v[4] = {c.r, c.g, c.b, c.a};
    if (!ImGui::ColorEdit4(label, v, ImGuiColorEditFlags_AlphaBar)) return false;
    c = {v[0], v[1], v[2], v[3]};
    return true;
}

void legend(const std::vector<LegendEntry>& entries) {
    for (const auto& e : entries) {
        ImGui::ColorButton(e.label.c_str(), ImVec4(e.colour.r, e.colour.g, e.colour.b, 1),
                           ImGuiColorEditFlags_NoTooltip, ImVec2(14, 14));
        ImGui::SameLine();
        ImGui::TextUnformatted(e.label.c_str());
    }
}

bool ramp_combo(const char* label, std::string& ramp) {
    bool changed = false;
    if (ImGui::BeginCombo(label, ramp.c_str())) {
        for (const auto& n : ramp_names())
            if (ImGui::Selectable(n.c_str(), n == ramp)) ramp = n, changed = true;
        ImGui::EndCombo();
    }
    return changed;
}
} // namespace

void StylePanel::content(AppState& s) {
    MapLayer* l = s.scene.find(s.active_layer);
    if (!l) {
        ImGui::TextDisabled("Select a layer in the Layers panel.");
        return;
    }
    ImGui::TextUnformatted(l->title.c_str());
    ImGui::SliderFloat("Opacity", &l->opacity, 0, 1);
    if (l->raster) {
        RasterDisplay& r = l->raster_style;
        if (l->raster->colour) {
            ImGui::TextDisabled("Colour image: drawn with its own colours.");
        } else {
            ramp_combo("Colour ramp", r.ramp);
            ImGui::DragFloatRange2("Stretch", &r.min, &r.max, std::max(1e-6f, (r.max - r.min) / 200.f));
            if (ImGui::Button("Stretch to data") && l->preview)
                r.min = l->preview->min, r.max = l->preview->max;
            // Legend in the raster's own values.
            for (int i = 0; i <= 4; ++i) {
                const float t = i / 4.f;
                const render::Rgba c = ramp_at(r.ramp, t);
                ImGui::ColorButton("##c", ImVec4(c.r, c.g, c.b, 1), ImGuiColorEditFlags_NoTooltip,
                                   ImVec2(14, 14));
                ImGui::SameLine();
                ImGui::Text("%.4g", r.min + t * (r.max - r.min));
            }
            ImGui::Checkbox("Nodata transparent (else grey)", &r.nodata_transparent);
            ImGui::Separator();
            if (ImGui::Checkbox("Risk layer (sequential ramp, legend on the map)", &r.risk) && r.risk) {
                r.ramp = "YlOrRd";
                r.threshold = r.min + 0.75f * (r.max - r.min);
            }
            if (r.risk) {
                ImGui::Checkbox("Emphasise cells at or above", &r.threshold_on);
                ImGui::SameLine();
                ImGui::SetNextItemWidth(-1);
                ImGui::SliderFloat("##threshold", &r.threshold, r.min, r.max, "%.4g");
            }
        }
        return;
    }
    VectorStyle& st = l->style;
    bool changed = false;
    const auto kind = l->vector->kind();
    changed |= colour_edit("Fill", st.fill);
    changed |= colour_edit("Stroke", st.stroke);
    ImGui::SliderFloat("Stroke width (px)", &st.stroke_width, 0.f, 12.f, "%.1f");
    if (kind == geo::GeometryKind::Point || kind == geo::GeometryKind::Mixed) {
        ImGui::SliderFloat("Point size (px)", &st.point_size, 2.f, 40.f, "%.0f");
        const char* shapes[] = {"Circle", "Square", "Triangle", "Diamond", "Cross"};
        int shape = int(st.shape);
        if (ImGui::Combo("Shape", &shape, shapes, 5)) st.shape = render::PointShape(shape);
    }
    const char* modes[] = {"Single colour", "Categories of a field", "Graduated by a number"};
    int mode = int(st.mode);
    if (ImGui::Combo("Colour by", &mode, modes, 3)) st.mode = ColourMode(mode), changed = true;
    if (st.mode != ColourMode::Single) {
        if (ImGui::BeginCombo("Field", st.field.empty() ? "(choose)" : st.field.c_str())) {
            for (const auto& f : l->vector->fields) {
                if (st.mode == ColourMode::Graduated && !f.numeric) continue;
                if (ImGui::Selectable(f.name.c_str(), f.name == st.field)) st.field = f.name, changed = true;
            }
            ImGui::EndCombo();
        }
        if (st.mode == ColourMode::Graduated) {
            changed |= ImGui::SliderInt("Classes", &st.classes, 2, 9);
            changed |= ramp_combo("Ramp", st.ramp);
        }
    }
    if (st.mode == ColourMode::Graduated) {
        ImGui::Checkbox("Risk layer: legend on the map", &st.risk);
    }
    if (changed) l->colours_dirty = true;
    if (!l->legend.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted(st.mode == ColourMode::Graduated ? "Legend (quantile classes)" : "Legend");
        legend(l->legend);
    }
}

} // namespace entente::app
