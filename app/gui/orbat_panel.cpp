#include "panels.hpp"

#include <imgui.h>

#include <functional>
#include <map>
#include <set>

namespace entente::app {

namespace {

constexpr const char* kPayload = "ENTENTE_UNIT";

} // namespace

void OrbatPanel::content(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m || m->units.empty()) {
        ImGui::TextDisabled(m ? "No units: use the Place unit tool" : "No mission open");
        return;
    }
    if (ImGui::SmallButton("Zoom to mission")) s.zoom_to_mission();
    std::set<std::string> ids;
    for (auto& u : m->units)
        ids.insert(u.id);
    std::map<std::string, std::vector<const missions::Unit*>> children;
    std::vector<const missions::Unit*> roots;
    // A unit in a parent loop (a damaged or hand-edited file) has no root above it: shown at the top level.
    auto in_loop = [&](const missions::Unit& u) {
        return !missions::parent_loop(*m, u.id, u.parent).empty();
    };
    for (auto& u : m->units)
        (u.parent.empty() || !ids.count(u.parent) || in_loop(u) ? roots : children[u.parent]).push_back(&u);

    std::string reparent, new_parent; // applied after the tree is drawn
    auto drop_target = [&](const std::string& parent) {
        if (!ImGui::BeginDragDropTarget()) return;
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kPayload))
            reparent = static_cast<const char*>(p->Data), new_parent = parent;
        ImGui::EndDragDropTarget();
    };
    std::set<std::string> drawn; // a parent loop in a damaged file must not recurse forever
    std::function<void(const missions::Unit&)> node = [&](const missions::Unit& u) {
        if (!drawn.insert(u.id).second) return;
        const auto& kids = children[u.id];
        ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth |
                                   ImGuiTreeNodeFlags_DefaultOpen;
        if (kids.empty()) flags |= ImGuiTreeNodeFlags_Leaf;
        if (s.mission.is_selected(u.id)) flags |= ImGuiTreeNodeFlags_Selected;
        std::string label = u.designation.empty() ? u.id : u.designation;
        if (!u.nation.empty()) label += "  " + u.nation;
        if (!u.parent.empty() && !ids.count(u.parent)) label += "  (parent " + u.parent + " missing)";
        if (in_loop(u)) label += "  (parent " + u.parent + " loops back to it)";
        const bool open = ImGui::TreeNodeEx(u.id.c_str(), flags, "%s", label.c_str());
        if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) {
            if (ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeyShift) {
                auto sel = s.mission.selection;
                if (s.mission.is_selected(u.id))
                    std::erase(sel, u.id);
                else
                    sel.push_back(u.id);
                s.mission.select(sel);
            } else {
                s.mission.select({u.id});
                // Centre on it, keeping the zoom.
                const geo::XY c = s.scene.projection().forward(u.position_in(s.mission.phase));
                if (std::isfinite(c.x) && std::isfinite(c.y)) s.camera.center = c;
            }
        }
        if (ImGui::IsItemHovered() && !u.higher_formation.empty())
            ImGui::SetTooltip("%s\n%s %s, strength %d", u.higher_formation.c_str(), u.organisation.c_str(),
                              u.command_relationship.c_str(), u.strength);
        if (ImGui::BeginDragDropSource()) {
            ImGui::SetDragDropPayload(kPayload, u.id.c_str(), u.id.size() + 1);
            ImGui::Text("Put %s under...", label.c_str());
            ImGui::EndDragDropSource();
        }
        drop_target(u.id);
        if (open) {
            for (const missions::Unit* k : kids)
                node(*k);
            ImGui::TreePop();
        }
    };
    for (const missions::Unit* r : roots)
        node(*r);
    ImGui::Spacing();
    ImGui::TextDisabled("Drag a unit onto another to put it under it; drop here for top level");
    drop_target("");

    if (!reparent.empty()) {
        // The model refuses a drop that would make a loop (onto itself or a subordinate), naming the units.
        std::string err;
        if (!s.mission.apply({{"op", "update_unit"}, {"id", reparent}, {"set", {{"parent", new_parent}}}},
                             &err))
            s.error("edit refused: " + err);
    }
}

} // namespace entente::app
