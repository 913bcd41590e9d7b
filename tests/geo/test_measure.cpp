// Geodesic measurement (geo/measure.hpp) on WGS84. Expected figures come from GeographicLib's command-line
// tools (Debian package geographiclib-tools 2.1.2), run when these tests were written; the command is given
// with each value.
#include "geo/measure.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace entente::geo;

namespace {

double metres_between(LonLat a, LonLat b) {
    double s12 = 0;
    GeographicLib::Geodesic::WGS84().Inverse(a.lat, a.lon, b.lat, b.lon, s12);
    return s12;
}

} // namespace

TEST_CASE("measure: JFK to Heathrow matches GeodSolve", "[measure]") {
    // echo "40.6413 -73.7781 51.4700 -0.4543" | GeodSolve -i -p 6
    //   -> azi1 51.38164785837  azi2 107.98282905558  s12 5554908.790548
    const std::vector<LonLat> path = {{-73.7781, 40.6413}, {-0.4543, 51.4700}};
    const PathMeasure m = measure_path(path);
    REQUIRE(m.leg_m.size() == 1);
    REQUIRE(m.leg_bearing_deg.size() == 1);
    CHECK(m.length_m == Approx(5554908.790548).margin(1.0));
    CHECK(m.leg_m[0] == Approx(5554908.790548).margin(1.0));
    CHECK(m.leg_bearing_deg[0] == Approx(51.38164785837).margin(1e-9));
}

TEST_CASE("measure: a path of several legs adds them up", "[measure]") {
    // echo "51.4700 -0.4543 -1.3192 36.9278" | GeodSolve -i -p 6
    //   -> azi1 136.19947341663  s12 6827170.269590   (Heathrow to Nairobi)
    const std::vector<LonLat> path = {{-73.7781, 40.6413}, {-0.4543, 51.4700}, {36.9278, -1.3192}};
    const PathMeasure m = measure_path(path);
    REQUIRE(m.leg_m.size() == 2);
    CHECK(m.leg_m[1] == Approx(6827170.269590).margin(1.0));
    CHECK(m.leg_bearing_deg[1] == Approx(136.19947341663).margin(1e-9));
    CHECK(m.length_m == Approx(5554908.790548 + 6827170.269590).margin(2.0));
    // No legs for fewer than two points.
    CHECK(measure_path(std::span<const LonLat>{}).length_m == 0);
    CHECK(measure_path(std::vector<LonLat>{{1, 2}}).leg_m.empty());
}

TEST_CASE("measure: bearings north, east, south and west", "[measure]") {
    // echo "0 0 1 0" | GeodSolve -i -p 6  -> azi1 0, s12 110574.388558 (one degree of latitude)
    // echo "0 0 0 1" | GeodSolve -i -p 6  -> azi1 90, s12 111319.490793 (one degree of longitude on the
    // equator)
    const PathMeasure m = measure_path(std::vector<LonLat>{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}});
    REQUIRE(m.leg_bearing_deg.size() == 4);
    CHECK(m.leg_bearing_deg[0] == Approx(0).margin(1e-9));
    CHECK(m.leg_m[0] == Approx(110574.388558).margin(1e-3));
    CHECK(m.leg_bearing_deg[2] == Approx(180).margin(1e-9));
    CHECK(m.leg_bearing_deg[3] == Approx(270).margin(1e-9));
    const PathMeasure east = measure_path(std::vector<LonLat>{{0, 0}, {1, 0}});
    CHECK(east.leg_bearing_deg[0] == Approx(90).margin(1e-9));
    CHECK(east.leg_m[0] == Approx(111319.490793).margin(1e-3));
    // Bearings are in [0, 360): north-west is 315ish, never negative.
    const PathMeasure nw = measure_path(std::vector<LonLat>{{10, 10}, {9, 11}});
    CHECK(nw.leg_bearing_deg[0] > 270);
    CHECK(nw.leg_bearing_deg[0] < 360);
}

TEST_CASE("measure: area of a 1 degree box at the equator matches Planimeter", "[measure]") {
    // printf "0 0\n0 1\n1 1\n1 0\n" | Planimeter -p 6  -> 4 443770.917248 12308778361.5
    const std::vector<LonLat> ccw = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    const std::vector<LonLat> cw = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
    const std::vector<LonLat> closed = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
    CHECK(geodesic_area_m2(ccw) == Approx(12308778361.5).margin(1.0));
    CHECK(geodesic_area_m2(cw) == Approx(12308778361.5).margin(1.0));
    CHECK(geodesic_area_m2(closed) == Approx(12308778361.5).margin(1.0));
    // printf -- "-10 -5\n-10 5\n10 5\n10 -5\n" | Planimeter -p 6  -> 4 6616122.442076 2455754383219.3
    const std::vector<LonLat> big = {{-5, -10}, {5, -10}, {5, 10}, {-5, 10}};
    CHECK(geodesic_area_m2(big) == Approx(2455754383219.3).margin(1.0));
    // Degenerate rings have no area.
    CHECK(geodesic_area_m2(std::vector<LonLat>{{0, 0}, {1, 1}}) == 0);
    CHECK(geodesic_area_m2(std::vector<LonLat>{{0, 0}, {1, 1}, {0, 0}}) == 0);
}

TEST_CASE("measure: range ring vertices are at the radius", "[measure]") {
    for (LonLat centre : {LonLat{10, 45}, LonLat{179.9, -20}, LonLat{0, 89.5}, LonLat{36.8, -1.3}}) {
        const auto ring = range_ring(centre, 100000.0);
        REQUIRE(ring.size() == 181);
        CHECK(ring.front().lon == ring.back().lon);
        CHECK(ring.front().lat == ring.back().lat);
        for (const LonLat& v : ring)
            CHECK(metres_between(centre, v) == Approx(100000.0).margin(1e-3));
    }
    // The first vertex is due north: echo "45 10 0 100000" | GeodSolve -p 6 -> 45.89976145336 10 0
    const auto ring = range_ring({10, 45}, 100000.0, 36);
    REQUIRE(ring.size() == 37);
    CHECK(ring[0].lat == Approx(45.89976145336).margin(1e-10));
    CHECK(ring[0].lon == Approx(10).margin(1e-10));
    CHECK(ring[9].lon > 10); // a quarter of the way round: east
    CHECK(range_ring({0, 0}, 0).empty());
    CHECK(range_ring({0, 0}, -5).empty());
    CHECK(range_ring({0, 0}, 1000, 1).size() == 4);
}

TEST_CASE("measure: geodesic line steps are no longer than max step", "[measure]") {
    const LonLat jfk{-73.7781, 40.6413}, lhr{-0.4543, 51.4700};
    const auto line = geodesic_line(jfk, lhr, 100000.0);
    // 5554908.79 m in steps of at most 100 km: 56 steps, 57 points.
    REQUIRE(line.size() == 57);
    CHECK(line.front().lon == jfk.lon);
    CHECK(line.front().lat == jfk.lat);
    CHECK(line.back().lon == lhr.lon);
    CHECK(line.back().lat == lhr.lat);
    double total = 0;
    for (size_t i = 1; i < line.size(); ++i) {
        const double d = metres_between(line[i - 1], line[i]);
        CHECK(d <= 100000.0);
        CHECK(d == Approx(5554908.790548 / 56).margin(1e-3)); // equal steps
        total += d;
    }
    CHECK(total == Approx(5554908.790548).margin(1e-2));
    // Every point lies on the geodesic: the initial azimuth from JFK is the leg's azimuth.
    for (size_t i = 1; i < line.size(); ++i) {
        double s12 = 0, azi1 = 0, azi2 = 0;
        GeographicLib::Geodesic::WGS84().Inverse(jfk.lat, jfk.lon, line[i].lat, line[i].lon, s12, azi1, azi2);
        CHECK(azi1 == Approx(51.38164785837).margin(1e-8));
    }
    // Across the antimeridian, and a step longer than the line.
    const auto pacific = geodesic_line({179, 0}, {-179, 0}, 50000.0);
    for (size_t i = 1; i < pacific.size(); ++i)
        CHECK(metres_between(pacific[i - 1], pacific[i]) <= 50000.0);
    CHECK(geodesic_line({0, 0}, {0, 1}, 1e9).size() == 2);
    CHECK(geodesic_line({5, 5}, {5, 5}, 10).size() == 2);
    CHECK_THROWS_AS(geodesic_line({0, 0}, {0, 1}, 0), std::invalid_argument);
    CHECK_THROWS_AS(geodesic_line({0, 0}, {0, 1}, -1), std::invalid_argument);
    CHECK_THROWS_AS(geodesic_line({0, 0}, {90, 0}, 1e-3), std::invalid_argument);
}
