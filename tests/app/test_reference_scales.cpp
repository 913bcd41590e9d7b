// Zooming across the threshold between two basemap scales swaps the alliance footprints' countries between
// the two scales' layers (ReferenceLayer keeps the one shown before on the GPU). Whichever way the planner
// crosses, and however often, the map must show each scale's footprints, colours and outlines as drawn the
// first time: a swapped-in layer with the other scale's colours would colour the wrong countries.
#include "geo/alliances.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/fonts.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_scene.hpp"

#include <catch2/catch.hpp>

using namespace entente;

TEST_CASE(
    "zooming back and forth across a basemap scale's threshold draws each scale's footprints as before") {
    render::HeadlessContext ctx;
    render::Renderer r;
    app::RenderRequest rq = app::demo_request(); // NATO and the African Union, peace operations, risk
    rq.width = 480, rq.height = 270;
    app::ComposedMap map = app::compose_map(rq);
    app::MapScene& scene = *map.scene;
    scene.synchronous = true;
    r.set_glyph_atlas(app::bake_map_font(1.0f));
    render::OffscreenTarget target(rq.width, rq.height, 1);
    target.bind();
    // Two views about Europe and Africa, one on each side of the 1:110M / 1:50M threshold.
    render::View coarse = map.view, fine = map.view;
    while (scene.scale_for(coarse) != app::BasemapScale::S110m)
        coarse.units_per_px *= 1.25;
    fine.units_per_px = coarse.units_per_px;
    while (scene.scale_for(fine) != app::BasemapScale::S50m)
        fine.units_per_px /= 1.25;
    auto draw = [&](const render::View& v) {
        scene.draw(r, v); // ends its frame
        return target.read_rgba();
    };
    const auto coarse1 = draw(coarse), fine1 = draw(fine);
    REQUIRE(coarse1 != fine1);
    for (int crossing = 0; crossing < 2; ++crossing) {
        INFO("crossing " << crossing);
        CHECK(draw(coarse) == coarse1);
        CHECK(draw(fine) == fine1);
    }
    // A third scale (1:10M) and back: the layers of neither the first nor the second are at hand for both.
    render::View finest = fine;
    while (scene.scale_for(finest) != app::BasemapScale::S10m)
        finest.units_per_px /= 1.25;
    draw(finest);
    CHECK(draw(coarse) == coarse1);
    CHECK(draw(fine) == fine1);
    // The date changed while the finer scale is shown (other members, other operations): crossing back, the
    // coarser scale's kept layers must show that date, as a scene started on it does.
    scene.reference.date = *geo::Date::parse("2011-06-01");
    const auto fine_2011 = draw(fine);
    CHECK(fine_2011 != fine1);
    const auto coarse_2011 = draw(coarse);
    rq.date = "2011-06-01";
    app::ComposedMap fresh = app::compose_map(rq);
    fresh.scene->synchronous = true;
    render::Renderer r2;
    r2.set_glyph_atlas(app::bake_map_font(1.0f));
    fresh.scene->draw(r2, coarse);
    CHECK(coarse_2011 == target.read_rgba());
}
