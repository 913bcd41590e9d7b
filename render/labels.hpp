// Label placement: greedy by priority in screen space, so names never overlap and the most important win.
#pragma once
#include "scene.hpp"

#include <vector>

namespace entente::render {

struct LabelCandidate {
    geo::XY map_pos; // map units
    std::string text;
    float priority = 0; // higher first
    float size_px = 13; // logical pixels, scaled by the view's pixel ratio
    Rgba colour{0.15f, 0.15f, 0.15f, 1};
    Rgba halo{1, 1, 1, 0.85f};
    float offset_y_px = 0; // e.g. place a point's label above its symbol
};

// Labels that fit without overlapping, in framebuffer pixels. `padding_px` keeps some air between them.
std::vector<TextItem> place_labels(std::vector<const LabelCandidate*> candidates, const View& view,
                                   const GlyphAtlas& atlas, float padding_px = 4,
                                   const std::vector<geo::Bbox>& obstacles = {});

} // namespace entente::render
