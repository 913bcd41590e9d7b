// The world's wrapped copies (render/renderer_gpu.hpp, for_copy): a world view shows a strip of the copies
// either side, drawn from the items near that edge instead of the whole layer.
#include "render/headless.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace entente::render;

namespace {
// 60,000 points, 60,000 short segments, 600 long ones (a quarter of a world: some cross where the edge
// subsets end), 30,000 small triangles and 300 long ones in random order over a world `w` wide, as random
// data comes: every chunk spans the map. Translucent, and the segments coloured by feature, so an item drawn
// twice, out of order or with another's colour would show.
struct World {
    PointCloud pts;
    LineStrips lines;
    FillMesh fill;
    std::vector<uint32_t> stroke;
    explicit World(float w, uint32_t seed) {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<float> x(-w / 2, w / 2), y(-w / 4, w / 4), d(-40, 40), u(0, 1);
        for (uint32_t i = 0; i < 30000; ++i) {
            const float ax = x(rng), ay = y(rng);
            for (int k = 0; k < 3; ++k) {
                fill.indices.push_back(uint32_t(fill.feature.size()));
                const float big = i % 100 == 0 ? 100 : 1; // every hundredth 8,000 units across
                fill.xy.push_back(ax + (k ? d(rng) * big : 0)), fill.xy.push_back(ay + (k ? d(rng) : 0));
                fill.feature.push_back(i);
            }
        }
        for (uint32_t i = 0; i < 60600; ++i) {
            pts.xy.push_back(x(rng)), pts.xy.push_back(y(rng)), pts.feature.push_back(i);
            const float ax = x(rng), ay = y(rng);
            const float dx = i % 100 == 0 ? (u(rng) - 0.5f) * w / 2 : d(rng); // every hundredth a long one
            lines.begin_strip();
            lines.add(ax, ay, i), lines.add(ax + dx, ay + d(rng), i);
            lines.add(ax + d(rng), ay + d(rng), i);
            stroke.push_back(0x80000000u | uint32_t(u(rng) * 0xffffff));
        }
    }
};

// Each kind of item in a frame of its own, so none hides another: a world of 6-pixel points covers the map.
struct Drawn {
    std::vector<uint8_t> fills, lines, points;
    Renderer::FrameStats stats; // summed over the three
    bool operator==(const Drawn& o) const {
        return fills == o.fills && lines == o.lines && points == o.points;
    }
};

void upload(Renderer& r, LayerHandle h, const World& world) {
    r.set_lines(h, world.lines);
    r.set_points(h, world.pts, true);
    r.set_fill(h, world.fill);
    r.set_feature_colours(h, {}, world.stroke);
}

Drawn draw(Renderer& r, LayerHandle h, OffscreenTarget& target, const View& view) {
    Drawn d;
    auto frame = [&](auto&& what, std::vector<uint8_t>& image) {
        r.begin_frame(view);
        what();
        r.end_frame();
        image = target.read_rgba();
        d.stats.points += r.frame_stats().points, d.stats.segments += r.frame_stats().segments;
        d.stats.triangles += r.frame_stats().triangles;
    };
    frame(
        [&] {
            FillStyle fs;
            fs.colour = {0.1f, 0.6f, 0.2f, 0.5f};
            r.draw_fill(h, fs, 1);
        },
        d.fills);
    frame(
        [&] {
            LineStyle ls{{0.1f, 0.2f, 0.6f, 0.5f}, 2};
            ls.by_feature = true;
            r.draw_lines(h, ls, 1);
        },
        d.lines);
    frame(
        [&] {
            PointStyle ps;
            ps.fill = {0.8f, 0.1f, 0.1f, 0.6f}, ps.size_px = 6;
            r.draw_points(h, ps, 1);
        },
        d.points);
    return d;
}

Drawn fresh(bool culling, bool sprites, const World& world, OffscreenTarget& target, const View& view) {
    Renderer r;
    r.set_culling(culling);
    r.set_point_thinning(false);
    r.set_point_sprites(sprites);
    const LayerHandle h = r.create_layer();
    upload(r, h, world);
    return draw(r, h, target, view);
}
} // namespace

TEST_CASE("a world view draws its wrapped copies from the items near the edge: the same picture as drawing "
          "every item there, a fraction of the work") {
    HeadlessContext ctx;
    const float w = 40000;
    const World world(w, 17);
    OffscreenTarget target(600, 200, 1);
    target.bind();
    View view;
    view.width = 600, view.height = 200, view.world_width = w;
    struct Case {
        double center, upp;
        bool fewer; // whether the copies are strips the edges serve
    };
    // The world and strips of both copies up to a fifth of a world; a strip ending a few pixels inside
    // where the edge subsets end; half a world from the seam; over two worlds.
    for (const Case c :
         {Case{300, 70, true}, {300, 95, true}, {8400, 70, true}, {w / 2, 120, false}, {0, 150, false}})
        for (bool sprites : {true, false}) {
            view.center = {c.center, 0}, view.units_per_px = c.upp;
            INFO("centre " << c.center << ", " << c.upp << " units a pixel, sprites " << sprites);
            const Drawn all = fresh(false, sprites, world, target, view);
            const Drawn edge = fresh(true, sprites, world, target, view);
            CHECK(edge.fills == all.fills);
            CHECK(edge.lines == all.lines);
            CHECK(edge.points == all.points);
            if (c.fewer) {
                CHECK(edge.stats.points * 4 < all.stats.points * 3);
                CHECK(edge.stats.segments * 4 < all.stats.segments * 3);
                CHECK(edge.stats.triangles * 4 < all.stats.triangles * 3);
            }
        }
}

TEST_CASE("the items near the edge follow the layer's data and the world's width") {
    // One renderer drawing, then given other data, then a wider world: each draws as a fresh renderer does.
    HeadlessContext ctx;
    const float w = 40000;
    const World first(w, 17), second(w, 23);
    OffscreenTarget target(600, 200, 1);
    target.bind();
    View view;
    view.width = 600, view.height = 200, view.world_width = w, view.center = {300, 0}, view.units_per_px = 80;
    Renderer r;
    r.set_point_thinning(false);
    const LayerHandle h = r.create_layer();
    upload(r, h, first);
    CHECK(draw(r, h, target, view) == fresh(true, true, first, target, view));
    upload(r, h, second);
    CHECK(draw(r, h, target, view) == fresh(true, true, second, target, view));
    view.world_width = w * 1.2; // the same data in a wider world: the copies stand further out
    CHECK(draw(r, h, target, view) == fresh(false, true, second, target, view));
}
