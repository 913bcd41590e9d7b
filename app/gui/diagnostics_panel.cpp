#include "geo/error.hpp"
#include "panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace entente::app {

namespace {

// Error: a red disc; warning: an amber triangle (drawn, so they need no icon font).
void severity_icon(missions::Diagnostic::Severity sev) {
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (sev == missions::Diagnostic::Severity::Error) {
        dl->AddCircleFilled(ImVec2(p.x + h * 0.5f, p.y + h * 0.5f), h * 0.38f, IM_COL32(200, 30, 30, 255));
        dl->AddText(ImVec2(p.x + h * 0.5f - ImGui::CalcTextSize("!").x * 0.5f, p.y), IM_COL32_WHITE, "!");
    } else {
        dl->AddTriangleFilled(ImVec2(p.x + h * 0.5f, p.y + h * 0.08f),
                              ImVec2(p.x + h * 0.95f, p.y + h * 0.92f),
                              ImVec2(p.x + h * 0.05f, p.y + h * 0.92f), IM_COL32(235, 160, 20, 255));
        dl->AddText(ImVec2(p.x + h * 0.5f - ImGui::CalcTextSize("!").x * 0.5f, p.y + h * 0.05f),
                    IM_COL32(40, 30, 0, 255), "!");
    }
    ImGui::Dummy(ImVec2(h, h));
}

std::string element_name(const missions::Mission& m, const std::string& id) {
    for (const auto& u : m.units)
        if (u.id == id) return u.designation.empty() ? id : u.designation;
    for (const auto& c : m.measures)
        if (c.id == id) return c.name.empty() ? id : c.name;
    for (const auto& p : m.phases)
        if (p.id == id) return p.name.empty() ? id : p.name;
    return id;
}

// The risk along a route as a line plot with the threshold marked and the distance axis labelled.
void risk_plot(const std::string& name, const std::vector<missions::RiskSample>& samples, float threshold) {
    const ProfilePlot pp = profile_plot(samples, 240);
    ImGui::Text("Risk along %s (max %.4g)", name.c_str(), pp.max);
    if (!pp.any) {
        ImGui::TextDisabled("  the risk layer has no data along this route");
        return;
    }
    float lo = std::min(pp.min, threshold), hi = std::max(pp.max, threshold);
    const float pad = std::max(1e-3f, (hi - lo) * 0.08f);
    lo -= pad, hi += pad;
    // Drawn here rather than with PlotLines: gaps in the data stay gaps, and the threshold is a line.
    const float axis_w = ImGui::CalcTextSize("00000").x;
    const ImVec2 size(std::max(120.f, ImGui::GetContentRegionAvail().x), 110 * ImGui::GetFontSize() / 15.f);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 a(o.x + axis_w, o.y), b(o.x + size.x, o.y + size.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 235));
    dl->AddRect(a, b, IM_COL32(150, 150, 150, 255));
    auto y_of = [&](float v) { return b.y - 3 - (v - lo) / (hi - lo) * (b.y - a.y - 6); };
    auto x_of = [&](size_t i) { return a.x + 2 + (b.x - a.x - 4) * float(i) / float(pp.values.size() - 1); };
    std::vector<ImVec2> run;
    auto flush = [&] {
        if (run.size() >= 2)
            dl->AddPolyline(run.data(), int(run.size()), IM_COL32(40, 70, 160, 255), 0, 1.6f);
        run.clear();
    };
    for (size_t i = 0; i < pp.values.size(); ++i) {
        if (!std::isfinite(pp.values[i])) {
            flush();
            continue;
        }
        run.push_back(ImVec2(x_of(i), y_of(pp.values[i])));
    }
    flush();
    const float ty = y_of(threshold);
    for (float x = a.x + 2; x < b.x - 2; x += 8)
        dl->AddLine(ImVec2(x, ty), ImVec2(std::min(x + 5, b.x - 2), ty), IM_COL32(200, 30, 30, 230), 1.5f);
    char buf[64];
    std::snprintf(buf, sizeof buf, "threshold %.4g", threshold);
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(buf).x - 4, ty - ImGui::GetTextLineHeight() - 1),
                IM_COL32(170, 20, 20, 255), buf);
    // Value axis: the range shown.
    std::snprintf(buf, sizeof buf, "%.3g", hi);
    dl->AddText(ImVec2(o.x, a.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
    std::snprintf(buf, sizeof buf, "%.3g", lo);
    dl->AddText(ImVec2(o.x, b.y - ImGui::GetTextLineHeight()), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                buf);
    if (hovered) {
        const float t = std::clamp((ImGui::GetIO().MousePos.x - a.x - 2) / (b.x - a.x - 4), 0.f, 1.f);
        const size_t i = std::min(pp.values.size() - 1, size_t(std::lround(t * float(pp.values.size() - 1))));
        dl->AddLine(ImVec2(x_of(i), a.y), ImVec2(x_of(i), b.y), IM_COL32(100, 100, 100, 160));
        if (std::isfinite(pp.values[i]))
            ImGui::SetTooltip("%.1f km along: risk %.4g", pp.length_m * t / 1000, pp.values[i]);
        else
            ImGui::SetTooltip("%.1f km along: no data", pp.length_m * t / 1000);
    }
    // Distance axis.
    std::snprintf(buf, sizeof buf, "%.1f km", pp.length_m / 1000);
    const float row_x = ImGui::GetCursorPosX();
    ImGui::SetCursorPosX(row_x + axis_w);
    ImGui::TextDisabled("0");
    ImGui::SameLine(row_x + axis_w +
                    (size.x - axis_w - ImGui::CalcTextSize("distance along the route").x) * 0.5f);
    ImGui::TextDisabled("distance along the route");
    ImGui::SameLine(row_x + size.x - ImGui::CalcTextSize(buf).x);
    ImGui::TextDisabled("%s", buf);
}

} // namespace

void DiagnosticsPanel::run(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    validated_mission_ = m;
    validated_revision_ = s.mission.revision;
    risk_ = validation_risk_layer(s.scene);
    risk_error_.clear();
    if (!m) {
        result_ = {};
        return;
    }
    missions::ValidationOptions opt;
    if (risk_) opt.risk_raster = risk_->source, opt.risk_threshold = risk_->threshold;
    try {
        result_ = missions::validate(*m, opt);
    } catch (const std::exception& e) {
        // The risk layer could not be read: the other rules still run.
        risk_error_ = e.what();
        try {
            result_ = missions::validate(*m, {});
        } catch (const std::exception& e2) {
            result_ = {};
            risk_error_ = e2.what();
        }
    }
    validated_copy_ = *m;
}

// Re-validation runs whether the panel is unfolded or not (a folded panel still shows its counts when
// opened).
void DiagnosticsPanel::always(AppState& s) {
    if (!visible) return;
    const missions::Mission* m = s.mission.mission();
    const double now = ImGui::GetTime();
    if (s.mission.revision != seen_revision_) seen_revision_ = s.mission.revision, changed_at_ = now;
    const auto risk = validation_risk_layer(s.scene);
    // Re-run when the mission's content (not just the selection) or the risk layer changed; during a drag
    // wait until it has been still for a moment.
    if (m != validated_mission_ || risk != risk_) {
        run(s);
    } else if (m && validated_revision_ != s.mission.revision) {
        if (*m == validated_copy_)
            validated_revision_ = s.mission.revision; // only the selection or phase changed
        else if (now - changed_at_ > 0.3)
            run(s);
    }
}

void DiagnosticsPanel::content(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m) {
        ImGui::TextDisabled("No mission open.");
        return;
    }
    const size_t errors = result_.errors(), warnings = result_.diagnostics.size() - errors;
    if (ImGui::SmallButton("Re-run")) run(s);
    ImGui::SameLine();
    ImGui::TextWrapped("%s: %zu error%s, %zu warning%s", m->name.c_str(), errors, errors == 1 ? "" : "s",
                       warnings, warnings == 1 ? "" : "s");
    if (risk_)
        ImGui::TextWrapped("Routes checked against %s, threshold %.4g.", risk_->title.c_str(),
                           risk_->threshold);
    else
        ImGui::TextDisabled("No risk layer: style a raster as a risk layer to check routes.");
    if (!risk_error_.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", risk_error_.c_str());
    ImGui::Separator();

    if (result_.diagnostics.empty()) ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.1f, 1), "No problems found.");
    const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                               ImGuiTableFlags_SizingStretchProp;
    // Messages wrap: room for about two lines a row, scrolling beyond a dozen lines.
    const float rows_h = std::min(2.f * float(result_.diagnostics.size()) + 1.5f, 13.5f) *
                         ImGui::GetTextLineHeightWithSpacing();
    if (!result_.diagnostics.empty() && ImGui::BeginTable("diagnostics", 3, tf, ImVec2(0, rows_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("##sev", ImGuiTableColumnFlags_WidthFixed, ImGui::GetTextLineHeight());
        ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthStretch, 0.3f);
        ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < result_.diagnostics.size(); ++i) {
            const missions::Diagnostic& d = result_.diagnostics[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            severity_icon(d.severity);
            ImGui::TableNextColumn();
            ImGui::PushID(int(i));
            const bool selected = s.mission.is_selected(d.element) || (d.element == focus_route_);
            if (ImGui::Selectable(d.rule.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
                // Select the element and show it: a phase is shown by switching to it.
                if (m->phases.end() != std::find_if(m->phases.begin(), m->phases.end(),
                                                    [&](auto& p) { return p.id == d.element; }))
                    s.mission.set_phase(d.element);
                else
                    s.mission.select({d.element});
                focus_route_ = d.element;
                if (auto box = diagnostic_zoom_box(d, *m, s.mission.phase)) s.zoom_to_bbox(*box);
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", element_name(*m, d.element).c_str());
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", d.message.c_str());
        }
        ImGui::EndTable();
    }

    // Risk profiles of the routes that are selected or whose diagnostic was clicked.
    if (risk_) {
        bool any = false;
        for (const auto& [route, samples] : result_.route_profiles) {
            if (!s.mission.is_selected(route) && route != focus_route_) continue;
            if (!any) ImGui::Separator();
            any = true;
            risk_plot(element_name(*m, route), samples, risk_->threshold);
        }
        if (!any && !result_.route_profiles.empty())
            ImGui::TextDisabled("Select a route (or click its diagnostic) to see its risk profile.");
    }
}

} // namespace entente::app
