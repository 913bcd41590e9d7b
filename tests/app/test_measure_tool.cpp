// The measurement tool as the map drives it: clicks, finishing, clearing; figures against GeographicLib's
// GeodSolve and Planimeter; typed range-ring radii. And the validation panel's helpers: the risk layer it
// samples, where a diagnostic zooms to, the profile plot.
#include "session/measure_tool.hpp"
#include "session/validation_view.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace entente;
using Tool = app::MeasureTool;

namespace {
// London, Paris, Berlin (lat, lon as GeodSolve reads them; LonLat is lon first).
const geo::LonLat kLondon{-0.1278, 51.5074}, kParis{2.3522, 48.8566}, kBerlin{13.405, 52.52};
} // namespace

TEST_CASE("a measured path gives GeodSolve's legs, bearings and total to the millimetre") {
    Tool t;
    t.handle_click(kLondon);
    t.handle_click(kParis);
    t.handle_click(kBerlin);
    const geo::PathMeasure m = t.path();
    REQUIRE(m.leg_m.size() == 2);
    // GeodSolve -i -p 6: "51.5074 -0.1278 48.8566 2.3522" and "48.8566 2.3522 52.52 13.405".
    CHECK(m.leg_m[0] == Approx(343923.120091).margin(1e-3));
    CHECK(m.leg_m[1] == Approx(879699.316129).margin(1e-3));
    CHECK(m.leg_bearing_deg[0] == Approx(148.04592803931).margin(1e-6));
    CHECK(m.leg_bearing_deg[1] == Approx(58.24006928499).margin(1e-6));
    CHECK(m.length_m == Approx(343923.120091 + 879699.316129).margin(1e-3));
    CHECK_FALSE(t.finished());
}

TEST_CASE("double-click or Enter finishes, the next click starts again, Esc clears") {
    Tool t;
    t.handle_click(kLondon);
    t.handle_click(kParis);
    t.handle_click(kParis, /*double_click=*/true); // the second click of a double-click adds nothing
    CHECK(t.finished());
    CHECK(t.points().size() == 2);
    t.handle_click(kBerlin);
    CHECK_FALSE(t.finished());
    CHECK(t.points().size() == 1);
    t.finish();
    CHECK(t.finished());
    t.clear();
    CHECK(t.empty());
    CHECK_FALSE(t.finished());
    // Longitudes beyond ±180 (a click on a world copy) are brought back.
    t.handle_click({360 + 10, 5});
    CHECK(t.points()[0].lon == Approx(10));
}

TEST_CASE("an area gives Planimeter's area and perimeter") {
    Tool t;
    t.set_mode(Tool::Mode::Area);
    t.handle_click(kLondon);
    t.handle_click(kParis);
    t.handle_click(kBerlin);
    t.finish();
    // Planimeter -p 6 of the three points: perimeter 2158145.786149 m, area 151474870928.3 m².
    CHECK(t.perimeter_m() == Approx(2158145.786149).margin(1e-3));
    CHECK(t.area_m2() == Approx(151474870928.3).margin(1));
    CHECK(t.path().leg_m.size() == 3); // closed
}

TEST_CASE("range rings are at the typed radii") {
    Tool t;
    t.set_mode(Tool::Mode::Rings);
    REQUIRE(t.set_radii("5, 10, 25 km"));
    CHECK(t.radii_m() == std::vector<double>{5000, 10000, 25000});
    REQUIRE(t.set_radii("3 nm 8 km"));
    CHECK(t.radii_m() == std::vector<double>{5556, 8000});
    t.unit = Tool::Unit::Nm;
    REQUIRE(t.set_radii("2, 1"));
    CHECK(t.radii_m() == std::vector<double>{1852, 3704});
    REQUIRE(t.set_radii("500 M, 1.5 KM"));
    CHECK(t.radii_m() == std::vector<double>{500, 1500});
    std::string err;
    CHECK_FALSE(t.set_radii("5 furlongs", &err));
    CHECK(err.find("furlongs") != std::string::npos);
    CHECK_FALSE(t.set_radii("", &err));
    CHECK_FALSE(t.set_radii("-3 km", &err));
    CHECK_FALSE(t.set_radii("km", &err));
    CHECK(t.radii_m() == std::vector<double>{500, 1500}); // unchanged by refused input

    REQUIRE(t.set_radii("5, 10, 25 km"));
    CHECK(t.rings().empty());       // no centre yet
    t.handle_click({178.5, -17.7}); // near the antimeridian: the 25 km ring crosses nothing, 25 km is fine
    CHECK(t.finished());
    const auto rings = t.rings(90);
    REQUIRE(rings.size() == 3);
    for (size_t i = 0; i < rings.size(); ++i) {
        CHECK(rings[i].size() == 91);
        for (const auto& p : rings[i]) {
            const double d = geo::measure_path(std::vector<geo::LonLat>{t.points()[0], p}).length_m;
            CHECK(d == Approx(t.radii_m()[i]).margin(1e-3));
        }
    }
    // A new click moves the centre.
    t.handle_click({10, 50});
    CHECK(t.points().size() == 1);
    CHECK(t.points()[0].lat == 50);
}

TEST_CASE("measurements are written in the chosen unit") {
    CHECK(Tool::format_distance(12345, Tool::Unit::Km) == "12.35 km");
    CHECK(Tool::format_distance(1852 * 3, Tool::Unit::Nm) == "3.000 NM");
    CHECK(Tool::format_distance(1234567, Tool::Unit::M) == "1,234,567 m");
    CHECK(Tool::format_distance(999, Tool::Unit::M) == "999 m");
    CHECK(Tool::format_area(2.5e6, Tool::Unit::Km) == "2.500 km\xC2\xB2");
    CHECK(Tool::format_bearing(45.26) == "045.3\xC2\xB0");
    CHECK(Tool::format_bearing(359.94) == "359.9\xC2\xB0");
}

TEST_CASE("a diagnostic zooms to its element and location") {
    missions::Mission m;
    missions::Unit u;
    u.id = "u1", u.position = {20, 5};
    u.phase_position["p2"] = {21, 6};
    m.units.push_back(u);
    missions::ControlMeasure c;
    c.id = "r1", c.kind = missions::MeasureKind::Route, c.points = {{18, 4}, {19, 4.5}, {19.5, 6}};
    m.measures.push_back(c);
    m.phases.push_back({"p2", "Phase 2", 0, 5});

    missions::Diagnostic d;
    d.element = "r1", d.where = geo::LonLat{19.2, 5};
    auto b = app::diagnostic_zoom_box(d, m, "");
    REQUIRE(b);
    CHECK(b->minx < 18);
    CHECK(b->maxx > 19.5);
    CHECK(b->miny < 4);
    CHECK(b->maxy > 6);
    CHECK(b->width() == Approx(1.5 * 1.4)); // padded by a fifth on each side
    CHECK(0.5 * (b->minx + b->maxx) == Approx(18.75));

    // A unit is a point: the box is at least 5 km across, around where it is in the phase shown.
    d = {};
    d.element = "u1";
    b = app::diagnostic_zoom_box(d, m, "p2");
    REQUIRE(b);
    CHECK(0.5 * (b->minx + b->maxx) == Approx(21));
    CHECK(0.5 * (b->miny + b->maxy) == Approx(6));
    CHECK(b->height() * 111320 == Approx(5000).epsilon(0.01));
    CHECK(b->width() * 111320 * std::cos(6 * M_PI / 180) == Approx(5000).epsilon(0.01));

    // A diagnostic with only a location, and one with no place at all (an empty phase).
    d = {};
    d.element = "gone", d.where = geo::LonLat{-3, 40};
    b = app::diagnostic_zoom_box(d, m, "");
    REQUIRE(b);
    CHECK(0.5 * (b->minx + b->maxx) == Approx(-3));
    d = {};
    d.element = "p2";
    CHECK_FALSE(app::diagnostic_zoom_box(d, m, ""));
}

TEST_CASE("a risk profile is resampled evenly for the plot, gaps kept") {
    std::vector<missions::RiskSample> s{{0, 1}, {1000, 3}, {2000, NAN}, {3000, 5}, {4000, 5}};
    const app::ProfilePlot p = app::profile_plot(s, 9); // every 500 m
    REQUIRE(p.values.size() == 9);
    CHECK(p.length_m == 4000);
    CHECK(p.values[0] == Approx(1));
    CHECK(p.values[1] == Approx(2));
    CHECK(p.values[2] == Approx(3));
    CHECK(std::isnan(p.values[4])); // at the nodata sample
    CHECK(p.values[6] == Approx(5));
    CHECK(p.values[8] == Approx(5));
    CHECK(p.min == 1);
    CHECK(p.max == 5);
    CHECK(p.any);
    CHECK_FALSE(app::profile_plot({{0, NAN}, {10, NAN}}).any);
    CHECK(app::profile_plot({}).values.empty());
}

TEST_CASE("validation samples the topmost visible raster risk layer with its threshold") {
    app::MapScene scene;
    CHECK_FALSE(app::validation_risk_layer(scene));
    geo::LoadedSource src = geo::load_source(std::string(ENTENTE_TEST_DATA) + "/raster.tif");
    REQUIRE(src.rasters.size() == 1);
    app::MapLayer& plain = scene.add_raster(src.rasters[0], nullptr);
    CHECK_FALSE(app::validation_risk_layer(scene)); // not a risk layer
    scene.make_risk_layer(plain, 42.f);
    auto c = app::validation_risk_layer(scene);
    REQUIRE(c);
    CHECK(c->threshold == 42.f);
    CHECK(c->layer == plain.id);
    CHECK(c->source == plain.source);
    plain.visible = false;
    CHECK_FALSE(app::validation_risk_layer(scene));
}
