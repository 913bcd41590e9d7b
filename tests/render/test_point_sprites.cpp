// Points of one size drawn as GL_POINTS sprites (one vertex each) must look exactly as the instanced quads
// they replace: every shape, outlines, transparency, and symbols cut by the edge of the view, where a
// rasteriser that dropped points whose centre is off screen would make symbols pop in and out while panning.
#include "render/headless.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <random>

using namespace entente::render;

namespace {

// Pixels of two RGBA images that differ by more than `tol` in any channel.
size_t pixels_differing(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, int tol) {
    size_t differ = 0;
    for (size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4) {
        int d = 0;
        for (int c = 0; c < 4; ++c)
            d = std::max(d, std::abs(int(a[i + c]) - int(b[i + c])));
        differ += d > tol;
    }
    return differ;
}

// Pixels where `a` differs from the frame drawn without points.
size_t painted(const std::vector<uint8_t>& a, const std::vector<uint8_t>& empty) {
    size_t n = 0;
    for (size_t i = 0; i + 3 < a.size(); i += 4)
        n += std::memcmp(&a[i], &empty[i], 4) != 0;
    return n;
}

} // namespace

TEST_CASE("points drawn as sprites look as quads do, symbols cut by the view's edge included") {
    HeadlessContext ctx;
    Renderer r;
    const int w = 320, h = 200;
    View view;
    view.width = w, view.height = h, view.units_per_px = 1, view.center = {0, 0};
    PointCloud pts;
    auto add = [&](float x, float y) {
        pts.xy.push_back(x), pts.xy.push_back(y);
        pts.feature.push_back(uint32_t(pts.feature.size()));
    };
    // Scattered over the view at sub-pixel positions, and along each edge with the centre a few pixels
    // inside, on, and outside it (the view spans x in [-160, 160], y in [-100, 100]).
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> ux(-150, 150), uy(-90, 90);
    for (int i = 0; i < 60; ++i)
        add(ux(rng), uy(rng));
    for (float d : {-4.3f, -1.6f, 0.0f, 2.2f, 5.7f}) {
        add(-160 + d, 40.3f), add(160 - d, -30.6f), add(20.2f, -100 + d), add(-50.7f, 100 - d);
    }
    const LayerHandle layer = r.create_layer();
    r.set_points(layer, pts);
    OffscreenTarget target(w, h, 1);
    target.bind();
    auto draw = [&](const PointStyle& style, bool sprites) {
        r.set_point_sprites(sprites);
        r.begin_frame(view);
        r.draw_points(layer, style, 0.9f);
        r.end_frame();
        return target.read_rgba();
    };
    r.begin_frame(view);
    r.end_frame();
    const auto empty = target.read_rgba();
    for (const PointShape shape : {PointShape::Circle, PointShape::Square, PointShape::Triangle,
                                   PointShape::Diamond, PointShape::Cross}) {
        for (const float size : {3.0f, 9.5f, 24.0f}) {
            PointStyle style;
            style.shape = shape, style.size_px = size, style.outline_px = size > 5 ? 1.5f : 0;
            style.fill = {0.2f, 0.5f, 0.9f, 0.8f};
            const auto quads = draw(style, false), sprites = draw(style, true);
            INFO("shape " << int(shape) << ", size " << size);
            REQUIRE(painted(quads, empty) > 0);
            // The same fragments, shaded from the same offsets up to float rounding; symbols cut by the edge
            // neither dropped nor moved.
            CHECK(pixels_differing(quads, sprites, 2) == 0);
            CHECK(painted(quads, empty) == painted(sprites, empty));
        }
    }
}
