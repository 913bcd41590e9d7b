// Outline levels of detail (render/line_lod.hpp): what a zoomed-out map draws instead of every vertex; and
// culling by chunk: what a zoomed-in map leaves out.
#include "render/headless.hpp"
#include "render/line_lod.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>
#include <tuple>

using namespace entente::render;

namespace {

struct Strip {
    std::vector<std::array<float, 2>> pts;
    std::vector<uint32_t> features;
};

std::vector<Strip> split(const LineStrips& s) {
    std::vector<Strip> out;
    bool open = false;
    for (size_t i = 0; i < s.feature.size(); ++i) {
        if (std::isnan(s.xy[2 * i])) {
            open = false;
            continue;
        }
        if (!open) out.emplace_back(), open = true;
        out.back().pts.push_back({s.xy[2 * i], s.xy[2 * i + 1]});
        out.back().features.push_back(s.feature[i]);
    }
    return out;
}

double dist_to_segment(std::array<float, 2> p, std::array<float, 2> a, std::array<float, 2> b) {
    const double dx = b[0] - a[0], dy = b[1] - a[1];
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

// The largest distance from a vertex of `full` to the simplified polyline of the same strip.
double worst_deviation(const Strip& full, const Strip& simple) {
    double worst = 0;
    for (const auto& p : full.pts) {
        double best = INFINITY;
        if (simple.pts.size() == 1) best = std::hypot(p[0] - simple.pts[0][0], p[1] - simple.pts[0][1]);
        for (size_t k = 0; k + 1 < simple.pts.size(); ++k)
            best = std::min(best, dist_to_segment(p, simple.pts[k], simple.pts[k + 1]));
        worst = std::max(worst, best);
    }
    return worst;
}

// Random closed rings (small noisy stars, as map polygons are) and open wiggly lines, one feature each.
LineStrips random_strips(std::mt19937& rng, int count) {
    std::uniform_real_distribution<float> u(0, 1);
    LineStrips s;
    for (int f = 0; f < count; ++f) {
        const float cx = u(rng) * 1000, cy = u(rng) * 1000, r = 0.05f + u(rng) * 20;
        const int n = 3 + int(u(rng) * 120);
        s.begin_strip();
        if (f % 3 == 2) { // an open line
            float x = cx, y = cy;
            for (int i = 0; i < n; ++i, x += u(rng) * r * 0.2f, y += (u(rng) - 0.5f) * r * 0.2f)
                s.add(x, y, uint32_t(f));
            continue;
        }
        for (int i = 0; i <= n; ++i) {
            const float a = 6.2831853f * float(i % n) / float(n), rr = r * (0.5f + 0.5f * u(rng));
            s.add(cx + rr * std::cos(a), cy + rr * std::sin(a), uint32_t(f));
        }
    }
    return s;
}

// Pixels of two RGBA images that differ at all, and by more than half the range in a channel.
std::pair<size_t, size_t> pixels_differing(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    size_t differ = 0, far = 0;
    for (size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4) {
        int d = 0;
        for (int c = 0; c < 4; ++c)
            d = std::max(d, std::abs(int(a[i + c]) - int(b[i + c])));
        differ += d > 0;
        far += d > 128;
    }
    return {differ, far};
}

// One frame of `view` drawn by `layers`: the picture and what was submitted.
template <class Layers>
std::pair<std::vector<uint8_t>, Renderer::FrameStats> frame(Renderer& r, OffscreenTarget& target,
                                                            const View& view, Layers layers) {
    r.begin_frame(view);
    layers();
    r.end_frame();
    return {target.read_rgba(), r.frame_stats()};
}

} // namespace

TEST_CASE("simplified outlines stay within their tolerance, keep every strip's ends and features") {
    std::mt19937 rng(7);
    const LineStrips full = random_strips(rng, 600);
    const auto before = split(full);
    for (float tol : {0.01f, 0.3f, 2.f, 50.f}) {
        CAPTURE(tol);
        const LineStrips simple = simplify_strips(full, tol);
        const auto after = split(simple);
        REQUIRE(after.size() == before.size()); // no strip lost, however small: its dot of ink stays
        double worst = 0;
        for (size_t i = 0; i < before.size(); ++i) {
            REQUIRE(after[i].pts.front() == before[i].pts.front());
            REQUIRE(after[i].pts.back() == before[i].pts.back());
            REQUIRE(after[i].pts.size() >= 2);
            for (uint32_t f : after[i].features)
                REQUIRE(f == before[i].features.front());
            worst = std::max(worst, worst_deviation(before[i], after[i]));
        }
        CHECK(worst <= tol * 1.0001);
        if (tol >= 2.f) CHECK(simple.feature.size() * 2 < full.feature.size());
    }
}

TEST_CASE(
    "a ring a few tolerances across keeps the handful of vertices that shape it, long strips stay within "
    "tolerance") {
    // A circle of 240 vertices, radius 10 tolerances: its chords may sag by a tolerance, so about a dozen
    // vertices draw it (pi / acos(0.9) = 7 at least); a walk that keeps a vertex a tolerance from the last
    // kept would keep some 60.
    LineStrips ring;
    ring.begin_strip();
    for (int i = 0; i <= 240; ++i) {
        const float a = 6.2831853f * float(i % 240) / 240.f;
        ring.add(500 + 10 * std::cos(a), 300 + 10 * std::sin(a), 4);
    }
    const LineStrips small = simplify_strips(ring, 1.f);
    CHECK(small.feature.size() >= 8);
    CHECK(small.feature.size() <= 16);
    CHECK(worst_deviation(split(ring)[0], split(small)[0]) <= 1.0001);
    // A spiral of 10,000 vertices, longer than the pieces simplification works in: within tolerance, and
    // far fewer vertices.
    LineStrips spiral;
    spiral.begin_strip();
    for (int i = 0; i < 10000; ++i) {
        const float a = float(i) * 0.01f, rr = 10 + float(i) * 0.02f;
        spiral.add(rr * std::cos(a), rr * std::sin(a), 9);
    }
    const LineStrips coarse = simplify_strips(spiral, 0.5f);
    CHECK(coarse.feature.size() * 4 < spiral.feature.size());
    CHECK(worst_deviation(split(spiral)[0], split(coarse)[0]) <= 0.5 * 1.0001);
}

TEST_CASE(
    "levels of detail shrink, keep within their tolerance of the full strips, and the view picks the right "
    "one") {
    std::mt19937 rng(11);
    const LineStrips full = random_strips(rng, 800);
    const auto levels = line_levels(full);
    REQUIRE(levels.size() >= 3);
    const auto before = split(full);
    size_t last = full.feature.size();
    std::vector<float> tolerances;
    for (const auto& level : levels) {
        CAPTURE(level.tolerance);
        CHECK(level.strips.feature.size() * 6 <= last * 5); // each level earns its memory
        last = level.strips.feature.size();
        const auto after = split(level.strips);
        REQUIRE(after.size() == before.size());
        double worst = 0;
        for (size_t i = 0; i < before.size(); ++i)
            worst = std::max(worst, worst_deviation(before[i], after[i]));
        CHECK(worst <= level.tolerance * 1.0001); // not the sum of the levels it was built from
        tolerances.push_back(level.tolerance);
    }
    // Made one at a time up to a tolerance, from the full strips kept or handed over (the renderer lets them
    // go once the level is made): the same levels, the same last one.
    for (const float up_to : {tolerances.front() * 0.5f, tolerances[1], tolerances.back() * 2}) {
        std::vector<LineLevel> seen_kept, seen_moved;
        const LineLevel a = each_line_level(
            full, [&](const LineLevel& l) { seen_kept.push_back(l); }, up_to);
        LineStrips copy = full;
        const LineLevel b = each_line_level(
            std::move(copy), [&](const LineLevel& l) { seen_moved.push_back(l); }, up_to);
        CHECK(a.tolerance == b.tolerance);
        CHECK(a.strips.xy.size() == b.strips.xy.size());
        CHECK(std::equal(a.strips.feature.begin(), a.strips.feature.end(), b.strips.feature.begin(),
                         b.strips.feature.end()));
        REQUIRE(seen_kept.size() == seen_moved.size());
        for (size_t i = 0; i < seen_kept.size(); ++i) {
            CHECK(seen_kept[i].tolerance == levels[i].tolerance);
            CHECK(seen_moved[i].strips.feature == levels[i].strips.feature);
        }
    }
    // Zoomed in (a pixel much smaller than any tolerance): every vertex. Zoomed out: the coarsest level whose
    // error stays under half a pixel.
    CHECK(pick_line_level(tolerances, tolerances.front() * 0.5) == -1);
    CHECK(pick_line_level(tolerances, 1e9) == int(tolerances.size()) - 1);
    for (size_t k = 0; k < tolerances.size(); ++k) {
        const double upp = 2.0 * tolerances[k];
        CHECK(pick_line_level(tolerances, upp) == int(k));
        CHECK(pick_line_level(tolerances, upp * 0.99) == int(k) - 1);
    }
}

TEST_CASE("a straight line keeps only its ends and the ends of its pieces of 1,024 segments") {
    // What bounds the work on any input: 3,000 collinear vertices keep 0, 1,024, 2,048 and 2,999.
    LineStrips line;
    line.begin_strip();
    for (int i = 0; i < 3000; ++i)
        line.add(float(i), 0.5f * float(i), 2);
    const LineStrips simple = simplify_strips(line, 0.01f);
    REQUIRE(simple.feature.size() == 4);
    CHECK(simple.xy == std::vector<float>{0, 0, 1024, 512, 2048, 1024, 2999, 1499.5f});
}

TEST_CASE("the point level drawn is the coarsest whose cell diagonal is at most a pixel") {
    const float extent = 65536;
    CHECK(pick_point_level(extent, point_level_cell(extent, 0) * 0.99) == -1);
    for (int k = 0; k < kPointLevels; ++k) {
        const double diagonal = double(point_level_cell(extent, k)) * std::sqrt(2.0);
        CHECK(pick_point_level(extent, diagonal) == k);
        CHECK(pick_point_level(extent, diagonal * 0.99) == k - 1);
    }
}

namespace {
// Textbook Douglas-Peucker, recursive, on one strip: the oracle for simplify_strips.
void reference_dp(const std::vector<std::array<float, 2>>& p, size_t i, size_t j, double tol,
                  std::vector<bool>& keep) {
    if (j <= i + 1) return;
    double worst = -1;
    size_t at = i + 1;
    for (size_t k = i + 1; k < j; ++k) {
        const double d = dist_to_segment(p[k], p[i], p[j]);
        if (d > worst) worst = d, at = k;
    }
    if (worst <= tol) return;
    keep[at] = true;
    reference_dp(p, i, at, tol, keep), reference_dp(p, at, j, tol, keep);
}
} // namespace

TEST_CASE("simplification keeps what textbook Douglas-Peucker keeps, for sets large enough to share out") {
    // 6,000 strips (some 380,000 vertices: simplify_strips shares them among the cores) of under 1,024
    // vertices each. Float and double distances may disagree for a vertex within rounding of the tolerance:
    // none here on this compiler, two allowed.
    std::mt19937 rng(17);
    const LineStrips full = random_strips(rng, 6000);
    REQUIRE(full.feature.size() > (size_t(1) << 18));
    const auto before = split(full);
    for (const float tol : {0.2f, 1.5f}) {
        CAPTURE(tol);
        const auto after = split(simplify_strips(full, tol));
        REQUIRE(after.size() == before.size());
        size_t differ = 0, kept = 0;
        for (size_t s = 0; s < before.size(); ++s) {
            std::vector<bool> keep(before[s].pts.size(), false);
            keep.front() = keep.back() = true;
            reference_dp(before[s].pts, 0, keep.size() - 1, tol, keep);
            std::vector<std::array<float, 2>> expected;
            for (size_t k = 0; k < keep.size(); ++k)
                if (keep[k]) expected.push_back(before[s].pts[k]);
            kept += expected.size();
            differ += expected != after[s].pts;
        }
        CHECK(differ <= 2);
        CHECK(double(kept) < double(full.feature.size()) * (tol > 1 ? 0.5 : 0.9)); // it did simplify
    }
}

TEST_CASE("strips with nothing to simplify come back as they were") {
    LineStrips s;
    s.begin_strip();
    s.add(0, 0, 1);
    s.add(10, 0, 1);
    s.begin_strip();
    s.add(5, 5, 2); // a lone vertex draws nothing and stays nothing more
    const LineStrips out = simplify_strips(s, 1.f);
    CHECK(out.feature == std::vector<uint32_t>{1, 1, 0, 2});
    CHECK(line_levels(LineStrips{}).empty());
    // A line a few denormals long (its finest tolerance rounds to 0): no levels, and no endless doubling.
    LineStrips tiny;
    tiny.begin_strip();
    tiny.add(0, 0, 1);
    tiny.add(1e-40f, 0, 1);
    CHECK(line_level_tolerances(tiny).empty());
    CHECK(line_levels(tiny).empty());
}

TEST_CASE("a zoomed-in view submits only the outlines near it and draws the same picture as drawing all") {
    // 2,000 jagged rings of 100 vertices (each feature compact, as a country or a district is) in random
    // order over a 20,000 x 10,000 unit map; the view shows an 800 x 400 patch of it, at a scale where no
    // outline level drops enough vertices to be kept, so every segment is submitted.
    HeadlessContext ctx;
    Renderer r;
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(0, 1);
    LineStrips strips;
    FillMesh fill;
    for (uint32_t f = 0; f < 2000; ++f) {
        const float cx = u(rng) * 20000, cy = u(rng) * 10000;
        strips.begin_strip();
        const uint32_t base = uint32_t(fill.feature.size());
        float rr[100];
        for (float& x : rr)
            x = 15 + 15 * u(rng);
        for (int i = 0; i <= 100; ++i) {
            const float a = 6.2831853f * float(i % 100) / 100.f, x = cx + rr[i % 100] * std::cos(a),
                        y = cy + rr[i % 100] * std::sin(a);
            strips.add(x, y, f);
            if (i < 100) {
                fill.xy.insert(fill.xy.end(), {x, y});
                fill.feature.push_back(f);
            }
        }
        for (uint32_t i = 1; i + 1 < 100; ++i)
            fill.indices.insert(fill.indices.end(), {base, base + i, base + i + 1});
    }
    const LayerHandle h = r.create_layer();
    r.set_lines(h, strips);
    r.set_fill(h, fill);
    OffscreenTarget target(400, 200, 1);
    target.bind();
    View view;
    view.width = 400, view.height = 200, view.units_per_px = 2, view.center = {800, 400};
    auto draw = [&](bool culling) {
        r.set_culling(culling);
        return frame(r, target, view, [&] {
            r.draw_fill(h, FillStyle{{0.2f, 0.6f, 0.2f, 0.5f}});
            r.draw_lines(h, LineStyle{{0, 0, 0, 1}, 2});
        });
    };
    const auto [all, all_stats] = draw(false);
    const auto [culled, culled_stats] = draw(true);
    CHECK(all_stats.segments == strips.feature.size() - 1);
    CHECK(culled_stats.segments * 10 < all_stats.segments); // the view is 1/625 of the map
    CHECK(culled_stats.triangles * 10 < all_stats.triangles);
    CHECK(culled_stats.segments > 0);
    CHECK(culled == all); // nothing that reaches the view was left out
}

TEST_CASE("thinned points keep the last of each cell, in order, and every dropped one has a kept one near") {
    std::mt19937 rng(11);
    std::normal_distribution<float> g(0, 40);
    std::vector<float> xy;
    std::vector<uint32_t> feature;
    for (uint32_t i = 0; i < 50000; ++i) {
        xy.push_back(500 + g(rng)), xy.push_back(300 + g(rng));
        feature.push_back(i);
    }
    xy[2 * 7] = NAN; // outside the projection: never drawn, so never kept
    const float cell = 2;
    const PointCloud thin = thin_points(xy, feature, cell);
    CHECK(thin.feature.size() < feature.size() / 2); // dense clusters
    CHECK(std::is_sorted(thin.feature.begin(), thin.feature.end()));
    CHECK(std::find(thin.feature.begin(), thin.feature.end(), 7u) == thin.feature.end());
    // Each dropped point shares a cell with a kept point that comes later (drawn over it).
    std::vector<int64_t> kept_at(feature.size(), -1);
    for (size_t k = 0; k < thin.feature.size(); ++k)
        kept_at[thin.feature[k]] = int64_t(k);
    size_t checked = 0;
    for (uint32_t i = 0; i < 50000; i += 97) {
        if (i == 7 || kept_at[i] >= 0) continue;
        bool covered = false;
        for (size_t k = 0; k < thin.feature.size() && !covered; ++k)
            covered = thin.feature[k] > i && std::abs(thin.xy[2 * k] - xy[2 * i]) < cell &&
                      std::abs(thin.xy[2 * k + 1] - xy[2 * i + 1]) < cell;
        CHECK(covered);
        ++checked;
    }
    CHECK(checked > 100);
}

TEST_CASE("thinning gives the last point of each cell whether its table is a grid or a growing hash") {
    // The reference: a map from cell to the last point in it, then the points that are some cell's last.
    std::mt19937 rng(23);
    std::uniform_real_distribution<float> u(0, 1000);
    std::vector<float> xy;
    std::vector<uint32_t> feature;
    for (uint32_t i = 0; i < 30000; ++i) {
        xy.push_back(u(rng)), xy.push_back(u(rng) * 0.5f);
        feature.push_back(i * 3); // features need not be the indices
    }
    xy[2 * 11 + 1] = NAN;
    // 20 units: 50 x 25 cells, a grid. 0.5: 2000 x 1000 cells, far more than twice the points, a hash that
    // grows from 4,096 slots past the points' count. 0.01: every point in a cell of its own.
    for (const float cell : {20.0f, 0.5f, 0.01f}) {
        INFO("cell " << cell);
        double minx = INFINITY, miny = INFINITY;
        for (size_t i = 0; i < feature.size(); ++i)
            if (!std::isnan(xy[2 * i]) && !std::isnan(xy[2 * i + 1]))
                minx = std::min(minx, double(xy[2 * i])), miny = std::min(miny, double(xy[2 * i + 1]));
        std::map<std::pair<uint64_t, uint64_t>, size_t> last;
        auto cell_of = [&](size_t i) {
            return std::pair<uint64_t, uint64_t>{
                uint64_t((double(xy[2 * i]) - float(minx)) / double(cell)),
                uint64_t((double(xy[2 * i + 1]) - float(miny)) / double(cell))};
        };
        for (size_t i = 0; i < feature.size(); ++i)
            if (!std::isnan(xy[2 * i]) && !std::isnan(xy[2 * i + 1])) last[cell_of(i)] = i;
        std::vector<uint32_t> expected;
        for (size_t i = 0; i < feature.size(); ++i)
            if (!std::isnan(xy[2 * i]) && !std::isnan(xy[2 * i + 1]) && last[cell_of(i)] == i)
                expected.push_back(feature[i]);
        const PointCloud thin = thin_points(xy, feature, cell);
        CHECK(thin.feature == expected);
        REQUIRE(thin.xy.size() == 2 * thin.feature.size());
        CHECK(thin.xy[0] == xy[2 * (thin.feature[0] / 3)]);
    }
}

TEST_CASE("thinning with a cell far finer than the points' spread keeps every distinct point") {
    // 3.6e-20 over a range of 1 would need cell indices past 2^64; the cells are coarsened to fit instead.
    const std::vector<float> xy = {0, 0, 0.5f, 0, 1, 0, INFINITY, 0};
    const std::vector<uint32_t> feature = {0, 1, 2, 3};
    const PointCloud thin = thin_points(xy, feature, 3.6e-20f);
    CHECK(thin.feature == std::vector<uint32_t>{0, 1, 2}); // the infinite point cannot be drawn
}

TEST_CASE("zoomed out, dense points draw thinned: a fraction of the work, the same picture to a pixel") {
    // 300,000 points in gaussian clusters, drawn at a scale where many fall in each pixel, then zoomed in
    // where every point is drawn.
    HeadlessContext ctx;
    Renderer r;
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(0, 1);
    std::normal_distribution<float> g(0, 1);
    PointCloud pts;
    for (int c = 0; c < 60; ++c) {
        const float cx = u(rng) * 20000, cy = u(rng) * 10000, s = 50 + u(rng) * 400;
        for (int i = 0; i < 5000; ++i) {
            pts.xy.push_back(cx + g(rng) * s), pts.xy.push_back(cy + g(rng) * s);
            pts.feature.push_back(uint32_t(pts.feature.size()));
        }
    }
    const LayerHandle h = r.create_layer();
    r.set_points(h, pts);
    OffscreenTarget target(500, 250, 1);
    target.bind();
    View view;
    view.width = 500, view.height = 250, view.units_per_px = 100, view.center = {10000, 5000};
    PointStyle style;
    style.fill = {0.8f, 0.1f, 0.1f, 1}, style.size_px = 7, style.outline_px = 1;
    auto draw = [&](bool thin) {
        r.set_point_thinning(thin);
        return frame(r, target, view, [&] { r.draw_points(h, style, 1); });
    };
    const auto [all, all_stats] = draw(false);
    const auto [thin, thin_stats] = draw(true);
    CHECK(all_stats.points == pts.feature.size());
    CHECK(thin_stats.points * 2 < all_stats.points);
    // Points under a pixel apart merge: edges may move by that much, so a pixel's colour may change
    // along a cluster's rim, nowhere else.
    const auto [differ, far] = pixels_differing(all, thin);
    INFO(differ << " pixels differ, " << far << " by more than half the range");
    CHECK(differ * 50 < all.size() / 4); // under 2 %
    CHECK(far * 500 < all.size() / 4);   // under 0.2 %
    // Zoomed in to where points are pixels apart: all of them, none merged.
    view.units_per_px = 0.5, view.center = {pts.xy[0], pts.xy[1]};
    const auto [near_all, near_all_stats] = draw(false);
    const auto [near_thin, near_thin_stats] = draw(true);
    CHECK(near_thin_stats.points == near_all_stats.points);
    CHECK(near_thin == near_all);
}

namespace {
// 40,000 small polygons (fans around a centre), a tenth of a pixel to four pixels across at 100 units a
// pixel, and 50 large ones, over 20,000 x 10,000 units; their fill and their outlines.
void specks_and_islands(FillMesh& fill, LineStrips& outline) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> u(0, 1);
    for (uint32_t f = 0; f < 40050; ++f) {
        const bool big = f >= 40000;
        const float cx = u(rng) * 20000, cy = u(rng) * 10000;
        const float radius = big ? 300 + u(rng) * 600 : 5 + u(rng) * 55;
        const int n = 6 + int(u(rng) * 10);
        const uint32_t centre = uint32_t(fill.feature.size());
        fill.xy.insert(fill.xy.end(), {cx, cy});
        fill.feature.push_back(f);
        outline.begin_strip();
        for (int i = 0; i <= n; ++i) {
            const float a = 6.2831853f * float(i % n) / float(n);
            const float x = cx + radius * std::cos(a), y = cy + radius * std::sin(a);
            outline.add(x, y, f);
            if (i == n) break;
            fill.xy.insert(fill.xy.end(), {x, y});
            fill.feature.push_back(f);
            const uint32_t v = centre + 1 + uint32_t(i), next = centre + 1 + uint32_t((i + 1) % n);
            fill.indices.insert(fill.indices.end(), {centre, v, next});
        }
    }
}
} // namespace

TEST_CASE("zoomed out, polygons under a pixel leave their fill to their outline: fewer triangles, the same "
          "picture but for a few pixels") {
    // 40,000 small polygons (fans around a centre), a tenth of a pixel to four pixels across at the
    // zoomed-out view, and 50 large ones; each outlined one pixel wide over its fill, as a layer with an
    // outline is.
    HeadlessContext ctx;
    Renderer r;
    FillMesh fill;
    LineStrips outline;
    specks_and_islands(fill, outline);
    const LayerHandle h = r.create_layer();
    r.set_fill(h, fill);
    r.set_lines(h, outline);
    OffscreenTarget target(500, 250, 1);
    target.bind();
    View view;
    view.width = 500, view.height = 250, view.units_per_px = 100, view.center = {10000, 5000};
    auto draw = [&](bool skip) {
        return frame(r, target, view, [&] {
            FillStyle fs;
            fs.colour = {0.2f, 0.5f, 0.9f, 1}, fs.skip_subpixel = skip;
            r.draw_fill(h, fs, 1);
            r.draw_lines(h, {{0.1f, 0.1f, 0.3f, 1}, 1}, 1);
        });
    };
    const auto [all, all_stats] = draw(false);
    const auto [skipped, skipped_stats] = draw(true);
    CHECK(all_stats.triangles == fill.indices.size() / 3);
    CHECK(skipped_stats.triangles * 2 < all_stats.triangles); // most polygons are under a pixel there
    CHECK(skipped_stats.triangles > 0);                       // the large ones stay filled
    const auto [differ, far] = pixels_differing(all, skipped);
    INFO(differ << " pixels differ, " << far << " by more than half the range");
    CHECK(differ * 50 < all.size() / 4); // under 2 %: specks whose fill showed past their one-pixel outline
    CHECK(far * 500 < all.size() / 4);   // under 0.2 %
    // Zoomed in to where every polygon is pixels across: all filled, the same picture.
    view.units_per_px = 0.5, view.center = {fill.xy[0], fill.xy[1]};
    const auto [near_all, near_all_stats] = draw(false);
    const auto [near_skip, near_skip_stats] = draw(true);
    CHECK(near_skip_stats.triangles == near_all_stats.triangles);
    CHECK(near_skip == near_all);
}

TEST_CASE("a renderer for one view (entente render) draws it as any renderer does, without the full detail") {
    // The same polygons and 300,000 clustered points uploaded to a renderer told its one view beforehand
    // and to one that is not: the same picture, the same work, and less on the GPU (only the outlines and
    // fill triangles that view draws).
    HeadlessContext ctx;
    FillMesh fill;
    LineStrips outline;
    specks_and_islands(fill, outline);
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(0, 1);
    PointCloud pts;
    for (int i = 0; i < 300000; ++i) {
        pts.xy.push_back(u(rng) * u(rng) * 20000), pts.xy.push_back(u(rng) * 10000);
        pts.feature.push_back(uint32_t(i));
    }
    OffscreenTarget target(500, 250, 1);
    target.bind();
    View view;
    view.width = 500, view.height = 250, view.units_per_px = 100, view.center = {10000, 5000};
    // give: the renderer may take the fill's memory; one_size: the points are drawn at one size only
    auto draw = [&](Renderer& r, bool give, bool one_size = false) {
        const LayerHandle h = r.create_layer();
        LineStrips taken = outline;
        if (give) {
            FillMesh given = fill;
            r.set_fill(h, std::move(given), true);
        } else {
            r.set_fill(h, fill, true);
        }
        r.set_lines(h, std::move(taken));
        r.set_points(h, pts, one_size);
        auto out = frame(r, target, view, [&] {
            FillStyle fs;
            fs.colour = {0.2f, 0.5f, 0.9f, 1}, fs.skip_subpixel = true;
            r.draw_fill(h, fs, 1);
            r.draw_lines(h, {{0.1f, 0.1f, 0.3f, 1}, 1}, 1);
            PointStyle ps;
            ps.fill = {0.8f, 0.1f, 0.1f, 1}, ps.size_px = 5;
            r.draw_points(h, ps, 1);
        });
        return std::tuple(out.first, out.second, r.gpu_bytes(h));
    };
    Renderer any, one, one_given, one_sized;
    one.set_single_view(view);
    one_given.set_single_view(view);
    one_sized.set_single_view(view);
    const auto [any_image, any_stats, any_bytes] = draw(any, false);
    const auto [one_image, one_stats, one_bytes] = draw(one, false);
    const auto [given_image, given_stats, given_bytes] = draw(one_given, true);
    // Points drawn at one size only: the thinned level alone goes up, not the full set (12 B a point).
    const auto [sized_image, sized_stats, sized_bytes] = draw(one_sized, false, true);
    CHECK(sized_image == one_image);
    CHECK(sized_stats.points == one_stats.points);
    CHECK(one_bytes - sized_bytes == pts.feature.size() * 12);
    CHECK(given_image == one_image);
    CHECK(given_stats.triangles == one_stats.triangles);
    CHECK(given_bytes == one_bytes);
    CHECK(one_stats.segments == any_stats.segments);
    CHECK(one_stats.segments * 6 < outline.feature.size() * 5); // a coarser level than the full outlines
    CHECK(one_stats.triangles == any_stats.triangles);
    CHECK(one_stats.points == any_stats.points);
    CHECK(one_stats.points * 6 < pts.feature.size() * 5); // thinned
    CHECK(one_image == any_image);
    INFO(any_bytes << " bytes on the GPU, " << one_bytes << " for the one view");
    // What is not there: the full outlines (12 B a vertex) and the full fill's triangles (4 B an index).
    CHECK(any_bytes - one_bytes == outline.feature.size() * 12 + fill.indices.size() * 4);
}

TEST_CASE("a fill and a raster let go once drawn free their GPU bytes and draw nothing, the outlines stay") {
    // What a one-view frame does with each layer's fill and raster once drawn (MapScene::draw through
    // Renderer::drop_fill / drop_raster). Here through an ordinary renderer, which also has a fill level to
    // let go.
    HeadlessContext ctx;
    FillMesh fill;
    LineStrips outline;
    specks_and_islands(fill, outline);
    OffscreenTarget target(500, 250, 1);
    target.bind();
    View view;
    view.width = 500, view.height = 250, view.units_per_px = 100, view.center = {10000, 5000};
    Renderer r, lines_only;
    const LayerHandle h = r.create_layer(), raster = r.create_layer(), ref = lines_only.create_layer();
    r.set_fill(h, fill);
    r.set_lines(h, outline);
    lines_only.set_lines(ref, outline);
    RasterTile t; // two by two values over the map's left half
    t.grid_w = t.grid_h = 2, t.tex_w = t.tex_h = 2;
    t.xyuv = {0, 0, 0, 0, 10000, 0, 1, 0, 0, 10000, 0, 1, 10000, 10000, 1, 1};
    t.values = {1, 2, 3, 4};
    std::vector<RasterTile> tiles;
    tiles.push_back(t);
    r.set_raster(raster, std::move(tiles));
    RasterStyle rs;
    rs.min = 1, rs.max = 4;
    rs.ramp = {{1, 0, 0, 1}, {0, 0, 1, 1}};
    FillStyle fs{{0.2f, 0.5f, 0.9f, 1}};
    fs.skip_subpixel = true; // makes the fill's level for this view, which goes with the fill
    const LineStyle ls{{0.1f, 0.1f, 0.3f, 1}, 1};
    auto fill_and_lines = [&] {
        return frame(r, target, view, [&] {
            r.draw_fill(h, fs, 1);
            r.draw_lines(h, ls, 1);
        });
    };
    const auto [fill_before, fill_stats] = fill_and_lines();
    const auto [raster_before, raster_stats] = frame(r, target, view, [&] { r.draw_raster(raster, rs); });
    const auto [nothing, nothing_stats] = frame(r, target, view, [] {});
    const auto [lines_image, lines_stats] =
        frame(lines_only, target, view, [&] { lines_only.draw_lines(ref, ls, 1); });
    REQUIRE(fill_stats.triangles > 0);
    REQUIRE(raster_before != nothing);
    // Before: the outlines, the fill and its level; after: the outlines alone, byte for byte.
    CHECK(r.gpu_bytes(h) >
          lines_only.gpu_bytes(ref) + fill.feature.size() * 12 + fill.triangles().size() * 4);
    r.begin_frame(view);
    uint64_t signature = r.frame_signature();
    r.drop_fill(h);
    CHECK(r.frame_signature() != signature); // a window showing its capture would draw again
    CHECK(r.gpu_bytes(h) == lines_only.gpu_bytes(ref));
    signature = r.frame_signature();
    r.drop_raster(raster);
    CHECK(r.frame_signature() != signature);
    CHECK(r.gpu_bytes(raster) == 0);
    const auto [fill_after, fill_after_stats] = fill_and_lines();
    CHECK(fill_after_stats.triangles == 0);
    CHECK(fill_after_stats.segments == fill_stats.segments);
    CHECK(fill_after == lines_image);
    const auto [raster_after, raster_after_stats] =
        frame(r, target, view, [&] { r.draw_raster(raster, rs); });
    CHECK(raster_after == nothing);
    // Set again, the fill draws as before.
    r.set_fill(h, fill);
    const auto [again, again_stats] = fill_and_lines();
    CHECK(again_stats.triangles == fill_stats.triangles);
    CHECK(again == fill_before);
}

TEST_CASE("a window zooming out through the outline levels draws each as a renderer drawing it first does") {
    // The first level a view needs tells the renderer which level every zoom draws; a later zoom whose level
    // is not made yet must make it, not fall back to every vertex.
    HeadlessContext ctx;
    std::mt19937 rng(23);
    const LineStrips strips = random_strips(rng, 3000);
    const std::vector<float> tolerances = line_level_tolerances(strips);
    REQUIRE(line_levels(strips).size() >= 3);
    OffscreenTarget target(300, 300, 1);
    target.bind();
    const auto draw = [&](Renderer& r, LayerHandle h, double upp) {
        View view;
        view.width = 300, view.height = 300, view.units_per_px = upp, view.center = {500, 500};
        return frame(r, target, view, [&] { r.draw_lines(h, LineStyle{{0, 0, 0, 1}, 1}); });
    };
    Renderer window;
    const LayerHandle wh = window.create_layer();
    window.set_lines(wh, strips);
    size_t checked = 0;
    for (size_t k = 0; k < tolerances.size(); ++k) {
        const double upp = 2.0 * tolerances[k]; // level k's tolerance is half a pixel here
        CAPTURE(k);
        const auto [seen, seen_stats] = draw(window, wh, upp);
        Renderer fresh;
        const LayerHandle fh = fresh.create_layer();
        fresh.set_lines(fh, strips);
        const auto [first, first_stats] = draw(fresh, fh, upp);
        CHECK(seen_stats.segments == first_stats.segments);
        CHECK(seen == first);
        checked += first_stats.segments < strips.feature.size() / 2; // a coarse level, not every vertex
    }
    CHECK(checked >= 2);
}

TEST_CASE("a layer's GPU bytes count its per-feature sizes") {
    // Points sized by strength keep a table of a float a feature on the GPU (padded to rows of 4,096): the
    // layer's memory in the Layers panel and the benchmarks must include it.
    HeadlessContext ctx;
    Renderer r;
    const LayerHandle h = r.create_layer();
    PointCloud points;
    for (uint32_t i = 0; i < 5000; ++i)
        points.xy.insert(points.xy.end(), {float(i), float(i % 70)}), points.feature.push_back(i);
    r.set_points(h, points, false);
    const size_t plain = r.gpu_bytes(h);
    r.set_feature_sizes(h, std::vector<float>(5000, 1.5f));
    CHECK(r.gpu_bytes(h) == plain + 2 * 4096 * 4);
    r.set_feature_sizes(h, {});
    CHECK(r.gpu_bytes(h) == plain);
}
