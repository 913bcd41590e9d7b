// Big outlines and fills in tile order (renderer_gpu.hpp, kTileFrom): a national dataset comes in any order,
// and a view zoomed in on part of it, or the strip a pan uncovered, must draw that part, not every polygon.
// What is drawn must be what drawing every polygon gives, and polygons that overlap within a tile keep the
// file's order.
#include "render/headless.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

using namespace entente::render;

namespace {

constexpr int kGrid = 200; // 40,000 squares of 10 x 10 map units: 80,000 triangles, 240,000 outline vertices

// Squares at random places on the grid, in file order (feature i is the i-th), then two larger ones at the
// same place, blue (feature kGrid^2) under red (kGrid^2 + 1).
struct Squares {
    FillMesh fill;
    LineStrips outline;
    std::vector<uint32_t> colours;
    Squares() {
        std::vector<int> cell(kGrid * kGrid);
        std::iota(cell.begin(), cell.end(), 0);
        std::shuffle(cell.begin(), cell.end(), std::mt19937(21));
        for (size_t f = 0; f < cell.size(); ++f)
            add(float(cell[f] % kGrid) * 10 + 1, float(cell[f] / kGrid) * 10 + 1, 8, 0x2a6fb0ffu);
        add(1003, 1003, 14, 0x2040e0ffu);
        add(1003, 1003, 14, 0xe02020ffu);
    }
    void add(float x, float y, float side, uint32_t colour) {
        const auto f = uint32_t(colours.size());
        const auto v = uint32_t(fill.feature.size());
        const float xs[] = {x, x + side, x + side, x}, ys[] = {y, y, y + side, y + side};
        outline.begin_strip();
        for (int k = 0; k < 5; ++k)
            outline.add(xs[k % 4], ys[k % 4], f);
        for (int k = 0; k < 4; ++k)
            fill.xy.push_back(xs[k]), fill.xy.push_back(ys[k]), fill.feature.push_back(f);
        fill.indices.insert(fill.indices.end(), {v, v + 1, v + 2, v, v + 2, v + 3});
        colours.push_back(colour);
    }
};

} // namespace

TEST_CASE("a big layer in random order zoomed in draws its part of the polygons, as drawing them all does") {
    HeadlessContext ctx;
    const Squares sq;
    Renderer r;
    const LayerHandle h = r.create_layer();
    r.set_fill(h, sq.fill);
    r.set_lines(h, sq.outline);
    r.set_feature_colours(h, sq.colours, std::vector<uint32_t>(sq.colours.size(), 0x101010ffu));
    OffscreenTarget target(200, 200, 1);
    target.bind();
    View view; // a tenth of the grid across, around the two overlapping squares
    view.width = 200, view.height = 200, view.units_per_px = 1, view.center = {1010, 1010};
    view.background = {1, 1, 1, 1};
    const auto frame = [&](bool culling) {
        r.set_culling(culling);
        r.begin_frame(view);
        FillStyle fs;
        fs.by_feature = true;
        r.draw_fill(h, fs, 1);
        LineStyle ls{{0, 0, 0, 1}, 1};
        ls.by_feature = true;
        r.draw_lines(h, ls, 1);
        r.end_frame();
        return std::pair(target.read_rgba(), r.frame_stats());
    };
    const auto [part, part_stats] = frame(true);
    const auto [all, all_stats] = frame(false);
    CHECK(all_stats.triangles == sq.fill.indices.size() / 3);
    // The view shows a hundredth of the squares; random order drew every one of them.
    CHECK(part_stats.triangles * 20 < all_stats.triangles);
    CHECK(part_stats.segments * 20 < all_stats.segments);
    CHECK(part == all);
    // The red square came after the blue one in the file: it is on top, fill and all.
    const size_t centre = (size_t(100) * 200 + 100) * 4;
    CHECK(int(part[centre]) > 200);
    CHECK(int(part[centre + 2]) < 60);
}
