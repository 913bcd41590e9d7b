#include "panels.hpp"
#include "scene/reference_layer.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace entente::app {

void PeaceOpsPanel::always(AppState& s) {
    if (card && s.scene.reference_data && *card < s.scene.reference_data->operations.size()) {
        // The mission's card: everything the table row knows, with its source.
        const auto& op = s.scene.reference_data->operations[*card];
        bool open = true;
        ImGui::SetNextWindowSize(ImVec2(420, 0), ImGuiCond_Appearing);
        if (ImGui::Begin(("Mission: " + op.acronym + "###missioncard").c_str(), &open)) {
            ImGui::TextWrapped("%s", op.name.c_str());
            ImGui::Separator();
            // The same lines as `entente operations` and the hover: one description of an operation.
            const auto lines = describe_operation(op, s.scene.reference.date, *s.scene.reference_data);
            for (size_t i = 1; i < lines.size(); ++i)
                ImGui::TextWrapped("%s", lines[i].c_str());
        }
        ImGui::End();
        if (!open) card.reset();
    }
}

void PeaceOpsPanel::content(AppState& s) {
    if (!s.ensure_reference_data()) {
        ImGui::TextWrapped("Cannot read the peace operations table: %s", s.scene.reference_error.c_str());
        return;
    }
    const auto& ops = s.scene.reference_data->operations;
    ImGui::SetNextItemWidth(90);
    ImGui::InputTextWithHint("##org", "lead org", &org_filter_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputTextWithHint("##host", "host ISO3", &host_filter_);
    ImGui::SameLine();
    ImGui::Checkbox("active on date", &active_only_);
    if (ImGui::BeginTable("ops", 6,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                              ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* h : {"Mission", "Lead", "Hosts", "Dates", "Strength", "Active"})
            ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        auto upper = [](std::string t) {
            for (auto& c : t)
                c = char(std::toupper((unsigned char)c));
            return t;
        };
        const std::string of = upper(org_filter_), hf = upper(host_filter_);
        for (size_t i = 0; i < ops.size(); ++i) {
            const auto& op = ops[i];
            const bool active = op.active_on(s.scene.reference.date);
            if (active_only_ && !active) continue;
            if (!of.empty() && upper(op.lead_org).find(of) == std::string::npos) continue;
            std::string hosts;
            for (auto& h : op.host_iso3)
                hosts += (hosts.empty() ? "" : " ") + h;
            if (!hf.empty() && hosts.find(hf) == std::string::npos) continue;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            if (ImGui::Selectable(op.acronym.c_str(), card && *card == i,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                card = i;
                s.scene.reference.peace_ops = true;
                if (const auto* hq = op.hq_on(s.scene.reference.date))
                    s.zoom_to_bbox({hq->at.lon - 4, hq->at.lat - 3, hq->at.lon + 4, hq->at.lat + 3});
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(op.lead_org.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(hosts.c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::Text("%s - %s", op.start.text().c_str(), op.end ? op.end->text().c_str() : "");
            ImGui::TableSetColumnIndex(4);
            if (const auto* f = op.strength_on(s.scene.reference.date))
                ImGui::Text("%d (%s)", f->personnel, f->date.text().c_str());
            ImGui::TableSetColumnIndex(5);
            ImGui::TextUnformatted(active ? "yes" : "");
        }
        ImGui::EndTable();
    }
}

} // namespace entente::app
