#include "geo/coords.hpp"
#include "panels.hpp"
#include "scene/mgrs_grid.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace entente::app {

void MeasurePanel::map_input(std::optional<geo::LonLat> cursor, bool click_released, bool mouse_on_map,
                             bool keys_on_map) {
    tool.hover = mouse_on_map ? cursor : std::nullopt;
    if (mouse_on_map && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) double_pending_ = true;
    if (click_released && cursor) tool.handle_click(*cursor, double_pending_);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) double_pending_ = false;
    // ImGui 1.86 indexes keys by the GLFW backend's key codes.
    if (keys_on_map) {
        if (ImGui::IsKeyPressed(GLFW_KEY_ENTER) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER)) tool.finish();
        if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) tool.clear();
    }
}

void MeasurePanel::content(AppState& s) {
    using M = MeasureTool::Mode;
    using U = MeasureTool::Unit;
    ImGui::Checkbox("Measure on map clicks", &taking_clicks);
    int mode = int(tool.mode());
    bool changed = ImGui::RadioButton("Distance", &mode, int(M::Distance));
    ImGui::SameLine();
    changed |= ImGui::RadioButton("Area", &mode, int(M::Area));
    ImGui::SameLine();
    changed |= ImGui::RadioButton("Range rings", &mode, int(M::Rings));
    if (changed) tool.set_mode(M(mode));
    int unit = int(tool.unit);
    ImGui::SetNextItemWidth(90);
    if (ImGui::Combo("Units", &unit, "km\0nautical miles\0m\0")) {
        tool.unit = U(unit);
        // Radii typed without a unit follow the unit chosen.
        std::string err;
        if (tool.set_radii(radii_text_, &err)) radii_error_.clear();
    }
    if (taking_clicks)
        ImGui::TextDisabled(tool.mode() == M::Rings
                                ? "Click the centre on the map; Esc clears."
                                : "Click points on the map; double-click or Enter finishes, "
                                  "Esc clears. Drag to pan.");
    else
        ImGui::TextDisabled("Map clicks go to the map (identify, editing) while this is off.");
    ImGui::Separator();

    const auto& pts = tool.points();
    if (tool.mode() == M::Rings) {
        ImGui::SetNextItemWidth(200);
        if (ImGui::InputText("Radii", &radii_text_)) {
            if (tool.set_radii(radii_text_, &radii_error_)) radii_error_.clear();
        }
        if (!radii_error_.empty())
            ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", radii_error_.c_str());
        std::string rs;
        for (double r : tool.radii_m())
            rs += (rs.empty() ? "" : ", ") + MeasureTool::format_distance(r, tool.unit);
        ImGui::TextWrapped("Rings: %s", rs.c_str());
        if (!pts.empty()) {
            ImGui::Text("Centre: %.5f, %.5f", pts[0].lat, pts[0].lon);
            const std::string m = mgrs_text(pts[0]);
            if (!m.empty()) ImGui::Text("        %s", m.c_str());
        } else {
            ImGui::TextDisabled("No centre yet.");
        }
    } else if (pts.size() < 2) {
        ImGui::TextDisabled(pts.empty() ? "No points yet." : "One point: click the next.");
    } else {
        const geo::PathMeasure m = tool.path();
        if (tool.mode() == M::Area) {
            if (pts.size() >= 3) {
                ImGui::Text("Area       %s", MeasureTool::format_area(tool.area_m2(), tool.unit).c_str());
                ImGui::Text("Perimeter  %s",
                            MeasureTool::format_distance(tool.perimeter_m(), tool.unit).c_str());
            } else {
                ImGui::TextDisabled("Two points: click a third for an area.");
            }
            ImGui::Text("%zu vertices%s", pts.size(), tool.finished() ? "" : " (drawing)");
        } else {
            ImGui::Text("Total  %s", MeasureTool::format_distance(m.length_m, tool.unit).c_str());
        }
        const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                   ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
        if (ImGui::BeginTable("legs", 3, tf,
                              ImVec2(0, std::min(220.f, ImGui::GetTextLineHeightWithSpacing() *
                                                            float(m.leg_m.size() + 1.5f))))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("Leg", ImGuiTableColumnFlags_WidthFixed, 36);
            ImGui::TableSetupColumn("Distance");
            ImGui::TableSetupColumn("Bearing (true)");
            ImGui::TableHeadersRow();
            for (size_t i = 0; i < m.leg_m.size(); ++i) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%zu", i + 1);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(MeasureTool::format_distance(m.leg_m[i], tool.unit).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(MeasureTool::format_bearing(m.leg_bearing_deg[i]).c_str());
            }
            ImGui::EndTable();
        }
    }
    ImGui::BeginDisabled(tool.finished() || pts.empty());
    if (ImGui::Button("Finish")) tool.finish();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(pts.empty());
    if (ImGui::Button("Clear")) tool.clear();
    ImGui::EndDisabled();
    if (!pts.empty()) {
        ImGui::SameLine();
        if (ImGui::Button("Zoom to")) {
            geo::Bbox b;
            for (auto& p : pts)
                b.add(p.lon, p.lat);
            for (auto& ring : tool.rings())
                for (auto& p : ring)
                    b.add(p.lon, p.lat);
            const double pad = std::max({b.width(), b.height(), 0.01}) * 0.15;
            s.zoom_to_bbox({b.minx - pad, b.miny - pad, b.maxx + pad, b.maxy + pad});
        }
    }
}

} // namespace entente::app
