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

TEST_CASE("entente symbol -o draws the symbol to a PNG of the asked size") {
    const std::string out = std::string(ENTENTE_CLI_OUT) + "/symbol_inf_bn.png";
    std::filesystem::remove(out);
    const auto r = run({"symbol", "10031000161211000000", "-o", out, "--size", "100"});
    CHECK(r.code == 0);
    REQUIRE(std::filesystem::exists(out));
    const std::string png = cli_test::slurp(out);
    REQUIRE(png.size() > 24);
    // PNG header: width and height, big-endian, at bytes 16..23. A friend frame 100 px tall is 150 px wide,
    // plus the battalion amplifier above it.
    auto be32 = [&](size_t at) {
        return (uint32_t(uint8_t(png[at])) << 24) | (uint32_t(uint8_t(png[at + 1])) << 16) |
               (uint32_t(uint8_t(png[at + 2])) << 8) | uint32_t(uint8_t(png[at + 3]));
    };
    CHECK(be32(16) >= 150);
    CHECK(be32(16) <= 160);
    CHECK(be32(20) >= 130);
}

TEST_CASE("entente symbol -o still draws a marked fallback for a malformed code and names it") {
    const std::string out = std::string(ENTENTE_CLI_OUT) + "/symbol_bad.png";
    std::filesystem::remove(out);
    const auto r = run({"symbol", "10XX", "-o", out});
    CHECK(r.code == 2);
    CHECK(std::filesystem::exists(out));
    CHECK(r.err.find("10XX") != std::string::npos);
}
