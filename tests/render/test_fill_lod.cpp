// Zoomed-out fills (render/fill_lod.hpp): polygons drawn from their rings simplified to within half a pixel.
#include "geo/tessellate.hpp"
#include "render/fill_lod.hpp"
#include "render/headless.hpp"
#include "render/line_lod.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace entente::render;
using entente::geo::LonLat;

namespace {

// `count` noisy discs (map polygons as a world view sees them: a few pixels across, tens of vertices each),
// every third with a hole, one feature each, triangulated whole as a layer is when loaded.
FillMesh noisy_polygons(int count, uint32_t seed, float spread = 20000) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0, 1);
    FillMesh m;
    m.rings.poly_ring.push_back(0);
    auto ring = [&](float cx, float cy, float r, int n, uint32_t f) {
        m.rings.ring_start.push_back(uint32_t(m.feature.size()));
        for (int i = 0; i <= n; ++i) { // closed: the last vertex repeats the first
            const float a = 6.2831853f * float(i % n) / float(n);
            const float rr = i == n ? 0 : r * (0.92f + 0.08f * u(rng));
            if (i == n) {
                m.xy.push_back(m.xy[2 * m.rings.ring_start.back()]);
                m.xy.push_back(m.xy[2 * m.rings.ring_start.back() + 1]);
            } else {
                m.xy.push_back(cx + rr * std::cos(a)), m.xy.push_back(cy + rr * std::sin(a));
            }
            m.feature.push_back(f);
        }
    };
    for (int p = 0; p < count; ++p) {
        const float cx = u(rng) * spread, cy = u(rng) * spread / 2, r = 50 + u(rng) * 400;
        const uint32_t first = uint32_t(m.feature.size());
        ring(cx, cy, r, 20 + int(u(rng) * 60), uint32_t(p));
        if (p % 3 == 0) ring(cx, cy, r * 0.3f, 12, uint32_t(p));
        m.rings.poly_ring.push_back(uint32_t(m.rings.ring_start.size()));
        std::vector<LonLat> coords;
        std::vector<uint32_t> starts;
        for (uint32_t q = m.rings.poly_ring[p]; q <= uint32_t(m.rings.ring_start.size()); ++q)
            starts.push_back(
                (q < m.rings.ring_start.size() ? m.rings.ring_start[q] : uint32_t(m.feature.size())) - first);
        for (size_t v = first; v < m.feature.size(); ++v)
            coords.push_back({m.xy[2 * v], m.xy[2 * v + 1]});
        entente::geo::tessellate_polygon(coords, starts, first, m.indices);
    }
    m.rings.ring_start.push_back(uint32_t(m.feature.size()));
    return m;
}

TriangleSource source_of(const std::vector<uint32_t>& tris) {
    return [&tris](const auto& take) {
        for (size_t at = 0; at < tris.size(); at += 999) // pieces that end inside triangles' runs
            take(std::span<const uint32_t>(tris).subspan(at, std::min<size_t>(999, tris.size() - at)));
    };
}

// Even-odd over every ring of polygon p: the definition, not the triangulation.
bool inside_rings(const FillMesh& m, size_t p, double x, double y) {
    bool in = false;
    for (uint32_t r = m.rings.poly_ring[p]; r < m.rings.poly_ring[p + 1]; ++r)
        for (uint32_t i = m.rings.ring_start[r], j = m.rings.ring_start[r + 1] - 1;
             i < m.rings.ring_start[r + 1]; j = i++) {
            const double xi = m.xy[2 * i], yi = m.xy[2 * i + 1], xj = m.xy[2 * j], yj = m.xy[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
        }
    return in;
}

double distance_to_rings(const FillMesh& m, size_t p, double x, double y) {
    double best = INFINITY;
    for (uint32_t r = m.rings.poly_ring[p]; r < m.rings.poly_ring[p + 1]; ++r)
        for (uint32_t i = m.rings.ring_start[r]; i + 1 < m.rings.ring_start[r + 1]; ++i) {
            const double ax = m.xy[2 * i], ay = m.xy[2 * i + 1];
            const double dx = m.xy[2 * i + 2] - ax, dy = m.xy[2 * i + 3] - ay;
            const double len2 = dx * dx + dy * dy;
            const double t = len2 > 0 ? std::clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0.0, 1.0) : 0.0;
            best = std::min(best, std::hypot(x - ax - t * dx, y - ay - t * dy));
        }
    return best;
}

bool in_triangle(const std::vector<float>& xy, const uint32_t* t, double x, double y) {
    auto side = [&](int a, int b) {
        return (xy[2 * t[b]] - xy[2 * t[a]]) * (y - xy[2 * t[a] + 1]) -
               (xy[2 * t[b] + 1] - xy[2 * t[a] + 1]) * (x - xy[2 * t[a]]);
    };
    const double s0 = side(0, 1), s1 = side(1, 2), s2 = side(2, 0);
    return (s0 >= 0 && s1 >= 0 && s2 >= 0) || (s0 <= 0 && s1 <= 0 && s2 <= 0);
}

size_t polygon_of(const FillMesh& m, uint32_t v) {
    size_t p = 0;
    while (p + 1 < m.rings.polygons() && m.rings.ring_start[m.rings.poly_ring[p + 1]] <= v)
        ++p;
    return p;
}

} // namespace

TEST_CASE("a fill level covers each polygon as its rings do, but within the tolerance of an edge, with a "
          "fraction of the triangles") {
    const FillMesh m = noisy_polygons(300, 5);
    const float tolerance = 20; // map units: a 50-450 unit polygon is 5-45 of them across
    const auto tris =
        fill_level_triangles(m.xy, m.feature, m.rings, 0, tolerance, source_of(m.indices)).value();
    INFO(tris.size() / 3 << " triangles for " << m.indices.size() / 3 << " in full");
    CHECK(tris.size() * 2 < m.indices.size());
    // Triangles by polygon, which come in the polygons' order.
    std::vector<std::vector<const uint32_t*>> of(m.rings.polygons());
    size_t last = 0;
    for (size_t t = 0; t < tris.size(); t += 3) {
        const size_t p = polygon_of(m, tris[t]);
        CHECK(p >= last);
        last = p;
        CHECK(polygon_of(m, tris[t + 1]) == p);
        CHECK(polygon_of(m, tris[t + 2]) == p);
        of[p].push_back(&tris[t]);
    }
    // Sample points: farther than the tolerance from every edge, the level says inside where the rings do.
    std::mt19937 rng(9);
    std::uniform_real_distribution<float> u(-1, 1);
    size_t checked = 0, wrong = 0;
    for (size_t p = 0; p < m.rings.polygons(); ++p) {
        const uint32_t c0 = m.rings.ring_start[m.rings.poly_ring[p]];
        const uint32_t c1 = m.rings.ring_start[m.rings.poly_ring[p + 1]];
        double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
        for (uint32_t c = c0; c < c1; ++c)
            x0 = std::min<double>(x0, m.xy[2 * c]), x1 = std::max<double>(x1, m.xy[2 * c]),
            y0 = std::min<double>(y0, m.xy[2 * c + 1]), y1 = std::max<double>(y1, m.xy[2 * c + 1]);
        for (int s = 0; s < 200; ++s) { // over its box and a margin around it
            const double x = (x0 + x1) / 2 + u(rng) * (x1 - x0), y = (y0 + y1) / 2 + u(rng) * (y1 - y0);
            if (distance_to_rings(m, p, x, y) <= tolerance * 1.001) continue;
            bool level = false;
            for (const uint32_t* t : of[p])
                level = level || in_triangle(m.xy, t, x, y);
            ++checked;
            wrong += level != inside_rings(m, p, x, y);
        }
    }
    INFO(checked << " points checked");
    CHECK(checked > 30000);
    CHECK(wrong == 0);
}

TEST_CASE(
    "a fill level leaves out features under the cut whole, keeps a large feature's specks, and keeps the "
    "own triangles of a polygon it cannot simplify") {
    FillMesh m = noisy_polygons(6, 7, 100000);
    // Polygon 1 shares feature 0 (a multipolygon), and is made a speck: it stays with its large sibling.
    // Polygon 2 is made a speck of its own: it goes. Polygon 3 gets a vertex outside the projection.
    auto shrink = [&](size_t p, float by) {
        const uint32_t c0 = m.rings.ring_start[m.rings.poly_ring[p]],
                       c1 = m.rings.ring_start[m.rings.poly_ring[p + 1]];
        const float x0 = m.xy[2 * c0], y0 = m.xy[2 * c0 + 1];
        for (uint32_t c = c0; c < c1; ++c)
            m.xy[2 * c] = x0 + (m.xy[2 * c] - x0) * by, m.xy[2 * c + 1] = y0 + (m.xy[2 * c + 1] - y0) * by;
        return std::pair{c0, c1};
    };
    const auto [a1, b1] = shrink(1, 0.3f);
    for (uint32_t c = a1; c < b1; ++c)
        m.feature[c] = 0;
    shrink(2, 0.001f);
    const uint32_t odd = m.rings.ring_start[m.rings.poly_ring[3]] + 3;
    m.xy[2 * odd] = m.xy[2 * odd + 1] = NAN;
    // Polygon 5, a speck of feature 0 far under the tolerance: nothing would be left of its simplified rings.
    const auto [a5, b5] = shrink(5, 0.001f);
    for (uint32_t c = a5; c < b5; ++c)
        m.feature[c] = 0;
    const auto tris = fill_level_triangles(m.xy, m.feature, m.rings, 10, 20, source_of(m.indices)).value();
    std::vector<std::vector<uint32_t>> of(m.rings.polygons());
    for (size_t t = 0; t < tris.size(); t += 3)
        of[polygon_of(m, tris[t])].insert(of[polygon_of(m, tris[t])].end(), &tris[t], &tris[t] + 3);
    std::vector<std::vector<uint32_t>> own(m.rings.polygons());
    for (size_t t = 0; t < m.indices.size(); t += 3)
        own[polygon_of(m, m.indices[t])].insert(own[polygon_of(m, m.indices[t])].end(), &m.indices[t],
                                                &m.indices[t] + 3);
    CHECK(!of[0].empty());
    CHECK(!of[1].empty()); // small, but its feature is not
    CHECK(of[2].empty());
    CHECK(of[3] == own[3]);
    CHECK(of[5] == own[5]); // kept as it was rather than vanish
    CHECK(!of[4].empty());
    CHECK(of[4].size() < own[4].size());
    // Without rings the level only leaves out: every other triangle as it was.
    FillRings none;
    const auto cut_only = fill_level_triangles(m.xy, m.feature, none, 10, 20, source_of(m.indices)).value();
    std::vector<uint32_t> expected;
    for (size_t p = 0; p < own.size(); ++p)
        if (p != 2) expected.insert(expected.end(), own[p].begin(), own[p].end());
    CHECK(cut_only == expected);
    // A level counted over `at_most` indices is not made.
    CHECK(!fill_level_triangles(m.xy, m.feature, none, 10, 20, source_of(m.indices), expected.size() - 1));
    CHECK(!fill_level_triangles(m.xy, m.feature, m.rings, 10, 20, source_of(m.indices), tris.size() - 1));
    CHECK(fill_level_triangles(m.xy, m.feature, m.rings, 10, 20, source_of(m.indices), tris.size()) == tris);
}

TEST_CASE("a fill level shared among the cores is the one made polygon by polygon on one") {
    // 6,000 polygons are shared out; each half alone (3,000) is made on one core. The halves' levels, the
    // second's indices moved past the first's vertices, are the whole's.
    const FillMesh whole = noisy_polygons(6000, 21);
    const size_t half = 3000;
    auto part = [&](size_t p0, size_t p1) {
        FillMesh m;
        const uint32_t r0 = whole.rings.poly_ring[p0], r1 = whole.rings.poly_ring[p1];
        const uint32_t v0 = whole.rings.ring_start[r0], v1 = whole.rings.ring_start[r1];
        m.xy.assign(whole.xy.begin() + 2 * v0, whole.xy.begin() + 2 * v1);
        m.feature.assign(whole.feature.begin() + v0, whole.feature.begin() + v1);
        for (uint32_t r = r0; r <= r1; ++r)
            m.rings.ring_start.push_back(whole.rings.ring_start[r] - v0);
        for (size_t p = p0; p <= p1; ++p)
            m.rings.poly_ring.push_back(whole.rings.poly_ring[p] - r0);
        for (size_t t = 0; t < whole.indices.size(); t += 3)
            if (whole.indices[t] >= v0 && whole.indices[t] < v1)
                for (int k = 0; k < 3; ++k)
                    m.indices.push_back(whole.indices[t + k] - v0);
        return std::pair(m, v0);
    };
    const auto all =
        fill_level_triangles(whole.xy, whole.feature, whole.rings, 0, 20, source_of(whole.indices));
    std::vector<uint32_t> joined;
    for (auto [p0, p1] : {std::pair<size_t, size_t>{0, half}, {half, whole.rings.polygons()}}) {
        const auto [m, v0] = part(p0, p1);
        const auto level = fill_level_triangles(m.xy, m.feature, m.rings, 0, 20, source_of(m.indices));
        REQUIRE(level);
        for (uint32_t i : *level)
            joined.push_back(i + v0);
    }
    REQUIRE(all);
    CHECK(all->size() * 2 < whole.indices.size());
    CHECK(*all == joined);
}

TEST_CASE("Douglas-Peucker stopped at a tolerance keeps what the full pass filtered at it keeps") {
    std::mt19937 rng(4);
    std::uniform_real_distribution<float> u(-1, 1);
    std::vector<float> xy;
    for (int i = 0; i < 5000; ++i) // a random walk with some straight runs and repeated points
        xy.push_back(i % 97 < 10 ? float(i) : float(i) + u(rng) * 30),
            xy.push_back(i % 53 < 5 ? 0.f : u(rng) * 40);
    std::vector<float> full(5000), stopped(5000);
    strip_significance(xy.data(), 0, 5000, full.data());
    for (float tol : {0.5f, 3.f, 12.f, 40.f}) {
        std::fill(stopped.begin(), stopped.end(), NAN);
        strip_significance(xy.data(), 0, 5000, stopped.data(), tol * tol);
        size_t same = 0, kept = 0;
        for (size_t i = 0; i < 5000; ++i)
            same += (full[i] > tol * tol) == (stopped[i] > tol * tol), kept += full[i] > tol * tol;
        INFO("tolerance " << tol << ": " << kept << " kept");
        CHECK(same == 5000);
        CHECK(kept < 5000);
    }
}

TEST_CASE("zoomed out, polygons draw from their simplified rings: a window and a one-view renderer draw the "
          "same picture, within a pixel's edge of every vertex drawn") {
    HeadlessContext ctx;
    const FillMesh with_rings = noisy_polygons(4000, 3, 200000);
    FillMesh without = with_rings;
    without.rings = {};
    OffscreenTarget target(500, 250, 1);
    target.bind();
    View view;
    view.width = 500, view.height = 250, view.units_per_px = 400, view.center = {100000, 50000};
    auto draw = [&](Renderer& r, const FillMesh& mesh, bool skip) {
        const LayerHandle h = r.create_layer();
        r.set_fill(h, mesh, true);
        r.begin_frame(view);
        FillStyle fs;
        fs.colour = {0.2f, 0.5f, 0.9f, 1}, fs.skip_subpixel = skip;
        r.draw_fill(h, fs, 1);
        r.end_frame();
        return std::pair(target.read_rgba(), r.frame_stats().triangles);
    };
    Renderer window, one, full, cut;
    one.set_single_view(view);
    const auto [window_image, window_tris] = draw(window, with_rings, true);
    const auto [one_image, one_tris] = draw(one, with_rings, true);
    const auto [full_image, full_tris] = draw(full, with_rings, false);
    const auto [cut_image, cut_tris] = draw(cut, without, true);
    // The one-view renderer given the mesh to keep (what the scene does when it lets a layer's features go).
    Renderer given;
    given.set_single_view(view);
    {
        const LayerHandle h = given.create_layer();
        FillMesh mine = with_rings;
        given.set_fill(h, std::move(mine), true);
        given.begin_frame(view);
        FillStyle fs;
        fs.colour = {0.2f, 0.5f, 0.9f, 1}, fs.skip_subpixel = true;
        given.draw_fill(h, fs, 1);
        given.end_frame();
        CHECK(target.read_rgba() == one_image);
        CHECK(given.frame_stats().triangles == one_tris);
    }
    CHECK(window_image == one_image);
    CHECK(window_tris == one_tris);
    INFO(full_tris << " triangles in full, " << cut_tris << " leaving out specks, " << window_tris
                   << " from simplified rings");
    CHECK(window_tris * 2 < cut_tris);
    size_t differ = 0, filled = 0;
    for (size_t i = 0; i < full_image.size(); i += 4) {
        differ += full_image[i] != window_image[i];
        filled += full_image[i] != 0 || full_image[i + 2] != 0;
    }
    INFO(differ << " pixels differ of " << filled << " filled");
    CHECK(filled > 5000);
    CHECK(differ * 10 < filled); // pixels whose centre lies within half a pixel of an edge
}
