// Slides between the window and the mission: the view, date, phase and layers captured as a slide come back
// when the slide is applied; the CLI and the window resolve a slide the same way; the flight eases in and
// out.
#include "scene/assets.hpp"
#include "scene/slide_settings.hpp"
#include "session/briefing_mode.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace entente;

namespace {

bool has(const missions::Slide& s, const std::string& l) {
    return std::find(s.layers.begin(), s.layers.end(), l) != s.layers.end();
}

} // namespace

TEST_CASE("a slide captured from the view applies back to the same view, date, phase and layers") {
    app::AppState st;
    st.fb_width = 1600, st.fb_height = 900, st.pixel_ratio = 1;
    st.open_mission(app::asset_path("demo/shared_shield.entente.gpkg"), true);
    REQUIRE(st.mission.mission());
    const auto& phases = st.mission.mission()->phases;
    REQUIRE(phases.size() >= 2);
    for (const std::string crs : {"webmercator", "platecarree"}) {
        INFO(crs);
        st.scene.set_projection(geo::ProjectionSpec::parse(crs));
        st.zoom_to_bbox({14, 2, 26, 10});
        st.scene.reference.date = *geo::Date::parse("2024-03-01");
        st.scene.reference.alliances = {"AU"};
        st.scene.reference.peace_ops = true;
        st.scene.show_graticule = false, st.scene.show_labels = true, st.scene.show_mgrs_grid = true;
        st.mission.set_phase(phases[1].id);
        const render::View before = st.view();

        missions::Slide s = app::capture_slide(st.scene, before, st.mission.phase, true, "");
        s.id = "x", s.title = "Captured";
        CHECK(s.projection == st.scene.projection_key());
        CHECK(s.date == "2024-03-01");
        CHECK(s.phase == phases[1].id);
        CHECK(has(s, "mission"));
        CHECK(has(s, "alliance:AU"));
        CHECK(has(s, "operations"));
        CHECK(has(s, "labels"));
        CHECK(has(s, "mgrs"));
        CHECK_FALSE(has(s, "graticule"));
        CHECK(s.west < 14);
        CHECK(s.east > 26);

        // Somewhere else entirely, then back through the slide.
        st.zoom_to_world();
        st.scene.reference.date = *geo::Date::parse("1999-01-01");
        st.scene.reference.alliances.clear();
        st.scene.reference.peace_ops = false;
        st.scene.show_graticule = true, st.scene.show_labels = false, st.scene.show_mgrs_grid = false;
        st.mission.set_phase("");
        st.scene.set_projection(
            geo::ProjectionSpec::parse(crs == "webmercator" ? "platecarree" : "webmercator"));

        const app::SlideSettings set = app::slide_settings(*st.mission.mission(), s, "");
        app::apply_slide(st, set);
        const render::View after = st.view();
        CHECK(st.scene.projection_key() == s.projection);
        CHECK(after.center.x == Approx(before.center.x).margin(before.units_per_px));
        CHECK(after.center.y == Approx(before.center.y).margin(before.units_per_px));
        CHECK(after.units_per_px == Approx(before.units_per_px).epsilon(1e-6));
        CHECK(st.scene.reference.date.str() == "2024-03-01");
        CHECK(st.scene.reference.alliances == std::vector<std::string>{"AU"});
        CHECK(st.scene.reference.peace_ops);
        CHECK(st.mission.phase == phases[1].id);
        CHECK_FALSE(st.scene.show_graticule);
        CHECK(st.scene.show_labels);
        CHECK(st.scene.show_mgrs_grid);
        // The frame: the slide's title, the mission's marking, its legend.
        CHECK(set.frame.on);
        CHECK(set.frame.title == "Captured");
        CHECK(set.frame.marking == st.mission.mission()->classification);
        CHECK_FALSE(set.frame.legend.empty());
        // Capturing again gives the same slide.
        missions::Slide again = app::capture_slide(st.scene, after, st.mission.phase, true, "");
        again.id = s.id, again.title = s.title;
        CHECK(again.layers == s.layers);
        CHECK(again.west == Approx(s.west).margin(1e-6));
        CHECK(again.east == Approx(s.east).margin(1e-6));
        CHECK(again.south == Approx(s.south).margin(1e-6));
        CHECK(again.north == Approx(s.north).margin(1e-6));
    }
}

TEST_CASE("risk layers in a slide are kept relative to the assets and resolve back") {
    app::AppState st;
    app::MapScene& scene = st.scene;
    const missions::Mission m;
    missions::Slide s;
    s.layers = {"mission", "risk:demo/risk_synthetic.tif@60"};
    const app::SlideSettings set = app::slide_settings(m, s, "/nowhere/x.entente.gpkg");
    REQUIRE(set.risk_files.size() == 1);
    CHECK(set.risk_files[0] == app::asset_path("demo/risk_synthetic.tif"));
    REQUIRE(set.risk_threshold);
    CHECK(*set.risk_threshold == 60);
    // A visible risk raster shows in the captured slide under its asset-relative name.
    geo::LoadedSource loaded = geo::load_source(set.risk_files[0]);
    REQUIRE(loaded.rasters.size() == 1);
    auto src = loaded.rasters[0];
    app::MapLayer& l = scene.add_raster(src, app::make_raster_preview(*src, 64));
    l.source = set.risk_files[0];
    scene.make_risk_layer(l, 60.0f);
    const missions::Slide c =
        app::capture_slide(scene, scene.fit_view({14, 2, 26, 10}, 800, 600), "", true, "");
    CHECK(has(c, "risk:demo/risk_synthetic.tif@60"));
}

TEST_CASE("briefing mode steps through the demo slides and restores the view on leaving") {
    app::AppState st;
    st.fb_width = 1920, st.fb_height = 1080;
    st.open_mission(app::asset_path("demo/shared_shield.entente.gpkg"), true);
    REQUIRE(st.mission.mission());
    const size_t n = st.mission.mission()->slides.size();
    REQUIRE(n >= 5);
    st.zoom_to_world();
    const app::Camera before = st.camera;
    const std::string proj = st.scene.projection_key();
    app::BriefingMode b;
    REQUIRE(b.enter(st, 0, 0.0));
    CHECK(b.on);
    CHECK(st.scene.briefing.on);
    CHECK(st.scene.briefing.title == st.mission.mission()->slides[0].title);
    CHECK(b.go(st, 1, 10.0));
    REQUIRE(b.flight);
    const app::Camera target{b.flight->to_center, b.flight->to_upp};
    CHECK(b.tick(st, 10.5)); // half way: still flying
    CHECK_FALSE(b.tick(st, 11.01));
    CHECK(st.camera.center.x == Approx(target.center.x));
    CHECK(st.camera.units_per_px == Approx(target.units_per_px));
    CHECK(st.scene.briefing.title == st.mission.mission()->slides[1].title);
    b.go(st, n + 3, 20.0); // past the end: the last slide
    CHECK(b.index == n - 1);
    b.leave(st);
    CHECK_FALSE(st.scene.briefing.on);
    CHECK(st.camera.center.x == before.center.x);
    CHECK(st.camera.units_per_px == before.units_per_px);
    CHECK(st.scene.projection_key() == proj);
}

TEST_CASE("the flight eases in and out") {
    CHECK(app::ease_in_out(0) == 0);
    CHECK(app::ease_in_out(1) == 1);
    CHECK(app::ease_in_out(0.5) == Approx(0.5));
    CHECK(app::ease_in_out(0.1) < 0.1);
    CHECK(app::ease_in_out(0.9) > 0.9);
}

TEST_CASE("the presenter view shows the slide, the next title, the clock and the wrapped notes") {
    missions::Mission m;
    missions::Slide a, b;
    a.id = "a", a.title = "Situation",
    a.notes = std::string(300, 'x') + " " + "word word word\nsecond paragraph";
    b.id = "b", b.title = "Threat";
    m.slides = {a, b};
    auto texts = [](const std::vector<render::TextItem>& items) {
        std::string all;
        for (auto& t : items)
            all += t.text + "|";
        return all;
    };
    const auto items = app::presenter_text(m, 0, "10:42:00", 125, 1280, 720);
    const std::string all = texts(items);
    CHECK(all.find("Slide 1 / 2|Situation|Next: Threat|10:42:00|elapsed 00:02:05|") != std::string::npos);
    CHECK(all.find("second paragraph") != std::string::npos);
    for (auto& t : items) {
        CHECK(t.pos.y < 720);
        CHECK(t.pos.x >= 0);
    }
    CHECK(texts(app::presenter_text(m, 1, "", 0, 1280, 720)).find("(end of the briefing)") !=
          std::string::npos);
}

TEST_CASE("a slide of a phase is as of the phase's first day, with D-day beside it") {
    missions::Mission m;
    m.name = "Exercise";
    m.d_day = "2027-02-20";
    m.phases = {{"1", "Deploy", 0, 14}, {"2", "Protect", 15, 90}, {"0", "Prepare", -10, -1}};
    missions::Slide s;
    s.title = "Phase 2";
    s.phase = "2";
    // D+15 from 20 February 2027 crosses the end of February (not a leap year): 7 March.
    auto o = app::slide_settings(m, s, "");
    CHECK(o.date == "2027-03-07");
    CHECK(o.frame.subtitle == "Exercise  |  as of 2027-03-07 (D+15)  |  D-day 2027-02-20  |  Protect");
    s.phase = "0";
    o = app::slide_settings(m, s, "");
    CHECK(o.date == "2027-02-10");
    CHECK(o.frame.subtitle.find("(D-10)") != std::string::npos);
    s.phase = "1";
    o = app::slide_settings(m, s, "");
    CHECK(o.frame.subtitle == "Exercise  |  as of 2027-02-20 (D-day)  |  Deploy");
    // A slide that names its own date keeps it.
    s.phase = "2";
    s.date = "2027-04-01";
    o = app::slide_settings(m, s, "");
    CHECK(o.date == "2027-04-01");
    CHECK(o.frame.subtitle == "Exercise  |  as of 2027-04-01  |  D-day 2027-02-20  |  Protect");
    // Without a phase: D-day.
    s = {};
    o = app::slide_settings(m, s, "");
    CHECK(o.date == "2027-02-20");
    CHECK(o.frame.subtitle == "Exercise  |  as of 2027-02-20");
}
