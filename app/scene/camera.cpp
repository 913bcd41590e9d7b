#include "camera.hpp"

#include <algorithm>
#include <cmath>

namespace entente::app {

void Camera::pan_px(double dx, double dy) {
    center.x -= dx * units_per_px;
    center.y += dy * units_per_px;
}

void Camera::zoom_at(const render::View& v, geo::XY screen, double factor) {
    const geo::XY before = v.to_map(screen);
    units_per_px /= factor;
    // Keep `before` under the cursor: solve to_map(screen) == before for the new centre.
    center.x = before.x - (screen.x - v.width * 0.5) * units_per_px;
    center.y = before.y - (v.height * 0.5 - screen.y) * units_per_px;
}

void Camera::clamp(double world_width, double min_upp, double max_upp) {
    const double before = units_per_px;
    units_per_px = std::clamp(units_per_px, min_upp, max_upp);
    (void)before;
    if (world_width > 0) {
        // Panning across the antimeridian wraps around instead of running off the map.
        center.x = std::remainder(center.x, world_width);
    }
}

render::View Camera::view(int width, int height, float pixel_ratio, double world_width) const {
    render::View v;
    v.center = center;
    v.units_per_px = units_per_px;
    v.width = width, v.height = height;
    v.pixel_ratio = pixel_ratio;
    v.world_width = world_width;
    return v;
}

} // namespace entente::app
