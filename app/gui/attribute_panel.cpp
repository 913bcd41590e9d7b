#include "panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

namespace entente::app {

void AttributePanel::content(AppState& s) {
    MapLayer* l = s.scene.find(s.active_layer);
    if (!l || !l->vector) {
        ImGui::TextDisabled("Select a vector layer in the Layers panel.");
        return;
    }
    const geo::VectorLayer& v = *l->vector;
    ImGui::SetNextItemWidth(260);
    ImGui::InputTextWithHint("##filter", "filter: text in any field", &filter_);
    const bool rebuild = layer_ != l->id || built_filter_ != filter_ || built_count_ != v.feature_count();
    if (rebuild) {
        layer_ = l->id;
        built_filter_ = filter_;
        built_count_ = v.feature_count();
        rows_.clear();
        std::string f = filter_;
        std::transform(f.begin(), f.end(), f.begin(), ::tolower);
        for (uint32_t i = 0; i < v.feature_count(); ++i) {
            bool keep = f.empty();
            for (size_t c = 0; c < v.fields.size() && !keep; ++c) {
                std::string t = v.value_text(i, c);
                std::transform(t.begin(), t.end(), t.begin(), ::tolower);
                keep = t.find(f) != std::string::npos;
            }
            if (keep) rows_.push_back(i);
        }
        sort_col_ = -2; // force a re-sort
    }
    ImGui::SameLine();
    ImGui::Text("%zu of %zu features", rows_.size(), v.feature_count());
    const int ncols = int(std::min<size_t>(v.fields.size(), 63)) + 1;
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                  ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("attrs", ncols, flags)) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("FID", ImGuiTableColumnFlags_DefaultSort);
        for (int c = 0; c + 1 < ncols; ++c)
            ImGui::TableSetupColumn(v.fields[c].name.c_str());
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
            if ((specs->SpecsDirty || sort_col_ == -2) && specs->SpecsCount > 0) {
                sort_col_ = specs->Specs[0].ColumnIndex - 1;
                sort_desc_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
                const int col = sort_col_;
                auto less = [&](uint32_t a, uint32_t b) {
                    if (col < 0) return v.fids[a] < v.fids[b];
                    if (v.fields[col].numeric) {
                        const double x = v.value_number(a, col), y = v.value_number(b, col);
                        if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
                        return x < y;
                    }
                    return v.columns[col].text(a) < v.columns[col].text(b);
                };
                std::stable_sort(rows_.begin(), rows_.end(), less);
                if (sort_desc_) std::reverse(rows_.begin(), rows_.end());
                specs->SpecsDirty = false;
            }
        }
        ImGuiListClipper clip;
        clip.Begin(int(rows_.size()));
        while (clip.Step()) {
            for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
                const uint32_t f = rows_[size_t(r)];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                const bool selected =
                    s.scene.selection && s.scene.selection->first == l->id && s.scene.selection->second == f;
                char id[32];
                std::snprintf(id, sizeof id, "%lld", (long long)v.fids[f]);
                if (ImGui::Selectable(id, selected,
                                      ImGuiSelectableFlags_SpanAllColumns |
                                          ImGuiSelectableFlags_AllowDoubleClick)) {
                    s.select(l->id, f);
                    if (ImGui::IsMouseDoubleClicked(0)) s.zoom_to_feature(l->id, f);
                }
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Click to highlight, double-click to zoom to it");
                for (int c = 0; c + 1 < ncols; ++c) {
                    ImGui::TableSetColumnIndex(c + 1);
                    ImGui::TextUnformatted(v.value_text(f, size_t(c)).c_str());
                }
            }
        }
        ImGui::EndTable();
    }
}

} // namespace entente::app
