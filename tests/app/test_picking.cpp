// Clicking the map: which feature, or which raster value, is under the cursor.
#include "scene/map_scene.hpp"
#include "scene/picking.hpp"

#include <catch2/catch.hpp>

using namespace entente;

namespace {
std::shared_ptr<geo::VectorLayer> one(const std::string& file) {
    return geo::load_source(std::string(ENTENTE_TEST_DATA) + "/" + file).vectors.at(0);
}
} // namespace

TEST_CASE("a click inside a polygon identifies it, a click outside finds nothing") {
    app::MapScene scene;
    scene.show_basemap = false;
    auto layer = one("points.geojson");
    auto& ml = scene.add_vector(layer);
    const render::View v = scene.fit_view(layer->extent, 800, 600);
    // Each point identifies itself when clicked on.
    for (size_t i = 0; i < layer->points.coords.size(); ++i) {
        const geo::XY s = v.to_screen(scene.projection().forward(layer->points.coords[i]));
        const auto p = app::pick_feature(scene, v, {s.x + 2, s.y - 1});
        REQUIRE(p);
        CHECK(p->layer == ml.id);
        CHECK(p->feature == layer->points.feature[i]);
    }
    // Far from every point: nothing.
    CHECK_FALSE(app::pick_feature(scene, v, {-500, -500}));
    // Hidden layers are not identified.
    ml.visible = false;
    const geo::XY s0 = v.to_screen(scene.projection().forward(layer->points.coords[0]));
    CHECK_FALSE(app::pick_feature(scene, v, s0));
}

TEST_CASE("polygon containment honours holes") {
    // A 10x10 square with a 4x4 hole in the middle.
    geo::VectorLayer l;
    l.fids = {0};
    l.feature_bbox = {geo::Bbox{0, 0, 10, 10}};
    auto& ps = l.polygons;
    ps.coords = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}, {3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}};
    ps.ring_start = {0, 5, 10};
    ps.poly_ring = {0, 2};
    ps.poly_feature = {0};
    CHECK(app::feature_contains(l, 0, {1, 1}));        // in the shell
    CHECK(app::feature_contains(l, 0, {9, 5}));        // in the shell, beside the hole
    CHECK_FALSE(app::feature_contains(l, 0, {5, 5}));  // in the hole
    CHECK_FALSE(app::feature_contains(l, 0, {11, 5})); // outside
}

TEST_CASE("clicking a raster gives the cell's value, nodata as nodata") {
    app::MapScene scene;
    scene.show_basemap = false;
    auto src = geo::load_source(std::string(ENTENTE_TEST_DATA) + "/raster.tif");
    auto r = src.rasters.at(0);
    scene.add_raster(r, app::make_raster_preview(*r));
    const render::View v = scene.fit_view(r->extent_lonlat, 800, 600);
    // The centre of pixel (10, 6): the fixture's value there is row * 100 + col.
    const auto ll = r->pixels_to_lonlat({{10.5, 6.5}})[0];
    const geo::XY s = v.to_screen(scene.projection().forward(ll));
    const auto p = app::probe_raster(scene, v, s);
    REQUIRE(p);
    CHECK(p->px == 10);
    CHECK(p->py == 6);
    CHECK_FALSE(p->nodata);
    CHECK(p->value == Approx(6 * 100 + 10));
    // The top-left corner block is nodata.
    const auto ll0 = r->pixels_to_lonlat({{1.5, 1.5}})[0];
    const auto p0 = app::probe_raster(scene, v, v.to_screen(scene.projection().forward(ll0)));
    REQUIRE(p0);
    CHECK(p0->nodata);
}
