// Big outlines and fills in tile order (renderer_gpu.hpp, kTileFrom): a national dataset comes in any order,
// and a view zoomed in on part of it, or the strip a pan uncovered, must draw that part, not every polygon.
// What is drawn must be what drawing every polygon gives, and polygons that overlap within a tile keep the
// file's order. Big point layers keep the file's order whole: zoomed in, or in a strip, the points of the tiles
// in view are drawn (gpu::points_in_box).
#include "demo_frame.hpp"
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

// 200 x 200 pixels of a map unit each, around the overlapping pair near (1005, 1005) on a white ground.
View near_the_pair() {
    View view;
    view.width = 200, view.height = 200, view.units_per_px = 1, view.center = {1010, 1010};
    view.background = {1, 1, 1, 1};
    return view;
}

} // namespace

TEST_CASE("a big layer in random order zoomed in draws its part of the polygons, as drawing them all does") {
    HeadlessContext ctx;
    const std::vector<Square> all = squares();
    const Squares sq(all);
    Renderer r;
    const LayerHandle h = sq.upload(r);
    OffscreenTarget target(200, 200, 1);
    target.bind();
    View view = near_the_pair(); // a tenth of the grid across
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

TEST_CASE("a big layer of points in random order zoomed in draws the points in view, in the file's order") {
    HeadlessContext ctx;
    // Points 10 map units apart on a 200 x 200 grid, in random order, with symbols large enough to overlap
    // their neighbours: which is on top is the file's order. Then a blue and a red point at one place.
    std::vector<int> cell(kGrid * kGrid);
    std::iota(cell.begin(), cell.end(), 0);
    std::shuffle(cell.begin(), cell.end(), std::mt19937(5));
    std::vector<std::pair<float, float>> at;
    std::vector<uint32_t> fill;
    for (int c : cell)
        at.push_back({float(c % kGrid) * 10 + 5, float(c / kGrid) * 10 + 5}),
            fill.push_back(0x203040ffu + uint32_t(c % 7) * 0x20100000u);
    at.push_back({1005, 1005}), fill.push_back(0x2040e0ffu);
    at.push_back({1005, 1005}), fill.push_back(0xe02020ffu);
    const auto cloud = [&](auto keep) {
        PointCloud pc;
        std::vector<uint32_t> colours;
        for (size_t i = 0; i < at.size(); ++i)
            if (keep(at[i].first, at[i].second)) {
                pc.xy.push_back(at[i].first), pc.xy.push_back(at[i].second);
                pc.feature.push_back(uint32_t(colours.size()));
                colours.push_back(fill[i]);
            }
        return std::pair(pc, colours);
    };
    Renderer r;
    const auto upload = [&r](const std::pair<PointCloud, std::vector<uint32_t>>& c) {
        const LayerHandle h = r.create_layer();
        r.set_points(h, c.first, true);
        r.set_feature_colours(h, c.second, std::vector<uint32_t>(c.second.size(), 0xffffffffu));
        return h;
    };
    const LayerHandle all = upload(cloud([](float, float) { return true; }));
    OffscreenTarget target(200, 200, 1);
    target.bind();
    View view = near_the_pair();
    const auto frame = [&](LayerHandle layer, bool culling) {
        r.set_culling(culling);
        r.begin_frame(view);
        PointStyle ps;
        ps.size_px = 14, ps.outline_px = 1.5f, ps.by_feature = true;
        r.draw_points(layer, ps, 1);
        r.end_frame();
        return std::pair(target.read_rgba(), r.frame_stats());
    };
    const auto [part, part_stats] = frame(all, true);
    const auto [whole, whole_stats] = frame(all, false);
    CHECK(whole_stats.points == at.size());
    CHECK(part_stats.points * 20 < whole_stats.points); // a hundredth of the grid is in view
    CHECK(part == whole);
    // Again from the tiles made (a second range, then the first again): the same.
    view.center = {400, 1600};
    const auto elsewhere = frame(all, true).first;
    CHECK(elsewhere == frame(all, false).first);
    view.center = {1010, 1010};
    CHECK(frame(all, true).first == part);
    // The points near the view alone, too few to be drawn by tile, in the file's order: the same picture.
    const auto few =
        cloud([](float x, float y) { return std::abs(x - 1010) < 120 && std::abs(y - 1010) < 120; });
    REQUIRE(few.first.feature.size() < size_t(20000));
    CHECK(frame(upload(few), true).first == part);
    // The red point came after the blue one: it is on top (map y 1005 is image row 104: rows run down).
    const size_t centre = (size_t(104) * 200 + 95) * 4;
    CHECK(int(part[centre]) > 200);
    CHECK(int(part[centre + 1]) < 60);
    CHECK(int(part[centre + 2]) < 60);

    // Panned by whole pixels over the kept map: each strip the pan uncovers draws the points of its own
    // tiles, and the frame is the one drawn in full.
    PointStyle ps;
    ps.size_px = 14, ps.outline_px = 1.5f, ps.by_feature = true;
    r.set_culling(true); // a change of settings draws the kept map again: set once, before
    const auto kept = [&] {
        r.begin_frame(view);
        r.draw_underlay([&] { r.draw_points(all, ps, 1); });
        r.end_frame();
        return std::pair(target.read_rgba(), r.frame_stats());
    };
    kept();
    std::vector<std::pair<View, std::vector<unsigned char>>> pans; // the full frames after, culling off
    for (const auto [dx, dy] : {std::pair{7.0, 0.0}, {0.0, -9.0}, {-12.0, 5.0}}) {
        view.center.x += dx, view.center.y += dy;
        const auto [moved, stats] = kept();
        INFO("pan " << dx << ", " << dy);
        CHECK(stats.underlay_moved);
        CHECK(stats.points * 100 < at.size());
        pans.push_back({view, moved});
    }
    for (const auto& [v, moved] : pans) {
        view = v;
        CHECK(entente::test::differing_by_more(moved, frame(all, false).first, 2) <=
              entente::test::kRoundingFlips);
    }
}
