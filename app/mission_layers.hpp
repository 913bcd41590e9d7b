// A mission shown on the map as ordinary layers (areas, lines, points, units) for one phase, so it is drawn,
// labelled and identified like any other layer. Unit symbols are shown by standard identity (frame shape and
// colour) until the full APP-6 symbol renderer lands; unknown codes are marked.
#pragma once
#include "map_scene.hpp"
#include "missions/model.hpp"

namespace entente::app {

// Adds the mission's layers for `phase` (a phase id; empty: positions outside any phase) to the scene and
// returns the lon/lat extent of what was added.
geo::Bbox add_mission_layers(MapScene& scene, const missions::Mission& m, const std::string& phase);

} // namespace entente::app
