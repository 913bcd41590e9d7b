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

std::string unit_label(const missions::Unit& u) {
    std::string l = u.designation.empty() ? u.id : u.designation;
    if (!u.nation.empty()) l += " (" + u.nation + ")";
    return l;
}

} // namespace

// What the panel edits this frame: the mission and the selected unit or control measure (neither: the
// mission).
struct PropertiesPanel::Edit {
    AppState& s;
    const missions::Mission& m;
    std::string id;
    const missions::Unit* unit = nullptr;
    const missions::ControlMeasure* measure = nullptr;
};

void PropertiesPanel::content(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m) {
        ImGui::TextDisabled("No mission open: File > New mission or Open mission...");
        return;
    }
    const auto& sel = s.mission.selection;
    if (sel.size() > 1) {
        ImGui::Text("%zu elements selected", sel.size());
        ImGui::TextDisabled("Drag one of them on the map to move them all");
        if (ImGui::Button("Delete")) tools_.delete_selection();
        return;
    }
    Edit e{s, *m, sel.empty() ? "" : sel[0]};
    e.unit = find_unit(*m, e.id);
    for (auto& c : m->measures)
        if (c.id == e.id) e.measure = &c;
    refresh(e);
    ImGui::PushItemWidth(-130);
    if (e.unit)
        unit_fields(e);
    else if (e.measure)
        measure_fields(e);
    else
        mission_fields(e);
    ImGui::PopItemWidth();
}

// The text buffers follow the mission, except while the planner is typing in one of them.
void PropertiesPanel::refresh(const Edit& e) {
    if ((e.id != shown_ || e.s.mission.revision != shown_rev_) && !ImGui::IsAnyItemActive()) {
        json src;
        if (e.unit)
            src = missions::to_json(*e.unit);
        else if (e.measure)
            src = missions::to_json(*e.measure);
        else
            src = {{"name", e.m.name},
                   {"classification", e.m.classification},
                   {"releasability", e.m.releasability},
                   {"d_day", e.m.d_day},
                   {"description", e.m.description}};
        fields_ = json::object();
        for (auto& [k, v] : src.items())
            if (v.is_string())
                fields_[k] = v;
            else if (is_list(k))
                fields_[k] = joined(v);
            else if (v.is_number_integer())
                fields_[k] = std::to_string(v.get<long>());
        if (e.id != shown_) coord_errors_.clear();
        coords_.clear();
        shown_ = e.id;
        shown_rev_ = e.s.mission.revision;
    }
}

void PropertiesPanel::commit(Edit& e, const std::string& key, const json& value) {
    json op;
    if (e.unit)
        op = {{"op", "update_unit"}, {"id", e.id}, {"set", {{key, value}}}};
    else if (e.measure)
        op = {{"op", "update_measure"}, {"id", e.id}, {"set", {{key, value}}}};
    else
        op = {{"op", "set_mission"}, {key, value}};
    std::string err;
    if (!e.s.mission.apply(op, &err)) e.s.error("edit refused: " + err);
    shown_rev_ = 0; // re-read the fields either way
}

std::pair<std::string*, bool> PropertiesPanel::text(const char* label, const std::string& key,
                                                    bool multiline) {
    if (!fields_.contains(key)) fields_[key] = "";
    std::string& buf = fields_[key].get_ref<std::string&>();
    bool done = false;
    if (multiline)
        ImGui::InputTextMultiline(label, &buf, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
    else
        ImGui::InputText(label, &buf);
    done = ImGui::IsItemDeactivatedAfterEdit();
    return std::pair<std::string*, bool>{&buf, done};
}

void PropertiesPanel::text_field(Edit& e, const char* label, const std::string& key, bool multiline) {
    auto [buf, done] = text(label, key, multiline);
    if (done) commit(e, key, is_list(key) ? split(*buf) : json(*buf));
}

// A typed coordinate (decimal, DMS or MGRS) for the unit's position (vertex -1) or a vertex.
void PropertiesPanel::coordinate(Edit& e, int vertex, geo::LonLat at, const char* label) {
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
        if (tools_.move_to_text(e.id, std::max(0, vertex), coords_[vertex], &err))
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
}

void PropertiesPanel::format_choice() {
    ImGui::SetNextItemWidth(160);
    if (ImGui::Combo("Coordinates", &coord_format_, "Decimal degrees\0DMS\0MGRS\0")) coords_.clear();
}

void PropertiesPanel::unit_fields(Edit& e) {
    ImGui::Text("Unit %s", e.unit->id.c_str());
    ImGui::Separator();
    text_field(e, "Designation", "designation");
    text_field(e, "Higher formation", "higher_formation");
    text_field(e, "SIDC", "sidc");
    std::string err;
    if (auto sidc = missions::parse_sidc(e.unit->sidc, &err)) {
        // One line of what the code means; the whole decoding on hover.
        std::string summary = missions::to_string(sidc->identity) + ", " + sidc->function;
        if (sidc->echelon != missions::Echelon::None) summary += ", " + missions::to_string(sidc->echelon);
        if (sidc->hq) summary += ", HQ";
        ImGui::TextDisabled("%s", summary.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", missions::describe(*sidc).c_str());
        if (!sidc->warning.empty()) ImGui::TextColored(kErrorColour, "%s", sidc->warning.c_str());
    } else {
        ImGui::TextColored(kErrorColour, "%s", err.c_str());
    }
    text_field(e, "Nation (ISO3)", "nation");
    {
        auto [buf, done] = text("Organisation", "organisation");
        bool pick = false;
        suggestions("##org", *buf, {"UN", "AU", "NATO", "EU", "ECOWAS", "SADC"}, pick);
        if (done || pick) commit(e, "organisation", *buf);
    }
    {
        auto [buf, done] = text("Strength", "strength");
        if (done) {
            try {
                commit(e, "strength", std::stoi(*buf));
            } catch (const std::exception&) {
                e.s.error("strength: '" + *buf + "' is not a whole number");
                shown_rev_ = 0;
            }
        }
    }
    {
        auto [buf, done] = text("Command rel.", "command_relationship");
        bool pick = false;
        suggestions("##rel", *buf,
                    {"OPCOM", "OPCON", "TACOM", "TACON", "ADCON", "Direct support", "General support"}, pick);
        if (done || pick) commit(e, "command_relationship", *buf);
    }
    const missions::Unit* parent = find_unit(e.m, e.unit->parent);
    const std::string preview = parent                   ? unit_label(*parent)
                                : e.unit->parent.empty() ? "(top level)"
                                                         : e.unit->parent + " (missing)";
    if (ImGui::BeginCombo("Parent", preview.c_str())) {
        if (ImGui::Selectable("(top level)", e.unit->parent.empty())) commit(e, "parent", "");
        for (auto& u : e.m.units) {
            if (!missions::parent_loop(e.m, e.unit->id, u.id).empty()) continue; // itself, its subordinates
            ImGui::PushID(u.id.c_str());
            if (ImGui::Selectable(unit_label(u).c_str(), u.id == e.unit->parent)) commit(e, "parent", u.id);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    text_field(e, "Releasable to", "releasability");
    text_field(e, "Notes", "notes", true);
    ImGui::Separator();
    const missions::Phase* ph = nullptr;
    for (auto& p : e.m.phases)
        if (p.id == e.s.mission.phase) ph = &p;
    ImGui::Text("Position %s", ph ? ("in " + ph->name).c_str() : "(all phases)");
    format_choice();
    coordinate(e, -1, e.unit->position_in(e.s.mission.phase), "##pos");
}

void PropertiesPanel::measure_fields(Edit& e) {
    const auto shape = missions::shape_of(e.measure->kind);
    ImGui::Text("Control measure %s", e.measure->id.c_str());
    ImGui::Separator();
    text_field(e, "Name", "name");
    if (ImGui::BeginCombo("Kind", missions::to_string(e.measure->kind))) {
        for (int k = 0; k <= int(missions::MeasureKind::ObservationPost); ++k) {
            const auto mk = missions::MeasureKind(k);
            if (missions::shape_of(mk) != shape) continue; // a line stays a line
            if (ImGui::Selectable(missions::to_string(mk), mk == e.measure->kind))
                commit(e, "kind", missions::to_string(mk));
        }
        ImGui::EndCombo();
    }
    ImGui::TextUnformatted("Applies in");
    bool all = e.measure->phases.empty();
    if (ImGui::Checkbox("All phases", &all)) {
        json phases = json::array();
        if (!all)
            for (auto& p : e.m.phases)
                phases.push_back(p.id);
        commit(e, "phases", phases);
    }
    if (!all) {
        for (auto& p : e.m.phases) {
            bool on = std::find(e.measure->phases.begin(), e.measure->phases.end(), p.id) !=
                      e.measure->phases.end();
            ImGui::SameLine();
            if (ImGui::Checkbox(p.name.c_str(), &on)) {
                json phases = json::array();
                for (auto& q : e.m.phases)
                    if (q.id == p.id ? on
                                     : std::find(e.measure->phases.begin(), e.measure->phases.end(), q.id) !=
                                           e.measure->phases.end())
                        phases.push_back(q.id);
                commit(e, "phases", phases);
            }
        }
    }
    text_field(e, "Releasable to", "releasability");
    const missions::Unit* assigned = find_unit(e.m, e.measure->assigned_unit);
    const std::string preview = assigned                           ? unit_label(*assigned)
                                : e.measure->assigned_unit.empty() ? "(none)"
                                                                   : e.measure->assigned_unit + " (missing)";
    if (ImGui::BeginCombo("Assigned unit", preview.c_str())) {
        if (ImGui::Selectable("(none)", e.measure->assigned_unit.empty())) commit(e, "assigned_unit", "");
        for (auto& u : e.m.units) {
            ImGui::PushID(u.id.c_str());
            if (ImGui::Selectable(unit_label(u).c_str(), u.id == e.measure->assigned_unit))
                commit(e, "assigned_unit", u.id);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    text_field(e, "Notes", "notes", true);
    ImGui::Separator();
    ImGui::Text("%s", shape == missions::Shape::Point ? "Position" : "Vertices");
    format_choice();
    const size_t shown = std::min<size_t>(e.measure->points.size(), 200);
    for (size_t i = 0; i < shown; ++i) {
        char label[16];
        std::snprintf(label, sizeof label, "%zu", i + 1);
        if (int(i) == tools_.active_vertex) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.4f, 0, 1));
        coordinate(e, int(i), e.measure->points[i], label);
        if (int(i) == tools_.active_vertex) ImGui::PopStyleColor();
    }
    if (shown < e.measure->points.size())
        ImGui::TextDisabled("... %zu more", e.measure->points.size() - shown);
}

void PropertiesPanel::mission_fields(Edit& e) {
    ImGui::TextUnformatted("Mission");
    ImGui::Separator();
    text_field(e, "Name", "name");
    {
        auto [buf, done] = text("Marking", "classification");
        bool pick = false;
        suggestions(
            "##marking", *buf,
            {"UNCLASSIFIED", "NATO UNCLASSIFIED", "NATO RESTRICTED", "NATO CONFIDENTIAL", "UN RESTRICTED"},
            pick);
        if (done || pick) commit(e, "classification", *buf);
    }
    text_field(e, "Releasable to", "releasability");
    text_field(e, "D-day", "d_day");
    text_field(e, "Description", "description", true);
    ImGui::TextDisabled("%zu units, %zu control measures, %zu phases", e.m.units.size(), e.m.measures.size(),
                        e.m.phases.size());
    ImGui::TextDisabled("Select a unit or control measure to edit it");
}

} // namespace entente::app
