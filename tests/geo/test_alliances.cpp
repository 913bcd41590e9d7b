// The model of the domain tables on small fixtures: standing on a day (member, suspended, observer, partner,
// uncertain inside a month or year the table does not resolve), peace operations to the day with moving
// headquarters and a strength series, and one warning per bad row naming file, row and value. The shipped
// tables themselves are checked in test_domain_data.cpp.
//
// Convention under test (geo/alliances.hpp): a state holds on day D when from <= D < to; `to` is the first
// day it no longer holds; a date given only to the month or year makes that month or year uncertain.
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

TEST_CASE("TableDate reads a day, a month or a year and knows the span it covers", "[alliances]") {
    struct Case {
        const char* text;
        TableDate::Precision precision;
        const char *first, *after;
    };
    using P = TableDate::Precision;
    for (const Case& c : {Case{"2004-03-29", P::Day, "2004-03-29", "2004-03-30"},
                          Case{"2004-12-31", P::Day, "2004-12-31", "2005-01-01"},
                          Case{"2024-02", P::Month, "2024-02-01", "2024-03-01"},
                          Case{"2024-12", P::Month, "2024-12-01", "2025-01-01"},
                          Case{"1995", P::Year, "1995-01-01", "1996-01-01"}}) {
        INFO(c.text);
        const auto d = TableDate::parse(c.text);
        REQUIRE(d);
        CHECK(d->precision == c.precision);
        CHECK(d->first == day(c.first));
        CHECK(d->after() == day(c.after));
        CHECK(d->text() == c.text);
        CHECK(d->uncertain_on(d->first) == (c.precision != P::Day));
        CHECK_FALSE(d->uncertain_on(d->after()));
    }
    for (const char* bad : {"2024-13", "2024-00", "2024-1", "24-01", "2024-02-30", "2024-"})
        CHECK_FALSE(TableDate::parse(bad));
    CHECK(day("2024-03-01").previous_day() == day("2024-02-29"));
    CHECK(day("2023-01-01").previous_day() == day("2022-12-31"));
    CHECK(day("2023-12-31").next_day() == day("2024-01-01"));
}

namespace {

MembershipTable fixture(const std::string& name, const std::string& rows) {
    TempCsv m(name, "org,iso3,country,status,from,to,source,note\n" + rows);
    return MembershipTable::load(m.path, kDomain + "organisations.csv", kDomain + "countries.csv");
}

} // namespace

TEST_CASE("A state holds from its first day up to the day before `to`", "[alliances]") {
    const auto t = fixture("days.csv", "NATO,FIN,Finland,member,2023-04-04,,s\n"
                                       "NATO_PfP,FIN,Finland,member,1994-05-09,2023-04-04,s\n"
                                       "EU,GBR,United Kingdom,member,1973-01-01,2020-02-01,s\n");
    CHECK(t.warnings().empty());
    CHECK_FALSE(t.is_member("NATO", "FIN", day("2023-04-03")));
    CHECK(t.is_member("NATO", "FIN", day("2023-04-04")));
    CHECK(t.is_member("NATO_PfP", "FIN", day("2023-04-03")));
    CHECK_FALSE(t.is_member("NATO_PfP", "FIN", day("2023-04-04")));
    CHECK(t.is_member("EU", "GBR", day("2020-01-31")));
    CHECK_FALSE(t.is_member("EU", "GBR", day("2020-02-01")));
    CHECK(t.is_member("nato", "fin", day("2024-01-01"))); // codes in any case
    CHECK(t.standing("NATO", "FIN", day("2023-04-03")).standing == Standing::None);
}

TEST_CASE("A date known to the month or year is uncertain inside that span, not guessed", "[alliances]") {
    const auto t = fixture("unsure.csv", "NATO,SVK,Slovakia,member,2004,,s\n"
                                         "EU,HRV,Croatia,member,2013-07,,s\n"
                                         "EU,GBR,United Kingdom,member,1973-01-01,2020,s\n");
    CHECK(t.warnings().empty());
    const auto at = [&](const char* org, const char* iso, const char* d) {
        return t.standing(org, iso, day(d)).standing;
    };
    CHECK(at("NATO", "SVK", "2003-12-31") == Standing::None);
    CHECK(at("NATO", "SVK", "2004-01-01") == Standing::Uncertain);
    CHECK(at("NATO", "SVK", "2004-12-31") == Standing::Uncertain);
    CHECK(at("NATO", "SVK", "2005-01-01") == Standing::Member);
    CHECK(at("EU", "HRV", "2013-06-30") == Standing::None);
    CHECK(at("EU", "HRV", "2013-07-15") == Standing::Uncertain);
    CHECK(at("EU", "HRV", "2013-08-01") == Standing::Member);
    CHECK(at("EU", "GBR", "2019-12-31") == Standing::Member);
    CHECK(at("EU", "GBR", "2020-06-01") == Standing::Uncertain);
    CHECK(at("EU", "GBR", "2021-01-01") == Standing::None);
    // An uncertain country is not counted as a member, and the roster lists it apart.
    CHECK(t.members("NATO", day("2004-06-01")).empty());
    const Roster r = t.roster("NATO", day("2004-06-01"));
    REQUIRE(r.uncertain.size() == 1);
    CHECK(r.uncertain[0].iso3 == "SVK");
    CHECK(r.uncertain[0].detail->from_text() == "2004");
}

TEST_CASE("A suspended member is counted and listed apart, with since when and why", "[alliances]") {
    const auto t =
        fixture("suspended.csv", "AU,MLI,Mali,member,1963-05-25,,s1\n"
                                 "AU,MLI,Mali,suspended,2012-03-23,2012-10-24,s2,coup of 22 March 2012\n"
                                 "AU,MLI,Mali,suspended,2021-06-01,,s3,second coup\n"
                                 "AU,GIN,Guinea,member,1963-05-25,,s4\n"
                                 "AU,GIN,Guinea,suspended,2021-09,2026-01-22,s5,coup\n");
    for (auto& w : t.warnings())
        INFO(w);
    CHECK(t.warnings().empty());
    const auto mali = [&](const char* d) { return t.standing("AU", "MLI", day(d)); };
    CHECK(mali("2012-03-22").standing == Standing::Member);
    CHECK(mali("2012-03-23").standing == Standing::Suspended);
    CHECK(mali("2012-03-23").detail->note == "coup of 22 March 2012");
    CHECK(mali("2012-10-23").standing == Standing::Suspended);
    CHECK(mali("2012-10-24").standing == Standing::Member);
    CHECK(mali("2021-06-01").standing == Standing::Suspended);
    CHECK(mali("2021-06-01").detail->source == "s3");
    CHECK(mali("2021-06-01").spell->source == "s1");
    CHECK(t.is_member("AU", "MLI", day("2022-01-01"))); // suspended members remain members
    // A suspension known to the month: uncertain that month, suspended after it, member again on lifting.
    CHECK(t.standing("AU", "GIN", day("2021-09-10")).standing == Standing::Uncertain);
    CHECK(t.standing("AU", "GIN", day("2021-10-01")).standing == Standing::Suspended);
    CHECK(t.standing("AU", "GIN", day("2026-01-22")).standing == Standing::Member);
    const Roster r = t.roster("AU", day("2021-09-15"));
    CHECK(r.members.empty());
    REQUIRE(r.suspended.size() == 1);
    CHECK(r.suspended[0].iso3 == "MLI");
    REQUIRE(r.uncertain.size() == 1);
    CHECK(r.uncertain[0].iso3 == "GIN");
    CHECK(t.members("AU", day("2021-10-01")).size() == 2);
}

TEST_CASE("Observers and partners are their own standing, not members", "[alliances]") {
    const auto t = fixture("observer.csv", "ASEAN,TLS,Timor-Leste,observer,2022-11-11,2025-10-26,s\n"
                                           "ASEAN,TLS,Timor-Leste,member,2025-10-26,,s\n"
                                           "SCO,TUR,Turkiye,partner,2012-06-07,,s\n");
    CHECK(t.warnings().empty());
    CHECK(t.standing("ASEAN", "TLS", day("2023-01-01")).standing == Standing::Observer);
    CHECK_FALSE(t.is_member("ASEAN", "TLS", day("2023-01-01")));
    CHECK(t.standing("ASEAN", "TLS", day("2025-10-26")).standing == Standing::Member);
    CHECK(t.standing("SCO", "TUR", day("2020-01-01")).standing == Standing::Partner);
    CHECK(t.roster("SCO", day("2020-01-01")).partners.size() == 1);
    const auto of = t.standings_of("TLS", day("2023-01-01"));
    REQUIRE(of.size() == 1);
    CHECK(of[0].first->code == "ASEAN");
}

TEST_CASE("Members without a recorded join date count on every date before they leave", "[alliances]") {
    const auto t = fixture("nodate.csv", "ASF_EASF,KEN,Kenya,member,,,s\n");
    CHECK(t.standing("ASF_EASF", "KEN", day("1900-01-01")).standing == Standing::Member);
    CHECK(t.members("EASF", day("2018-01-01")).front()->from_text().empty());
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
    CHECK(w[1] == "bad_memberships.csv: row 4: joined '1949-13-01' is not a date (expected YYYY, YYYY-MM or "
                  "YYYY-MM-DD)");
    CHECK(w[2] == "bad_memberships.csv: row 5: left '1990' is before joined '2000'");
    CHECK(w[3] == "bad_memberships.csv: row 8: org 'ZZZ' is not in organisations.csv");
}

TEST_CASE("Overlapping spells, empty spells and stray suspensions are rejected", "[alliances]") {
    const auto t = fixture("overlap.csv", "NATO,NOR,Norway,member,1949,,a\n"
                                          "NATO,NOR,Norway,member,1990,2000,b\n"
                                          "EU,AUT,Austria,member,1995-01-01,1995-01-01,c\n"
                                          "EU,SWE,Sweden,member,1995-01-01,1996,d\n"
                                          "AU,MLI,Mali,suspended,2012-03-23,2012-10-24,e\n"
                                          "NATO,NOR,Norway,alumnus,1949,,f\n");
    CHECK(t.spells().size() == 2);
    for (auto& w : t.warnings())
        INFO(w);
    REQUIRE(t.warnings().size() == 4);
    CHECK(t.warnings()[0].find(": row 3: ") != std::string::npos);
    CHECK(t.warnings()[0].find("overlaps row 2") != std::string::npos);
    CHECK(t.warnings()[1].find(": row 4: to '1995-01-01' is the same day") != std::string::npos);
    CHECK(t.warnings()[2].find(
              ": row 6: suspended from '2012-03-23' to '2012-10-24' does not lie inside a member row") !=
          std::string::npos);
    CHECK(t.warnings()[3].find(": row 7: status 'alumnus' is not member, suspended, observer or partner") !=
          std::string::npos);
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

TEST_CASE("Peace operations hold to the day, move their headquarters and grow in strength", "[alliances]") {
    TempCsv ops("ops_ok.csv",
                "acronym,name,lead_org,host_iso3,start,end,start_basis,end_basis,predecessor,successor,"
                "source,note\n"
                "AMISOM,AU Mission in Somalia,AU,SOM,2007-01-19,2022-04-01,mandate,handover,,ATMIS,s,\n"
                "ATMIS,AU Transition Mission,AU,SOM,2022-04-01,,handover,,AMISOM,,s,\n"
                "UNPROFOR,UN Protection Force,UN,HRV;BIH,1992-02,1995-12-20,mandate,handover,,,s,\n");
    TempCsv hqs("hqs_ok.csv", "acronym,city,lat,lon,from,to,source\n"
                              "UNPROFOR,Zagreb,45.8150,15.9819,1992-08,,s\n"
                              "UNPROFOR,Sarajevo,43.8563,18.4131,,1992-08,s\n"
                              "AMISOM,Mogadishu,2.0469,45.3182,,,s\n");
    TempCsv str("str_ok.csv", "acronym,date,personnel,kind,source,note\n"
                              "AMISOM,2012-12-31,17731,deployed,s1,uniformed\n"
                              "AMISOM,2008-03,2613,deployed,s2,\n"
                              "AMISOM,2012-12-31,17731,authorized,s3,\n"
                              "AMISOM,2019-06-30,20626,deployed,s4,\n");
    std::vector<std::string> w;
    const auto list = load_peace_operations(ops.path, kDomain + "countries.csv", w, hqs.path, str.path);
    for (auto& line : w)
        INFO(line);
    REQUIRE(list.size() == 3);
    REQUIRE(w.size() == 1); // ATMIS has no headquarters row
    CHECK(w[0].find("ATMIS has no headquarters") != std::string::npos);
    const PeaceOperation &amisom = list[0], &atmis = list[1], &unprofor = list[2];
    CHECK_FALSE(amisom.active_on(day("2007-01-18")));
    CHECK(amisom.active_on(day("2007-01-19")));
    CHECK(amisom.active_on(day("2022-03-31")));
    CHECK_FALSE(amisom.active_on(day("2022-04-01")));
    CHECK_FALSE(atmis.active_on(day("2022-03-31")));
    CHECK(atmis.active_on(day("2022-04-01")));
    CHECK(amisom.successors == std::vector<std::string>{"ATMIS"});
    CHECK(atmis.predecessors == std::vector<std::string>{"AMISOM"});
    // A start known to the month: uncertain that month.
    CHECK(unprofor.on(day("1992-02-10")) == Holds::Uncertain);
    CHECK(unprofor.on(day("1992-03-01")) == Holds::Yes);
    CHECK(unprofor.host_iso3 == std::vector<std::string>{"HRV", "BIH"});
    // The headquarters of the day.
    REQUIRE(unprofor.hq_on(day("1992-03-01")));
    CHECK(unprofor.hq_on(day("1992-03-01"))->city == "Sarajevo");
    CHECK(unprofor.hq_on(day("1993-01-01"))->city == "Zagreb");
    CHECK(unprofor.hq_on(day("1993-01-01"))->at.lat == Approx(45.815));
    CHECK(atmis.hq_on(day("2023-01-01")) == nullptr);
    // The strength in force: the latest figure on or before the day, deployed before authorized.
    CHECK(amisom.strength_on(day("2008-02-28")) == nullptr);
    REQUIRE(amisom.strength_on(day("2008-03-01")));
    CHECK(amisom.strength_on(day("2010-01-01"))->personnel == 2613);
    CHECK(amisom.strength_on(day("2013-01-01"))->kind == "deployed");
    CHECK(amisom.strength_on(day("2013-01-01"))->source == "s1");
    CHECK(amisom.strength_on(day("2020-01-01"))->personnel == 20626);
    CHECK(amisom.strength_on(day("2020-01-01"))->date.text() == "2019-06-30");
}

TEST_CASE("Bad peace operation rows are skipped with one warning each", "[alliances]") {
    TempCsv ops("ops.csv", "acronym,name,lead_org,host_iso3,start,end,hq_city,hq_lat,hq_lon,source\n"
                           "GOOD,Good,UN,CYP;XKX,1964-03-27,,Nicosia,35.1667,33.3666,s\n"  // row 2
                           "LAT,Bad lat,UN,CYP,1964,,Nowhere,95,33,s\n"                    // row 3
                           "LON,Bad lon,UN,CYP,1964,,Nowhere,35,nan,s\n"                   // row 4
                           "HOST,Bad host,UN,CYP;QQQ,1964,,Nowhere,35,33,s\n"              // row 5
                           "YEAR,Bad year,UN,CYP,19x4,,Nowhere,35,33,s\n"                  // row 6
                           "END,Ends first,UN,CYP,2000,1990,Nowhere,35,33,s\n"             // row 7
                           "GOOD,Twice,UN,CYP,2000,,Nowhere,35,33,s\n"                     // row 8
                           "NOSIZE,No size,EU,BIH,2004-12-02,,Sarajevo,43.85,18.383,s\n"); // row 9
    TempCsv str("str.csv", "acronym,date,personnel,kind,source\n"
                           "GOOD,2023,800,deployed,s\n"
                           "NONE,2023,800,deployed,s\n"
                           "GOOD,2023,lots,deployed,s\n");
    std::vector<std::string> w;
    const auto list = load_peace_operations(ops.path, kDomain + "countries.csv", w, {}, str.path);
    REQUIRE(list.size() == 2);
    CHECK(list[0].acronym == "GOOD");
    CHECK(list[0].row == 2);
    CHECK(list[0].hqs.size() == 1);
    CHECK(list[0].strength.size() == 1);
    CHECK(list[1].acronym == "NOSIZE");
    CHECK(list[1].strength.empty());
    CHECK_FALSE(list[1].end);
    for (auto& line : w)
        INFO(line);
    REQUIRE(w.size() == 8);
    const std::string f = std::filesystem::path(ops.path).filename().string();
    const std::string fs = std::filesystem::path(str.path).filename().string();
    CHECK(w[0] == f + ": row 3: hq_lat '95' is outside -90..90");
    CHECK(w[1] == f + ": row 4: hq_lon 'nan' is not a finite number");
    CHECK(w[2] == f + ": row 5: host_iso3 'QQQ' is not an ISO 3166-1 alpha-3 code");
    CHECK(w[3] == f + ": row 6: start '19x4' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    CHECK(w[4] == f + ": row 7: end '1990' is not after start '2000'");
    CHECK(w[5] == f + ": row 8: acronym 'GOOD' appears twice; this row is ignored");
    CHECK(w[6] == fs + ": row 3: acronym 'NONE' is not in peace_operations.csv");
    CHECK(w[7] == fs + ": row 4: personnel 'lots' is not a whole number of people");
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
    CHECK(t.warnings().empty());
    CHECK(t.members("NATO", day("2024-03-07")).size() == 32);
}

TEST_CASE("Date::plus_days crosses months, leap days and years both ways", "[alliances]") {
    CHECK(Date{2027, 2, 20}.plus_days(15).str() == "2027-03-07");
    CHECK(Date{2028, 2, 20}.plus_days(15).str() == "2028-03-06"); // 2028 is a leap year
    CHECK(Date{2026, 12, 25}.plus_days(10).str() == "2027-01-04");
    CHECK(Date{2027, 1, 4}.plus_days(-10).str() == "2026-12-25");
    CHECK(Date{2000, 3, 1}.plus_days(-1).str() == "2000-02-29");
    CHECK(Date{2027, 5, 5}.plus_days(0).str() == "2027-05-05");
}
