// The offscreen target of `entente render` and the tests: its stencil buffer (stencil-only where the driver
// takes one) is what lets a translucent route cover each pixel once where it crosses itself.
#include "render/headless.hpp"
#include "render/renderer.hpp"

#include <catch2/catch.hpp>

using namespace entente::render;

TEST_CASE("a translucent line that crosses itself is no darker where it crosses, in an offscreen render") {
    HeadlessContext ctx;
    Renderer r;
    const int w = 200, h = 200;
    OffscreenTarget target(w, h, 1);
    target.bind();
    View view;
    view.width = w, view.height = h, view.units_per_px = 1, view.center = {0, 0};
    view.background = {1, 1, 1, 1};
    // A horizontal stroke, then up and back down across it: the vertical leg crosses the first at (40, 0).
    LineStrips route;
    route.begin_strip();
    route.add(-80, 0, 0), route.add(40, 0, 0), route.add(40, 60, 0), route.add(40.5f, -60, 0);
    const LayerHandle layer = r.create_layer();
    r.set_lines(layer, route);
    r.begin_frame(view);
    r.draw_lines(layer, {{0.1f, 0.2f, 0.8f, 0.5f}, 8, false}, 1);
    r.end_frame();
    const auto px = target.read_rgba();
    auto at = [&](int x, int y) { // map units from the centre, y up; the image runs top-down
        const size_t i = (size_t(h / 2 - y) * w + size_t(w / 2 + x)) * 4;
        return std::array<int, 3>{px[i], px[i + 1], px[i + 2]};
    };
    const auto once = at(-40, 0), crossed = at(40, 0), background = at(-40, 50);
    INFO("once " << once[0] << "," << once[1] << "," << once[2] << "; crossed " << crossed[0] << ","
                 << crossed[1] << "," << crossed[2]);
    CHECK(once != background); // the stroke is there, half see-through
    CHECK(once[0] > 100);
    for (int c = 0; c < 3; ++c)
        CHECK(std::abs(once[c] - crossed[c]) <= 1);
}
