#include "geo/coords.hpp"
#include "missions/sidc.hpp"
#include "panels.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace entente::app {

using nlohmann::json;

namespace {

const ImVec4 kErrorColour(0.75f, 0.1f, 0.1f, 1);

// Lists (releasability) are edited as "UN, AU".
std::string joined(const json& list) {
    std::string s;
    for (auto& v : list)
        s += (s.empty() ? "" : ", ") + v.get<std::string>();
    return s;
}
json split(const std::string& text) {
    json out = json::array();
    std::string cur;
    for (char c : text + ",") {
        if (c == ',' || c == ';') {
            const auto a = cur.find_first_not_of(" \t"), b = cur.find_last_not_of(" \t");
            if (a != std::string::npos) out.push_back(cur.substr(a, b - a + 1));
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

bool is_list(const std::string& key) {
    return key == "releasability";
}

// Suggestions beside free-text fields: the values planners use most, any other text still accepted.
void suggestions(const char* id, std::string& buf, std::initializer_list<const char*> values, bool& pick) {
    ImGui::SameLine();
    if (ImGui::BeginCombo(id, nullptr, ImGuiComboFlags_NoPreview)) {
        for (const char* v : values)
            if (ImGui::Selectable(v, buf == v)) buf = v, pick = true;
        ImGui::EndCombo();
    }
}

const missions::Unit* find_unit(const missions::Mission& m, const std::string& id) {
    for (auto& u : m.units)
        if (u.id == id) return &u;
    return nullptr;
}

// True when `id` is `ancestor` or below it in the order of battle (re-parenting there would make a loop).
bool below(const missions::Mission& m, std::string id, const std::string& ancestor) {
    for (size_t guard = 0; !id.empty() && guard <= m.units.size(); ++guard) {
        if (id == ancestor) return true;
        const missions::Unit* u = find_unit(m, id);
        id = u ? u->parent : "";
    }
    return false;
}

std::string unit_label(const missions::Unit& u) {
    std::string l = u.designation.empty() ? u.id : u.designation;
    if (!u.nation.empty()) l += " (" + u.nation + ")";
    return l;
}

} // namespace

void PropertiesPanel::draw(AppState& s) {
    if (!ImGui::Begin(title(), &visible)) return ImGui::End();
    const missions::Mission* m = s.mission.mission();
    if (!m) {
        ImGui::TextDisabled("No mission open: File > New mission or Open mission...");
        return ImGui::End();
    }
    const auto& sel = s.mission.selection;
    if (sel.size() > 1) {
        ImGui::Text("%zu elements selected", sel.size());
        ImGui::TextDisabled("Drag one of them on the map to move them all");
        if (ImGui::Button("Delete")) tools_.delete_selection();
        return ImGui::End();
    }
    const std::string id = sel.empty() ? "" : sel[0];
    const missions::Unit* unit = find_unit(*m, id);
    const missions::ControlMeasure* measure = nullptr;
    for (auto& c : m->measures)
        if (c.id == id) measure = &c;

    // The text buffers follow the mission, except while the planner is typing in one of them.
    if ((id != shown_ || s.mission.revision != shown_rev_) && !ImGui::IsAnyItemActive()) {
        json src;
        if (unit)
            src = missions::to_json(*unit);
        else if (measure)
            src = missions::to_json(*measure);
        else
            src = {{"name", m->name},
                   {"classification", m->classification},
                   {"releasability", m->releasability},
                   {"d_day", m->d_day},
                   {"description", m->description}};
        fields_ = json::object();
        for (auto& [k, v] : src.items())
            if (v.is_string())
                fields_[k] = v;
            else if (is_list(k))
                fields_[k] = joined(v);
            else if (v.is_number_integer())
                fields_[k] = std::to_string(v.get<long>());
        if (id != shown_) coord_errors_.clear();
        coords_.clear();
        shown_ = id;
        shown_rev_ = s.mission.revision;
    }
    auto commit = [&](const std::string& key, const json& value) {
        json op;
        if (unit)
            op = {{"op", "update_unit"}, {"id", id}, {"set", {{key, value}}}};
        else if (measure)
            op = {{"op", "update_measure"}, {"id", id}, {"set", {{key, value}}}};
        else
            op = {{"op", "set_mission"}, {key, value}};
        std::string err;
        if (!s.mission.apply(op, &err)) s.error("edit refused: " + err);
        shown_rev_ = 0; // re-read the fields either way
    };
    auto text = [&](const char* label, const std::string& key, bool multiline = false) {
        if (!fields_.contains(key)) fields_[key] = "";
        std::string& buf = fields_[key].get_ref<std::string&>();
        bool done = false;
        if (multiline)
            ImGui::InputTextMultiline(label, &buf, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
        else
            ImGui::InputText(label, &buf);
        done = ImGui::IsItemDeactivatedAfterEdit();
        return std::pair<std::string*, bool>{&buf, done};
    };
    auto text_field = [&](const char* label, const std::string& key, bool multiline = false) {
        auto [buf, done] = text(label, key, multiline);
        if (done) commit(key, is_list(key) ? split(*buf) : json(*buf));
    };
    // A typed coordinate (decimal, DMS or MGRS) for the unit's position (vertex -1) or a vertex.
    auto coordinate = [&](int vertex, geo::LonLat at, const char* label) {
        static const geo::CoordFormat formats[] = {geo::CoordFormat::LatLon, geo::CoordFormat::DMS,
                                                   geo::CoordFormat::MGRS};
        if (!coords_.count(vertex)) {
            try {
                coords_[vertex] = geo::format_coordinate(at, formats[coord_format_], 5);
            } catch (const std::exception&) {
                coords_[vertex] = "";
            }
        }
        ImGui::PushID(vertex);
        const float label_w = ImGui::CalcTextSize(label, nullptr, true).x;
        ImGui::SetNextItemWidth(label_w > 0 ? -label_w - ImGui::GetStyle().ItemInnerSpacing.x - 4 : -1);
        const bool enter = ImGui::InputText(label, &coords_[vertex], ImGuiInputTextFlags_EnterReturnsTrue);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Type decimal degrees (latitude first), DMS or MGRS, then Enter");
        bool failed = false;
        if (enter) {
            std::string err;
            if (tools_.move_to_text(id, std::max(0, vertex), coords_[vertex], &err))
                coord_errors_.erase(vertex), coords_.erase(vertex);
            else
                coord_errors_[vertex] = err, failed = true;
        }
        if (coord_errors_.count(vertex)) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(kErrorColour, "%s", coord_errors_[vertex].c_str());
            ImGui::PopTextWrapPos();
            if (failed) ImGui::SetScrollHereY(1.0f); // the reason stays in sight
        }
        ImGui::PopID();
    };
    auto format_choice = [&]() {
        ImGui::SetNextItemWidth(160);
        if (ImGui::Combo("Coordinates", &coord_format_, "Decimal degrees\0DMS\0MGRS\0")) coords_.clear();
    };

    ImGui::PushItemWidth(-130);
    if (unit) {
        ImGui::Text("Unit %s", unit->id.c_str());
        ImGui::Separator();
        text_field("Designation", "designation");
        text_field("Higher formation", "higher_formation");
        text_field("SIDC", "sidc");
        std::string err;
        if (auto sidc = missions::parse_sidc(unit->sidc, &err)) {
            // One line of what the code means; the whole decoding on hover.
            std::string summary = missions::to_string(sidc->identity) + ", " + sidc->function;
            if (sidc->echelon != missions::Echelon::None)
                summary += ", " + missions::to_string(sidc->echelon);
            if (sidc->hq) summary += ", HQ";
            ImGui::TextDisabled("%s", summary.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", missions::describe(*sidc).c_str());
            if (!sidc->warning.empty()) ImGui::TextColored(kErrorColour, "%s", sidc->warning.c_str());
        } else {
            ImGui::TextColored(kErrorColour, "%s", err.c_str());
        }
        text_field("Nation (ISO3)", "nation");
        {
            auto [buf, done] = text("Organisation", "organisation");
            bool pick = false;
            suggestions("##org", *buf, {"UN", "AU", "NATO", "EU", "ECOWAS", "SADC"}, pick);
            if (done || pick) commit("organisation", *buf);
        }
        {
            auto [buf, done] = text("Strength", "strength");
            if (done) {
                try {
                    commit("strength", std::stoi(*buf));
                } catch (const std::exception&) {
                    s.error("strength: '" + *buf + "' is not a whole number");
                    shown_rev_ = 0;
                }
            }
        }
        {
            auto [buf, done] = text("Command rel.", "command_relationship");
            bool pick = false;
            suggestions("##rel", *buf,
                        {"OPCOM", "OPCON", "TACOM", "TACON", "ADCON", "Direct support", "General support"},
                        pick);
            if (done || pick) commit("command_relationship", *buf);
        }
        const missions::Unit* parent = find_unit(*m, unit->parent);
        const std::string preview = parent                 ? unit_label(*parent)
                                    : unit->parent.empty() ? "(top level)"
                                                           : unit->parent + " (missing)";
        if (ImGui::BeginCombo("Parent", preview.c_str())) {
            if (ImGui::Selectable("(top level)", unit->parent.empty())) commit("parent", "");
            for (auto& u : m->units) {
                if (below(*m, u.id, unit->id)) continue; // itself and its subordinates
                ImGui::PushID(u.id.c_str());
                if (ImGui::Selectable(unit_label(u).c_str(), u.id == unit->parent)) commit("parent", u.id);
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
        text_field("Releasable to", "releasability");
        text_field("Notes", "notes", true);
        ImGui::Separator();
        const missions::Phase* ph = nullptr;
        for (auto& p : m->phases)
            if (p.id == s.mission.phase) ph = &p;
        ImGui::Text("Position %s", ph ? ("in " + ph->name).c_str() : "(all phases)");
        format_choice();
        coordinate(-1, unit->position_in(s.mission.phase), "##pos");
    } else if (measure) {
        const auto shape = missions::shape_of(measure->kind);
        ImGui::Text("Control measure %s", measure->id.c_str());
        ImGui::Separator();
        text_field("Name", "name");
        if (ImGui::BeginCombo("Kind", missions::to_string(measure->kind))) {
            for (int k = 0; k <= int(missions::MeasureKind::ObservationPost); ++k) {
                const auto mk = missions::MeasureKind(k);
                if (missions::shape_of(mk) != shape) continue; // a line stays a line
                if (ImGui::Selectable(missions::to_string(mk), mk == measure->kind))
                    commit("kind", missions::to_string(mk));
            }
            ImGui::EndCombo();
        }
        ImGui::TextUnformatted("Applies in");
        bool all = measure->phases.empty();
        if (ImGui::Checkbox("All phases", &all)) {
            json phases = json::array();
            if (!all)
                for (auto& p : m->phases)
                    phases.push_back(p.id);
            commit("phases", phases);
        }
        if (!all) {
            for (auto& p : m->phases) {
                bool on =
                    std::find(measure->phases.begin(), measure->phases.end(), p.id) != measure->phases.end();
                ImGui::SameLine();
                if (ImGui::Checkbox(p.name.c_str(), &on)) {
                    json phases = json::array();
                    for (auto& q : m->phases)
                        if (q.id == p.id ? on
                                         : std::find(measure->phases.begin(), measure->phases.end(), q.id) !=
                                               measure->phases.end())
                            phases.push_back(q.id);
                    commit("phases", phases);
                }
            }
        }
        text_field("Releasable to", "releasability");
        const missions::Unit* assigned = find_unit(*m, measure->assigned_unit);
        const std::string preview = assigned                         ? unit_label(*assigned)
                                    : measure->assigned_unit.empty() ? "(none)"
                                                                     : measure->assigned_unit + " (missing)";
        if (ImGui::BeginCombo("Assigned unit", preview.c_str())) {
            if (ImGui::Selectable("(none)", measure->assigned_unit.empty())) commit("assigned_unit", "");
            for (auto& u : m->units) {
                ImGui::PushID(u.id.c_str());
                if (ImGui::Selectable(unit_label(u).c_str(), u.id == measure->assigned_unit))
                    commit("assigned_unit", u.id);
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
        text_field("Notes", "notes", true);
        ImGui::Separator();
        ImGui::Text("%s", shape == missions::Shape::Point ? "Position" : "Vertices");
        format_choice();
        const size_t shown = std::min<size_t>(measure->points.size(), 200);
        for (size_t i = 0; i < shown; ++i) {
            char label[16];
            std::snprintf(label, sizeof label, "%zu", i + 1);
            if (int(i) == tools_.active_vertex)
                ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.4f, 0, 1));
            coordinate(int(i), measure->points[i], label);
            if (int(i) == tools_.active_vertex) ImGui::PopStyleColor();
        }
        if (shown < measure->points.size())
            ImGui::TextDisabled("... %zu more", measure->points.size() - shown);
    } else {
        ImGui::TextUnformatted("Mission");
        ImGui::Separator();
        text_field("Name", "name");
        {
            auto [buf, done] = text("Marking", "classification");
            bool pick = false;
            suggestions("##marking", *buf,
                        {"UNCLASSIFIED", "NATO UNCLASSIFIED", "NATO RESTRICTED", "NATO CONFIDENTIAL",
                         "UN RESTRICTED"},
                        pick);
            if (done || pick) commit("classification", *buf);
        }
        text_field("Releasable to", "releasability");
        text_field("D-day", "d_day");
        text_field("Description", "description", true);
        ImGui::TextDisabled("%zu units, %zu control measures, %zu phases", m->units.size(),
                            m->measures.size(), m->phases.size());
        ImGui::TextDisabled("Select a unit or control measure to edit it");
    }
    ImGui::PopItemWidth();
    ImGui::End();
}

} // namespace entente::app
