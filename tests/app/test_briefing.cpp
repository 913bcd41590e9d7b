// The briefing frame's measuring parts: the scale bar is as long as the geodesic distance it claims, and the
// north arrow points to true north, in projections where north is not "up".
#include "geo/gdal_ptr.hpp"
#include "geo/measure.hpp"
#include "scene/assets.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_scene.hpp"
#include "scene/slide_frame.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

using namespace entente;

namespace {

void check_scale_bar(const std::string& crs, geo::Bbox box) {
    app::MapScene scene;
    scene.set_projection(geo::ProjectionSpec::parse(crs));
    const render::View v = scene.fit_view(box, 1200, 800);
    const auto sb = app::scale_bar(v, scene.projection(), 200);
    REQUIRE(sb);
    // The bar's ends, centred on the map centre along the screen horizontal, are as far apart on the ground
    // as its label says (geodesic), within 1 %.
    const geo::XY c{600, 400};
    const auto a = scene.projection().inverse(v.to_map({c.x - sb->px / 2, c.y}));
    const auto b = scene.projection().inverse(v.to_map({c.x + sb->px / 2, c.y}));
    REQUIRE(a);
    REQUIRE(b);
    const geo::LonLat pts[2] = {*a, *b};
    INFO(crs << ": bar " << sb->px << " px for " << sb->label);
    CHECK(geo::measure_path(pts).length_m == Approx(sb->metres).epsilon(0.01));
    CHECK(sb->px <= 200);
    CHECK(sb->px >= 200 / 2.5 - 1); // the round number is the largest that fits
    const double lead = sb->metres / std::pow(10.0, std::floor(std::log10(sb->metres)));
    CHECK((lead == Approx(1) || lead == Approx(2) || lead == Approx(5)));
}

} // namespace

TEST_CASE("the scale bar is true for the projection at the map centre") {
    check_scale_bar("webmercator", {14, 2, 24, 10});  // Central Africa
    check_scale_bar("webmercator", {18, 66, 34, 72}); // high latitude: Mercator stretches 3x
    check_scale_bar("north", {0, 62, 50, 76});
    check_scale_bar("laea:19,5", {14, 2, 24, 10});
    check_scale_bar("platecarree", {-10, 40, 30, 60});
}

TEST_CASE("the north arrow points to true north where the map is") {
    app::MapScene scene;
    scene.set_projection(geo::ProjectionSpec::parse("webmercator"));
    auto v = scene.fit_view({14, 2, 24, 10}, 800, 600);
    CHECK(*app::north_angle(v, scene.projection()) == Approx(0).margin(1e-6));
    // Polar stereographic north (EPSG:3413, central meridian 45 W): 90 degrees east of it the pole is to the
    // screen's left; on the central meridian north is up.
    scene.set_projection(geo::ProjectionSpec::parse("north"));
    v = scene.fit_view({40, 60, 50, 70}, 800, 600);
    CHECK(*app::north_angle(v, scene.projection()) == Approx(-M_PI / 2).margin(0.02));
    v = scene.fit_view({-50, 60, -40, 70}, 800, 600);
    CHECK(*app::north_angle(v, scene.projection()) == Approx(0).margin(0.02));
}

TEST_CASE("classification banners take the marking's colour") {
    CHECK(app::marking_colour("UNCLASSIFIED").g > 0.4f);
    CHECK(app::marking_colour("SECRET").r > 0.7f);
    CHECK(app::marking_colour("TOP SECRET").r > 0.9f);
    CHECK(app::marking_colour("TOP SECRET").g > 0.3f); // orange, not the red of SECRET
    CHECK(app::marking_colour("NATO RESTRICTED").r > 0.6f);
    CHECK(app::marking_colour("CONFIDENTIAL").b > 0.5f);
    CHECK(app::marking_colour("something else").g < 0.3f); // never green for an unknown marking
}

TEST_CASE("a single map exports as a georeferenced PDF that GIS tools place correctly") {
    app::RenderRequest rq;
    rq.files = {app::asset_path("demo/shared_shield.entente.gpkg")};
    rq.phase = "2";
    rq.width = 400, rq.height = 300;
    const app::RenderResult res = app::render_map(rq);
    const std::string pdf = (std::filesystem::temp_directory_path() / "entente-geopdf-test.pdf").string();
    app::write_geopdf(pdf, res);
    GDALAllRegister();
    geo::DatasetPtr ds(static_cast<GDALDataset*>(GDALOpen(pdf.c_str(), GA_ReadOnly)));
    REQUIRE(ds);
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    REQUIRE(srs);
    CHECK(std::string(srs->GetAuthorityCode(nullptr) ? srs->GetAuthorityCode(nullptr) : "") == "3857");
    double gt[6];
    REQUIRE(ds->GetGeoTransform(gt) == CE_None);
    // The page's extent is the map's: corners within a pixel (the PDF is read back at its own DPI).
    const double right = gt[0] + gt[1] * ds->GetRasterXSize(), bottom = gt[3] + gt[5] * ds->GetRasterYSize();
    const double px = (res.map_bounds.maxx - res.map_bounds.minx) / res.width;
    CHECK(gt[0] == Approx(res.map_bounds.minx).margin(px));
    CHECK(gt[3] == Approx(res.map_bounds.maxy).margin(px));
    CHECK(right == Approx(res.map_bounds.maxx).margin(px));
    CHECK(bottom == Approx(res.map_bounds.miny).margin(px));
    std::filesystem::remove(pdf);
}
