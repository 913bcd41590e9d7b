// Geometry that crosses +-180 degrees longitude (GeoJSON writes such a segment as a jump of more than 180
// degrees) is split into pieces that each lie within [-180, 180], so no projection draws a world-wide stripe.
#pragma once
#include "types.hpp"

#include <span>
#include <utility>
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

// Clips a ring (closed or not) to a lon/lat box (Sutherland-Hodgman on its four sides; a box is convex, so
// concave rings come out right, with edges along the box where the ring left it). Returns a closed ring, or
// an empty one when less than a triangle is left.
Ring clip_ring_to_box(std::span<const LonLat> ring, const Bbox& box);

// The narrowest longitude range that covers every [west, east] interval given (each within [-180, 180]):
// data on both sides of the antimeridian (Fiji, Chukotka) gets a range running east past 180, e.g.
// {176, 182}, rather than the whole world. Returns {minx, maxx} with minx in [-180, 180] and maxx > minx.
std::pair<double, double> shortest_lon_cover(std::vector<std::pair<double, double>> intervals);

// Longitude normalised to [-180, 180).
double wrap_lon(double lon);

// Inserts points so no segment spans more than max_deg in longitude or latitude; projections then curve long
// edges as they should. Segments that jump across the antimeridian are left for split_line/split_polygon.
// Returns true when points were added.
bool densify(std::vector<LonLat>& pts, double max_deg = 1.0);

} // namespace entente::geo
