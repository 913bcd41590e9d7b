// `entente coord` as a planner uses it: latitude first, any of the four forms in and out, a clear refusal.
#include "cli_run.hpp"

#include <catch2/catch.hpp>

using cli_test::run;

TEST_CASE("entente coord reads decimal degrees latitude first and gives all four forms") {
    // Bangui; MGRS and UTM from GeographicLib's GeoConvert 2.1.2: `echo 4.3666 18.5583 | GeoConvert -m -p 0`.
    const auto r = run({"coord", "4.3666 18.5583"});
    CHECK(r.code == 0);
    CHECK(r.out.find("latlon: 4.36660, 18.55830") != std::string::npos);
    CHECK(r.out.find("mgrs: 34N BK 29001 83089") != std::string::npos);
    CHECK(r.out.find("utm: 34N 229002 483090") != std::string::npos);
    CHECK(r.out.find("dms: 4\xC2\xB0") != std::string::npos);
}

TEST_CASE("entente coord converts MGRS back to latitude and longitude") {
    const auto r = run({"coord", "34NBK2900183089", "--to", "latlon"});
    CHECK(r.code == 0);
    CHECK(r.out.find("latlon: 4.3666") != std::string::npos);
    CHECK(r.out.find("18.5583") != std::string::npos);
}

TEST_CASE("an impossible coordinate is refused with the reason") {
    const auto r = run({"coord", "95 10"});
    CHECK(r.code != 0);
    CHECK(r.err.find("latitude 95") != std::string::npos);
}
