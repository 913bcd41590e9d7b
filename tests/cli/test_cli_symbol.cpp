// `entente symbol` as a user runs it: what a code means, in both code generations, and a clear refusal of a
// malformed code.
#include "cli_run.hpp"

#include <catch2/catch.hpp>

using cli_test::run;

TEST_CASE("entente symbol describes a 2525D infantry battalion headquarters") {
    // Friend (3), land unit (10), present (0), headquarters (2), battalion (16), infantry (121100).
    const auto r = run({"symbol", "10031002161211000000", "--describe"});
    CHECK(r.code == 0);
    CHECK(r.out.find("Friend") != std::string::npos);
    CHECK(r.out.find("Land unit") != std::string::npos);
    CHECK(r.out.find("Battalion") != std::string::npos);
    CHECK(r.out.find("Infantry") != std::string::npos);
    CHECK(r.out.find("Headquarters: yes") != std::string::npos);
}

TEST_CASE("entente symbol reads an older 15-character 2525C code") {
    const auto r = run({"symbol", "SHGPUCA----E---", "--describe"});
    CHECK(r.code == 0);
    CHECK(r.out.find("Hostile") != std::string::npos);
    CHECK(r.out.find("Armour") != std::string::npos);
    CHECK(r.out.find("Company") != std::string::npos);
}

TEST_CASE("a malformed symbol code fails with one line naming it") {
    const auto r = run({"symbol", "1003102016121100000X"});
    CHECK(r.code != 0);
    CHECK(r.err_lines().size() == 1);
    CHECK(r.err.find("1003102016121100000X") != std::string::npos);
}
