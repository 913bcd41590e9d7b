// Coarser fills for zoomed-out views. At a world view, 100,000 polygons a few pixels across are each drawn
// with the 30-odd triangles of their full rings; simplified to within half a pixel, a ring needs a handful.
// A level leaves out the polygons under a pixel and draws the rest from their rings simplified by
// Douglas-Peucker (line_lod.hpp), triangulated again: new triangles over the same vertices, so a level costs
// an index buffer and nothing else.
#pragma once
#include "scene.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace entente::render {

// Visits a fill's triangles in order, a piece of indices (3 a triangle) at a time.
using TriangleSource = std::function<void(const std::function<void(std::span<const uint32_t>)>&)>;

// The triangles of a fill level, as indices into the mesh's vertices (xy: 2 per vertex, feature: 1):
// - features whose box's larger side is under `cut` (map units) are left out whole, so a multipolygon of
//   specks spread wide keeps them all;
// - with `rings`, every other polygon is triangulated again from its rings simplified at `tolerance` (map
//   units), unless that keeps more than half its vertices or it has a vertex outside the projection: such a
//   polygon keeps its own triangles, read from `full`.
// Polygons keep their order, so overlapping translucent fills blend as before. Polygons are triangulated on
// the machine's cores. Counted before it is made: none when it would hold more than `at_most` indices.
// Neighbours simplify their shared border each on its own, so seams may open or overlap by up to the
// tolerance; levels are drawn under an outline (FillStyle::skip_subpixel), which covers them.
std::optional<std::vector<uint32_t>>
fill_level_triangles(std::span<const float> xy, std::span<const uint32_t> feature, const FillRings& rings,
                     float cut, float tolerance, const TriangleSource& full, size_t at_most = SIZE_MAX);

} // namespace entente::render
