// A map frame drawn in slices over several window frames (scene/map_frames.hpp, Renderer::set_slice): on a
// software rasteriser the window draws a slow map a slice a frame into the renderer's own framebuffer and
// shows it when whole. The whole must be the picture drawn at once, whatever piece a slice ends at (inside a
// layer of translucent outlines and the stencil they share, between raster tiles, among labels), and data
// that arrives while it is drawn must not leave a picture of two frames on screen.
#include "demo_frame.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_frames.hpp"
#include "scene/map_scene.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <vector>

using namespace entente;
using test::differing;

namespace {

// Slices of nothing: each draws one piece (a clear, a draw of up to 16,384 items, a tile, a batch of
// labels), so a frame stops and starts again at every place it can.
app::MapFrames::Pacing one_piece_a_slice() {
    app::MapFrames::Pacing p;
    p.whole_under_ms = 0, p.min_slice_ms = 0, p.max_slice_ms = 0;
    return p;
}

// Window frames until the map is whole; returns how many showed a slice.
// The progress the status bar shows must climb, from nothing again at a restart, and not reach 1 until the
// map is whole.
size_t until_whole(app::MapFrames& frames, render::Renderer& r, const std::function<void()>& draw,
                   const render::View& v) {
    size_t slices = 0, restarts = frames.counts().restarts;
    double progress = 0;
    do {
        slices += frames.frame(r, draw, v, false) == app::MapFrames::Shown::Slice;
        frames.window_frame_took(1);
        const bool restarted = frames.counts().restarts != restarts;
        if (restarted) progress = 0, restarts = frames.counts().restarts;
        if (frames.slicing()) {
            if (!restarted) CHECK(frames.progress() > progress);
            CHECK(frames.progress() < 1);
            progress = frames.progress();
        }
    } while (frames.slicing() && slices < 100000);
    CHECK(frames.progress() == 1);
    return slices;
}

// 40,000 translucent segments in one layer: its draw is three pieces, and the stencil that keeps each pixel
// blended once must carry from one slice to the next.
struct Segments {
    static constexpr int w = 300, h = 200;
    render::HeadlessContext ctx;
    render::Renderer r;
    render::OffscreenTarget target{w, h, 1};
    render::LayerHandle layer = r.create_layer();
    render::View v;
    render::LineStyle style;
    Segments() {
        target.bind();
        render::LineStrips lines;
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> x(-150, 150), y(-100, 100), d(-30, 30);
        for (uint32_t i = 0; i < 40000; ++i) {
            const float ax = x(rng), ay = y(rng);
            lines.begin_strip();
            lines.add(ax, ay, i), lines.add(ax + d(rng), ay + d(rng), i);
        }
        r.set_lines(layer, lines);
        r.set_feature_colours(layer, {}, std::vector<uint32_t>(40000, 0x662020ccu)); // RGBA8 packed
        v.width = w, v.height = h, v.units_per_px = 1, v.background = {1, 1, 1, 1};
        style.colour = {0.8f, 0.1f, 0.1f, 0.4f};
        style.width_px = 3;
        style.by_feature = true;
    }
    void draw() {
        r.begin_frame(v);
        r.draw_lines(layer, style);
        r.end_frame();
    }
    std::vector<unsigned char> whole() {
        draw();
        return target.read_rgba();
    }
};

} // namespace

TEST_CASE("the demo drawn a piece a slice is the demo drawn at once") {
    test::DemoFrame demo(640, 400);
    app::ComposedMap& map = demo.map;
    render::Renderer& r = demo.r;
    render::OffscreenTarget& target = demo.target;
    render::View v = map.view;
    const auto draw = [&] { map.scene->draw(r, v); };
    draw(); // loads and uploads

    app::MapFrames frames(true, one_piece_a_slice());
    CHECK(frames.frame(r, draw, v, false) == app::MapFrames::Shown::Whole); // the first frame, kept
    v.center.x += 25 * v.units_per_px;                                      // a pan: the map changed
    const size_t slices = until_whole(frames, r, draw, v);
    const auto sliced = target.read_rgba();
    CHECK(slices > 40);
    CHECK(frames.counts().restarts == 0);
    CHECK(frames.progress() == 1);
    r.set_keep_underlay(false); // drawn at once in full, not over the map kept from the slices
    draw();
    CHECK(differing(sliced, target.read_rgba()) == 0);
    // The map under the mission was kept as the slices drew it (renderer.hpp draw_underlay): drawn over it,
    // the frame is the same.
    r.set_keep_underlay(true);
    draw();
    CHECK(r.frame_stats().underlay_reused);
    CHECK(differing(sliced, target.read_rgba()) == 0);
    // Shown again when nothing changed: the same picture, not drawn (over a green frame, so it must be put
    // back).
    render::View green = v;
    green.background = {0, 1, 0, 1};
    r.begin_frame(green);
    r.end_frame();
    CHECK(frames.frame(r, draw, v, false) == app::MapFrames::Shown::Repeated);
    CHECK(differing(sliced, target.read_rgba()) == 0);
}

TEST_CASE("translucent outlines cut between slices are blended once where they overlap") {
    Segments s;
    const auto whole = s.whole();
    app::MapFrames frames(true, one_piece_a_slice());
    s.v.center.x = 1; // a first frame kept, then a changed one in slices
    frames.frame(
        s.r, [&] { s.draw(); }, s.v, false);
    s.v.center.x = 0;
    CHECK(until_whole(
              frames, s.r, [&] { s.draw(); }, s.v) >= 3);
    CHECK(differing(s.target.read_rgba(), whole) == 0);
}

TEST_CASE("data arriving while a frame is drawn in slices leaves the frame as it ends, not two frames") {
    // A tile or a basemap scale arrives while a slice draws (the scene takes it between the signing and
    // the drawing): the slices before it drew another frame. Here the layer's colours change during the
    // last slice's draw, so its last piece would be in the new colours and the rest in the old.
    Segments s;
    app::MapFrames frames(true, one_piece_a_slice());
    const auto draw = [&] { s.draw(); };
    frames.frame(s.r, draw, s.v, false); // a first frame at x = 0, kept
    s.v.center.x = 1;
    const size_t pieces = until_whole(frames, s.r, draw, s.v); // a slice a piece: this many pieces at x = 1
    REQUIRE(pieces >= 3);
    REQUIRE(frames.counts().restarts == 0);
    s.v.center.x = 0;
    until_whole(frames, s.r, draw, s.v);
    s.v.center.x = 1; // again, from the image at x = 0
    size_t calls = 0;
    const std::vector<uint32_t> blue(40000, 0x80ff2020u);
    const auto arriving = [&] {
        // The first window frame signs and draws a slice, each later one only draws its slice (it signs
        // what it draws): the last slice's draw is call pieces + 1.
        if (++calls == pieces + 1) s.r.set_feature_colours(s.layer, {}, blue);
        s.draw();
    };
    until_whole(frames, s.r, arriving, s.v);
    CHECK(frames.counts().restarts == 1);
    CHECK(calls == 2 * pieces + 1); // the frame drawn again from its first piece
    const auto shown = s.target.read_rgba();
    CHECK(differing(shown, s.whole()) == 0); // the frame as it ended: every segment in the new colours
}

TEST_CASE("a frame that changes every window frame is drawn whole after a few starts") {
    // Tiles streaming in or Play change the frame faster than its slices finish: without an end the map
    // would show an old picture for as long as the changes come.
    Segments s;
    app::MapFrames::Pacing p = one_piece_a_slice();
    p.most_restarts = 3;
    app::MapFrames frames(true, p);
    frames.frame(
        s.r, [&] { s.draw(); }, s.v, false);
    float shade = 0;
    const auto changing = [&] {
        s.style.by_feature = false;
        s.style.colour.g = (shade += 0.01f); // a new frame at every draw, signing or slice
        s.draw();
    };
    int whole_at = -1;
    for (int f = 0; f < 10 && whole_at < 0; ++f)
        if (frames.frame(s.r, changing, s.v, false) == app::MapFrames::Shown::Whole) whole_at = f;
    // Each window frame's slice finds a frame other than the one it started (the first window frame's
    // signing), so starts it again; the window frame after the third start draws it whole.
    CHECK(whole_at == p.most_restarts);
}

TEST_CASE("a frame changed back to the kept one while drawn in slices shows the kept one at once") {
    // A layer hidden and shown again, an edit undone, before the changed frame was whole: the kept image
    // is the map again, with no slices to wait for.
    Segments s;
    app::MapFrames frames(true, one_piece_a_slice());
    const auto draw = [&] { s.draw(); };
    const auto kept = s.whole();
    frames.frame(s.r, draw, s.v, false); // kept at x = 0
    s.v.center.x = 1;
    REQUIRE(frames.frame(s.r, draw, s.v, false) == app::MapFrames::Shown::Slice);
    REQUIRE(frames.slicing());
    s.v.center.x = 0;
    CHECK(frames.frame(s.r, draw, s.v, false) == app::MapFrames::Shown::Repeated);
    CHECK_FALSE(frames.slicing());
    CHECK(frames.progress() == 1);
    CHECK(differing(s.target.read_rgba(), kept) == 0);
}
