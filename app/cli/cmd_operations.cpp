// `entente operations`: the peace operations active on a day, with the headquarters of that day and the
// strength in force with its date and source, from assets/domain (peace_operations.csv and its headquarters
// and strength tables). The lines are those of the map's operation card (scene::describe_operation).
#include "command.hpp"

#include "scene/assets.hpp"
#include "scene/reference_layer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace entente::app {

namespace {

bool led_by(const geo::PeaceOperation& op, const geo::Organisation& org) {
    return std::any_of(op.lead_orgs.begin(), op.lead_orgs.end(),
                       [&](const std::string& l) { return l == org.code || l == org.name; });
}

nlohmann::json operation_json(const geo::PeaceOperation& op, const geo::Date& d) {
    nlohmann::json j{{"acronym", op.acronym},
                     {"name", op.name},
                     {"lead_org", op.lead_orgs},
                     {"host_iso3", op.host_iso3},
                     {"start", op.start.text()},
                     {"start_basis", op.start_basis},
                     {"end", op.end ? nlohmann::json(op.end->text()) : nlohmann::json(nullptr)},
                     {"end_basis", op.end_basis},
                     {"predecessors", op.predecessors},
                     {"successors", op.successors},
                     {"source", op.source}};
    if (const geo::OperationHq* hq = op.hq_on(d))
        j["headquarters"] = {
            {"city", hq->city}, {"lat", hq->at.lat}, {"lon", hq->at.lon}, {"source", hq->source}};
    else
        j["headquarters"] = nullptr;
    if (const geo::StrengthFigure* f = op.strength_on(d))
        j["strength"] = {{"personnel", f->personnel},
                         {"kind", f->kind},
                         {"date", f->date.text()},
                         {"counted", f->note},
                         {"source", f->source}};
    else
        j["strength"] = nullptr;
    return j;
}

int cmd_operations(const std::string& date_text, const std::vector<std::string>& org_names, bool json) {
    const auto day = parse_day_option("operations", date_text);
    if (!day) return 2;
    const geo::Date date = *day;
    const auto data = load_reference_data();
    for (const auto& w : data->warnings)
        std::cerr << "entente: warning: " << w << "\n";

    std::vector<const geo::Organisation*> orgs;
    for (const auto& name : org_names) {
        const geo::Organisation* o = data->memberships.organisation(name);
        if (!o) {
            std::string known;
            for (const auto& k : data->memberships.organisations())
                known += (known.empty() ? "" : ", ") + k.code;
            std::cerr << "entente operations: --org '" << name << "': unknown organisation (known: " << known
                      << ")\n";
            return 2;
        }
        orgs.push_back(o);
    }
    std::vector<const geo::PeaceOperation*> active, uncertain;
    for (const auto& op : data->operations) {
        if (!orgs.empty() && std::none_of(orgs.begin(), orgs.end(), [&](auto* o) { return led_by(op, *o); }))
            continue;
        const geo::Holds h = op.on(date);
        if (h == geo::Holds::Yes) active.push_back(&op);
        if (h == geo::Holds::Uncertain) uncertain.push_back(&op);
    }

    if (json) {
        nlohmann::json j{{"date", date.str()},
                         {"count", active.size()},
                         {"operations", nlohmann::json::array()},
                         {"uncertain", nlohmann::json::array()}};
        for (const auto* op : active)
            j["operations"].push_back(operation_json(*op, date));
        for (const auto* op : uncertain)
            j["uncertain"].push_back(operation_json(*op, date));
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << "Peace operations active on " << date.str() << ": " << active.size() << "\n";
    for (const auto* op : active) {
        const auto lines = describe_operation(*op, date, *data);
        std::cout << "\n";
        for (const auto& l : lines)
            std::cout << (&l == &lines.front() ? "" : "  ") << l << "\n";
    }
    if (!uncertain.empty()) {
        std::cout << "\nUncertain on this date (start or end known only to the month or year):\n";
        for (const auto* op : uncertain)
            std::cout << "  " << op->acronym << "  " << op->start.text() << " - "
                      << (op->end ? op->end->text() : std::string("ongoing")) << "\n";
    }
    return 0;
}

} // namespace

std::unique_ptr<Command> operations_command() {
    return std::make_unique<DayReportCommand>("operations", "List the peace operations active on a date",
                                              "Lead organisation code or name (repeatable; default: all)",
                                              cmd_operations);
}

} // namespace entente::app
