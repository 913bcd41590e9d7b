// Coarser copies of line strips for zoomed-out views. A 4096-pixel world map of 100,000 small polygons
// submits millions of outline segments shorter than a pixel; each costs a 4-vertex quad, and on a software
// rasteriser that vertex work runs on one core. A level drops what cannot be seen at its scale.
#pragma once
#include "scene.hpp"

#include <cmath>
#include <functional>
#include <span>
#include <vector>

namespace entente::render {

// Douglas-Peucker simplification of each strip: each span keeps its vertex farthest from its chord while that
// lies more than `tolerance` (map units) from it, and the halves either side are simplified in turn. A
// strip's first and last vertices always stay, so every strip keeps at least one segment: a polygon smaller
// than the tolerance still leaves its dot of ink. A dropped vertex lies within `tolerance` of the simplified
// line. Feature ids travel with their vertices. A strip of more than 1,024 segments keeps a vertex every
// 1,024 whatever the tolerance, which bounds the work on any input. A vertex's coordinates are both NaN (a
// separator between strips) or both finite.
LineStrips simplify_strips(const LineStrips& in, float tolerance);

// The Douglas-Peucker pass behind simplify_strips over one strip, vertices [begin, end) of `xy` (x, y pairs):
// sig[i] becomes the largest squared tolerance under which vertex i stays (infinity at the ends and every
// 1,024 vertices), so Douglas-Peucker at tolerance t keeps exactly the vertices with sig > t^2. With `stop2`,
// spans whose farthest vertex lies within sqrt(stop2) of their chord stop there, their inner vertices at 0:
// the same filter at stop2 or above, for a fraction of the work.
void strip_significance(const float* xy, size_t begin, size_t end, float* sig, float stop2 = -INFINITY);

struct LineLevel {
    float tolerance = 0; // map units: no vertex moved further than this from its line
    LineStrips strips;
};

// Points thinned to one per square cell of side `cell` (map units): the last of each cell in draw order
// stays, so what is on top stays on top, and kept points keep their order. A dropped point lies within a
// cell's diagonal of a kept one drawn after it. Points with NaN coordinates (outside the projection) go.
// xy and feature as in PointCloud (interleaved or not is the caller's: stride in floats/uint32s).
PointCloud thin_points(std::span<const float> xy, std::span<const uint32_t> feature, float cell);
// The same, over `n` points that `each` visits in draw order, as many times as asked (three passes), calling
// its argument with each point's x, y and feature: a GPU buffer read back a piece at a time needs no copy of
// the layer. The table of cells is a dense grid when the cells are fewer than twice the points, else a hash
// table; either way its memory is bounded by the points or the cells, whichever is fewer.
using PointSink = std::function<void(float x, float y, uint32_t feature)>;
PointCloud thin_points(size_t n, const std::function<void(const PointSink&)>& each, float cell);

// The point level to draw at `units_per_px`: k in 0..kPointLevels-1 thins to cells of extent / 2^(16 - k),
// the coarsest whose cell diagonal stays within a pixel; -1 to draw every point.
inline constexpr int kPointLevels = 11;
float point_level_cell(float extent, int level);
int pick_point_level(float extent, double units_per_px);

// The fill level to draw at `units_per_px`: level k leaves out polygons (whole features) whose larger side is
// under point_level_cell(extent, k); the coarsest whose cut stays under one pixel; -1 to draw every polygon.
int pick_fill_level(float extent, double units_per_px);

// Levels of detail, ascending tolerance, each the Douglas-Peucker simplification of the full strips at its
// tolerance (so within it), all from one pass (a vertex stays in the levels under its significance), and
// kept only when it drops at least a sixth of the vertices of the last level kept. Tolerances double from
// extent / 2^18 to extent / 64, where extent is the larger side of the data's box.
std::vector<LineLevel> line_levels(const LineStrips& full);
// The same levels handed to `take` one at a time, up to the tolerance `up_to`; returns the last kept
// (tolerance 0 when none is). With `take` empty only that last level is made.
LineLevel each_line_level(const LineStrips& full, const std::function<void(const LineLevel&)>& take,
                          float up_to = INFINITY);
// The same, taking the full strips: they go once the level is made (a render's peak is just before: the full
// strips, a float of significance per vertex and the level).
LineLevel each_line_level(LineStrips&& full, const std::function<void(const LineLevel&)>& take,
                          float up_to = INFINITY);
// The strips drawn at tolerance `up_to`: the last level kept at or below it, or the full strips when none is
// kept there. Takes the strips and makes no other level.
LineStrips line_level_for(LineStrips&& full, float up_to);
// The same as a level (tolerance 0: none kept there), and in `drawn` the tolerance of the level drawn at each
// of line_level_tolerances (0: the full strips): from one pass, a window learns which level each zoom needs,
// and makes another only when a zoom needs one it has not made.
LineLevel line_level_drawn(LineStrips&& full, float up_to, std::vector<float>& drawn);
// The tolerances line_levels tries, ascending; the level drawn for the k-th is the last kept at or below it.
std::vector<float> line_level_tolerances(const LineStrips& full);

// The level to draw at `units_per_px` map units a pixel: the coarsest whose error (its tolerance) stays under
// half a pixel; -1 for the full strips.
int pick_line_level(std::span<const float> tolerances, double units_per_px);

} // namespace entente::render
