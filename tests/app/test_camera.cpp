// Pan and zoom as the window applies them: the point under the cursor stays put, and the world wraps.
#include "scene/camera.hpp"

#include <catch2/catch.hpp>

using namespace entente;

TEST_CASE("zooming around the cursor keeps the map point under it") {
    app::Camera cam;
    cam.center = {1000, -500};
    cam.units_per_px = 10;
    const render::View v = cam.view(800, 600, 1, 0);
    const geo::XY cursor{650, 120};
    const geo::XY before = v.to_map(cursor);
    cam.zoom_at(v, cursor, 2.0);
    const geo::XY after = cam.view(800, 600, 1, 0).to_map(cursor);
    CHECK(after.x == Approx(before.x).margin(1e-6));
    CHECK(after.y == Approx(before.y).margin(1e-6));
    CHECK(cam.units_per_px == Approx(5));
}

TEST_CASE("dragging moves the map with the mouse") {
    app::Camera cam;
    cam.center = {0, 0};
    cam.units_per_px = 2;
    const geo::XY grabbed = cam.view(800, 600, 1, 0).to_map({400, 300});
    cam.pan_px(100, 50); // mouse moved right and down
    const geo::XY now = cam.view(800, 600, 1, 0).to_map({500, 350});
    CHECK(now.x == Approx(grabbed.x));
    CHECK(now.y == Approx(grabbed.y));
}

TEST_CASE("panning across the antimeridian wraps the centre into one world") {
    app::Camera cam;
    const double w = 40075016.68557849;
    cam.center = {w / 2 + 1000, 0};
    cam.units_per_px = 100;
    cam.clamp(w, 0.1, 1e6);
    CHECK(cam.center.x == Approx(-w / 2 + 1000));
}

TEST_CASE("zoom is limited at both ends") {
    app::Camera cam;
    cam.units_per_px = 1e-6;
    cam.clamp(0, 0.1, 1e5);
    CHECK(cam.units_per_px == 0.1);
    cam.units_per_px = 1e9;
    cam.clamp(0, 0.1, 1e5);
    CHECK(cam.units_per_px == 1e5);
}
