// A fast, conservative validity check for polygons as they load. GEOS's IsValid costs more than reading a
// GeoPackage polygon (converting the geometry, building indexes); nearly every polygon in real data is valid,
// so a cheap proof of validity lets GEOS see only the doubtful ones.
#pragma once
#include "types.hpp"

#include <cstdint>
#include <span>

namespace entente::geo {

// True only when the polygon is certainly valid as GEOS (OGC simple features) judges it: every ring closed
// with at least 4 points, no two segments of any rings meeting except neighbours at their shared vertex,
// neighbours not doubling back on each other, every hole inside the outer ring and no hole inside another.
// `rings` holds the outer ring's points, then each hole's; ring r is [ring_start[r], ring_start[r + 1]).
// False means "not proven": a crossing, a touch, a repeated point, a near-degenerate orientation whose sign
// rounding could flip, or more work than a plane sweep should need (pathological rings): ask GEOS.
bool certainly_valid_polygon(std::span<const LonLat> rings, std::span<const uint32_t> ring_start);

} // namespace entente::geo
