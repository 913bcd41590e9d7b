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

// Squares in file order (feature i is the i-th): kGrid^2 at random places on the grid, then two larger ones
// at the same place, blue (feature kGrid^2) under red (kGrid^2 + 1).
struct Square {
    float x, y, side;
    uint32_t colour;
};

std::vector<Square> squares() {
    std::vector<int> cell(kGrid * kGrid);
    std::iota(cell.begin(), cell.end(), 0);
    std::shuffle(cell.begin(), cell.end(), std::mt19937(21));
    std::vector<Square> out;
    for (int c : cell)
        out.push_back({float(c % kGrid) * 10 + 1, float(c / kGrid) * 10 + 1, 8, 0x2a6fb0ffu});
    out.push_back({1003, 1003, 14, 0x2040e0ffu});
    out.push_back({1003, 1003, 14, 0xe02020ffu});
    return out;
}

// A layer of squares: their fill, outlines and colours.
struct Squares {
    FillMesh fill;
    LineStrips outline;
    std::vector<uint32_t> colours;
    explicit Squares(const std::vector<Square>& all) {
        for (const Square& s : all)
            add(s);
    }
    void add(const Square& s) {
        const auto f = uint32_t(colours.size());
        const auto v = uint32_t(fill.feature.size());
        const float xs[] = {s.x, s.x + s.side, s.x + s.side, s.x},
                    ys[] = {s.y, s.y, s.y + s.side, s.y + s.side};
        outline.begin_strip();
        for (int k = 0; k < 5; ++k)
            outline.add(xs[k % 4], ys[k % 4], f);
        for (int k = 0; k < 4; ++k)
            fill.xy.push_back(xs[k]), fill.xy.push_back(ys[k]), fill.feature.push_back(f);
        fill.indices.insert(fill.indices.end(), {v, v + 1, v + 2, v, v + 2, v + 3});
        colours.push_back(s.colour);
    }
    LayerHandle upload(Renderer& r) const {
        const LayerHandle h = r.create_layer();
        r.set_fill(h, fill);
        r.set_lines(h, outline);
        r.set_feature_colours(h, colours, std::vector<uint32_t>(colours.size(), 0x101010ffu));
        return h;
    }
};

} // namespace

TEST_CASE("a big layer in random order zoomed in draws its part of the polygons, as drawing them all does") {
    HeadlessContext ctx;
    const std::vector<Square> all = squares();
    const Squares sq(all);
    Renderer r;
    const LayerHandle h = sq.upload(r);
    OffscreenTarget target(200, 200, 1);
    target.bind();
    View view; // a tenth of the grid across, around the two overlapping squares
    view.width = 200, view.height = 200, view.units_per_px = 1, view.center = {1010, 1010};
    view.background = {1, 1, 1, 1};
    const auto frame = [&](LayerHandle layer, bool culling) {
        r.set_culling(culling);
        r.begin_frame(view);
        FillStyle fs;
        fs.by_feature = true;
        r.draw_fill(layer, fs, 1);
        LineStyle ls{{0, 0, 0, 1}, 1};
        ls.by_feature = true;
        r.draw_lines(layer, ls, 1);
        r.end_frame();
        return std::pair(target.read_rgba(), r.frame_stats());
    };
    const auto [part, part_stats] = frame(h, true);
    const auto [whole, whole_stats] = frame(h, false);
    CHECK(whole_stats.triangles == sq.fill.indices.size() / 3);
    // The view shows a hundredth of the squares; random order drew every one of them.
    CHECK(part_stats.triangles * 20 < whole_stats.triangles);
    CHECK(part_stats.segments * 20 < whole_stats.segments);
    CHECK(part == whole);
    // The squares near the view alone, a layer too small to be put in tile order, in the file's order: the
    // same picture (a stray segment joining two strips, or the pair drawn the other way, would show).
    std::vector<Square> near;
    for (const Square& s : all)
        if (std::abs(s.x - 1010) < 120 && std::abs(s.y - 1010) < 120) near.push_back(s);
    REQUIRE(near.size() * 3 < (size_t(1) << 16)); // under kTileFrom outline vertices
    const Squares few(near);
    CHECK(frame(few.upload(r), true).first == part);
    // The red square came after the blue one in the file: it is on top, fill and all.
    const size_t centre = (size_t(100) * 200 + 100) * 4;
    CHECK(int(part[centre]) > 200);
    CHECK(int(part[centre + 2]) < 60);
}
