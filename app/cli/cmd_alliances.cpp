// `entente alliances`: which countries belonged to which organisation on a given day, from the domain tables
// in assets/domain/ (memberships.csv, organisations.csv, countries.csv).
#include "command.hpp"

#include "geo/alliances.hpp"
#include "scene/assets.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <optional>

namespace entente::app {

// `date`: YYYY-MM-DD, or empty for today. `orgs`: codes or names (any case); empty lists every organisation
// that has membership rows. Prints to stdout (a table, or JSON with `json`); returns the exit code. An
// unparsable date or an unknown organisation prints one line on stderr naming the value and returns 2. Rows
// of the tables that could not be used are reported on stderr as warnings. Throws geo::InputError when a
// table is missing.
std::optional<geo::Date> parse_day_option(const char* command, const std::string& text) {
    if (text.empty()) return geo::Date::today();
    bool year_only = false;
    auto d = geo::Date::parse(text, &year_only);
    if (!d || year_only) {
        std::cerr << "entente " << command << ": --date '" << text
                  << "': not a calendar day (expected YYYY-MM-DD)\n";
        return std::nullopt;
    }
    return d;
}

namespace {

nlohmann::json null_if_empty(const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

// One country's entry in the JSON output: the row in force and, when suspended or uncertain, why.
nlohmann::json standing_json(const geo::CountryStanding& cs, const geo::Date& d) {
    nlohmann::json j{{"iso3", cs.iso3},
                     {"country", cs.country},
                     {"standing", geo::standing_name(cs.standing)},
                     {"since", null_if_empty(cs.spell ? cs.spell->from_text() : "")},
                     {"source", cs.spell ? cs.spell->source : ""}};
    if (cs.standing == geo::Standing::Suspended) {
        j["suspended_since"] = null_if_empty(cs.detail->from_text());
        j["suspended_until"] = null_if_empty(cs.detail->to_text());
        j["reason"] = cs.detail->note;
        j["suspension_source"] = cs.detail->source;
    }
    if (cs.standing == geo::Standing::Uncertain) {
        const geo::MembershipSpell& u = *cs.detail;
        const bool start = u.from && u.from->uncertain_on(d);
        j["row_status"] = geo::status_name(u.status);
        j["uncertain_date"] = start ? u.from_text() : u.to_text();
        j["why"] = std::string(start ? "starts" : "ends") + " on a day within " +
                   (start ? u.from_text() : u.to_text()) + " that the sources do not give";
        j["source"] = u.source;
    }
    return j;
}

// One text line for a country: "  POL  Poland   since 1999-03-12", with why for the suspended and uncertain.
std::string standing_line(const geo::CountryStanding& cs, const geo::Date& d, size_t width) {
    std::string line =
        "  " + cs.iso3 + "  " + cs.country + std::string(width - std::min(width, cs.country.size()), ' ');
    const std::string since = cs.spell ? cs.spell->from_text() : "";
    switch (cs.standing) {
    case geo::Standing::Suspended:
        line += "  suspended since " + cs.detail->from_text() +
                (cs.detail->note.empty() ? "" : " (" + cs.detail->note + ")") +
                "  source: " + cs.detail->source;
        break;
    case geo::Standing::Uncertain: {
        const geo::MembershipSpell& u = *cs.detail;
        const bool start = u.from && u.from->uncertain_on(d);
        line += std::string("  uncertain: ") + geo::status_name(u.status) + (start ? " from " : " until ") +
                (start ? u.from_text() : u.to_text()) + " (day not recorded)";
        break;
    }
    default:
        line += "  since " + (since.empty() ? std::string("(date not recorded)") : since);
    }
    return line;
}

} // namespace

// `date`: YYYY-MM-DD, or empty for today. `orgs`: codes or names (any case); empty lists every organisation
// that has membership rows. Prints to stdout (a table, or JSON with `json`); returns the exit code. Members,
// suspended members, observers, partners and rows uncertain on the day are listed apart. An unparsable date
// or an unknown organisation prints one line on stderr naming the value and returns 2. Rows of the tables
// that could not be used are reported on stderr as warnings. Throws geo::InputError when a table is missing.
int cmd_alliances(const std::string& date_text, const std::vector<std::string>& org_names, bool json) {
    const auto day = parse_day_option("alliances", date_text);
    if (!day) return 2;
    const geo::Date date = *day;

    const auto table = geo::MembershipTable::load(asset_path("domain/memberships.csv"),
                                                  asset_path("domain/organisations.csv"),
                                                  asset_path("domain/countries.csv"));
    for (const auto& w : table.warnings())
        std::cerr << "entente: warning: " << w << "\n";

    std::vector<const geo::Organisation*> orgs;
    if (org_names.empty()) {
        // Every organisation with membership rows (UN, for one, only leads operations).
        for (const auto& o : table.organisations())
            if (std::any_of(table.spells().begin(), table.spells().end(),
                            [&](const geo::MembershipSpell& s) { return s.org == o.code; }))
                orgs.push_back(&o);
    } else {
        for (const auto& name : org_names) {
            const geo::Organisation* o = table.organisation(name);
            if (!o) {
                std::string known;
                for (const auto& k : table.organisations())
                    known += (known.empty() ? "" : ", ") + k.code;
                std::cerr << "entente alliances: --org '" << name
                          << "': unknown organisation (known: " << known << ")\n";
                return 2;
            }
            orgs.push_back(o);
        }
    }

    struct Group {
        const char* key;
        const std::vector<geo::CountryStanding> geo::Roster::*list;
    };
    static const Group groups[] = {{"members", &geo::Roster::members},
                                   {"suspended", &geo::Roster::suspended},
                                   {"uncertain", &geo::Roster::uncertain},
                                   {"observers", &geo::Roster::observers},
                                   {"partners", &geo::Roster::partners}};

    if (json) {
        nlohmann::json j{{"date", date.str()}, {"organisations", nlohmann::json::array()}};
        for (const auto* o : orgs) {
            const geo::Roster roster = table.roster(o->code, date);
            nlohmann::json oj{
                {"code", o->code},           {"name", o->name},
                {"full_name", o->full_name}, {"colour", o->colour},
                {"pattern", o->pattern},     {"count", roster.members.size() + roster.suspended.size()}};
            for (const auto& g : groups) {
                oj[g.key] = nlohmann::json::array();
                for (const auto& cs : roster.*g.list)
                    oj[g.key].push_back(standing_json(cs, date));
            }
            j["organisations"].push_back(std::move(oj));
        }
        std::cout << j.dump(2) << "\n";
        return 0;
    }

    std::cout << "Membership on " << date.str() << "\n";
    for (const auto* o : orgs) {
        const geo::Roster roster = table.roster(o->code, date);
        const size_t count = roster.members.size() + roster.suspended.size();
        std::cout << "\n"
                  << o->code << " (" << o->full_name << "): " << count
                  << (count == 1 ? " member" : " members");
        if (!roster.suspended.empty()) std::cout << ", " << roster.suspended.size() << " of them suspended";
        if (!roster.uncertain.empty())
            std::cout << "; " << roster.uncertain.size() << " uncertain on this date";
        std::cout << "\n";
        if (count == 0 && roster.uncertain.empty() && !o->note.empty()) std::cout << "  " << o->note << "\n";
        for (const auto& g : groups) {
            const auto& list = roster.*g.list;
            if (list.empty()) continue;
            if (g.list != &geo::Roster::members) std::cout << " " << g.key << ":\n";
            size_t width = 0;
            for (const auto& cs : list)
                width = std::max(width, cs.country.size());
            for (const auto& cs : list)
                std::cout << standing_line(cs, date, width) << "\n";
        }
    }
    return 0;
}

namespace {} // namespace

std::unique_ptr<Command> alliances_command() {
    return std::make_unique<DayReportCommand>("alliances", "List the members of each organisation on a date",
                                              "Organisation code or name (repeatable; default: all)",
                                              cmd_alliances);
}

} // namespace entente::app
