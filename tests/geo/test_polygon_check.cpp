// The fast validity proof (geo/polygon_check.hpp) against GEOS, through OGR: whatever it calls valid, GEOS
// must call valid, and it must vouch for the ordinary polygons real data is made of (or GEOS runs for each).
#include "geo/polygon_check.hpp"

#include <catch2/catch.hpp>
#include <ogr_geometry.h>

#include <array>
#include <cmath>
#include <memory>
#include <random>
#include <vector>

using entente::geo::certainly_valid_polygon;
using entente::geo::LonLat;

namespace {

using Ring = std::vector<LonLat>;
constexpr double kPi = 3.14159265358979323846;

Ring closed(Ring r) {
    r.push_back(r.front());
    return r;
}

// Star-shaped: evenly spaced angles, random radii, so simple but concave.
Ring star(std::mt19937& rng, size_t n, double cx, double cy, double rmin, double rmax) {
    std::uniform_real_distribution<double> ur(rmin, rmax);
    Ring r;
    for (size_t i = 0; i < n; ++i) {
        const double t = 2 * kPi * double(i) / double(n);
        const double rr = ur(rng);
        r.push_back({cx + rr * std::cos(t), cy + rr * std::sin(t)});
    }
    return closed(r);
}

bool ours(const std::vector<Ring>& rings) {
    std::vector<LonLat> pts;
    std::vector<uint32_t> starts;
    for (const Ring& r : rings) {
        starts.push_back(uint32_t(pts.size()));
        pts.insert(pts.end(), r.begin(), r.end());
    }
    starts.push_back(uint32_t(pts.size()));
    return certainly_valid_polygon(pts, starts);
}

bool geos(const std::vector<Ring>& rings) {
    OGRPolygon poly;
    for (const Ring& r : rings) {
        auto ring = std::make_unique<OGRLinearRing>();
        for (const LonLat& p : r)
            ring->addPoint(p.lon, p.lat);
        poly.addRingDirectly(ring.release());
    }
    return poly.IsValid();
}

} // namespace

TEST_CASE("what the fast check calls valid, GEOS calls valid, and ordinary polygons need no GEOS") {
    std::mt19937 rng(2024);
    std::uniform_real_distribution<double> u(0, 1);
    size_t cases = 0, geos_valid = 0, vouched = 0, false_claims = 0;
    std::array<size_t, 6> missed{};
    int kind = 0;
    auto judge = [&](const std::vector<Ring>& rings) {
        const bool fast = ours(rings), slow = geos(rings);
        if (slow && !fast) ++missed[size_t(kind)];
        if (fast && !slow) ++false_claims;
        // Coverage counts the polygons of everyday data (up to 512 vertices). A star of thousands of long
        // spikes is dense everywhere, so both the sweep and the grid exceed their budget and GEOS decides;
        // a coastline of a million points takes the grid path (below).
        if (rings[0].size() > 512) return;
        ++cases;
        geos_valid += slow;
        vouched += fast;
    };
    for (int k = 0; k < 3000; ++k) {
        const size_t n = 3 + size_t(u(rng) * (k % 10 == 0 ? 3000 : 120));
        const double cx = u(rng) * 300 - 150, cy = u(rng) * 160 - 80, r = 0.001 + u(rng) * 5;
        kind = k % 6;
        switch (kind) {
        case 0: // a plain star
            judge({star(rng, n, cx, cy, 0.5 * r, r)});
            break;
        case 1: // a star with a hole well inside
            judge({star(rng, n, cx, cy, 0.6 * r, r), star(rng, 3 + n / 4, cx, cy, 0.1 * r, 0.5 * r)});
            break;
        case 2: // radii from near zero: spikes through the centre, often crossing
            judge({star(rng, n, cx, cy, 0.0, r)});
            break;
        case 3: { // a hole that reaches outside the shell, or lies outside it altogether
            const double off = (u(rng) < 0.5 ? 0.9 : 3.0) * r;
            judge({star(rng, n, cx, cy, 0.8 * r, r), star(rng, 8, cx + off, cy, 0.1 * r, 0.4 * r)});
            break;
        }
        case 4: { // points in random order: self-intersecting almost always
            Ring ring;
            for (size_t i = 0; i < std::min<size_t>(n, 40); ++i)
                ring.push_back({cx + u(rng) * r, cy + u(rng) * r});
            judge({closed(ring)});
            break;
        }
        case 5: { // two holes, nested in each other half the time
            const bool nested = u(rng) < 0.5;
            judge({star(rng, n, cx, cy, 0.9 * r, r), star(rng, 12, cx, cy, 0.5 * r, 0.6 * r),
                   star(rng, 12, cx + (nested ? 0 : 0.75 * r), cy, 0.05 * r, 0.1 * r)});
            break;
        }
        }
    }
    CAPTURE(cases, geos_valid, vouched, missed);
    CHECK(false_claims == 0);
    CHECK(geos_valid > cases / 3);
    CHECK(double(vouched) >= 0.95 * double(geos_valid)); // the fast path carries nearly all valid polygons
}

TEST_CASE("shapes GEOS rejects are never vouched for") {
    using R = std::vector<Ring>;
    const R bow_tie{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}};
    const R spike{{{0, 0}, {4, 0}, {4, 4}, {2, 4}, {2, 6}, {2, 4}, {0, 4}, {0, 0}}}; // doubles back on itself
    const R touches_itself{{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}};        // a vertex on an edge
    const R hole_outside{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{5, 1}, {6, 1}, {6, 2}, {5, 1}}};
    const R hole_on_shell{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{0, 0}, {1, 1}, {1, 2}, {0, 0}}};
    const R nested_holes{{{0, 0}, {9, 0}, {9, 9}, {0, 9}, {0, 0}},
                         {{1, 1}, {8, 1}, {8, 8}, {1, 8}, {1, 1}},
                         {{2, 2}, {3, 2}, {3, 3}, {2, 2}}};
    const R open_ring{{{0, 0}, {4, 0}, {4, 4}, {0, 4}}};
    const R too_few{{{0, 0}, {1, 1}, {0, 0}}};
    for (const R& shape : {bow_tie, spike, touches_itself, hole_outside, nested_holes})
        CHECK_FALSE(geos(shape));
    // A hole touching the shell at one point is valid to GEOS; the fast check leaves touches to GEOS.
    CHECK(geos(hole_on_shell));
    for (const R& shape :
         {bow_tie, spike, touches_itself, hole_outside, hole_on_shell, nested_holes, open_ring, too_few})
        CHECK_FALSE(ours(shape));
    // And the plain cases it must vouch for.
    CHECK(ours({{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}}));
    CHECK(ours({{{0, 0}, {9, 0}, {9, 9}, {0, 9}, {0, 0}},
                {{1, 1}, {2, 1}, {2, 2}, {1, 1}},
                {{5, 5}, {6, 5}, {6, 6}, {5, 5}}}));
}

TEST_CASE("a ring of 20,000 points goes through the grid path in step with GEOS") {
    // A wavy circle (as a coastline wiggles), and the same with one vertex pulled across the ring. (GEOS on
    // a ring of 200,000 points takes minutes under the sanitizers' allocator; bench/run.sh loads one of
    // 5,000,000 through the same grid path.)
    const size_t n = 20'000;
    Ring ring;
    for (size_t i = 0; i < n; ++i) {
        const double a = 2 * kPi * double(i) / double(n);
        const double r = 15 * (1 + 0.03 * std::sin(a * 37) + 0.005 * std::sin(a * 601));
        ring.push_back({10 + r * std::cos(a), 5 + r * std::sin(a)});
    }
    const Ring good = closed(ring);
    CHECK(ours({good}));
    CHECK(geos({good}));
    Ring bad = ring;
    bad[n / 2] = {10 + 20.0, 5}; // far outside, so its two edges cross the ring
    CHECK_FALSE(ours({closed(bad)}));
    CHECK_FALSE(geos({closed(bad)}));
}

TEST_CASE("star-shaped rings are vouched for in one pass, and only when GEOS agrees") {
    std::mt19937 rng(99);
    std::uniform_real_distribution<double> u(0, 1);
    size_t false_claims = 0, convex = 0, convex_vouched = 0;
    for (int k = 0; k < 4000; ++k) {
        const double cx = u(rng) * 358 - 179, cy = u(rng) * 170 - 85;
        const double r = std::pow(10.0, -7 + 7 * u(rng)); // from a centimetre to a continent
        const size_t n = 3 + size_t(u(rng) * 60);
        Ring ring;
        switch (k % 4) {
        case 0: // convex: a regular polygon, turned, squashed into a sliver now and then
        case 1: {
            const double turn = u(rng) * 2 * kPi, squash = k % 8 == 1 ? 1e-4 : 1;
            for (size_t i = 0; i < n; ++i) {
                const double t = turn + 2 * kPi * double(i) / double(n);
                ring.push_back({cx + r * std::cos(t), cy + squash * r * std::sin(t)});
            }
            ring = closed(ring);
            ++convex;
            convex_vouched += ours({ring});
            break;
        }
        case 2: // a star about a point its vertices' mean is not quite at
            ring = star(rng, n, cx, cy, (k % 3 ? 0.5 : 0.02) * r, r);
            break;
        case 3: {                             // winds twice (a pentagram's order) or turns back: never simple
            const size_t m = 5 + 2 * (n / 2); // odd, so stepping by 2 visits every vertex
            for (size_t i = 0; i < m; ++i) {
                const double t = 2 * kPi * double((2 * i) % m) / double(m);
                ring.push_back({cx + r * std::cos(t), cy + r * std::sin(t)});
            }
            ring = closed(ring);
            CHECK_FALSE(ours({ring}));
            break;
        }
        }
        if (ours({ring}) && !geos({ring})) ++false_claims;
    }
    CHECK(false_claims == 0);
    // Slivers a ten-thousandth as wide as long are rounding-unsure at the smallest scales: GEOS decides
    // those.
    CHECK(double(convex_vouched) >= 0.9 * double(convex));
}
