// Geometry that crosses +-180 degrees longitude (GeoJSON writes such a segment as a jump of more than 180
// degrees) is split into pieces that each lie within [-180, 180], so no projection draws a world-wide stripe.
#pragma once
#include "types.hpp"

#include <span>
#include <vector>

namespace entente::geo {

using Ring = std::vector<LonLat>;

// True when some consecutive pair of points jumps more than 180 degrees in longitude.
bool crosses_antimeridian(std::span<const LonLat> pts);

// Splits a line at each antimeridian crossing, inserting points exactly on +-180.
std::vector<Ring> split_line(std::span<const LonLat> line);

// Splits a polygon (rings[0] shell, the rest holes; rings closed) at the antimeridian. A ring that circles a
// pole (its unwrapped longitudes span 360 degrees) is closed through that pole. Returns one or more polygons.
std::vector<std::vector<Ring>> split_polygon(const std::vector<Ring>& rings);

// Longitude normalised to [-180, 180).
double wrap_lon(double lon);

// Inserts points so no segment spans more than max_deg in longitude or latitude; projections then curve long
// edges as they should. Segments that jump across the antimeridian are left for split_line/split_polygon.
// Returns true when points were added.
bool densify(std::vector<LonLat>& pts, double max_deg = 1.0);

} // namespace entente::geo
