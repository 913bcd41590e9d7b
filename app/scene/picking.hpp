// Which feature is under the cursor: the top-most visible layer wins, points and lines within a few pixels.
#pragma once
#include "map_scene.hpp"

#include <optional>

namespace entente::app {

struct Pick {
    uint64_t layer = 0;
    uint32_t feature = 0;
};

std::optional<Pick> pick_feature(MapScene& scene, const render::View& view, geo::XY screen,
                                 float radius_px = 6);

// The value of the top-most visible raster under the cursor.
struct RasterProbe {
    uint64_t layer = 0;
    geo::LonLat at;
    int px = 0, py = 0; // source pixel
    double value = 0;
    bool nodata = false;
    bool colour = false; // a colour image: no single value
};
std::optional<RasterProbe> probe_raster(MapScene& scene, const render::View& view, geo::XY screen);

// Point in polygon (even-odd over all rings) for one feature of a layer, in lon/lat.
bool feature_contains(const geo::VectorLayer& layer, uint32_t feature, geo::LonLat p);

} // namespace entente::app
