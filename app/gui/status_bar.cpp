#include "panels.hpp"
#include "scene/mgrs_grid.hpp"

#include <imgui.h>

#include <cmath>

namespace entente::app {

float StatusBar::height() {
    return ImGui::GetFrameHeight() + 4;
}

void StatusBar::draw(AppState& s, std::optional<geo::LonLat> cursor, float fps, const std::string& activity) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float h = height();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
    const ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                               ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                               ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 2));
    if (ImGui::Begin("##status", nullptr, f)) {
        if (cursor) {
            ImGui::Text("%.5f, %.5f   %s %s   %s", cursor->lat, cursor->lon,
                        geo::format_dms(cursor->lat, true).c_str(),
                        geo::format_dms(cursor->lon, false).c_str(), mgrs_text(*cursor).c_str());
        } else {
            ImGui::TextDisabled("cursor off the map");
        }
        ImGui::SameLine(ImGui::GetWindowWidth() * 0.42f);
        // Scale for a standard 0.28 mm pixel at the centre of the view, per logical pixel.
        const render::View v = s.view();
        const double mpp = s.scene.metres_per_px(v) * v.pixel_ratio;
        const double denom = mpp / 0.00028;
        if (std::isfinite(denom)) {
            const double mag = std::pow(10.0, std::floor(std::log10(std::max(denom, 1.0))) - 1);
            ImGui::Text("1:%s",
                        [&] {
                            char b[48];
                            std::snprintf(b, sizeof b, "%.0f", std::round(denom / mag) * mag);
                            std::string t = b;
                            for (int i = int(t.size()) - 3; i > 0; i -= 3)
                                t.insert(size_t(i), ",");
                            return t;
                        }()
                            .c_str());
        }
        ImGui::SameLine(ImGui::GetWindowWidth() * 0.55f);
        ImGui::TextUnformatted(s.scene.projection().name().c_str());
        const std::string bm = s.scene.basemap_status();
        ImGui::SameLine(ImGui::GetWindowWidth() * 0.82f);
        if (!activity.empty())
            ImGui::TextDisabled("%s", activity.c_str()); // e.g. an export, seen even with its panel hidden
        else if (!bm.empty())
            ImGui::TextDisabled("basemap: %s", bm.c_str());
        else
            ImGui::TextDisabled("%.0f fps", fps);
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

} // namespace entente::app
