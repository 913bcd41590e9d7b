// Pan and zoom on a software rasteriser show the last full frame moved and scaled (Renderer::capture_view):
// what the planner sees during the gesture must sit where the map will be, or the map jumps when it is drawn
// in full again.
#include "render/headless.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <utility>
#include <vector>

using namespace entente;

namespace {

// The pixel at (x, y), y down, of the target's read-back.
std::array<int, 3> at(const std::vector<unsigned char>& rgba, int w, int x, int y) {
    const size_t i = (size_t(y) * size_t(w) + size_t(x)) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2]};
}

bool red(std::array<int, 3> c) {
    return c[0] > 200 && c[1] < 60 && c[2] < 60;
}

// A 200x100 map whose only feature is a square from (10, 10) to (30, 30) in map units, 1 unit a pixel, on
// blue.
struct SquareMap {
    static constexpr int w = 200, h = 100;
    render::HeadlessContext ctx;
    render::Renderer r;
    render::OffscreenTarget target{w, h, 1};
    render::View view;
    SquareMap() {
        target.bind();
        view.width = w, view.height = h, view.center = {0, 0}, view.units_per_px = 1;
        view.background = {0, 0, 1, 1};
    }
    void draw(const render::View& v, render::Rgba colour = {1, 0, 0, 1}) {
        r.begin_frame(v);
        r.draw_screen_rect(v.to_screen({10, 30}), v.to_screen({30, 10}), colour);
        r.end_frame();
    }
};

} // namespace

TEST_CASE("the captured frame drawn in a panned and zoomed view lands where the map would be drawn") {
    SquareMap m;
    render::Renderer& r = m.r;
    render::OffscreenTarget& target = m.target;
    const render::View& view = m.view;
    const int w = m.w;
    const auto draw_square = [&](const render::View& v) { m.draw(v); };
    draw_square(view);
    r.capture_view(view);
    REQUIRE(r.has_captured_view());

    // Panned 40 units east and zoomed in 2x: the square now spans screen x 40..80 and y -10..30
    // (map (10..30, 10..30) around a centre of (40, 0) at half a unit a pixel, y down).
    render::View now = view;
    now.center = {40, 0}, now.units_per_px = 0.5;
    r.draw_captured_view(now);
    const auto moved = target.read_rgba();
    draw_square(now);
    const auto full = target.read_rgba();
    for (auto [x, y] : {std::pair{45, 15}, {75, 25}, {60, 5}}) {
        CAPTURE(x, y);
        CHECK(red(at(moved, w, x, y)));
        CHECK(red(at(full, w, x, y)));
    }
    for (auto [x, y] : {std::pair{35, 20}, {85, 20}, {60, 35}, {150, 20}}) {
        CAPTURE(x, y);
        CHECK_FALSE(red(at(moved, w, x, y)));
        CHECK_FALSE(red(at(full, w, x, y)));
    }
    // Beyond the captured image's edge (panned past it) the background shows, not a smear of its last column.
    render::View far = view;
    far.center = {150, 0};
    r.draw_captured_view(far);
    const auto edge = target.read_rgba();
    CHECK(at(edge, w, 190, 50) == std::array<int, 3>{0, 0, 255});
    r.drop_captured_view();
    CHECK_FALSE(r.has_captured_view());
}

TEST_CASE("a frame that would draw what was captured signs the same and shows the captured pixels exactly") {
    // The window shows its captured frame again when only its panels changed: that needs the signature to
    // change with anything that changes the map, stay put otherwise, and the captured frame to come back
    // pixel for pixel at the same view.
    render::HeadlessContext ctx;
    render::Renderer r;
    const int w = 160, h = 90;
    render::OffscreenTarget target(w, h, 1);
    target.bind();
    render::View view;
    view.width = w, view.height = h, view.center = {3, -2}, view.units_per_px = 0.7;
    const render::LayerHandle layer = r.create_layer();
    render::LineStrips strips;
    for (int i = 0; i < 40; ++i)
        strips.add(float(i * 3 - 60), float((i * 7) % 50 - 25), 0);
    r.set_lines(layer, strips);
    render::LineStyle style{{0.8f, 0.2f, 0.1f, 0.7f}, 2.5f};
    render::TextItem label;
    label.text = "Bunia", label.pos = {80, 40};
    const auto frame = [&](const render::View& v, const render::LineStyle& s, const std::string& text) {
        r.begin_frame(v);
        r.draw_lines(layer, s, 1);
        label.text = text;
        r.draw_text({label});
        r.draw_screen_rect({5, 5}, {25, 15}, {0, 0, 0, 1});
        r.end_frame();
        return r.frame_signature();
    };
    const uint64_t drawn = frame(view, style, "Bunia");
    const auto pixels = target.read_rgba();
    r.capture_view(view);

    // Signed only: the same signature, and nothing drawn (the framebuffer keeps what was there).
    r.begin_frame(view);
    r.draw_screen_rect({0, 0}, {float(w), float(h)}, {0, 1, 0, 1});
    r.end_frame();
    const auto green = target.read_rgba();
    r.set_sign_only(true);
    CHECK(frame(view, style, "Bunia") == drawn);
    CHECK(target.read_rgba() == green);
    // Anything that changes the map changes it: the view, a style, a label, an upload, a highlight.
    render::View panned = view;
    panned.center.x += 0.5;
    CHECK(frame(panned, style, "Bunia") != drawn);
    render::LineStyle wider = style;
    wider.width_px = 3;
    CHECK(frame(view, wider, "Bunia") != drawn);
    CHECK(frame(view, style, "Beni") != drawn);
    r.set_highlight(0, {1, 1, 0, 1});
    CHECK(frame(view, style, "Bunia") != drawn);
    r.set_highlight(-1, {});
    CHECK(frame(view, style, "Bunia") == drawn); // no highlight, whatever its colour was
    r.set_sign_only(false);

    // Shown again at the same view, the captured frame is the drawn one, pixel for pixel.
    r.draw_captured_view(view);
    CHECK(target.read_rgba() == pixels);
    // An upload counts even when the calls are the same.
    r.set_lines(layer, strips);
    r.set_sign_only(true);
    CHECK(frame(view, style, "Bunia") != drawn);
    r.set_sign_only(false);
}

TEST_CASE("the captured frame moved to one view again and again is the same image until a new capture") {
    // While a changed map is drawn in slices the window shows the captured frame moved to the view every
    // window frame; from the second time at one view it is kept moved and copied. The copy must be the moved
    // image, and a new capture must replace it.
    SquareMap m;
    render::Renderer& r = m.r;
    render::OffscreenTarget& target = m.target;
    const render::View& view = m.view;
    const int w = m.w, h = m.h;
    const auto square = [&](render::Rgba c) {
        m.draw(view, c);
        r.capture_view(view);
    };
    square({1, 0, 0, 1});
    render::View now = view;
    now.center = {40, 0}, now.units_per_px = 0.5;
    r.draw_captured_view(now);
    const auto first = target.read_rgba();
    CHECK(red(at(first, w, 60, 5)));
    for (int i = 0; i < 3; ++i) { // drawn, kept, copied
        r.begin_frame(view);      // something else in between, as the window's panels
        r.draw_screen_rect({0, 0}, {float(w), float(h)}, {0, 1, 0, 1});
        r.end_frame();
        r.draw_captured_view(now);
        CHECK(target.read_rgba() == first);
    }
    square({1, 1, 1, 1}); // a new capture: the moved image must follow it
    r.draw_captured_view(now);
    r.draw_captured_view(now);
    const auto white = target.read_rgba();
    CHECK(at(white, w, 60, 5) == std::array<int, 3>{255, 255, 255});
    // At the captured view itself the image is copied as it is.
    r.draw_captured_view(view);
    const auto same = target.read_rgba();
    CHECK(at(same, w, 120, 30) == std::array<int, 3>{255, 255, 255});
    CHECK(at(same, w, 5, 5) == std::array<int, 3>{0, 0, 255});
}
