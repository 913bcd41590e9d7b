// A mission's areas and lines for one phase as ordinary vector layers (WGS84, tessellated), so the mission
// overlay projects them with the same code as any loaded layer (antimeridian splits included).
#pragma once
#include "geo/features.hpp"
#include "missions/model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace entente::app {

struct MissionFeatures {
    std::shared_ptr<geo::VectorLayer> areas, lines;                            // fields: id, name, kind
    std::vector<const missions::ControlMeasure*> area_measures, line_measures; // per feature
    geo::Bbox extent;                                                          // lon/lat, all elements
};

// True when a control measure applies in `phase` (an id; empty: every measure applies).
bool applies_in(const missions::ControlMeasure& c, const std::string& phase);

// The areas and lines that apply in `phase`. Pointers refer into `m`.
MissionFeatures mission_features(const missions::Mission& m, const std::string& phase);

} // namespace entente::app
