// Sweep-line triangulation for large polygons: O(n log n) where ear clipping (tessellate.cpp) degrades
// towards O(n^2) on large concave rings. Internal to geo/: tessellate.cpp builds the rings and falls back to
// ear clipping whenever this returns false.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace entente::geo {

struct SweepVertex {
    double x, y;
    uint32_t index; // caller's point index (before `base`)
    uint32_t prev, next;
};

// v: the rings as circular lists (outer counter-clockwise, holes clockwise, so the interior is on the left of
// every edge), `holes` of them after the outer. Appends triangles as indices into v (counter-clockwise) to
// tris. False where the input turned out not to be a simple polygon with holes, or the result could not be
// vouched for; tris is then unusable.
bool sweep_triangulate(std::vector<SweepVertex>& v, size_t holes, std::vector<uint32_t>& tris);

} // namespace entente::geo
