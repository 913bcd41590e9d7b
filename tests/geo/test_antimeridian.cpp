// Geometry crossing 180 degrees: lines and polygons are cut at the antimeridian so nothing draws as a
// world-wide stripe, areas are kept, and rings around a pole are closed through it.
#include "geo/antimeridian.hpp"
#include "geo/dataset.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

using namespace entente::geo;

namespace {

const std::string kData = ENTENTE_TEST_DATA;

// Shoelace area in square degrees (absolute).
double ring_area(const Ring& r) {
    double s = 0;
    for (size_t i = 0; i + 1 < r.size(); ++i)
        s += r[i].lon * r[i + 1].lat - r[i + 1].lon * r[i].lat;
    if (!r.empty() && (r.front().lon != r.back().lon || r.front().lat != r.back().lat))
        s += r.back().lon * r.front().lat - r.front().lon * r.back().lat;
    return std::abs(s) / 2;
}

double polygon_area(const std::vector<Ring>& rings) {
    double a = ring_area(rings.at(0));
    for (size_t i = 1; i < rings.size(); ++i)
        a -= ring_area(rings[i]);
    return a;
}

bool in_range(const LonLat& p) {
    return p.lon >= -180.0 && p.lon <= 180.0 && p.lat >= -90.0 && p.lat <= 90.0;
}

double max_lon_step(const std::vector<LonLat>& pts) {
    double m = 0;
    for (size_t i = 1; i < pts.size(); ++i)
        m = std::max(m, std::abs(pts[i].lon - pts[i - 1].lon));
    return m;
}

} // namespace

TEST_CASE("split_line cuts a line crossing eastward at +180 and resumes at -180", "[antimeridian]") {
    const std::vector<LonLat> line{{170, 10}, {-170, 20}};
    REQUIRE(crosses_antimeridian(line));
    const auto parts = split_line(line);
    REQUIRE(parts.size() == 2);
    // 170 -> 190 (= -170) crosses 180 half way, so at latitude 15.
    const Ring& a = parts[0];
    const Ring& b = parts[1];
    REQUIRE(a.size() == 2);
    REQUIRE(b.size() == 2);
    CHECK(a.front().lon == 170);
    CHECK(a.front().lat == 10);
    CHECK(a.back().lon == 180.0);
    CHECK(a.back().lat == Approx(15.0).margin(1e-12));
    CHECK(b.front().lon == -180.0);
    CHECK(b.front().lat == Approx(15.0).margin(1e-12));
    CHECK(b.back().lon == -170);
    CHECK(b.back().lat == 20);
    for (auto& part : parts)
        CHECK_FALSE(crosses_antimeridian(part));
}

TEST_CASE("split_line cuts a line crossing westward at -180 and resumes at +180", "[antimeridian]") {
    // -175 -> 165 (= -195): 5 degrees to the seam out of 20, so a quarter of the way from lat 0 to lat -40.
    const std::vector<LonLat> line{{-160, 0}, {-175, 0}, {165, -40}, {150, -40}};
    const auto parts = split_line(line);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].size() == 3);
    CHECK(parts[0].back().lon == -180.0);
    CHECK(parts[0].back().lat == Approx(-10.0).margin(1e-12));
    CHECK(parts[1].front().lon == 180.0);
    CHECK(parts[1].front().lat == Approx(-10.0).margin(1e-12));
    CHECK(parts[1].size() == 3);
    CHECK(parts[1].back().lon == 150);
}

TEST_CASE("split_line leaves a line that does not cross unchanged", "[antimeridian]") {
    const std::vector<LonLat> line{{-10, 0}, {10, 5}, {179, 6}, {100, -30}};
    CHECK_FALSE(crosses_antimeridian(line));
    const auto parts = split_line(line);
    REQUIRE(parts.size() == 1);
    REQUIRE(parts[0].size() == line.size());
    for (size_t i = 0; i < line.size(); ++i) {
        CHECK(parts[0][i].lon == line[i].lon);
        CHECK(parts[0][i].lat == line[i].lat);
    }
}

TEST_CASE("split_line handles several crossings", "[antimeridian]") {
    const std::vector<LonLat> line{{170, 0}, {-170, 0}, {170, 10}, {-170, 10}};
    const auto parts = split_line(line);
    CHECK(parts.size() == 4);
    for (auto& part : parts) {
        CHECK(part.size() >= 2);
        CHECK_FALSE(crosses_antimeridian(part));
        for (auto& p : part)
            CHECK(in_range(p));
    }
}

TEST_CASE("split_polygon cuts a box spanning 175..-175 into two pieces of the same total area",
          "[antimeridian]") {
    // As an RFC 7946 writer stores it: the shell jumps from 175 to -175.
    const Ring box{{175, -20}, {-175, -20}, {-175, -10}, {175, -10}, {175, -20}};
    const double expected_area = 10.0 * 10.0; // 10 degrees of longitude by 10 of latitude
    const auto pieces = split_polygon({box});
    REQUIRE(pieces.size() == 2);
    double total = 0;
    int east = 0, west = 0;
    for (const auto& poly : pieces) {
        REQUIRE(!poly.empty());
        const Ring& shell = poly[0];
        REQUIRE(shell.size() >= 4);
        CHECK(shell.front().lon == shell.back().lon); // closed
        CHECK(shell.front().lat == shell.back().lat);
        for (auto& p : shell)
            CHECK(in_range(p));
        CHECK_FALSE(crosses_antimeridian(shell));
        bool all_east = true, all_west = true;
        for (auto& p : shell) {
            all_east = all_east && p.lon >= 175.0 && p.lon <= 180.0;
            all_west = all_west && p.lon >= -180.0 && p.lon <= -175.0;
        }
        east += all_east;
        west += all_west;
        const double a = polygon_area(poly);
        CHECK(a == Approx(expected_area / 2).epsilon(1e-9));
        total += a;
    }
    CHECK(east == 1);
    CHECK(west == 1);
    CHECK(total == Approx(expected_area).epsilon(1e-9));
}

TEST_CASE("split_polygon keeps a hole with its shell across the antimeridian", "[antimeridian]") {
    const Ring shell{{170, -20}, {-170, -20}, {-170, 0}, {170, 0}, {170, -20}};
    const Ring hole{{176, -15}, {176, -5}, {-176, -5}, {-176, -15}, {176, -15}};
    const double expected = 20.0 * 20.0 - 8.0 * 10.0;
    const auto pieces = split_polygon({shell, hole});
    REQUIRE(pieces.size() == 2);
    double total = 0;
    for (const auto& poly : pieces) {
        CHECK(poly.size() == 2); // each side keeps its half of the hole
        for (auto& r : poly)
            for (auto& p : r)
                CHECK(in_range(p));
        total += polygon_area(poly);
    }
    CHECK(total == Approx(expected).epsilon(1e-9));
}

TEST_CASE("split_polygon closes a ring around the south pole through the pole", "[antimeridian]") {
    // Antarctica-like: a ring at latitude -80 going eastward all the way round, crossing 180 once.
    Ring ring;
    for (int k = 0; k <= 36; ++k)
        ring.push_back({wrap_lon(10.0 * k), -80});
    REQUIRE(ring.front().lon == ring.back().lon);
    REQUIRE(crosses_antimeridian(ring));
    const auto pieces = split_polygon({ring});
    REQUIRE(!pieces.empty());
    double total = 0;
    bool reaches_pole = false;
    for (const auto& poly : pieces) {
        for (auto& p : poly[0]) {
            CHECK(in_range(p));
            CHECK(p.lat <= -80.0);
            reaches_pole = reaches_pole || p.lat == -90.0;
        }
        CHECK_FALSE(crosses_antimeridian(poly[0]));
        total += polygon_area(poly);
    }
    CHECK(reaches_pole);
    // The cap from -80 to -90 all the way round: 360 x 10 square degrees.
    CHECK(total == Approx(360.0 * 10.0).epsilon(1e-9));
}

TEST_CASE("split_polygon closes a westward ring around the north pole", "[antimeridian]") {
    Ring ring;
    for (int k = 0; k <= 24; ++k)
        ring.push_back({wrap_lon(-15.0 * k + 7.5), 70});
    const auto pieces = split_polygon({ring});
    REQUIRE(!pieces.empty());
    double total = 0;
    bool reaches_pole = false;
    for (const auto& poly : pieces) {
        for (auto& p : poly[0]) {
            CHECK(in_range(p));
            reaches_pole = reaches_pole || p.lat == 90.0;
        }
        total += polygon_area(poly);
    }
    CHECK(reaches_pole);
    CHECK(total == Approx(360.0 * 20.0).epsilon(1e-9));
}

TEST_CASE("wrap_lon normalises longitudes into -180..180 (180 becomes -180)", "[antimeridian]") {
    CHECK(wrap_lon(0) == 0);
    CHECK(wrap_lon(190) == Approx(-170));
    CHECK(wrap_lon(-190) == Approx(170));
    CHECK(wrap_lon(180) == -180);
    CHECK(wrap_lon(540) == -180);
    CHECK(wrap_lon(-180) == -180);
    CHECK(wrap_lon(725) == Approx(5));
}

TEST_CASE("densify inserts points so no step exceeds the limit", "[antimeridian]") {
    SECTION("a long diagonal") {
        std::vector<LonLat> pts{{0, 0}, {10, 5}, {10.5, 5.2}};
        const double limit = 1.0;
        REQUIRE(densify(pts, limit));
        CHECK(pts.front().lon == 0);
        CHECK(pts.back().lon == 10.5);
        CHECK(pts.back().lat == 5.2);
        CHECK(pts.size() >= 12); // 10 degrees in steps of at most 1 needs at least 10 segments
        for (size_t i = 1; i < pts.size(); ++i) {
            CHECK(std::abs(pts[i].lon - pts[i - 1].lon) <= limit + 1e-12);
            CHECK(std::abs(pts[i].lat - pts[i - 1].lat) <= limit + 1e-12);
        }
        // The inserted points lie on the straight segment (lat = lon / 2 on the first one).
        for (auto& p : pts)
            if (p.lon <= 10) CHECK(p.lat == Approx(p.lon / 2).margin(1e-12));
    }
    SECTION("a meridian with a smaller limit") {
        std::vector<LonLat> pts{{30, -60}, {30, 60}};
        REQUIRE(densify(pts, 0.25));
        CHECK(pts.size() == 481);
        for (size_t i = 1; i < pts.size(); ++i)
            CHECK(std::abs(pts[i].lat - pts[i - 1].lat) <= 0.25 + 1e-12);
    }
    SECTION("already dense: unchanged") {
        std::vector<LonLat> pts{{0, 0}, {0.5, 0.5}, {1, 1}};
        CHECK_FALSE(densify(pts, 1.0));
        CHECK(pts.size() == 3);
    }
    SECTION("a jump across the antimeridian is left for split_line") {
        std::vector<LonLat> pts{{179.5, 0}, {-179.5, 0}};
        densify(pts, 1.0);
        CHECK(pts.size() == 2);
    }
}

TEST_CASE("loading antimeridian.geojson gives no segment that wraps the world", "[antimeridian][loading]") {
    const LoadedSource src = load_source(kData + "/antimeridian.geojson");
    REQUIRE(src.vectors.size() == 1);
    const VectorLayer& l = *src.vectors[0];
    CHECK(l.feature_count() == 2);
    CHECK(l.skipped == 0);

    // The line 170 -> -170 comes back as two parts meeting at +-180.
    REQUIRE(l.lines.parts() == 2);
    for (size_t p = 0; p < l.lines.parts(); ++p) {
        std::vector<LonLat> part(l.lines.coords.begin() + l.lines.part_start[p],
                                 l.lines.coords.begin() + l.lines.part_start[p + 1]);
        CHECK(max_lon_step(part) <= 180.0);
        for (auto& q : part)
            CHECK(in_range(q));
    }
    bool meets_east = false, meets_west = false;
    for (auto& q : l.lines.coords) {
        meets_east = meets_east || (q.lon == 180.0 && std::abs(q.lat - 15.0) < 1e-9);
        meets_west = meets_west || (q.lon == -180.0 && std::abs(q.lat - 15.0) < 1e-9);
    }
    CHECK(meets_east);
    CHECK(meets_west);

    // The box 175..-175 comes back as two polygons, 100 square degrees in all, tessellated.
    const PolygonSet& ps = l.polygons;
    REQUIRE(ps.polygons() == 2);
    double area = 0;
    for (size_t r = 0; r + 1 < ps.ring_start.size(); ++r) {
        std::vector<LonLat> ring(ps.coords.begin() + ps.ring_start[r],
                                 ps.coords.begin() + ps.ring_start[r + 1]);
        CHECK(max_lon_step(ring) <= 180.0);
        for (auto& q : ring)
            CHECK(in_range(q));
        area += ring_area(ring);
    }
    CHECK(area == Approx(100.0).epsilon(1e-6));
    REQUIRE(!ps.triangles.empty());
    double tri_area = 0;
    for (size_t t = 0; t + 2 < ps.triangles.size(); t += 3) {
        const LonLat a = ps.coords.at(ps.triangles[t]), b = ps.coords.at(ps.triangles[t + 1]),
                     c = ps.coords.at(ps.triangles[t + 2]);
        CHECK(std::abs(a.lon - b.lon) <= 180.0);
        CHECK(std::abs(b.lon - c.lon) <= 180.0);
        tri_area += std::abs((b.lon - a.lon) * (c.lat - a.lat) - (c.lon - a.lon) * (b.lat - a.lat)) / 2;
    }
    CHECK(tri_area == Approx(100.0).epsilon(1e-6));
    // The layer's extent stays within the valid range.
    CHECK(l.extent.minx >= -180.0);
    CHECK(l.extent.maxx <= 180.0);
}

TEST_CASE("clip_ring_to_box keeps the part of a concave ring inside the box", "[antimeridian][clip]") {
    // A U open to the north, 0..10 x 0..10 with a notch 4..6 x 3..10, clipped to lat <= 5.
    const Ring u{{0, 0}, {10, 0}, {10, 10}, {6, 10}, {6, 3}, {4, 3}, {4, 10}, {0, 10}, {0, 0}};
    const Ring c = clip_ring_to_box(u, Bbox{-180, -90, 180, 5});
    REQUIRE(c.size() >= 4);
    CHECK(c.front().lon == c.back().lon);
    CHECK(c.front().lat == c.back().lat);
    for (auto& p : c)
        CHECK(p.lat <= 5);
    // 10 x 5 less the notch's 2 x 2 below 5.
    CHECK(ring_area(c) == Approx(46));
    // Wholly outside: nothing left.
    CHECK(clip_ring_to_box(u, Bbox{20, -90, 30, 90}).empty());
    // Wholly inside: the same area.
    CHECK(ring_area(clip_ring_to_box(u, Bbox{-180, -90, 180, 90})) == Approx(ring_area(u)));
}

TEST_CASE("shortest_lon_cover crosses the antimeridian when that is narrower", "[antimeridian][zoom]") {
    // Fiji: pieces either side of 180 after the split.
    auto [w, e] = shortest_lon_cover({{177, 180}, {-180, -178.5}, {176.8, 178}});
    CHECK(w == Approx(176.8));
    CHECK(e == Approx(181.5));
    // Chukotka: most of it east of 170 E, a tail west of -170.
    std::tie(w, e) = shortest_lon_cover({{160, 180}, {-180, -169}});
    CHECK(w == Approx(160));
    CHECK(e == Approx(191));
    // Africa: no crossing, the plain range.
    std::tie(w, e) = shortest_lon_cover({{-17, 51}, {30, 40}});
    CHECK(w == Approx(-17));
    CHECK(e == Approx(51));
    // Spread round the world: the largest gap is left out, wherever it is.
    std::tie(w, e) = shortest_lon_cover({{-170, -100}, {0, 10}, {100, 170}});
    CHECK(w == Approx(0));
    CHECK(e == Approx(-100 + 360));
}
