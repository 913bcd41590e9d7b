#include "panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace entente::app {

void AlliancesPanel::content(AppState& s) {
    if (!s.ensure_reference_data()) {
        ImGui::TextWrapped("Cannot read the alliance tables: %s", s.scene.reference_error.c_str());
        return;
    }
    auto& chosen = s.scene.reference.alliances;
    const auto& data = *s.scene.reference_data;
    ImGui::TextDisabled("Choose up to three: 1st filled, 2nd hatched, 3rd outlined.");
    char key[64];
    std::snprintf(key, sizeof key, "%s|%p", s.scene.reference.date.str().c_str(),
                  static_cast<const void*>(&data));
    if (counts_key_ != key) {
        counts_.clear();
        for (const auto& org : data.memberships.organisations()) {
            const geo::Roster r = data.memberships.roster(org.code, s.scene.reference.date);
            std::string t = "(" + std::to_string(r.members.size() + r.suspended.size());
            if (!r.suspended.empty()) t += ", " + std::to_string(r.suspended.size()) + " suspended";
            if (!r.uncertain.empty()) t += ", " + std::to_string(r.uncertain.size()) + " ?";
            counts_.push_back(t + ")");
        }
        counts_key_ = key;
    }
    size_t index = 0;
    for (const auto& org : data.memberships.organisations()) {
        const std::string& count = counts_[index++];
        // Organisations that only lead operations (the UN) have no membership to draw.
        if (std::none_of(data.memberships.spells().begin(), data.memberships.spells().end(),
                         [&](const geo::MembershipSpell& m) { return m.org == org.code; }))
            continue;
        auto it = std::find(chosen.begin(), chosen.end(), org.code);
        bool on = it != chosen.end();
        const render::Rgba c = parse_hex_colour(org.colour, {0.5f, 0.5f, 0.5f, 1});
        ImGui::ColorButton(("##" + org.code).c_str(), ImVec4(c.r, c.g, c.b, 1), ImGuiColorEditFlags_NoTooltip,
                           ImVec2(12, 12));
        ImGui::SameLine();
        const std::string label = org.name + " " + count;
        ImGui::BeginDisabled(!on && chosen.size() >= 3);
        if (ImGui::Checkbox(label.c_str(), &on)) {
            if (on)
                chosen.push_back(org.code);
            else
                chosen.erase(it);
        }
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered() && !org.full_name.empty()) ImGui::SetTooltip("%s", org.full_name.c_str());
        if (on) {
            ImGui::SameLine();
            const size_t pos = size_t(std::find(chosen.begin(), chosen.end(), org.code) - chosen.begin());
            ImGui::TextDisabled("%s", pos == 0 ? "fill" : pos == 1 ? "hatch" : "outline");
        }
    }
    ImGui::Separator();
    ImGui::Checkbox("Peace operations active on the date", &s.scene.reference.peace_ops);
    ImGui::Checkbox("Legend on the map", &s.scene.reference.legend);
}

} // namespace entente::app
