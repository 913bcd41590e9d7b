#include "geo/tessellate.hpp"

#include <catch2/catch.hpp>
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

using entente::geo::LonLat;
using entente::geo::tessellate_polygon;

namespace {

using Ring = std::vector<LonLat>;
constexpr double kPi = 3.14159265358979323846;

// Signed shoelace area, relative to the first point to limit cancellation.
double ring_area(const Ring& r) {
    if (r.size() < 3) return 0;
    double s = 0;
    const double ox = r[0].lon, oy = r[0].lat;
    for (size_t i = 0; i < r.size(); ++i) {
        const LonLat& a = r[i];
        const LonLat& b = r[(i + 1) % r.size()];
        s += (a.lon - ox) * (b.lat - oy) - (b.lon - ox) * (a.lat - oy);
    }
    return s / 2;
}

double polygon_area(const std::vector<Ring>& rings) {
    double a = std::abs(ring_area(rings[0]));
    for (size_t i = 1; i < rings.size(); ++i)
        a -= std::abs(ring_area(rings[i]));
    return a;
}

std::vector<LonLat> concat(const std::vector<Ring>& rings) {
    std::vector<LonLat> all;
    for (const Ring& r : rings)
        all.insert(all.end(), r.begin(), r.end());
    return all;
}

struct Result {
    std::vector<uint32_t> idx;
    size_t count = 0;
};

Result run(const std::vector<Ring>& rings, uint32_t base = 0) {
    std::vector<std::span<const LonLat>> spans;
    for (const Ring& r : rings)
        spans.emplace_back(r);
    Result res;
    res.count = tessellate_polygon(spans, base, res.idx);
    return res;
}

double tri_area(const LonLat& a, const LonLat& b, const LonLat& c) {
    return std::abs((b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon)) / 2;
}

double triangles_area(const std::vector<LonLat>& pts, const std::vector<uint32_t>& idx, uint32_t base = 0) {
    double s = 0;
    for (size_t i = 0; i + 2 < idx.size(); i += 3)
        s += tri_area(pts[idx[i] - base], pts[idx[i + 1] - base], pts[idx[i + 2] - base]);
    return s;
}

void check_indices(const Result& r, size_t n_points, uint32_t base) {
    REQUIRE(r.idx.size() == r.count * 3);
    for (uint32_t i : r.idx) {
        REQUIRE(i >= base);
        REQUIRE(i - base < n_points);
    }
}

void check_area(const std::vector<Ring>& rings, const Result& r) {
    const double want = polygon_area(rings);
    const double got = triangles_area(concat(rings), r.idx);
    REQUIRE(want > 0);
    REQUIRE(std::abs(got - want) <= 1e-9 * want);
}

bool point_in_rings(const std::vector<Ring>& rings, double x, double y) {
    bool inside = false;
    for (const Ring& r : rings) {
        for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
            const LonLat& a = r[i];
            const LonLat& b = r[j];
            if ((a.lat > y) != (b.lat > y) && x < (b.lon - a.lon) * (y - a.lat) / (b.lat - a.lat) + a.lon)
                inside = !inside;
        }
    }
    return inside;
}

bool point_in_tri(const LonLat& a, const LonLat& b, const LonLat& c, double x, double y) {
    const double d1 = (b.lon - a.lon) * (y - a.lat) - (b.lat - a.lat) * (x - a.lon);
    const double d2 = (c.lon - b.lon) * (y - b.lat) - (c.lat - b.lat) * (x - b.lon);
    const double d3 = (a.lon - c.lon) * (y - c.lat) - (a.lat - c.lat) * (x - c.lon);
    return (d1 > 0 && d2 > 0 && d3 > 0) || (d1 < 0 && d2 < 0 && d3 < 0);
}

// Exact cover, sampled: every random point inside the polygon lies in exactly one triangle, every point
// outside in none. (Area equality alone would miss an overlap cancelling a gap.)
void check_cover(const std::vector<Ring>& rings, const Result& r, int samples, uint32_t seed) {
    const std::vector<LonLat> pts = concat(rings);
    double minx = pts[0].lon, maxx = minx, miny = pts[0].lat, maxy = miny;
    for (const LonLat& p : pts) {
        minx = std::min(minx, p.lon), maxx = std::max(maxx, p.lon);
        miny = std::min(miny, p.lat), maxy = std::max(maxy, p.lat);
    }
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> ux(minx, maxx), uy(miny, maxy);
    for (int s = 0; s < samples; ++s) {
        const double x = ux(rng), y = uy(rng);
        int hits = 0;
        for (size_t i = 0; i < r.idx.size(); i += 3)
            hits += point_in_tri(pts[r.idx[i]], pts[r.idx[i + 1]], pts[r.idx[i + 2]], x, y);
        INFO("sample " << x << ", " << y);
        REQUIRE(hits == (point_in_rings(rings, x, y) ? 1 : 0));
    }
}

Ring square(double x0, double y0, double size, bool ccw = true) {
    Ring r{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}};
    if (!ccw) std::reverse(r.begin(), r.end());
    return r;
}

// Star-shaped polygon around (cx, cy): evenly spaced angles, random radii in [rmin, rmax].
Ring star(std::mt19937& rng, size_t n, double cx, double cy, double rmin, double rmax) {
    std::uniform_real_distribution<double> ur(rmin, rmax);
    Ring r;
    r.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const double t = 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
        const double rad = ur(rng);
        r.push_back({cx + rad * std::cos(t), cy + rad * std::sin(t)});
    }
    return r;
}

Ring regular(size_t n, double cx, double cy, double rad) {
    Ring r;
    for (size_t i = 0; i < n; ++i) {
        const double t = 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
        r.push_back({cx + rad * std::cos(t), cy + rad * std::sin(t)});
    }
    return r;
}

} // namespace

TEST_CASE("square gives two triangles covering it", "[tessellate]") {
    const std::vector<Ring> rings{square(0, 0, 1)};
    const Result r = run(rings);
    CHECK(r.count == 2);
    check_indices(r, 4, 0);
    check_area(rings, r);
}

TEST_CASE("ring orientation does not matter", "[tessellate]") {
    const std::vector<Ring> rings{square(0, 0, 2, false), square(0.5, 0.5, 1, false)};
    const Result r = run(rings);
    check_area(rings, r);
    check_cover(rings, r, 300, 1);
}

TEST_CASE("concave shapes", "[tessellate]") {
    SECTION("L shape") {
        const std::vector<Ring> rings{{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 3}, {0, 3}}};
        const Result r = run(rings);
        CHECK(r.count == 4);
        check_area(rings, r);
        check_cover(rings, r, 500, 2);
    }
    SECTION("comb") {
        Ring comb{{0, 0}, {10, 0}};
        for (int t = 9; t >= 0; --t) { // ten teeth pointing up, spaced along x
            comb.push_back({t + 1.0, 5});
            comb.push_back({t + 0.5, 5});
            comb.push_back({t + 0.5, 1});
            comb.push_back({t + 0.0, 1});
        }
        const std::vector<Ring> rings{comb};
        const Result r = run(rings);
        CHECK(r.count == comb.size() - 2);
        check_area(rings, r);
        check_cover(rings, r, 1000, 3);
    }
}

TEST_CASE("holes", "[tessellate]") {
    SECTION("one hole") {
        const std::vector<Ring> rings{square(0, 0, 10), square(3, 3, 4)};
        const Result r = run(rings);
        CHECK(r.count == 8);
        check_indices(r, 8, 0);
        check_area(rings, r);
        check_cover(rings, r, 500, 4);
    }
    SECTION("several holes, mixed orientation") {
        std::vector<Ring> rings{square(0, 0, 10)};
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                rings.push_back(square(1 + 3 * i, 1 + 3 * j, 2, (i + j) % 2 == 0));
        const Result r = run(rings);
        CHECK(r.count <= 40 + 2 * 9 - 2); // n + 2h - 2 at most (aligned bridges let collinear points go)
        check_indices(r, 40, 0);
        check_area(rings, r);
        check_cover(rings, r, 1000, 5);
    }
    SECTION("hole touching the outer ring at a vertex") {
        const std::vector<Ring> rings{square(0, 0, 4), {{0, 0}, {1, 2}, {2, 1}}};
        const Result r = run(rings);
        check_area(rings, r);
        check_cover(rings, r, 500, 6);
    }
    SECTION("many holes in a large (hashed) ring") {
        std::mt19937 rng(7);
        std::vector<Ring> rings{regular(400, 0, 0, 100)};
        for (int i = -3; i <= 3; ++i)
            for (int j = -3; j <= 3; ++j)
                rings.push_back(star(rng, 12, i * 20.0, j * 20.0, 3, 8));
        const Result r = run(rings);
        check_area(rings, r);
        check_cover(rings, r, 500, 8);
    }
}

TEST_CASE("closed and unclosed rings keep caller indices", "[tessellate]") {
    Ring outer = square(0, 0, 10);
    outer.push_back(outer.front());           // closed: 5 points, index 4 is the duplicate
    const Ring hole = square(2, 2, 3, false); // unclosed: indices 5..8
    Ring hole2 = square(6, 6, 2);
    hole2.push_back(hole2.front()); // closed: indices 9..13
    const std::vector<Ring> rings{outer, hole, hole2};
    const uint32_t base = 1000;
    const Result r = run(rings, base);
    check_indices(r, 14, base);
    for (uint32_t i : r.idx) {
        CHECK(i != base + 4);
        CHECK(i != base + 13);
    }
    const std::vector<LonLat> all = concat(rings);
    const double want = 100 - 9 - 4;
    CHECK(std::abs(triangles_area(all, r.idx, base) - want) <= 1e-9 * want);
    CHECK(r.count == 4 + 4 + 4 + 2);

    // The concatenated-storage overload gives the same result.
    const std::vector<uint32_t> starts{0, 5, 9, 14};
    std::vector<uint32_t> out2{42}; // appends, keeps what was there
    const size_t n2 = tessellate_polygon(all, starts, base, out2);
    CHECK(n2 == r.count);
    REQUIRE(out2.size() == 1 + r.idx.size());
    CHECK(out2[0] == 42);
    CHECK(std::vector<uint32_t>(out2.begin() + 1, out2.end()) == r.idx);
}

TEST_CASE("collinear and duplicate points", "[tessellate]") {
    SECTION("collinear points on edges") {
        const std::vector<Ring> rings{
            {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {3, 1}, {3, 2}, {3, 3}, {2, 3}, {1, 3}, {0, 3}, {0, 2}, {0, 1}}};
        const Result r = run(rings);
        check_indices(r, 12, 0);
        check_area(rings, r);
        check_cover(rings, r, 300, 9);
    }
    SECTION("duplicate consecutive points") {
        const std::vector<Ring> rings{
            {{0, 0}, {0, 0}, {2, 0}, {2, 0}, {2, 0}, {2, 2}, {1, 1}, {1, 1}, {0, 2}, {0, 2}, {0, 0}, {0, 0}}};
        const Result r = run(rings);
        check_indices(r, 12, 0);
        check_area(rings, r);
        check_cover(rings, r, 300, 10);
    }
}

TEST_CASE("degenerate input gives no triangles", "[tessellate]") {
    std::vector<uint32_t> out;
    SECTION("all collinear") {
        const std::vector<Ring> rings{{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {1.5, 1.5}}};
        CHECK(run(rings).count == 0);
    }
    SECTION("fewer than 3 distinct points") {
        CHECK(run({Ring{{0, 0}, {1, 1}}}).count == 0);
        CHECK(run({Ring{{0, 0}, {1, 1}, {0, 0}}}).count == 0);
        CHECK(run({Ring{{5, 5}, {5, 5}, {5, 5}, {5, 5}}}).count == 0);
        CHECK(run({Ring{}}).count == 0);
    }
    SECTION("no rings") {
        CHECK(tessellate_polygon(std::span<const std::span<const LonLat>>{}, 0, out) == 0);
        CHECK(tessellate_polygon(std::span<const LonLat>{}, std::span<const uint32_t>{}, 0, out) == 0);
        CHECK(out.empty());
    }
    SECTION("degenerate hole is ignored") {
        const std::vector<Ring> rings{square(0, 0, 4), {{1, 1}, {2, 2}, {3, 3}}};
        const Result r = run(rings);
        CHECK(std::abs(triangles_area(concat(rings), r.idx) - 16) < 1e-12);
    }
    SECTION("non-finite points are skipped") {
        const std::vector<Ring> rings{{{0, 0}, {1, 0}, {NAN, 0.5}, {1, 1}, {0, 1}}};
        const Result r = run(rings);
        check_indices(r, 5, 0);
        for (uint32_t i : r.idx)
            CHECK(i != 2);
        CHECK(std::abs(triangles_area(concat(rings), r.idx) - 1) < 1e-12);
    }
}

TEST_CASE("self-intersecting input terminates", "[tessellate]") {
    SECTION("bow-tie") {
        const std::vector<Ring> rings{{{0, 0}, {2, 2}, {2, 0}, {0, 2}}};
        const Result r = run(rings, 7);
        check_indices(r, 4, 7);
    }
    SECTION("lopsided bow-tie") {
        const std::vector<Ring> rings{{{0, 0}, {3, 2}, {3, 0}, {0, 1}}};
        const Result r = run(rings);
        check_indices(r, 4, 0);
    }
    SECTION("random self-intersecting rings") {
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> u(0, 1);
        for (int k = 0; k < 300; ++k) {
            Ring ring(3 + k % 40);
            for (LonLat& p : ring)
                p = {u(rng), u(rng)};
            std::vector<Ring> rings{ring};
            if (k % 3 == 0) rings.push_back(star(rng, 6, u(rng), u(rng), 0.05, 0.3));
            const Result r = run(rings);
            check_indices(r, concat(rings).size(), 0);
        }
    }
}

TEST_CASE("random star polygons", "[tessellate]") {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> un(8, 200);
    for (int k = 0; k < 200; ++k) {
        const size_t n = static_cast<size_t>(un(rng));
        const double rmin = 0.3;
        std::vector<Ring> rings{star(rng, n, 0, 0, rmin, 1.0)};
        if (k % 2 == 1) { // hole well inside the disc every such star contains
            Ring hole =
                star(rng, 5 + k % 30, 0, 0, 0.1 * rmin, 0.45 * rmin * std::cos(kPi / static_cast<double>(n)));
            if (k % 4 == 1) std::reverse(hole.begin(), hole.end());
            rings.push_back(hole);
        }
        if (k % 5 == 0) rings[0].push_back(rings[0].front());
        INFO("polygon " << k << " with " << n << " vertices");
        const Result r = run(rings, 3);
        check_indices(r, concat(rings).size(), 3);
        std::vector<uint32_t> local(r.idx);
        for (uint32_t& i : local)
            i -= 3;
        Result shifted{local, r.count};
        check_area(rings, shifted);
        if (k % 10 == 0) check_cover(rings, shifted, 200, static_cast<uint32_t>(k));
    }
}

TEST_CASE("geographic coordinates far from the origin", "[tessellate]") {
    std::mt19937 rng(99);
    const std::vector<Ring> rings{star(rng, 300, 170.25, -45.5, 0.004, 0.01),
                                  regular(20, 170.25, -45.5, 0.001)};
    const Result r = run(rings);
    check_area(rings, r);
    check_cover(rings, r, 300, 13);
}

TEST_CASE("50,000-vertex star ring", "[tessellate]") {
    std::mt19937 rng(2024);
    const std::vector<Ring> rings{star(rng, 50000, 10, 20, 0.5, 1.0)};
    const Result r = run(rings);
    CHECK(r.count == 50000 - 2);
    check_indices(r, 50000, 0);
    check_area(rings, r);
    check_cover(rings, r, 50, 14);
}

TEST_CASE("histogram polygons with aligned holes (collinear-heavy)", "[tessellate]") {
    std::mt19937 rng(77);
    std::uniform_int_distribution<int> uh(1, 4), coin(0, 2);
    for (int k = 0; k < 50; ++k) {
        const int cols = 2 + k % 15;
        std::vector<int> h(static_cast<size_t>(cols));
        for (int& v : h)
            v = uh(rng);
        Ring outer{{0, 0}, {static_cast<double>(cols), 0}};
        for (int i = cols - 1; i >= 0; --i) { // equal neighbouring heights leave collinear points
            outer.push_back({i + 1.0, static_cast<double>(h[static_cast<size_t>(i)])});
            outer.push_back({i + 0.0, static_cast<double>(h[static_cast<size_t>(i)])});
        }
        std::vector<Ring> rings{outer};
        for (int i = 0; i < cols; ++i)
            if (coin(rng) != 0) rings.push_back(square(i + 0.25, 0.25, 0.5, coin(rng) == 0));
        INFO("polygon " << k);
        const Result r = run(rings);
        check_indices(r, concat(rings).size(), 0);
        check_area(rings, r);
        if (k % 5 == 0) check_cover(rings, r, 200, static_cast<uint32_t>(100 + k));
    }
}

TEST_CASE("glitchy real-world-like rings still triangulate", "[tessellate]") {
    std::mt19937 rng(5);
    Ring ring = star(rng, 5000, 0, 0, 0.9, 1.0);
    const double clean_area = std::abs(ring_area(ring));
    for (int g = 0; g < 20; ++g) { // adjacent swaps make small bow-ties, like digitising slips
        const size_t i = 10 + static_cast<size_t>(g) * 240;
        std::swap(ring[i], ring[i + 1]);
    }
    const Result r = run({ring});
    check_indices(r, ring.size(), 0);
    CHECK(r.count > 4900);
    CHECK(std::abs(triangles_area(ring, r.idx) - clean_area) < 0.01 * clean_area);
}

TEST_CASE("hopeless garbage terminates", "[tessellate]") {
    std::mt19937 rng(9);
    std::uniform_int_distribution<int> grid(0, 6);
    Ring ring(6000); // thousands of vertices on only 49 distinct spots
    for (LonLat& p : ring)
        p = {static_cast<double>(grid(rng)), static_cast<double>(grid(rng))};
    const Result r = run({ring, Ring(ring.begin(), ring.begin() + 300)});
    check_indices(r, ring.size() + 300, 0);
}

// ---- large rings (sweep-line triangulation) ---------------------------------------------------------------

namespace {

// Polygon area from GEOS, an implementation independent of the tessellator and of the helpers above.
double geos_area(const std::vector<Ring>& rings) {
    GEOSContextHandle_t ctx = GEOS_init_r();
    std::unique_ptr<GEOSContextHandle_HS, void (*)(GEOSContextHandle_t)> guard(ctx, GEOS_finish_r);
    auto make_ring = [&](const Ring& r) {
        std::vector<double> xy;
        xy.reserve(2 * r.size() + 2);
        for (const LonLat& p : r)
            xy.push_back(p.lon), xy.push_back(p.lat);
        xy.push_back(r[0].lon), xy.push_back(r[0].lat);
        GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, xy.data(), r.size() + 1, 0, 0);
        return GEOSGeom_createLinearRing_r(ctx, seq);
    };
    GEOSGeometry* shell = make_ring(rings[0]);
    std::vector<GEOSGeometry*> holes;
    for (size_t k = 1; k < rings.size(); ++k)
        holes.push_back(make_ring(rings[k]));
    GEOSGeometry* poly =
        GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size()));
    REQUIRE(poly);
    // The counts below hold only for valid polygons. GEOS's validity check takes minutes on the big random
    // stars (simple by construction: evenly spaced angles), so only the smaller cases go through it.
    size_t n = 0;
    for (const Ring& r : rings)
        n += r.size();
    if (n <= 60000) REQUIRE(GEOSisValid_r(ctx, poly) == 1);
    double area = 0;
    REQUIRE(GEOSArea_r(ctx, poly, &area) == 1);
    GEOSGeom_destroy_r(ctx, poly);
    return area;
}

Ring reversed(Ring r) {
    std::reverse(r.begin(), r.end());
    return r;
}

// Comb: a spine along the bottom with `teeth` tall thin teeth pointing up (a split vertex between each pair).
Ring comb(size_t teeth) {
    Ring r{{0, 0}, {2.0 * static_cast<double>(teeth), 0}};
    for (size_t i = teeth; i-- > 0;) {
        const double x = 2.0 * static_cast<double>(i);
        r.push_back({x + 1.5, 1});
        r.push_back({x + 1.2, 100});
        r.push_back({x + 0.3, 100 + 0.01 * static_cast<double>(i % 7)});
        r.push_back({x, 1});
    }
    return r;
}

// Band along an Archimedean spiral: out along the outer edge, back along the inner one.
Ring spiral(size_t n_half, double turns) {
    Ring r;
    const double pitch = 1.0, width = 0.4;
    for (size_t i = 0; i < n_half; ++i) {
        const double t = turns * 2 * kPi * static_cast<double>(i) / static_cast<double>(n_half - 1);
        const double rad = 1 + pitch * t / (2 * kPi);
        r.push_back({rad * std::cos(t), rad * std::sin(t)});
    }
    for (size_t i = n_half; i-- > 0;) {
        const double t = turns * 2 * kPi * static_cast<double>(i) / static_cast<double>(n_half - 1);
        const double rad = 1 + pitch * t / (2 * kPi) - width;
        r.push_back({rad * std::cos(t), rad * std::sin(t)});
    }
    return r;
}

// Rectangle whose sides are long collinear runs with equal x or y values everywhere.
Ring dense_rectangle(size_t per_side) {
    Ring r;
    const double s = static_cast<double>(per_side);
    for (size_t i = 0; i < per_side; ++i)
        r.push_back({static_cast<double>(i), 0});
    for (size_t i = 0; i < per_side; ++i)
        r.push_back({s, static_cast<double>(i)});
    for (size_t i = 0; i < per_side; ++i)
        r.push_back({s - static_cast<double>(i), s});
    for (size_t i = 0; i < per_side; ++i)
        r.push_back({0, s - static_cast<double>(i)});
    return r;
}

// Staircase histogram: 1-unit columns of random integer height, many equal y values. Neighbouring heights
// differ, so no point repeats (repeats are dropped and would change the triangle count).
Ring staircase(std::mt19937& rng, size_t cols) {
    std::uniform_int_distribution<int> uh(1, 6);
    Ring r{{0, 0}, {static_cast<double>(cols), 0}};
    double last = 0;
    for (size_t i = cols; i-- > 0;) {
        double h = uh(rng);
        while (h == last)
            h = uh(rng);
        last = h;
        r.push_back({i + 1.0, h});
        r.push_back({i + 0.0, h});
    }
    return r;
}

Ring rounded(Ring r, double step) {
    for (LonLat& p : r)
        p = {std::round(p.lon / step) * step, std::round(p.lat / step) * step};
    return r;
}

struct BigCase {
    std::string name;
    std::vector<Ring> rings;
};

std::vector<BigCase> big_cases() {
    std::mt19937 rng(31337);
    std::vector<BigCase> cases;
    cases.push_back({"random star 10k", {star(rng, 10000, 0, 0, 2, 5)}});
    cases.push_back({"random star 100k", {star(rng, 100000, 0, 0, 2, 5)}});
    cases.push_back({"random star 300k, clockwise", {reversed(star(rng, 300000, 0, 0, 2, 5))}});
    {
        // 40k-vertex star with 25 star holes of 2k vertices each, on a grid well inside its inner radius.
        std::vector<Ring> rings{star(rng, 40000, 0, 0, 30, 40)};
        for (int i = -2; i <= 2; ++i)
            for (int j = -2; j <= 2; ++j)
                rings.push_back(star(rng, 2000, 8.0 * i, 8.0 * j, 1, 3.5));
        cases.push_back({"star with 25 star holes", rings});
    }
    cases.push_back({"comb of 10k teeth", {comb(10000)}});
    cases.push_back({"spiral band 2x50k", {spiral(50000, 40)}});
    cases.push_back({"collinear rectangle 4x20k", {dense_rectangle(20000)}});
    cases.push_back({"staircase 20k columns with square holes", {staircase(rng, 20000)}});
    for (size_t i = 0; i < 20000; i += 10) // holes in the bottom row: every column is at least 1 tall
        cases.back().rings.push_back(square(static_cast<double>(i) + 0.25, 0.25, 0.5, i % 20 == 0));
    cases.push_back({"circle 1M rounded to 1e-7", {rounded(regular(1000000, 10, 50, 5), 1e-7)}});
    return cases;
}

} // namespace

TEST_CASE("large simple polygons triangulate exactly", "[tessellate]") {
    for (const BigCase& c : big_cases()) {
        SECTION(c.name) {
            const std::vector<LonLat> pts = concat(c.rings);
            const size_t holes = c.rings.size() - 1;
            const Result r = run(c.rings, 7);
            check_indices(r, pts.size(), 7);
            // Every vertex kept, no new ones: a simple polygon with h holes has n - 2 + 2h triangles.
            CHECK(r.count == pts.size() - 2 + 2 * holes);
            const double want = geos_area(c.rings);
            const double got = triangles_area(pts, r.idx, 7);
            CHECK(std::abs(got - want) <= 1e-9 * want);
            // Rings are normalised (outer counter-clockwise) whatever their input orientation, so every
            // triangle must be counter-clockwise; a clockwise one would be folded over its neighbours.
            const double orient = 1;
            size_t flipped = 0;
            for (size_t k = 0; k < r.idx.size(); k += 3) {
                const LonLat& a = pts[r.idx[k] - 7];
                const LonLat& b = pts[r.idx[k + 1] - 7];
                const LonLat& d = pts[r.idx[k + 2] - 7];
                flipped +=
                    orient * ((b.lon - a.lon) * (d.lat - a.lat) - (b.lat - a.lat) * (d.lon - a.lon)) < 0;
            }
            CHECK(flipped == 0);
        }
    }
}

TEST_CASE("large rings sampled for exact cover", "[tessellate]") {
    std::mt19937 rng(8);
    std::vector<Ring> rings{star(rng, 25000, 0, 0, 10, 20)};
    for (int i = -1; i <= 1; ++i)
        rings.push_back(star(rng, 1000, 5.0 * i, 0, 0.5, 2));
    const Result r = run(rings);
    CHECK(r.count == 28000 - 2 + 6);
    check_cover(rings, r, 40, 21);
}

TEST_CASE("large invalid rings fall back and terminate", "[tessellate]") {
    std::mt19937 rng(5);
    SECTION("bow-ties from swapped neighbours") {
        Ring ring = star(rng, 30000, 0, 0, 0.9, 1.0);
        const double clean_area = std::abs(ring_area(ring));
        for (int g = 0; g < 20; ++g)
            std::swap(ring[10 + static_cast<size_t>(g) * 1400], ring[11 + static_cast<size_t>(g) * 1400]);
        const Result r = run({ring});
        check_indices(r, ring.size(), 0);
        CHECK(r.count > 29900);
        CHECK(std::abs(triangles_area(ring, r.idx) - clean_area) < 0.01 * clean_area);
    }
    SECTION("figure eight") {
        Ring ring = regular(15000, 0, 0, 1);
        const Ring right = regular(15000, 2, 0, 1);
        ring.insert(ring.end(), right.rbegin(), right.rend()); // the second loop turns the other way
        const Result r = run({ring});
        check_indices(r, ring.size(), 0);
    }
    SECTION("thousands of vertices on a few spots") {
        std::uniform_int_distribution<int> grid(0, 6);
        Ring ring(30000);
        for (LonLat& p : ring)
            p = {static_cast<double>(grid(rng)), static_cast<double>(grid(rng))};
        const Result r = run({ring});
        check_indices(r, ring.size(), 0);
    }
}

TEST_CASE("a polygon its caller proved valid gives the same triangles without the untangling pass",
          "[tessellate]") {
    auto triangles = [](const std::vector<Ring>& rings, bool simple) {
        const std::vector<LonLat> all = concat(rings);
        std::vector<uint32_t> starts{0};
        for (const Ring& r : rings)
            starts.push_back(starts.back() + static_cast<uint32_t>(r.size()));
        std::vector<uint32_t> out;
        tessellate_polygon(all, starts, 0, out, simple);
        return out;
    };
    std::mt19937 rng(77);
    std::uniform_int_distribution<int> un(8, 300);
    for (int k = 0; k < 300; ++k) {
        const size_t n = static_cast<size_t>(un(rng));
        std::vector<Ring> rings{star(rng, n, 10, 45, 0.3, 1.0)};
        if (k % 3 == 0)
            rings.push_back(
                star(rng, 5 + k % 20, 10, 45, 0.03, 0.13 * std::cos(kPi / static_cast<double>(n))));
        INFO("polygon " << k << " with " << n << " vertices");
        REQUIRE(geos_area(rings) > 0); // valid, as GEOS judges it
        CHECK(triangles(rings, true) == triangles(rings, false));
    }
    // Where a ring does cross itself, the pass is what keeps the triangles inside it: the flag is a promise.
    Ring ring = star(rng, 5000, 0, 0, 0.9, 1.0);
    for (int g = 0; g < 20; ++g)
        std::swap(ring[10 + static_cast<size_t>(g) * 240], ring[11 + static_cast<size_t>(g) * 240]);
    CHECK(triangles({ring}, true) != triangles({ring}, false));
}
