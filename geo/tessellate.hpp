// Polygon triangulation for GPU fills: ear clipping with hole bridging, z-order hashing and fallbacks
// (local-intersection curing, polygon splitting) so imperfect real-world data still yields triangles; from
// 20,000 vertices a sweep-line monotone decomposition (O(n log n)), which falls back to ear clipping on input
// it cannot vouch for.
#pragma once
#include "types.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace entente::geo {

// Triangulates one polygon: rings[0] is the outer ring, the rest are holes. Each ring is a span of points and
// may be closed (last point equal to the first) or not; a closing duplicate is ignored. Point indices are
// numbered across the rings in order as given (including any closing duplicates, so indices match the
// caller's concatenated storage), plus `base`. Appends 3 indices per triangle to `out`. Returns the number of
// triangles appended (0 for degenerate input: fewer than 3 distinct points, zero area).
//
// Ring orientation does not matter; output winding is not consistent. Non-finite points are skipped and holes
// without area are ignored. Holes must lie inside the outer ring (as in a valid OGC polygon). Invalid input
// (self-intersections, overlapping holes) never crashes or hangs but may leave gaps or overlaps. Thread-safe:
// scratch memory is per thread.
size_t tessellate_polygon(std::span<const std::span<const LonLat>> rings, uint32_t base,
                          std::vector<uint32_t>& out);

// coords: all rings of one polygon back to back; ring_starts: start index of each ring within coords, with a
// final entry equal to coords.size(). Indices appended are base + index into coords.
// simple: the caller has proven the polygon valid (no ring crosses itself or another), so the pass that
// undoes small self-crossings of digitised coastlines, a tenth of the time for small polygons, is left out;
// the triangles are the same.
size_t tessellate_polygon(std::span<const LonLat> coords, std::span<const uint32_t> ring_starts,
                          uint32_t base, std::vector<uint32_t>& out, bool simple = false);

} // namespace entente::geo
