// `entente operations` as a user runs it: the operations active on a day, with the headquarters of that day
// and the strength in force with its date, in text and JSON; handovers change the answer on their day.
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using cli_test::Result;
using cli_test::run;

std::vector<std::string> acronyms(const nlohmann::json& j) {
    std::vector<std::string> out;
    for (const auto& o : j.at("operations"))
        out.push_back(o.at("acronym"));
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

nlohmann::json on(const char* date, const char* org = nullptr) {
    std::vector<std::string> args{"operations", "--date", date, "--json"};
    if (org) args.insert(args.end(), {"--org", org});
    const Result r = run(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("entente operations: AMISOM hands over to ATMIS on 1 April 2022", "[operations]") {
    const auto before = acronyms(on("2022-03-31", "AU")), after = acronyms(on("2022-04-01", "AU"));
    CHECK(has(before, "AMISOM"));
    CHECK_FALSE(has(before, "ATMIS"));
    CHECK(has(after, "ATMIS"));
    CHECK_FALSE(has(after, "AMISOM"));
    // Only operations the AU leads.
    // Kept in a variable: a range-for over a member of a temporary reads freed memory (ASan).
    const auto au = on("2022-04-01", "AU");
    for (const auto& o : au.at("operations")) {
        const auto leads = o.at("lead_org").get<std::vector<std::string>>();
        CHECK(has(leads, "AU"));
    }
}

TEST_CASE("entente operations: UNMISS from 9 July 2011, with its headquarters and dated strength",
          "[operations]") {
    CHECK_FALSE(has(acronyms(on("2011-07-08", "UN")), "UNMISS"));
    const auto j = on("2015-06-01", "UN");
    CHECK(j.at("count") == j.at("operations").size());
    bool found = false;
    for (const auto& o : j.at("operations")) {
        if (o.at("acronym") != "UNMISS") continue;
        found = true;
        CHECK(o.at("headquarters").at("city") == "Juba");
        REQUIRE_FALSE(o.at("strength").is_null());
        CHECK(o.at("strength").at("date").get<std::string>() <= "2015-06-01");
        CHECK(o.at("strength").at("source").get<std::string>().find("http") != std::string::npos);
        CHECK(o.at("predecessors") == std::vector<std::string>{"UNMIS"});
    }
    CHECK(found);
}

TEST_CASE("entente operations prints each operation's card and refuses bad input", "[operations]") {
    const Result r = run({"operations", "--date", "2005-06-01", "--org", "NATO"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("Peace operations active on 2005-06-01:") != std::string::npos);
    CHECK(r.out.find("KFOR") != std::string::npos);
    CHECK(r.out.find("Headquarters: ") != std::string::npos);
    CHECK(r.out.find("Strength: ") != std::string::npos);
    const Result bad = run({"operations", "--date", "2005-02-30"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("2005-02-30") != std::string::npos);
    const Result org = run({"operations", "--org", "Warsaw Pact"});
    CHECK(org.code == 2);
    CHECK(org.err.find("Warsaw Pact") != std::string::npos);
}
