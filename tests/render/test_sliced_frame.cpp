// A map frame drawn in slices over several window frames (Renderer::set_slice, app/gui/window_loop.cpp
// draw_map): on a software rasteriser the window draws a slow map a slice a frame into the renderer's own
// framebuffer and shows it when whole. The whole must be the picture drawn at once, whatever piece a slice
// ends at: inside a layer of translucent outlines (the stencil they share), between raster tiles, labels.
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_scene.hpp"

#include <catch2/catch.hpp>

#include <epoxy/gl.h>

#include <random>
#include <vector>

using namespace entente;

namespace {

// Draws `draw` in slices of `budget_ms` into the renderer's framebuffer, as the window does, and returns
// the whole picture as the window shows it (the captured view drawn into the target) with the slice count.
template <class Draw>
std::vector<unsigned char> sliced(render::Renderer& r, render::OffscreenTarget& target, const render::View& v,
                                  double budget_ms, Draw draw, size_t& slices, uint64_t& signature) {
    size_t from = 0;
    slices = 0;
    do {
        r.bind_offscreen(v.width, v.height);
        r.set_slice(from, budget_ms);
        draw();
        const size_t end = r.slice_end();
        REQUIRE((end == render::Renderer::kAllDrawn || end > from)); // each slice draws at least one piece
        from = end;
        ++slices;
        if (slices == 1) signature = r.frame_signature();
        CHECK(r.frame_signature() == signature); // the same frame, slice after slice
    } while (from != render::Renderer::kAllDrawn);
    r.capture_offscreen(v);
    target.bind();
    r.draw_captured_view(v);
    return target.read_rgba();
}

size_t differing(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    size_t n = 0;
    for (size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4)
        n += a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2];
    return n + (a.size() != b.size() ? 1 : 0);
}

} // namespace

TEST_CASE("the demo drawn a piece a slice is the demo drawn at once") {
    const int w = 640, h = 400;
    app::RenderRequest rq = app::demo_request();
    rq.files.push_back(app::demo_mission_path());
    rq.width = w, rq.height = h;
    app::ComposedMap map = app::compose_map(rq);
    map.scene->synchronous = true;
    render::HeadlessContext ctx;
    render::Renderer r;
    render::OffscreenTarget target(w, h, 1);
    target.bind();
    map.scene->draw(r, map.view); // loads and uploads
    map.scene->draw(r, map.view);
    const uint64_t whole_signature = r.frame_signature();
    const auto whole = target.read_rgba();

    // A budget of nothing: every slice draws one piece (a clear, a draw of up to 16,384 items, a tile, a
    // batch of labels), so the frame stops and starts again at every place it can.
    size_t slices = 0;
    uint64_t signature = 0;
    const auto one_piece = sliced(
        r, target, map.view, 0, [&] { map.scene->draw(r, map.view); }, slices, signature);
    CHECK(signature == whole_signature);
    CHECK(slices > 40);
    CHECK(differing(one_piece, whole) == 0);

    // With time to spare, one slice draws it all.
    const auto at_once = sliced(
        r, target, map.view, 1e6, [&] { map.scene->draw(r, map.view); }, slices, signature);
    CHECK(slices == 1);
    CHECK(differing(at_once, whole) == 0);
}

TEST_CASE("translucent outlines cut between slices are blended once where they overlap") {
    // 40,000 overlapping translucent segments in one layer: its draw is three pieces, and the stencil
    // that keeps each pixel blended once must carry from one slice to the next.
    const int w = 300, h = 200;
    render::HeadlessContext ctx;
    render::Renderer r;
    render::OffscreenTarget target(w, h, 1);
    target.bind();
    render::LineStrips lines;
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> x(-150, 150), y(-100, 100), d(-30, 30);
    for (uint32_t i = 0; i < 40000; ++i) {
        const float ax = x(rng), ay = y(rng);
        lines.begin_strip();
        lines.add(ax, ay, i), lines.add(ax + d(rng), ay + d(rng), i);
    }
    const render::LayerHandle l = r.create_layer();
    r.set_lines(l, lines);
    render::View v;
    v.width = w, v.height = h, v.units_per_px = 1, v.background = {1, 1, 1, 1};
    render::LineStyle ls;
    ls.colour = {0.8f, 0.1f, 0.1f, 0.4f};
    ls.width_px = 3;
    const auto draw = [&] {
        r.begin_frame(v);
        r.draw_lines(l, ls);
        r.end_frame();
    };
    draw();
    const auto whole = target.read_rgba();
    size_t slices = 0;
    uint64_t signature = 0;
    const auto cut = sliced(r, target, v, 0, draw, slices, signature);
    CHECK(slices >= 3);
    CHECK(differing(cut, whole) == 0);
}
