// `entente alliances` as a user runs it: members of an organisation on a day (text and JSON), and one clear
// line on stderr with a non-zero exit for a bad date or an unknown organisation.
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::run;
using cli_test::slurp;

bool has_member(const nlohmann::json& org, const std::string& iso3) {
    const auto& m = org.at("members");
    return std::any_of(m.begin(), m.end(), [&](const nlohmann::json& x) { return x.at("iso3") == iso3; });
}

} // namespace

TEST_CASE("entente alliances --json lists NATO with Sweden on the day it joined", "[alliances]") {
    const Result r = run({"alliances", "--date", "2024-03-07", "--org", "NATO", "--json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j.at("date") == "2024-03-07");
    REQUIRE(j.at("organisations").size() == 1);
    const auto& nato = j.at("organisations")[0];
    CHECK(nato.at("code") == "NATO");
    CHECK(nato.at("count") == 32);
    CHECK(nato.at("members").size() == 32);
    CHECK(has_member(nato, "SWE"));
    for (const auto& m : nato.at("members")) {
        CHECK(m.contains("country"));
        CHECK_FALSE(m.at("source").get<std::string>().empty());
        if (m.at("iso3") == "SWE") CHECK(m.at("since") == "2024-03-07");
        // Founders from the day the North Atlantic Treaty entered into force (nato.int).
        if (m.at("iso3") == "BEL") CHECK(m.at("since") == "1949-08-24");
    }
}

TEST_CASE("entente alliances the day before Sweden joined NATO", "[alliances]") {
    const Result r = run({"alliances", "--date", "2024-03-06", "--org", "nato", "--json"});
    REQUIRE(r.code == 0);
    const auto nato = nlohmann::json::parse(r.out).at("organisations")[0];
    CHECK(nato.at("count") == 31);
    CHECK_FALSE(has_member(nato, "SWE"));
    CHECK(has_member(nato, "FIN"));
}

TEST_CASE("entente alliances takes several organisations by code or name", "[alliances]") {
    const Result r =
        run({"alliances", "--date", "2019-06-01", "--org", "EU", "--org", "African Union", "--json"});
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.at("organisations").size() == 2);
    CHECK(j.at("organisations")[0].at("count") == 28);
    CHECK(j.at("organisations")[1].at("code") == "AU");
}

TEST_CASE("entente alliances prints a readable table", "[alliances]") {
    const Result r = run({"alliances", "--date", "2025-06-01", "--org", "FVEY"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("2025-06-01") != std::string::npos);
    CHECK(r.out.find("FVEY") != std::string::npos);
    CHECK(r.out.find(": 5 members") != std::string::npos);
    CHECK(r.out.find("NZL") != std::string::npos);
    CHECK(r.err.empty());
    // Without --org: every organisation that has members, without warnings.
    const Result all = run({"alliances", "--date", "2025-06-01"});
    REQUIRE(all.code == 0);
    CHECK(all.err.empty());
    for (const char* code :
         {"NATO", "NATO_PfP", "AU", "FVEY", "EU", "ECOWAS", "SADC", "ASEAN", "CSTO", "SCO"})
        CHECK(all.out.find(std::string("\n") + code + " (") != std::string::npos);
}

TEST_CASE("entente alliances refuses an unknown organisation naming it", "[alliances]") {
    const Result r = run({"alliances", "--date", "2024-03-07", "--org", "Warsaw Pact"});
    CHECK(r.code != 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("Warsaw Pact") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("entente alliances refuses a date that does not parse naming it", "[alliances]") {
    for (const char* bad : {"2023-02-29", "yesterday", "2024"}) {
        const Result r = run({"alliances", "--date", bad, "--org", "NATO"});
        INFO(bad);
        CHECK(r.code != 0);
        CHECK(r.out.empty());
        CHECK(r.err.find(bad) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}

TEST_CASE("entente alliances defaults to today", "[alliances]") {
    const Result r = run({"alliances", "--org", "NATO", "--json"});
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j.at("date").get<std::string>().size() == 10);
    CHECK(j.at("organisations")[0].at("count").get<int>() >= 32);
}

TEST_CASE("entente alliances lists suspended members apart with since when, why and the source",
          "[alliances]") {
    const Result r = run({"alliances", "--date", "2023-09-15", "--org", "AU", "--json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto au = nlohmann::json::parse(r.out).at("organisations")[0];
    CHECK(au.at("count") == au.at("members").size() + au.at("suspended").size());
    CHECK(au.at("suspended").size() == 6);
    CHECK_FALSE(has_member(au, "MLI"));
    bool mali = false;
    for (const auto& s : au.at("suspended")) {
        CHECK(s.at("standing") == "suspended");
        CHECK_FALSE(s.at("reason").get<std::string>().empty());
        CHECK(s.at("suspension_source").get<std::string>().find("http") != std::string::npos);
        if (s.at("iso3") == "MLI") {
            mali = true;
            CHECK(s.at("suspended_since") == "2021-06-01");
        }
    }
    CHECK(mali);
    // The text says it too.
    const Result t = run({"alliances", "--date", "2023-09-15", "--org", "AU"});
    CHECK(t.out.find("6 of them suspended") != std::string::npos);
    CHECK(t.out.find("suspended since 2021-06-01") != std::string::npos);
}

TEST_CASE("entente alliances says uncertain where the sources give only a year", "[alliances]") {
    // The Eastern Africa Standby Force members' joining is known only to the year (2004) or month.
    const Result r = run({"alliances", "--date", "2004-06-01", "--org", "EASF", "--json"});
    REQUIRE(r.code == 0);
    const auto easf = nlohmann::json::parse(r.out).at("organisations")[0];
    REQUIRE_FALSE(easf.at("uncertain").empty());
    for (const auto& u : easf.at("uncertain")) {
        CHECK(u.at("standing") == "uncertain");
        CHECK(u.at("uncertain_date") == "2004");
    }
    const Result t = run({"alliances", "--date", "2004-06-01", "--org", "EASF"});
    CHECK(t.out.find("uncertain on this date") != std::string::npos);
    CHECK(t.out.find("(day not recorded)") != std::string::npos);
}
