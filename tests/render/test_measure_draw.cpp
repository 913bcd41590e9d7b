// The measurement tool drawn as the window draws it (a MapScene tool layer), checked where the geometry must
// land: a path along a meridian lies on that meridian, a range ring passes through its north point.
#include "scene/headless_render.hpp"
#include "session/measure_tool.hpp"

#include <catch2/catch.hpp>

using namespace entente;

namespace {

bool measure_ink(const app::RenderResult& res, int x,
                 int y) { // the tool's orange-red on the plain background
    const unsigned char* p = &res.rgba[(size_t(y) * size_t(res.width) + size_t(x)) * 4];
    return p[0] > 150 && p[2] < 100 && p[0] > p[1] + 60;
}

bool ink_near(const app::RenderResult& res, geo::XY s, int r = 1) {
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx)
            if (measure_ink(res, int(s.x) + dx, int(s.y) + dy)) return true;
    return false;
}

} // namespace

TEST_CASE("measurements are drawn on the map where their geodesics are") {
    app::MapScene scene;
    scene.set_projection(geo::ProjectionSpec::parse("platecarree"));
    scene.show_basemap = scene.show_graticule = scene.show_labels = false;
    app::MeasureTool tool;
    scene.tool_layers["measure"] = [&](render::Renderer& r, const render::View& v) {
        tool.draw(r, v, scene.projection());
    };
    const render::View view = scene.fit_view({0, 35, 20, 55}, 400, 400);
    auto screen = [&](geo::LonLat p) { return view.to_screen(scene.projection().forward(p)); };

    SECTION("a path along the 10°E meridian") {
        tool.handle_click({10, 40});
        tool.handle_click({10, 50});
        tool.finish();
        const app::RenderResult res = app::render_scene(scene, view);
        for (double lat : {40.5, 41.5, 42.5, 47.5, 48.5, 49.5}) {
            INFO("latitude " << lat);
            CHECK(ink_near(res, screen({10, lat})));
            CHECK_FALSE(ink_near(res, screen({11.5, lat})));
        }
    }
    SECTION("range rings at their radius") {
        tool.set_mode(app::MeasureTool::Mode::Rings);
        REQUIRE(tool.set_radii("300, 600 km"));
        tool.handle_click({10, 45});
        const app::RenderResult res = app::render_scene(scene, view);
        for (const auto& ring : tool.rings(8))                // north, north-east, ... points of each ring
            for (size_t i = 1; i + 1 < ring.size(); i += 2) { // the diagonal points, clear of the labels
                INFO("ring point " << ring[i].lon << ", " << ring[i].lat);
                CHECK(ink_near(res, screen(ring[i])));
            }
        CHECK_FALSE(ink_near(res, screen({10, 45 + 450 / 111.1}), 0)); // between the rings
    }
}
