// What the Validation panel shows, without ImGui: which loaded risk raster the route rule samples, the box a
// diagnostic zooms the map to, and a route's risk profile resampled for a plot. Tested directly.
#pragma once
#include "missions/validate.hpp"
#include "scene/map_scene.hpp"

#include <optional>
#include <string>
#include <vector>

namespace entente::app {

// The raster the route-through-risk rule samples: the topmost visible single-band raster layer styled as a
// risk layer, with the threshold from its style.
struct RiskChoice {
    uint64_t layer = 0;
    std::string source, title;
    float threshold = 0;
    bool operator==(const RiskChoice&) const = default;
};
std::optional<RiskChoice> validation_risk_layer(const MapScene& scene);

// The lon/lat box to show for a diagnostic: the element it names (a measure's points, a unit where it is in
// `phase`) together with the diagnostic's location, padded by a fifth and at least `min_size_m` across.
// nullopt when it has no place (an empty phase).
std::optional<geo::Bbox> diagnostic_zoom_box(const missions::Diagnostic& d, const missions::Mission& m,
                                             const std::string& phase, double min_size_m = 5000);

// A risk profile resampled at `n` even distances for a line plot (NaN where the raster has no data), with
// its length and value range.
struct ProfilePlot {
    std::vector<float> values;
    double length_m = 0;
    float min = 0, max = 0;
    bool any = false; // any sample with data
};
ProfilePlot profile_plot(const std::vector<missions::RiskSample>& samples, int n = 200);

} // namespace entente::app
