// `entente alliances`: which countries belonged to which organisation on a given day, from the domain tables
// in assets/domain/ (memberships.csv, organisations.csv, countries.csv).
#include "command.hpp"

#include "geo/alliances.hpp"
#include "scene/assets.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace entente::app {

// `date`: YYYY-MM-DD, or empty for today. `orgs`: codes or names (any case); empty lists every organisation
// that has membership rows. Prints to stdout (a table, or JSON with `json`); returns the exit code. An
// unparsable date or an unknown organisation prints one line on stderr naming the value and returns 2. Rows
// of the tables that could not be used are reported on stderr as warnings. Throws geo::InputError when a
// table is missing.
int cmd_alliances(const std::string& date_text, const std::vector<std::string>& org_names, bool json) {
    geo::Date date = geo::Date::today();
    if (!date_text.empty()) {
        bool year_only = false;
        auto d = geo::Date::parse(date_text, &year_only);
        if (!d || year_only) {
            std::cerr << "entente alliances: --date '" << date_text
                      << "': not a calendar day (expected YYYY-MM-DD)\n";
            return 2;
        }
        date = *d;
    }

    const auto table = geo::MembershipTable::load(asset_path("domain/memberships.csv"),
                                                  asset_path("domain/organisations.csv"),
                                                  asset_path("domain/countries.csv"));
    for (const auto& w : table.warnings())
        std::cerr << "entente: warning: " << w << "\n";

    std::vector<const geo::Organisation*> orgs;
    if (org_names.empty()) {
        // Every organisation with membership rows (UN, for one, only leads operations).
        for (const auto& o : table.organisations())
            for (const auto& s : table.spells())
                if (s.org == o.code) {
                    orgs.push_back(&o);
                    break;
                }
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

    if (json) {
        nlohmann::json j{{"date", date.str()}, {"organisations", nlohmann::json::array()}};
        for (const auto* o : orgs) {
            const auto members = table.members(o->code, date);
            nlohmann::json oj{{"code", o->code},
                              {"name", o->name},
                              {"full_name", o->full_name},
                              {"colour", o->colour},
                              {"pattern", o->pattern},
                              {"count", members.size()},
                              {"members", nlohmann::json::array()}};
            for (const auto* s : members) {
                const std::string since = s->joined_text();
                oj["members"].push_back(
                    {{"iso3", s->iso3},
                     {"country", s->country},
                     {"since", since.empty() ? nlohmann::json(nullptr) : nlohmann::json(since)},
                     {"source", s->source}});
            }
            j["organisations"].push_back(std::move(oj));
        }
        std::cout << j.dump(2) << "\n";
        return 0;
    }

    std::cout << "Membership on " << date.str() << "\n";
    for (const auto* o : orgs) {
        const auto members = table.members(o->code, date);
        std::cout << "\n"
                  << o->code << " (" << o->full_name << "): " << members.size()
                  << (members.size() == 1 ? " member\n" : " members\n");
        if (members.empty() && !o->note.empty()) std::cout << "  " << o->note << "\n";
        size_t width = 0;
        for (const auto* s : members)
            width = std::max(width, s->country.size());
        for (const auto* s : members) {
            const std::string since = s->joined_text();
            std::cout << "  " << s->iso3 << "  " << s->country << std::string(width - s->country.size(), ' ')
                      << "  since " << (since.empty() ? "(date not recorded)" : since) << "\n";
        }
    }
    return 0;
}

namespace {

class AlliancesCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand("alliances", "List the members of each organisation on a date");
        c->add_option("--date", date_, "The day, YYYY-MM-DD (default: today)");
        c->add_option("--org", orgs_, "Organisation code or name (repeatable; default: all)");
        c->add_flag("--json", json_, "Machine-readable output");
        return c;
    }
    int run() override { return cmd_alliances(date_, orgs_, json_); }

  private:
    std::string date_;
    std::vector<std::string> orgs_;
    bool json_ = false;
};

} // namespace

std::unique_ptr<Command> alliances_command() {
    return std::make_unique<AlliancesCommand>();
}

} // namespace entente::app
