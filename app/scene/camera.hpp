// The window's view of the map: pan, zoom around a point, keyboard steps, limits and world wrap. Pure
// arithmetic on render::View so it is testable without a window.
#pragma once
#include "render/scene.hpp"

namespace entente::app {

struct Camera {
    geo::XY center{0, 0};
    double units_per_px = 20000; // map units per framebuffer pixel

    // Moves the map by a screen delta (framebuffer pixels), as when dragging.
    void pan_px(double dx, double dy);
    // Zooms by `factor` (>1 zooms in) keeping the map point under `screen` fixed.
    void zoom_at(const render::View& v, geo::XY screen, double factor);
    // Keeps the view sensible: zoom limits and, for wrapping maps, the centre within one world.
    void clamp(double world_width, double min_upp, double max_upp);
    render::View view(int width, int height, float pixel_ratio, double world_width) const;
};

} // namespace entente::app
