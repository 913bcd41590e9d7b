// The data check of the shipped tables in assets/domain, run with every test: they load without one warning
// (every ISO code known, dates that parse, no overlapping spans of one country in one organisation, every
// suspension inside a membership, every headquarters and strength row tied to an operation), every row keeps
// its source, every successor starts on the day its predecessor ends, every event known to the day changes
// the answer on that day and not the day before, and the headquarters coordinates agree with tzdata's
// gazetteer. Then the counts a planner would check on the days the issue named, as published by NATO and the
// EU.
#include "geo/alliances.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace entente::geo;

namespace {

const std::string kDomain = std::string(ENTENTE_TEST_DATA) + "/../../assets/domain";

const ReferenceData& shipped() {
    static const auto d = ReferenceData::load(kDomain);
    return *d;
}

Date day(const char* s) {
    auto d = Date::parse(s);
    REQUIRE(d);
    return *d;
}

size_t count(const char* org, const char* d) {
    return shipped().memberships.members(org, day(d)).size();
}

const PeaceOperation& op(const char* acronym) {
    const PeaceOperation* o = shipped().operation(acronym);
    INFO(acronym);
    REQUIRE(o);
    return *o;
}

// The standing a row itself gives while it holds.
Standing standing_of(Status s) {
    switch (s) {
    case Status::Member:
        return Standing::Member;
    case Status::Suspended:
        return Standing::Suspended;
    case Status::Observer:
        return Standing::Observer;
    case Status::Partner:
        return Standing::Partner;
    }
    return Standing::None;
}

} // namespace

TEST_CASE("data check: the shipped tables load without one warning", "[domain]") {
    const auto& d = shipped();
    for (const auto& w : d.warnings)
        INFO(w);
    CHECK(d.warnings.empty());
    CHECK(d.memberships.spells().size() > 250);
    CHECK(d.operations.size() > 70);
    // Every organisation but the UN (which leads operations) has membership rows.
    for (const auto& o : d.memberships.organisations()) {
        INFO(o.code);
        const bool has_rows = std::any_of(d.memberships.spells().begin(), d.memberships.spells().end(),
                                          [&](const MembershipSpell& s) { return s.org == o.code; });
        CHECK(has_rows == (o.code != "UN"));
    }
}

TEST_CASE("data check: every row keeps its source", "[domain]") {
    const auto& d = shipped();
    for (const auto& s : d.memberships.spells()) {
        INFO("memberships.csv row " << s.row);
        CHECK(s.source.find("http") != std::string::npos);
    }
    for (const auto& o : d.operations) {
        INFO(o.acronym);
        CHECK(o.source.find("http") != std::string::npos);
        CHECK_FALSE(o.hqs.empty());
        for (const auto& h : o.hqs)
            CHECK_FALSE(h.source.empty());
        for (const auto& f : o.strength)
            CHECK(f.source.find("http") != std::string::npos);
    }
}

TEST_CASE("data check: every successor starts on the day its predecessor ends", "[domain]") {
    const auto& d = shipped();
    size_t links = 0;
    for (const auto& a : d.operations)
        for (const auto& next : a.successors) {
            INFO(a.acronym << " -> " << next);
            const PeaceOperation* b = d.operation(next);
            REQUIRE(b);
            CHECK(std::find(b->predecessors.begin(), b->predecessors.end(), a.acronym) !=
                  b->predecessors.end());
            REQUIRE(a.end);
            CHECK(a.end->text() == b->start.text());
            ++links;
        }
    // And the other way: every predecessor names its successor.
    for (const auto& b : d.operations)
        for (const auto& prev : b.predecessors) {
            INFO(prev << " -> " << b.acronym);
            const PeaceOperation* a = d.operation(prev);
            REQUIRE(a);
            CHECK(std::find(a->successors.begin(), a->successors.end(), b.acronym) != a->successors.end());
        }
    CHECK(links >= 10);
}

TEST_CASE("data check: every event known to the day changes the answer that day, not the day before",
          "[domain]") {
    const auto& t = shipped().memberships;
    size_t events = 0;
    for (const auto& s : t.spells()) {
        INFO("memberships.csv row " << s.row << ": " << s.org << " " << s.iso3 << " " << status_name(s.status)
                                    << " " << s.from_text() << " .. " << s.to_text());
        const Standing mine = standing_of(s.status);
        const auto at = [&](Date d) { return t.standing(s.org, s.iso3, d).standing; };
        if (s.from && s.from->exact()) {
            const Date first = s.from->first;
            // A membership whose first day also starts a suspension reads as suspended.
            const Standing on = at(first);
            CHECK((on == mine || (mine == Standing::Member && on == Standing::Suspended)));
            CHECK(at(first.previous_day()) != mine);
            ++events;
        }
        if (s.to && s.to->exact()) {
            const Date end = s.to->first;
            const Standing last = at(end.previous_day());
            // The day before may still lie in the month or year of an imprecise start.
            const bool unsure =
                s.from && s.from->uncertain_on(end.previous_day()) && last == Standing::Uncertain;
            CHECK((last == mine || unsure || (mine == Standing::Member && last == Standing::Suspended)));
            CHECK(at(end) != mine);
            ++events;
        }
    }
    for (const auto& o : shipped().operations) {
        INFO(o.acronym << " " << o.start.text());
        if (o.start.exact()) {
            CHECK(o.active_on(o.start.first));
            CHECK_FALSE(o.active_on(o.start.first.previous_day()));
            ++events;
        }
        if (o.end && o.end->exact()) {
            const Date last = o.end->first.previous_day();
            CHECK((o.active_on(last) || (o.start.uncertain_on(last) && o.on(last) == Holds::Uncertain)));
            CHECK_FALSE(o.active_on(o.end->first));
            ++events;
        }
    }
    CHECK(events > 400);
}

namespace {

// tzdata's zone.tab: "CC  +DDMM[SS]+DDDMM[SS]  Area/City" -> city name and position.
std::map<std::string, LonLat> tz_cities() {
    std::map<std::string, LonLat> out;
    std::ifstream f("/usr/share/zoneinfo/zone.tab");
    const auto dms = [](const std::string& t, size_t deg_digits) {
        const double sign = t[0] == '-' ? -1 : 1;
        const double deg = std::stod(t.substr(1, deg_digits)), min = std::stod(t.substr(1 + deg_digits, 2));
        const double sec = t.size() > 3 + deg_digits ? std::stod(t.substr(3 + deg_digits, 2)) : 0;
        return sign * (deg + min / 60 + sec / 3600);
    };
    for (std::string line; std::getline(f, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream is(line);
        std::string cc, pos, zone;
        is >> cc >> pos >> zone;
        const size_t split = pos.find_first_of("+-", 1);
        if (split == std::string::npos) continue;
        std::string city = zone.substr(zone.rfind('/') + 1);
        std::replace(city.begin(), city.end(), '_', ' ');
        out[city] = {dms(pos.substr(split), 3), dms(pos.substr(0, split), 2)};
    }
    return out;
}

double km(LonLat a, LonLat b) {
    constexpr double r = 6371.0, rad = M_PI / 180;
    const double dlat = (b.lat - a.lat) * rad, dlon = (b.lon - a.lon) * rad;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * rad) * std::cos(b.lat * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * r * std::asin(std::sqrt(h));
}

} // namespace

TEST_CASE("data check: headquarters in a tzdata city lie within 40 km of it", "[domain]") {
    const auto cities = tz_cities();
    REQUIRE(cities.size() > 300); // tzdata, in scripts/packages.txt
    size_t checked = 0;
    for (const auto& o : shipped().operations)
        for (const auto& h : o.hqs) {
            const auto it = cities.find(h.city);
            if (it == cities.end()) continue;
            INFO(o.acronym << " HQ " << h.city << " at " << h.at.lat << ", " << h.at.lon << "; tzdata "
                           << it->second.lat << ", " << it->second.lon);
            CHECK(km(h.at, it->second) < 40);
            ++checked;
        }
    CHECK(checked >= 20);
}

TEST_CASE("NATO and EU counts on the days around each enlargement", "[domain]") {
    // Counts as NATO and the EU publish them (nato.int "Enlargement", european-union.europa.eu "EU
    // enlargement"), each the day before and the day of the change.
    struct Case {
        const char* org;
        const char* before;
        size_t n_before;
        const char* on;
        size_t n_on;
    };
    for (const Case& c :
         {Case{"NATO", "1952-02-17", 12, "1952-02-18", 14}, Case{"NATO", "1955-05-05", 14, "1955-05-06", 15},
          Case{"NATO", "1982-05-29", 15, "1982-05-30", 16}, Case{"NATO", "1999-03-11", 16, "1999-03-12", 19},
          Case{"NATO", "2004-03-28", 19, "2004-03-29", 26}, Case{"NATO", "2009-03-31", 26, "2009-04-01", 28},
          Case{"NATO", "2017-06-04", 28, "2017-06-05", 29}, Case{"NATO", "2020-03-26", 29, "2020-03-27", 30},
          Case{"NATO", "2023-04-03", 30, "2023-04-04", 31}, Case{"NATO", "2024-03-06", 31, "2024-03-07", 32},
          Case{"EU", "1972-12-31", 6, "1973-01-01", 9}, Case{"EU", "1980-12-31", 9, "1981-01-01", 10},
          Case{"EU", "1985-12-31", 10, "1986-01-01", 12}, Case{"EU", "1994-12-31", 12, "1995-01-01", 15},
          Case{"EU", "2004-04-30", 15, "2004-05-01", 25}, Case{"EU", "2006-12-31", 25, "2007-01-01", 27},
          Case{"EU", "2013-06-30", 27, "2013-07-01", 28}, Case{"EU", "2020-01-31", 28, "2020-02-01", 27}}) {
        INFO(c.org << " " << c.before << " / " << c.on);
        CHECK(count(c.org, c.before) == c.n_before);
        CHECK(count(c.org, c.on) == c.n_on);
        CHECK(shipped().memberships.roster(c.org, day(c.before)).uncertain.empty());
        CHECK(shipped().memberships.roster(c.org, day(c.on)).uncertain.empty());
    }
    // The dates: inside the accession years nothing is counted early.
    CHECK(count("EU", "2004-03-29") == 15);
    CHECK(count("NATO", "2017-01-01") == 28);
    CHECK(count("NATO", "2020-01-01") == 29);
}

TEST_CASE("AU suspensions of recent years are their own standing", "[domain]") {
    const auto& t = shipped().memberships;
    // On 15 September 2023 the AU had suspended Mali, Guinea, Burkina Faso, Sudan, Niger and Gabon.
    const auto roster = t.roster("AU", day("2023-09-15"));
    std::vector<std::string> suspended;
    for (const auto& cs : roster.suspended)
        suspended.push_back(cs.iso3);
    CHECK(suspended == std::vector<std::string>{"BFA", "GAB", "GIN", "MLI", "NER", "SDN"});
    for (const auto& cs : roster.suspended) {
        INFO(cs.iso3);
        CHECK_FALSE(cs.detail->note.empty()); // why
        CHECK(cs.detail->source.find("http") != std::string::npos);
    }
    CHECK(t.is_member("AU", "MLI", day("2023-09-15"))); // still a member of the Union
    CHECK(t.standing("AU", "MLI", day("2019-01-01")).standing == Standing::Member);
}

TEST_CASE("Peace operations the issue named are right to the day", "[domain]") {
    CHECK_FALSE(op("UNMISS").active_on(day("2011-03-01")));
    CHECK(op("UNMISS").active_on(day("2011-07-09")));
    CHECK_FALSE(op("UNISFA").active_on(day("2011-03-01")));
    CHECK_FALSE(op("MINUSMA").active_on(day("2013-02-01")));
    CHECK(op("MINUSMA").active_on(day("2013-07-01")));
    CHECK(op("AMISOM").active_on(day("2022-02-01")));
    CHECK_FALSE(op("ATMIS").active_on(day("2022-02-01")));
    CHECK_FALSE(op("AMISOM").active_on(day("2022-04-01")));
    CHECK(op("ATMIS").active_on(day("2022-04-01")));
    CHECK(op("UNMIS").active_on(day("2008-01-01")));
    CHECK(op("UNMIS").successors == std::vector<std::string>{"UNMISS"});
    // ISAF in 2004 is drawn at a 2004 figure, far below its 2011-2012 peak.
    const StrengthFigure* isaf = op("ISAF").strength_on(day("2004-06-01"));
    REQUIRE(isaf);
    CHECK(isaf->date.first.year >= 2002);
    CHECK(isaf->personnel < 20000);
    const StrengthFigure* peak = op("ISAF").strength_on(day("2012-06-01"));
    REQUIRE(peak);
    CHECK(peak->personnel > 100000);
}
