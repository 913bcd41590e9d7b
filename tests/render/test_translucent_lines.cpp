// Translucent outlines are blended once a pixel within one draw (joins do not darken), once per draw across
// draws, and features drawn transparent (states not in an alliance, countries without an operation) leave
// nothing behind: a member's border shared with a non-member is drawn whole, whichever comes first.
#include "render/headless.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace entente::render;

namespace {

struct Frame {
    std::vector<unsigned char> rgba;
    int w;
    // Channel c of the pixel at window column x, row y from the top.
    int at(int x, int y, int c) const { return rgba[(size_t(y) * size_t(w) + size_t(x)) * 4 + size_t(c)]; }
};

// A closed square ring of feature f.
void ring(LineStrips& s, float x0, float y0, float x1, float y1, uint32_t f) {
    s.begin_strip();
    for (auto [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}})
        s.add(x, y, f);
}

} // namespace

TEST_CASE(
    "translucent outlines: one coverage a draw, every draw counted, transparent features leave no gaps") {
    HeadlessContext ctx;
    Renderer r;
    const int w = 100, h = 60;
    View view;
    view.width = w, view.height = h, view.units_per_px = 1, view.center = {0, 0};
    view.background = {1, 1, 1, 1};
    OffscreenTarget target(w, h, 1);
    target.bind();

    // Two squares sharing the edge x = 0; the left one, first in the buffer, is transparent.
    LineStrips borders;
    ring(borders, -40, -20, 0, 20, 0);
    ring(borders, 0, -20, 40, 20, 1);
    const LayerHandle states = r.create_layer();
    r.set_lines(states, borders);
    const uint32_t clear = pack({0, 0, 0, 0}), red = pack({1, 0, 0, 0.5f});
    const std::vector<uint32_t> stroke{clear, red};
    r.set_feature_colours(states, stroke, stroke);
    // A short red line in a corner, away from the squares.
    LineStrips dash;
    dash.add(-48, 27, 0), dash.add(-44, 27, 0);
    const LayerHandle other = r.create_layer();
    r.set_lines(other, dash);
    const LineStyle by_feature{{}, 3, true};
    const LineStyle half_red{{1, 0, 0, 0.5f}, 3};

    auto frame = [&](int others_before, int times) {
        r.begin_frame(view);
        for (int i = 0; i < others_before; ++i)
            r.draw_lines(other, half_red);
        for (int i = 0; i < times; ++i)
            r.draw_lines(states, by_feature);
        r.end_frame();
        return Frame{target.read_rgba(), w};
    };
    // Window columns 89-90 hold the member's own edge x = 40, 49-50 the shared edge x = 0; row 30 is y = 0,
    // row 10 the corner y = 20 where two of the member's segments join.
    const Frame once = frame(0, 1);
    const int g_edge = once.at(90, 30, 1);
    CHECK(std::abs(g_edge - 128) <= 2);                // white under red at half: blended once
    CHECK(std::abs(once.at(50, 30, 1) - g_edge) <= 2); // the shared edge as the member's own
    CHECK(std::abs(once.at(49, 30, 1) - g_edge) <= 2);
    CHECK(std::abs(once.at(90, 10, 1) - g_edge) <= 2); // the join: covered by two segments, blended once
    CHECK(once.at(20, 30, 1) == 255);                  // inside the squares: nothing
    CHECK(once.at(10, 10, 1) == 255);                  // the transparent square's edge x = -40: nothing

    // Twice: each draw blends once more, also when the second draw needs the stencil cleared (its marks
    // run out after 255 draws in a frame).
    for (int before : {0, 253, 254, 300}) {
        INFO(before << " draws before");
        const Frame twice = frame(before, 2);
        CHECK(std::abs(twice.at(90, 30, 1) - 64) <= 2);
        CHECK(std::abs(twice.at(50, 30, 1) - 64) <= 2);
        CHECK(std::abs(twice.at(90, 10, 1) - 64) <= 2);
        CHECK(twice.at(4, 3, 1) == (before ? 0 : 255)); // the corner line, blended once a draw
    }
}
