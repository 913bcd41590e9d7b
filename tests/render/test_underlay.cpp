// The map under the mission kept as an image (Renderer::draw_underlay): on a software rasteriser, a frame
// where only what is drawn over it changes (a unit dragged, a route drawn, a measurement, labels) copies the
// map instead of drawing it again. What the planner sees must be the frame drawn in full, and a change to the
// map itself (a layer's colours, a grid shown or hidden) must draw it again.
#include "demo_frame.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/fonts.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_frames.hpp"
#include "scene/map_scene.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <vector>

using namespace entente;
using test::differing;
using test::differing_by_more;

namespace {

// Two layers of 3,000 random segments each: `under` goes in the underlay, `over` after it.
struct TwoLayers {
    static constexpr int w = 240, h = 160;
    render::Renderer r;
    render::LayerHandle under = r.create_layer(), over = r.create_layer();
    render::View v;
    TwoLayers() {
        v.width = w, v.height = h, v.units_per_px = 1, v.background = {1, 1, 1, 1};
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> x(-120, 120), y(-80, 80);
        for (render::LayerHandle l : {under, over}) {
            render::LineStrips lines;
            for (uint32_t i = 0; i < 3000; ++i) {
                lines.begin_strip();
                lines.add(x(rng), y(rng), i), lines.add(x(rng), y(rng), i);
            }
            r.set_lines(l, lines);
            colour(l, 0x3060c0ffu);
        }
    }
    void colour(render::LayerHandle l, uint32_t rgba) {
        r.set_feature_colours(l, {}, std::vector<uint32_t>(3000, rgba));
    }
    void draw_layers(bool keep) {
        const render::LineStyle style{{0, 0, 0, 1}, 2, true};
        r.begin_frame(v);
        if (keep)
            r.draw_underlay([&] { r.draw_lines(under, style); });
        else
            r.draw_lines(under, style);
        r.draw_lines(over, style);
        r.end_frame();
    }
};

} // namespace

TEST_CASE("a frame over the kept underlay is the frame drawn in full, and a change under it draws it again") {
    render::HeadlessContext ctx;
    render::OffscreenTarget target(TwoLayers::w, TwoLayers::h, 1);
    target.bind();
    TwoLayers kept, full; // the second never keeps anything: the frames drawn in full to compare with
    const auto frame = [&](TwoLayers& t, bool keep) {
        t.draw_layers(keep);
        return target.read_rgba();
    };
    frame(kept, true); // drawn, and kept
    CHECK_FALSE(kept.r.frame_stats().underlay_reused);
    const auto second = frame(kept, true);
    CHECK(kept.r.frame_stats().underlay_reused);
    CHECK(differing(second, frame(full, false)) == 0);

    // The layer over it changes (a unit moved): the underlay is still the one kept.
    kept.colour(kept.over, 0xd02020ffu), full.colour(full.over, 0xd02020ffu);
    const auto over_changed = frame(kept, true);
    CHECK(kept.r.frame_stats().underlay_reused);
    CHECK(differing(over_changed, frame(full, false)) == 0);

    // The layer under it changes: drawn again, never the old image.
    kept.colour(kept.under, 0x20a040ffu), full.colour(full.under, 0x20a040ffu);
    const auto under_changed = frame(kept, true);
    CHECK_FALSE(kept.r.frame_stats().underlay_reused);
    CHECK(differing(under_changed, over_changed) > 0);
    CHECK(differing(under_changed, frame(full, false)) == 0);

    // A pan: the image moved, never shown as it was.
    for (int i = 1; i <= 3; ++i) {
        kept.v.center.x = i, full.v.center.x = i;
        CHECK(differing_by_more(frame(kept, true), frame(full, false), 2) <= test::kRoundingFlips);
        CHECK_FALSE(kept.r.frame_stats().underlay_reused);
        CHECK(kept.r.frame_stats().underlay_moved);
    }
}

TEST_CASE("the demo with a route drawn over the kept map is the demo drawn in full") {
    // The window's case: the map under the mission kept while what is drawn after it changes, here a line
    // drawn towards the pointer as the window's route and measure tools draw it (a tool layer).
    test::DemoFrame demo(480, 300);
    app::ComposedMap& map = demo.map;
    render::Renderer& r = demo.r;
    render::OffscreenTarget& target = demo.target;
    r.set_glyph_atlas(app::bake_map_font(map.view.pixel_ratio));
    double to_x = 100;
    const auto route = [&](render::Renderer& rr, const render::View&) {
        rr.draw_screen_lines({{40, 250}, {to_x, 60}}, {0.9f, 0.2f, 0.1f, 1}, 3);
    };
    const auto frame = [&](double x) {
        to_x = x;
        map.scene->draw(r, map.view);
        return target.read_rgba();
    };
    r.set_keep_underlay(false); // the frames drawn in full to compare with
    frame(100);                 // loads and uploads
    map.scene->tool_layers["route"] = route;
    const auto to_100 = frame(100), to_300 = frame(300);
    REQUIRE(differing(to_100, to_300) > 0);

    r.set_keep_underlay(true);
    frame(200); // draws the map, and keeps it
    CHECK_FALSE(r.frame_stats().underlay_reused);
    CHECK(differing(frame(100), to_100) == 0);
    CHECK(r.frame_stats().underlay_reused);
    CHECK(differing(frame(300), to_300) == 0);
    CHECK(r.frame_stats().underlay_reused);

    // The graticule is under the mission: hiding or showing it draws the map again.
    map.scene->show_graticule = !map.scene->show_graticule;
    const auto other_grid = frame(300);
    CHECK_FALSE(r.frame_stats().underlay_reused);
    CHECK(differing(other_grid, to_300) > 0);
}

TEST_CASE("a frame in slices over the kept underlay copies it as one piece and equals the frame in full") {
    // A slow map on a software rasteriser is drawn a slice a window frame (scene/map_frames.hpp): an edit
    // over it is then a copy and the edit, in as many slices as those take, and every slice must count
    // the same pieces.
    render::HeadlessContext ctx;
    render::OffscreenTarget target(TwoLayers::w, TwoLayers::h, 1);
    target.bind();
    TwoLayers kept, full;
    app::MapFrames::Pacing a_piece_a_slice;
    a_piece_a_slice.whole_under_ms = 0, a_piece_a_slice.min_slice_ms = 0, a_piece_a_slice.max_slice_ms = 0;
    app::MapFrames frames(true, a_piece_a_slice);
    const auto draw = [&] { kept.draw_layers(true); };
    const auto until_whole = [&] {
        size_t slices = 0;
        do
            slices += frames.frame(kept.r, draw, kept.v, false) == app::MapFrames::Shown::Slice;
        while (frames.slicing());
        return slices;
    };
    frames.frame(kept.r, draw, kept.v, false); // the first frame, whole
    kept.colour(kept.under, 0x20a040ffu), full.colour(full.under, 0x20a040ffu);
    CHECK(until_whole() >= 3); // the map drawn in slices, and kept as they drew it
    CHECK(frames.counts().over_kept_map == 0);
    kept.colour(kept.over, 0x2020d0ffu), full.colour(full.over, 0x2020d0ffu);
    const size_t slices = until_whole();
    CHECK(slices >= 2); // the clear, the copy, the layer over it
    CHECK(frames.counts().over_kept_map == 1);
    CHECK(frames.counts().restarts == 0);
    const auto shown = target.read_rgba();
    full.draw_layers(false);
    CHECK(differing(shown, target.read_rgba()) == 0);
}

TEST_CASE("frames drawn over the kept underlay leave the map's own frame time as it was") {
    // MapFrames slices a map whose frames took over 80 ms and moves the image during a gesture when they
    // took over 30: a few quick edits over a kept map must not make a second-long map look quick, or the
    // next pan draws it whole and the window stops for a second.
    render::HeadlessContext ctx;
    render::OffscreenTarget target(TwoLayers::w, TwoLayers::h, 1);
    target.bind();
    TwoLayers t;
    app::MapFrames::Pacing whole;
    whole.whole_under_ms = 1e9; // every frame drawn whole, so each edit is timed
    app::MapFrames frames(true, whole);
    const auto draw = [&] { t.draw_layers(true); };
    frames.frame(t.r, draw, t.v, false);
    t.colour(t.under, 0xd02020ffu);
    frames.frame(t.r, draw, t.v, false); // drawn whole again, and the map under the mission kept
    REQUIRE_FALSE(t.r.frame_stats().underlay_reused);
    const double map_ms = frames.full_map_ms();
    for (uint32_t c : {0x20d020ffu, 0x2020d0ffu, 0xd0d020ffu, 0x20d0d0ffu}) {
        t.colour(t.over, c);
        REQUIRE(frames.frame(t.r, draw, t.v, false) == app::MapFrames::Shown::Whole);
        CHECK(t.r.frame_stats().underlay_reused);
    }
    CHECK(frames.counts().over_kept_map == 4);
    CHECK(frames.full_map_ms() == map_ms);
}

TEST_CASE("a pan by whole pixels moves the kept underlay and draws only the strips it uncovered") {
    // Panning the map on a software rasteriser: the map under the mission is the image kept, moved, with
    // the strips the pan uncovered drawn. What the planner sees must be the frame drawn in full at the new
    // view, whichever way the pan goes.
    render::HeadlessContext ctx;
    render::OffscreenTarget target(TwoLayers::w, TwoLayers::h, 1);
    target.bind();
    TwoLayers kept, full;
    const auto frame = [&](TwoLayers& t, bool keep) {
        t.draw_layers(keep);
        return target.read_rgba();
    };
    frame(kept, true); // drawn, and kept
    struct Pan {
        double dx, dy;        // map units, one a pixel
        double share_at_most; // of the frame drawn
    };
    const Pan pans[] = {{7, 0, 7.0 / 240},
                        {-12, 0, 12.0 / 240},
                        {0, 5, 5.0 / 160},
                        {0, -9, 9.0 / 160},
                        {6, -4, (6.0 * 160 + 4 * 234) / (240 * 160)},
                        {-3, 8, 0.07}};
    for (const Pan& p : pans) {
        kept.v.center.x += p.dx, kept.v.center.y += p.dy;
        full.v = kept.v;
        const auto moved = frame(kept, true);
        INFO("pan " << p.dx << ", " << p.dy);
        CHECK(kept.r.frame_stats().underlay_moved);
        CHECK(kept.r.frame_stats().underlay_drawn_share <= p.share_at_most + 1e-9);
        CHECK(kept.r.frame_stats().underlay_drawn_share > 0);
        const auto in_full = frame(full, false);
        CHECK(differing_by_more(moved, in_full, 2) <= test::kRoundingFlips);
        CHECK(differing(moved, in_full) < 32); // a level apart at a few antialiased edges
    }

    // Not by whole pixels: drawn in full.
    kept.v.center.x += 0.5, full.v = kept.v;
    const auto half = frame(kept, true);
    CHECK_FALSE(kept.r.frame_stats().underlay_moved);
    CHECK(differing(half, frame(full, false)) == 0);
    // A pan that uncovers more than half the frame is drawn in full too.
    frame(kept, true);
    kept.v.center.x += 150, full.v = kept.v;
    const auto far = frame(kept, true);
    CHECK_FALSE(kept.r.frame_stats().underlay_moved);
    CHECK(differing(far, frame(full, false)) == 0);
    // A change under it and a pan in the same frame: drawn in full, never the old image moved.
    frame(kept, true);
    kept.colour(kept.under, 0x20a040ffu), full.colour(full.under, 0x20a040ffu);
    kept.v.center.x += 4, full.v = kept.v;
    const auto changed = frame(kept, true);
    CHECK_FALSE(kept.r.frame_stats().underlay_moved);
    CHECK(differing(changed, frame(full, false)) == 0);
}

TEST_CASE("the demo panned by whole pixels over the kept map is the demo drawn in full, hatching included") {
    // The demo's alliance footprints are hatched and its risk raster striped above the threshold; both
    // patterns are laid from the framebuffer's pixels, so the strips drawn beside the moved image must lay
    // them moved with it, or the planner sees a seam in the hatching along each strip.
    test::DemoFrame demo(480, 300);
    render::View& view = demo.map.view;
    demo.r.set_glyph_atlas(app::bake_map_font(view.pixel_ratio));
    const auto frame = [&] {
        demo.map.scene->draw(demo.r, view);
        return demo.target.read_rgba();
    };
    frame(), frame(); // loads, uploads, and the map kept
    const double upp = view.units_per_px;
    const int pans[][2] = {{23, 0}, {0, -17}, {-31, 12}, {9, 26}};
    for (const auto& p : pans) {
        view.center.x += p[0] * upp, view.center.y += p[1] * upp;
        const auto moved = frame();
        INFO("pan " << p[0] << ", " << p[1] << " px");
        CHECK(demo.r.frame_stats().underlay_moved);
        CHECK(demo.r.frame_stats().underlay_drawn_share < 0.2);
        demo.r.set_keep_underlay(
            false); // the same view drawn in full, its patterns laid as the pans left them
        const auto whole = frame();
        demo.r.set_keep_underlay(true);
        CHECK(differing_by_more(moved, whole, 2) <= test::kRoundingFlips);
    }
}

TEST_CASE("a pan north at one scale keeps the map's detail, so the map is moved, not drawn again") {
    // In Mercator the ground scale at the view's centre changes as a pan goes north. Detail chosen there
    // (the graticule's spacing, the basemap's scale) flipped mid-pan: the grid changed spacing under the
    // planner's pointer and the whole map was drawn again instead of moved. Here the scale is set where the
    // graticule is about to go from 15 to 10 degrees as the centre goes north.
    test::DemoFrame demo(480, 300);
    render::View& view = demo.map.view;
    app::MapScene& scene = *demo.map.scene;
    demo.r.set_glyph_atlas(app::bake_map_font(view.pixel_ratio));
    view.world_width = scene.projection().world_width();
    const double at_15_degrees = 10 * 111320.0 / (109.8 * view.pixel_ratio); // 10 degrees 109.8 px apart
    view.units_per_px *= at_15_degrees / scene.metres_per_px(view);
    scene.draw(demo.r, view), scene.draw(demo.r, view);
    const double detail = scene.detail_metres_per_px(view);
    CHECK(detail == Approx(scene.metres_per_px(view)).epsilon(1e-9)); // a fresh view: its own centre
    for (int f = 0; f < 12; ++f) {                                    // 180 px north, within a view's height
        view.center.y += 15 * view.units_per_px;
        scene.draw(demo.r, view);
        INFO("frame " << f);
        CHECK(demo.r.frame_stats().underlay_moved);
        CHECK(scene.detail_metres_per_px(view) == detail);
    }
    CHECK(scene.metres_per_px(view) < 0.95 * detail); // where the centre's own scale asks for 10 degrees
    // A pan beyond a view's height, or a zoom, chooses detail at the centre again.
    view.center.y += 200 * view.units_per_px;
    scene.draw(demo.r, view);
    CHECK(scene.detail_metres_per_px(view) == Approx(scene.metres_per_px(view)).epsilon(1e-9));
    CHECK_FALSE(demo.r.frame_stats().underlay_moved);
    view.center.y -= 20 * view.units_per_px, view.units_per_px *= 0.9;
    scene.draw(demo.r, view);
    CHECK(scene.detail_metres_per_px(view) == Approx(scene.metres_per_px(view)).epsilon(1e-9));
}

TEST_CASE("the window draws a pan moved from the kept map where such frames are quick, else as before") {
    // MapFrames on a software rasteriser: a changed slow map goes in slices and a drag moves the last frame
    // over blank strips. A pan by whole pixels that moves the kept map is drawn instead, whole, while such
    // frames take less than the limits (tried where nothing is known of them yet).
    render::HeadlessContext ctx;
    render::OffscreenTarget target(TwoLayers::w, TwoLayers::h, 1);
    target.bind();
    TwoLayers t, full;
    app::MapFrames::Pacing slow; // every map counts as slow: sliced, and moved during a gesture
    slow.whole_under_ms = 1e-6, slow.slow_ms = 1e-6, slow.min_slice_ms = 0, slow.max_slice_ms = 0;
    app::MapFrames frames(true, slow);
    const auto draw = [&] { t.draw_layers(true); };
    const auto until_whole = [&] {
        while (frames.slicing())
            frames.frame(t.r, draw, t.v, false);
    };
    frames.frame(t.r, draw, t.v, false);
    t.colour(t.under, 0x20a040ffu), full.colour(full.under, 0x20a040ffu);
    REQUIRE(frames.frame(t.r, draw, t.v, false) == app::MapFrames::Shown::Slice);
    until_whole(); // the map drawn in slices, kept as they drew it

    t.v.center.x += 5, full.v = t.v;
    CHECK(frames.frame(t.r, draw, t.v, false) == app::MapFrames::Shown::Whole); // tried: nothing known yet
    CHECK(frames.counts().moved_map == 1);
    const auto moved = target.read_rgba();
    full.draw_layers(false);
    CHECK(differing_by_more(moved, target.read_rgba(), 2) <= test::kRoundingFlips);
    CHECK(frames.moved_map_ms() > 0);
    t.v.center.y += 3;
    CHECK(frames.frame(t.r, draw, t.v, false) == app::MapFrames::Shown::Slice); // slower than the limit
    until_whole();

    // During a gesture: the first pan tried, then moved frames slower than slow_ms show the last frame moved.
    app::MapFrames::Pacing gesture = slow;
    gesture.whole_under_ms = 1e9;
    app::MapFrames drag(true, gesture);
    t.colour(t.under, 0x3060c0ffu);
    REQUIRE(drag.frame(t.r, draw, t.v, false) == app::MapFrames::Shown::Whole); // the map's time known
    t.v.center.x -= 4;
    CHECK(drag.frame(t.r, draw, t.v, true) == app::MapFrames::Shown::Whole);
    CHECK(drag.counts().moved_map == 1);
    t.v.center.x -= 4;
    CHECK(drag.frame(t.r, draw, t.v, true) == app::MapFrames::Shown::Moved);
    // Not by whole pixels: nothing to move, the last frame moved.
    t.v.center.x -= 0.5;
    CHECK(drag.frame(t.r, draw, t.v, true) == app::MapFrames::Shown::Moved);
    CHECK(drag.counts().moved_map == 1);

    // A map changed since it was kept is not drawn whole in the middle of a drag: the last frame moved.
    app::MapFrames changed(true, gesture);
    REQUIRE(changed.frame(t.r, draw, t.v, false) == app::MapFrames::Shown::Whole);
    t.colour(t.under, 0xd0d020ffu);
    t.v.center.x += 3;
    CHECK(changed.frame(t.r, draw, t.v, true) == app::MapFrames::Shown::Moved);
    CHECK(changed.counts().whole == 1);
}
