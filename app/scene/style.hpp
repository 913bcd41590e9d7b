// How a map layer is drawn: the user's choices (persisted with the session) and the colours derived from
// them.
#pragma once
#include "geo/features.hpp"
#include "render/scene.hpp"

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace entente::app {

enum class ColourMode { Single, Categorized, Graduated };

struct LegendEntry {
    std::string label;
    render::Rgba colour;
};

struct VectorStyle {
    render::Rgba fill{0.95f, 0.55f, 0.15f, 0.55f};
    render::Rgba stroke{0.55f, 0.25f, 0.05f, 1};
    float stroke_width = 1.2f; // screen pixels
    float point_size = 7;      // screen pixels
    render::PointShape shape = render::PointShape::Circle;
    ColourMode mode = ColourMode::Single;
    std::string field; // attribute for categorized / graduated colours
    int classes = 5;   // graduated: number of classes
    std::string ramp = "YlOrRd";
    std::map<std::string, render::Rgba> category_colours; // fixed colours for known categories
    std::string label_field; // attribute drawn as a label next to each feature; empty: none
    bool risk = false;       // a risk layer: its graduated legend is drawn on the map
};

struct RasterDisplay {
    std::string ramp = "viridis";
    float min = 0, max = 1; // stretch
    bool auto_stretch = true;
    bool nodata_transparent = true;
    // Risk layer: sequential ramp, a legend on the map in the raster's values, emphasis above a threshold.
    bool risk = false;
    bool threshold_on = false;
    float threshold = 0;
};

// Named colour ramps (ColorBrewer / matplotlib stops), sampled evenly.
std::vector<std::string> ramp_names();
std::vector<render::Rgba> ramp_stops(const std::string& name);
render::Rgba ramp_at(const std::string& name, float t);

// A distinct colour per category, stable for the same value order.
render::Rgba category_colour(size_t index);

// Per-feature fill and stroke colours plus the legend for a vector layer under a style; no colours when the
// style gives every feature one (the renderer then draws the style's colour).
struct FeatureColours {
    std::vector<uint32_t> fill, stroke;
    std::vector<LegendEntry> legend;
};
FeatureColours feature_colours(const geo::VectorLayer& layer, const VectorStyle& style);

// A default style that differs per layer so several layers stay distinguishable.
VectorStyle default_style(size_t layer_index, geo::GeometryKind kind);

// The field a risk layer is coloured by: a numeric field named like a score ("risk", "score", "index", any
// case), else the first numeric field; -1 when there is none.
int risk_field(const std::vector<geo::Field>& fields);

// A style file beside a data file (`NAME.style.json`: {"LAYER" or "*": {style}}) gives its default look. One
// that cannot be read is said on stderr when `report` (once a layer: where the layer gets its style).
std::optional<VectorStyle> sidecar_style(const std::string& source, const std::string& layer,
                                         bool report = true);

nlohmann::json to_json(const VectorStyle& s);
VectorStyle vector_style_from_json(const nlohmann::json& j);
nlohmann::json to_json(const RasterDisplay& s);
RasterDisplay raster_display_from_json(const nlohmann::json& j);

} // namespace entente::app
