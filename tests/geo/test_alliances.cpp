// Membership of organisations on a date and peace operations by year, from the shipped tables in
// assets/domain (read through GDAL), against the reference README's figures; bad rows in a fixture give one
// warning each.
//
// Convention under test (geo/alliances.hpp): a member on day D when joined <= D < left; a year alone means
// 1 January; `left` is the first day the country is no longer a member.
#include "geo/alliances.hpp"
#include "geo/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

using namespace entente::geo;

namespace {

const std::string kData = ENTENTE_TEST_DATA;
const std::string kDomain = kData + "/../../assets/domain/";

Date day(const char* s) {
    auto d = Date::parse(s);
    REQUIRE(d);
    return *d;
}

const MembershipTable& shipped() {
    static const MembershipTable t = MembershipTable::load(
        kDomain + "memberships.csv", kDomain + "organisations.csv", kDomain + "countries.csv");
    return t;
}

std::vector<PeaceOperation> shipped_operations() {
    std::vector<std::string> warnings;
    auto ops = load_peace_operations(kDomain + "peace_operations.csv", kDomain + "countries.csv", warnings);
    CHECK(warnings.empty());
    return ops;
}

const PeaceOperation& find_op(const std::vector<PeaceOperation>& ops, const std::string& acronym) {
    auto it = std::find_if(ops.begin(), ops.end(), [&](auto& o) { return o.acronym == acronym; });
    REQUIRE(it != ops.end());
    return *it;
}

bool has(const std::vector<const MembershipSpell*>& v, const std::string& iso3) {
    return std::any_of(v.begin(), v.end(), [&](auto* s) { return s->iso3 == iso3; });
}

// A scratch file holding `text`, removed by the destructor.
struct TempCsv {
    std::string path;
    TempCsv(const std::string& name, const std::string& text) {
        path = (std::filesystem::temp_directory_path() /
                ("entente-test-" + std::to_string(getpid()) + "-" + name))
                   .string();
        std::ofstream(path) << text;
    }
    ~TempCsv() { std::filesystem::remove(path); }
};

} // namespace

TEST_CASE("Date parses YYYY and YYYY-MM-DD and rejects anything else", "[alliances]") {
    bool year_only = false;
    auto y = Date::parse("1999", &year_only);
    REQUIRE(y);
    CHECK(*y == Date{1999, 1, 1});
    CHECK(year_only);
    auto d = Date::parse("2024-02-29", &year_only);
    REQUIRE(d);
    CHECK(*d == Date{2024, 2, 29});
    CHECK_FALSE(year_only);
    CHECK(d->str() == "2024-02-29");
    for (const char* bad : {"", "99", "19999", "2023-02-29", "2023-13-01", "2023-04-31", "2023-4-4",
                            "2023/04/04", " 2023", "2023-04-04 ", "0000", "abcd", "2023-00-10"})
        CHECK_FALSE(Date::parse(bad));
    CHECK(Date{2023, 4, 3} < Date{2023, 4, 4});
    CHECK(Date{2022, 12, 31} < Date{2023, 1, 1});
    CHECK(Date::valid(2000, 2, 29));
    CHECK_FALSE(Date::valid(1900, 2, 29));
    const Date t = Date::today();
    CHECK(Date::valid(t.year, t.month, t.day));
}

TEST_CASE("Shipped domain tables load without warnings", "[alliances]") {
    const auto& t = shipped();
    for (auto& w : t.warnings())
        INFO(w);
    CHECK(t.warnings().empty());
    CHECK(t.spells().size() == 230); // every row of the reference table
    CHECK(t.organisations().size() == 12);
    for (auto& s : t.spells())
        CHECK_FALSE(s.source.empty());
    const auto ops = shipped_operations();
    CHECK(ops.size() == 27);
}

TEST_CASE("Organisations are found by code or name in any case", "[alliances]") {
    const auto& t = shipped();
    REQUIRE(t.organisation("nato"));
    CHECK(t.organisation("nato")->code == "NATO");
    REQUIRE(t.organisation("African Union"));
    CHECK(t.organisation("African Union")->code == "AU");
    REQUIRE(t.organisation("partnership for peace"));
    CHECK(t.organisation("partnership for peace")->code == "NATO_PfP");
    CHECK(t.organisation("Warsaw Pact") == nullptr);
    CHECK(t.members("Warsaw Pact", day("1980-01-01")).empty());
    for (auto& o : t.organisations()) {
        CHECK(o.colour.size() == 7);
        CHECK((o.pattern == "fill" || o.pattern == "hatch" || o.pattern == "outline"));
    }
    CHECK(t.organisation("NATO")->colour == "#1f4e9c");
    CHECK(t.organisation("EU")->colour == "#f2b705");
}

TEST_CASE("Accessions and exits with a known day change membership on that day", "[alliances]") {
    const auto& t = shipped();
    // Finland joined NATO on 4 April 2023 and left the Partnership for Peace that day.
    CHECK_FALSE(t.is_member("NATO", "FIN", day("2023-04-03")));
    CHECK(t.is_member("NATO", "FIN", day("2023-04-04")));
    CHECK(t.is_member("NATO_PfP", "FIN", day("2023-04-03")));
    CHECK_FALSE(t.is_member("NATO_PfP", "FIN", day("2023-04-04")));
    // Sweden, 7 March 2024.
    CHECK_FALSE(t.is_member("NATO", "SWE", day("2024-03-06")));
    CHECK(t.is_member("NATO", "SWE", day("2024-03-07")));
    CHECK(t.is_member("NATO_PfP", "SWE", day("2024-03-06")));
    CHECK_FALSE(t.is_member("NATO_PfP", "SWE", day("2024-03-07")));
    // The UK left the EU at the end of 31 January 2020: a member that day, not the next (data: left
    // 2020-02-01).
    CHECK(t.is_member("EU", "GBR", day("2020-01-31")));
    CHECK_FALSE(t.is_member("EU", "GBR", day("2020-02-01")));
    // Burkina Faso, Mali and Niger left ECOWAS with effect from 29 January 2025.
    for (const char* iso : {"BFA", "MLI", "NER"}) {
        CHECK(t.is_member("ECOWAS", iso, day("2025-01-28")));
        CHECK_FALSE(t.is_member("ECOWAS", iso, day("2025-01-29")));
    }
    // The full day is kept, and the year-only dates say so.
    auto fin = t.memberships_of("FIN", day("2024-01-01"));
    REQUIRE(fin.size() == 2); // NATO, EU (organisations.csv order)
    CHECK(fin[0]->org == "NATO");
    CHECK(fin[0]->joined_day_known);
    CHECK(fin[0]->joined_text() == "2023-04-04");
    CHECK(fin[1]->org == "EU");
    CHECK_FALSE(fin[1]->joined_day_known);
    CHECK(fin[1]->joined_text() == "1995");
}

TEST_CASE("A year-only accession counts from 1 January", "[alliances]") {
    const auto& t = shipped();
    CHECK_FALSE(t.is_member("NATO", "POL", day("1998-12-31")));
    CHECK(t.is_member("NATO", "POL", day("1999-01-01")));
    // ... and a year-only PfP exit on NATO accession hands over on the same day.
    CHECK(t.is_member("NATO_PfP", "POL", day("1998-12-31")));
    CHECK_FALSE(t.is_member("NATO_PfP", "POL", day("1999-01-01")));
    CHECK(t.is_member("nato", "pol", day("2000-06-01"))); // codes in any case
}

TEST_CASE("Countries that left and rejoined", "[alliances]") {
    const auto& t = shipped();
    // Morocco: OAU 1963-1984, AU again from 31 January 2017.
    CHECK(t.is_member("AU", "MAR", day("1980-01-01")));
    CHECK_FALSE(t.is_member("AU", "MAR", day("1990-01-01")));
    CHECK_FALSE(t.is_member("AU", "MAR", day("2017-01-30")));
    CHECK(t.is_member("AU", "MAR", day("2017-01-31")));
    CHECK(t.is_member("AU", "MAR", day("2018-01-01")));
    // Malta in PfP: 1995-1996 and from 2008.
    CHECK(t.is_member("NATO_PfP", "MLT", day("1995-06-01")));
    CHECK_FALSE(t.is_member("NATO_PfP", "MLT", day("2000-06-01")));
    CHECK(t.is_member("NATO_PfP", "MLT", day("2010-06-01")));
}

TEST_CASE("Member counts on 2025-06-01 match the reference README", "[alliances]") {
    const auto& t = shipped();
    const Date d = day("2025-06-01");
    // The README's "current" counts (rows with an empty `left`), all true on 2025-06-01 except ASEAN:
    // Timor-Leste was admitted on 26 October 2025 (the day is kept), so ASEAN had 10 members on 2025-06-01
    // and 11 from 2025-10-26.
    const std::map<std::string, size_t> expected{
        {"NATO", 32}, {"NATO_PfP", 18}, {"AU", 55},  {"FVEY", 5}, {"EU", 27},      {"ECOWAS", 12},
        {"SADC", 16}, {"ASEAN", 10},    {"CSTO", 6}, {"SCO", 10}, {"ASF_EASF", 10}};
    for (auto& [org, n] : expected) {
        INFO(org);
        CHECK(t.members(org, d).size() == n);
    }
    CHECK(t.members("ASEAN", day("2025-10-25")).size() == 10);
    CHECK(t.members("ASEAN", day("2025-10-26")).size() == 11);
    CHECK(t.members("UN", d).empty()); // UN leads operations; it has no membership rows
    // Sorted by iso3.
    const auto nato = t.members("NATO", d);
    CHECK(std::is_sorted(nato.begin(), nato.end(), [](auto* a, auto* b) { return a->iso3 < b->iso3; }));
    CHECK(nato.front()->iso3 == "ALB");
    CHECK(nato.back()->iso3 == "USA");
}

TEST_CASE("Member counts on other dates", "[alliances]") {
    const auto& t = shipped();
    CHECK(t.members("NATO", day("1950-01-01")).size() == 12);
    CHECK(t.members("NATO", day("2024-03-06")).size() == 31);
    CHECK_FALSE(has(t.members("NATO", day("2024-03-06")), "SWE"));
    CHECK(t.members("NATO", day("2024-03-07")).size() == 32);
    CHECK(has(t.members("NATO", day("2024-03-07")), "SWE"));
    CHECK(t.members("EU", day("2019-06-01")).size() == 28);
    CHECK(t.members("EU", day("2021-01-01")).size() == 27);
    CHECK(t.members("ECOWAS", day("2025-01-28")).size() == 15);
    CHECK(t.members("ECOWAS", day("2025-01-29")).size() == 12);
    CHECK(t.members("European Union", day("1960-01-01")).size() == 6);
}

TEST_CASE("Members without a recorded join date count on every date", "[alliances]") {
    const auto& t = shipped();
    const auto easf = t.members("EASF", day("2018-01-01"));
    REQUIRE(easf.size() == 10);
    CHECK_FALSE(easf.front()->joined_known);
    CHECK(easf.front()->joined_text().empty());
}

TEST_CASE("Peace operations are active by year", "[alliances]") {
    const auto ops = shipped_operations();
    const auto& unmiss = find_op(ops, "UNMISS");
    CHECK(unmiss.active_on(day("2015-06-01")));
    CHECK_FALSE(unmiss.active_on(day("2010-06-01")));
    CHECK(unmiss.active_on(day("2011-01-01"))); // first year, year precision
    // MINUSMA 2013-2023: active in its last year, not the year after.
    const auto& minusma = find_op(ops, "MINUSMA");
    CHECK(minusma.active_on(day("2023-12-31")));
    CHECK_FALSE(minusma.active_on(day("2024-01-01")));
    CHECK_FALSE(minusma.active_on(day("2012-12-31")));
    // Values as the table gives them.
    const auto& unisfa = find_op(ops, "UNISFA");
    CHECK(unisfa.host_iso3 == std::vector<std::string>{"SDN", "SSD"});
    CHECK(unisfa.hq.lat == Approx(9.6));
    CHECK(unisfa.hq.lon == Approx(28.4333));
    const auto& unamid = find_op(ops, "UNAMID");
    CHECK(unamid.lead_orgs == std::vector<std::string>{"UN", "AU"});
    CHECK(unamid.personnel == 25987);
    const auto& untso = find_op(ops, "UNTSO");
    CHECK(untso.host_iso3.size() == 5);
    CHECK_FALSE(untso.personnel_year);
    CHECK(find_op(ops, "KFOR").host_iso3 == std::vector<std::string>{"XKX"});
    // Somalia: AMISOM (2007-2022), ATMIS (2022-2024), AUSSOM (2025-).
    auto names = [&](const char* d) {
        std::vector<std::string> out;
        for (auto* op : active_operations(ops, day(d)))
            if (std::find(op->host_iso3.begin(), op->host_iso3.end(), "SOM") != op->host_iso3.end() &&
                op->lead_org == "AU")
                out.push_back(op->acronym);
        return out;
    };
    CHECK(names("2020-06-01") == std::vector<std::string>{"AMISOM"});
    CHECK(names("2023-06-01") == std::vector<std::string>{"ATMIS"});
    CHECK(names("2025-06-01") == std::vector<std::string>{"AUSSOM"});
}

TEST_CASE("Bad membership rows are skipped with one warning each naming file row and value", "[alliances]") {
    const auto t = MembershipTable::load(kData + "/bad_memberships.csv", kDomain + "organisations.csv",
                                         kDomain + "countries.csv");
    // Good rows: 2 (BEL), 6 (DEU, quoted source), 7 (FIN with a full day).
    REQUIRE(t.spells().size() == 3);
    CHECK(t.is_member("NATO", "BEL", day("2000-01-01")));
    CHECK(t.is_member("EU", "DEU", day("2000-01-01")));
    CHECK(t.spells()[1].source == "test fixture: good row, with a comma and \"quotes\" in the source");
    CHECK(t.spells()[1].row == 6);
    CHECK(t.is_member("NATO", "FIN", day("2023-04-04")));
    CHECK_FALSE(t.is_member("NATO", "FIN", day("2023-04-03")));

    const auto& w = t.warnings();
    for (auto& line : w)
        INFO(line);
    REQUIRE(w.size() == 4);
    CHECK(w[0] == "bad_memberships.csv: row 3: iso3 'XYZ' is not an ISO 3166-1 alpha-3 code");
    CHECK(w[1] ==
          "bad_memberships.csv: row 4: joined '1949-13-01' is not a date (expected YYYY or YYYY-MM-DD)");
    CHECK(w[2] == "bad_memberships.csv: row 5: left '1990' is before joined '2000'");
    CHECK(w[3] == "bad_memberships.csv: row 8: org 'ZZZ' is not in organisations.csv");
}

TEST_CASE("Overlapping spells and empty spells are rejected", "[alliances]") {
    TempCsv m("overlap.csv", "org,iso3,country,joined,left,source\n"
                             "NATO,NOR,Norway,1949,,a\n"
                             "NATO,NOR,Norway,1990,2000,b\n"
                             "EU,AUT,Austria,1995,1995,c\n"
                             "EU,SWE,Sweden,1995-01-01,1996,d\n");
    const auto t = MembershipTable::load(m.path, kDomain + "organisations.csv", kDomain + "countries.csv");
    CHECK(t.spells().size() == 2);
    REQUIRE(t.warnings().size() == 2);
    CHECK(t.warnings()[0].find(": row 3: ") != std::string::npos);
    CHECK(t.warnings()[0].find("overlaps row 2") != std::string::npos);
    CHECK(t.warnings()[1].find(": row 4: left '1995'") != std::string::npos);
}

TEST_CASE("A quote left open is reported on its row", "[alliances]") {
    TempCsv m("open_quote.csv", "org,iso3,country,joined,left,source\n"
                                "NATO,BEL,Belgium,1949,,a\n"
                                "NATO,DEU,\"Germany,1955,,b\n"
                                "NATO,NOR,Norway,1949,,c\n");
    const auto t = MembershipTable::load(m.path, kDomain + "organisations.csv", kDomain + "countries.csv");
    CHECK(t.spells().size() == 1);
    REQUIRE(t.warnings().size() == 1);
    CHECK(t.warnings()[0].find(": row 3: country 'Germany,1955,,b...' runs over several lines") !=
          std::string::npos);
}

TEST_CASE("Bad peace operation rows are skipped with one warning each", "[alliances]") {
    TempCsv ops("ops.csv",
                "acronym,name,lead_org,host_iso3,hq_city,hq_lat,hq_lon,start_year,end_year,personnel,"
                "personnel_year,source\n"
                "GOOD,Good,UN,CYP;XKX,Nicosia,35.1667,33.3666,1964,,800,2023,s\n" // row 2
                "LAT,Bad lat,UN,CYP,Nowhere,95,33,1964,,800,2023,s\n"             // row 3
                "LON,Bad lon,UN,CYP,Nowhere,35,nan,1964,,800,2023,s\n"            // row 4
                "HOST,Bad host,UN,CYP;QQQ,Nowhere,35,33,1964,,800,2023,s\n"       // row 5
                "YEAR,Bad year,UN,CYP,Nowhere,35,33,19x4,,800,2023,s\n"           // row 6
                "END,Ends first,UN,CYP,Nowhere,35,33,2000,1990,800,2023,s\n"      // row 7
                "NOSIZE,No size,EU,BIH,Sarajevo,43.85,18.383,2004,,,,s\n");       // row 8
    std::vector<std::string> w;
    const auto list = load_peace_operations(ops.path, kDomain + "countries.csv", w);
    REQUIRE(list.size() == 2);
    CHECK(list[0].acronym == "GOOD");
    CHECK(list[0].row == 2);
    CHECK(list[1].acronym == "NOSIZE");
    CHECK_FALSE(list[1].personnel);
    CHECK_FALSE(list[1].end_year);
    for (auto& line : w)
        INFO(line);
    REQUIRE(w.size() == 5);
    const std::string f = std::filesystem::path(ops.path).filename().string();
    CHECK(w[0] == f + ": row 3: hq_lat '95' is outside -90..90");
    CHECK(w[1] == f + ": row 4: hq_lon 'nan' is not a finite number");
    CHECK(w[2] == f + ": row 5: host_iso3 'QQQ' is not an ISO 3166-1 alpha-3 code");
    CHECK(w[3] == f + ": row 6: start_year '19x4' is not a year (expected YYYY)");
    CHECK(w[4] == f + ": row 7: end_year '1990' is before start_year '2000'");
}

TEST_CASE("A missing table throws an InputError naming the file", "[alliances]") {
    const std::string missing = kData + "/no_such_memberships.csv";
    try {
        (void)MembershipTable::load(missing, kDomain + "organisations.csv", kDomain + "countries.csv");
        FAIL("no exception");
    } catch (const InputError& e) {
        CHECK(e.input() == missing);
        CHECK(std::string(e.what()).find("no_such_memberships.csv") != std::string::npos);
    }
    std::vector<std::string> w;
    CHECK_THROWS_AS(load_peace_operations(kDomain + "peace_operations.csv", kData + "/nope.csv", w),
                    InputError);
    // A file without the required columns.
    CHECK_THROWS_AS(MembershipTable::load(kData + "/points.csv", kDomain + "organisations.csv",
                                          kDomain + "countries.csv"),
                    InputError);
}

TEST_CASE("Tables are read through GDAL virtual file paths too", "[alliances]") {
    const auto t = MembershipTable::load("/vsisubfile/0_," + std::filesystem::absolute(kDomain).string() +
                                             "memberships.csv",
                                         kDomain + "organisations.csv", kDomain + "countries.csv");
    CHECK(t.members("NATO", day("2024-03-07")).size() == 32);
}
