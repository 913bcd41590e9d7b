// The world's wrapped copies (render/renderer_gpu.hpp, for_copy): a world view shows a strip of the copies
// either side, drawn from the items near that edge instead of the whole layer.
#include "render/headless.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace entente::render;

TEST_CASE("a world view draws its wrapped copies from the items near the edge: the same picture as drawing "
          "every item there, a fraction of the work") {
    // 60,000 points, 60,000 short segments and 30,000 small triangles in random order over a world 40,000
    // units wide (as random data comes: every chunk spans the map), translucent so an item drawn twice or out
    // of order would show.
    HeadlessContext ctx;
    const float w = 40000;
    std::mt19937 rng(17);
    std::uniform_real_distribution<float> x(-w / 2, w / 2), y(-w / 4, w / 4), d(-40, 40);
    PointCloud pts;
    LineStrips lines;
    FillMesh fill; // 30,000 small triangles
    for (uint32_t i = 0; i < 30000; ++i) {
        const float ax = x(rng), ay = y(rng);
        for (int k = 0; k < 3; ++k) {
            fill.indices.push_back(uint32_t(fill.feature.size()));
            fill.xy.push_back(ax + (k ? d(rng) : 0)), fill.xy.push_back(ay + (k ? d(rng) : 0));
            fill.feature.push_back(i);
        }
    }
    for (uint32_t i = 0; i < 60000; ++i) {
        pts.xy.push_back(x(rng)), pts.xy.push_back(y(rng)), pts.feature.push_back(i);
        const float ax = x(rng), ay = y(rng);
        lines.begin_strip();
        lines.add(ax, ay, i), lines.add(ax + d(rng), ay + d(rng), i), lines.add(ax + d(rng), ay + d(rng), i);
    }
    OffscreenTarget target(600, 200, 1);
    target.bind();
    auto draw = [&](bool culling, View view) {
        Renderer r;
        r.set_culling(culling);
        r.set_point_thinning(false);
        const LayerHandle h = r.create_layer();
        r.set_lines(h, lines);
        r.set_points(h, pts, true);
        r.set_fill(h, fill);
        r.begin_frame(view);
        FillStyle fs;
        fs.colour = {0.1f, 0.6f, 0.2f, 0.5f};
        r.draw_fill(h, fs, 1);
        r.draw_lines(h, {{0.1f, 0.2f, 0.6f, 0.5f}, 2}, 1);
        PointStyle ps;
        ps.fill = {0.8f, 0.1f, 0.1f, 0.6f}, ps.size_px = 6;
        r.draw_points(h, ps, 1);
        r.end_frame();
        return std::pair(target.read_rgba(), r.frame_stats());
    };
    View view;
    view.width = 600, view.height = 200, view.world_width = w, view.center = {300, 0};
    for (double upp : {70.0, 85.0, 95.0}) { // the world and strips of both copies, to a fifth of a world
        view.units_per_px = upp;
        INFO(upp << " units a pixel");
        const auto [all, all_stats] = draw(false, view);
        const auto [edge, edge_stats] = draw(true, view);
        CHECK(edge == all);
        CHECK(edge_stats.points * 4 < all_stats.points * 3);
        CHECK(edge_stats.segments * 4 < all_stats.segments * 3);
        CHECK(edge_stats.triangles * 4 < all_stats.triangles * 3);
    }
    // Half a world from the seam each side: the copies are no strips, and are drawn whole.
    view.units_per_px = 120, view.center = {w / 2, 0};
    const auto [all, all_stats] = draw(false, view);
    const auto [edge, edge_stats] = draw(true, view);
    CHECK(edge == all);
    CHECK(edge_stats.points == all_stats.points);
}
