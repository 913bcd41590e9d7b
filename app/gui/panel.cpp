#include "panel.hpp"

#include <algorithm>
#include <cmath>

namespace entente::app {

namespace {

const char* dock_name(Dock d) {
    return d == Dock::Left ? "left" : d == Dock::Right ? "right" : "bottom";
}

Dock dock_from(const std::string& s, Dock fallback) {
    return s == "left" ? Dock::Left : s == "right" ? Dock::Right : s == "bottom" ? Dock::Bottom : fallback;
}

} // namespace

void Panel::draw(AppState& s, const ImVec2& pos, const ImVec2& size, bool folded) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    // Set every frame so the layout decides; a click on the title's arrow still toggles it within Begin,
    // and is read back below.
    ImGui::SetNextWindowCollapsed(collapsed || folded, ImGuiCond_Always);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings;
    const bool open = ImGui::Begin(title(), &visible, flags);
    if (!folded || !ImGui::IsWindowCollapsed()) collapsed = ImGui::IsWindowCollapsed();
    // Right-click on the title bar (the last item after Begin): move the panel.
    if (ImGui::BeginPopupContextItem("##panel")) {
        if (ImGui::MenuItem("Move up")) request = Request::Up;
        if (ImGui::MenuItem("Move down")) request = Request::Down;
        ImGui::Separator();
        if (ImGui::MenuItem("Left column")) request = Request::ToLeft;
        if (ImGui::MenuItem("Right column")) request = Request::ToRight;
        if (ImGui::MenuItem("Bottom bar")) request = Request::ToBottom;
        ImGui::Separator();
        if (ImGui::MenuItem("Hide")) visible = false;
        ImGui::EndPopup();
    }
    if (open) {
        content(s);
        content_height =
            ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
    }
    ImGui::End();
}

void flow(float width) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + width <= right) ImGui::SameLine();
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

float check_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
           ImGui::CalcTextSize(label, nullptr, true).x;
}

void hint(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void PanelLayout::add(Panel& p, Dock dock, float height, bool visible) {
    p.visible = visible;
    entries_.push_back({&p, dock, height, dock, visible, entries_.size()});
}

void PanelLayout::arrange_column(const std::vector<size_t>& shown, float x, float width, float y0, float y1) {
    const float title_h = ImGui::GetFrameHeight();
    const float min_open = 4 * title_h;
    // Toolbars take the height of their content (as measured at their last frame, at most a third of the
    // column); the other open panels share what is left in proportion to their preferred heights.
    auto least = [&](const Entry& e) {
        if (e.height != kFit) return min_open;
        const float measured = e.panel->content_height > 0 ? e.panel->content_height : min_open;
        return std::floor(std::clamp(measured, title_h * 2, std::max(title_h * 2, (y1 - y0) / 3)));
    };
    // Fold panels from the bottom of the column until the rest fit at their least height.
    std::vector<bool> folded(shown.size(), false);
    auto shut = [&](size_t k) { return entries_[shown[k]].panel->collapsed || folded[k]; };
    auto need = [&] {
        float n = 0;
        for (size_t k = 0; k < shown.size(); ++k)
            n += shut(k) ? title_h : least(entries_[shown[k]]);
        return n;
    };
    for (size_t k = shown.size(); k-- > 0 && need() > y1 - y0;)
        folded[k] = true;
    // Each shared panel gets its least height first, then a share of what is left by its preferred height,
    // so the shares never add up to more than the column.
    float free_h = y1 - y0, weights = 0;
    for (size_t k = 0; k < shown.size(); ++k) {
        const Entry& e = entries_[shown[k]];
        free_h -= shut(k) ? title_h : least(e);
        if (!shut(k) && e.height != kFit) weights += e.height;
    }
    free_h = std::max(0.0f, free_h);
    float y = y0;
    size_t last_shared = shown.size();
    for (size_t k = 0; k < shown.size(); ++k)
        if (!shut(k) && entries_[shown[k]].height != kFit) last_shared = k;
    for (size_t k = 0; k < shown.size(); ++k) {
        const Entry& e = entries_[shown[k]];
        float h = shut(k) ? title_h : least(e);
        if (!shut(k) && e.height != kFit) h += std::floor(free_h * e.height / std::max(weights, 1.0f));
        if (k == last_shared) {
            // The last shared panel takes the rounding, so the column ends at the status bar.
            float rest = 0;
            for (size_t q = k + 1; q < shown.size(); ++q)
                rest += shut(q) ? title_h : least(entries_[shown[q]]);
            h = std::max(h, y1 - y - rest);
        }
        tiles_.push_back({e.panel, ImVec2(x, y), ImVec2(width, h), folded[k]});
        y += h;
    }
}

void PanelLayout::arrange(const AppState& s, ImVec2 display, float top, float bottom, float scale) {
    tiles_.clear();
    covered_ = {};
    covered_.top = top;
    covered_.bottom = bottom;
    std::vector<size_t> left, right, below;
    for (size_t i = 0; i < entries_.size(); ++i) {
        const Entry& e = entries_[i];
        if (!e.panel->visible || !e.panel->available(s)) continue;
        (e.dock == Dock::Left ? left : e.dock == Dock::Right ? right : below).push_back(i);
    }
    // Columns keep at least 40 % of the width for the map, whatever the screen.
    const float col = std::floor(std::min(340 * scale, display.x * 0.3f));
    const float y0 = top, y1 = display.y - bottom;
    if (!left.empty()) {
        arrange_column(left, 0, col, y0, y1);
        covered_.left = col;
    }
    if (!right.empty()) {
        arrange_column(right, display.x - col, col, y0, y1);
        covered_.right = col;
    }
    if (!below.empty()) {
        // The bottom bar spans the map between the columns; its panels side by side.
        const float title_h = ImGui::GetFrameHeight();
        float h = title_h;
        for (size_t i : below) {
            const Entry& e = entries_[i];
            if (e.panel->collapsed) continue;
            const float fit = e.panel->content_height > 0 ? e.panel->content_height : 3 * title_h;
            h = std::max(h, e.height == kFit ? fit : e.height * scale);
        }
        h = std::floor(std::min(h, (y1 - y0) * 0.4f));
        const float x0 = covered_.left, x1 = display.x - covered_.right;
        const float w = std::floor((x1 - x0) / float(below.size()));
        for (size_t k = 0; k < below.size(); ++k) {
            Panel* p = entries_[below[k]].panel;
            const float x = x0 + w * float(k);
            const float tile_h = p->collapsed ? title_h : h;
            tiles_.push_back(
                {p, ImVec2(x, y1 - tile_h), ImVec2(k + 1 == below.size() ? x1 - x : w, tile_h), false});
        }
        covered_.bottom += h;
    }
}

void PanelLayout::draw(AppState& s) {
    for (const Entry& e : entries_)
        e.panel->always(s);
    for (const Tile& t : tiles_)
        t.panel->draw(s, t.pos, t.size, t.folded);
    for (size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].panel->request != Panel::Request::None) apply_request(i);
}

void PanelLayout::apply_request(size_t i) {
    Entry& e = entries_[i];
    const Panel::Request r = e.panel->request;
    e.panel->request = Panel::Request::None;
    if (r == Panel::Request::ToLeft || r == Panel::Request::ToRight || r == Panel::Request::ToBottom) {
        e.dock = r == Panel::Request::ToLeft    ? Dock::Left
                 : r == Panel::Request::ToRight ? Dock::Right
                                                : Dock::Bottom;
        return;
    }
    // Up and down swap with the nearest entry of the same column.
    const int step = r == Panel::Request::Up ? -1 : 1;
    for (int j = int(i) + step; j >= 0 && j < int(entries_.size()); j += step) {
        if (entries_[size_t(j)].dock != e.dock) continue;
        std::swap(entries_[i], entries_[size_t(j)]);
        return;
    }
}

void PanelLayout::menu() {
    for (Entry& e : entries_)
        ImGui::MenuItem(e.panel->title(), nullptr, &e.panel->visible);
    ImGui::Separator();
    if (ImGui::MenuItem("Reset layout")) reset();
}

nlohmann::json PanelLayout::save() const {
    nlohmann::json panels = nlohmann::json::array();
    for (const Entry& e : entries_)
        panels.push_back({{"title", e.panel->title()},
                          {"dock", dock_name(e.dock)},
                          {"visible", e.panel->visible},
                          {"collapsed", e.panel->collapsed}});
    return {{"panels", panels}};
}

void PanelLayout::restore(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("panels") || !j["panels"].is_array()) return;
    // Saved panels first in their saved order; panels the save does not know keep their default place after.
    std::vector<Entry> ordered;
    for (const auto& p : j["panels"]) {
        if (!p.is_object()) continue;
        const std::string title = p.value("title", "");
        auto it = std::find_if(entries_.begin(), entries_.end(),
                               [&](const Entry& e) { return title == e.panel->title(); });
        if (it == entries_.end()) continue;
        Entry e = *it;
        entries_.erase(it);
        e.dock = dock_from(p.value("dock", ""), e.dock);
        e.panel->visible = p.value("visible", e.panel->visible);
        e.panel->collapsed = p.value("collapsed", false);
        ordered.push_back(e);
    }
    ordered.insert(ordered.end(), entries_.begin(), entries_.end());
    entries_ = std::move(ordered);
}

void PanelLayout::reset() {
    std::sort(entries_.begin(), entries_.end(),
              [](const Entry& a, const Entry& b) { return a.default_index < b.default_index; });
    for (Entry& e : entries_) {
        e.dock = e.default_dock;
        e.panel->visible = e.default_visible;
        e.panel->collapsed = false;
    }
}

} // namespace entente::app
