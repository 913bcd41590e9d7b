// Measuring on the WGS84 ellipsoid with GeographicLib: path lengths and bearings, polygon areas, range rings
// and densified geodesics.
#pragma once
#include "geo/types.hpp"

#include <span>
#include <vector>

namespace entente::geo {

struct PathMeasure {
    double length_m = 0;                 // sum of the legs
    std::vector<double> leg_m;           // geodesic length of each leg, metres (points.size() - 1 of them)
    std::vector<double> leg_bearing_deg; // initial azimuth of each leg, clockwise from true north, [0, 360)
};

// Geodesic lengths and initial bearings along a path of lon/lat points. Fewer than two points: all zero.
PathMeasure measure_path(std::span<const LonLat> points);

// Absolute area, in square metres, of a simple ring of lon/lat points (either winding; closed or not: a last
// point equal to the first is ignored), with geodesic edges. Fewer than three points: 0.
double geodesic_area_m2(std::span<const LonLat> ring);

// The points at `radius_m` along geodesics from `centre`, at `segments` equally spaced azimuths starting due
// north and going clockwise; the ring is closed (segments + 1 points, the last equal to the first).
// Longitudes are in [-180, 180], so a ring across the antimeridian needs splitting before drawing.
// segments is at least 3; a radius <= 0 or not finite gives an empty ring.
std::vector<LonLat> range_ring(LonLat centre, double radius_m, int segments = 180);

// Points along the geodesic from a to b, a and b included, equally spaced, no two neighbours further apart
// than max_step_m. Throws std::invalid_argument when max_step_m is not positive or would need more than
// 10 million points.
std::vector<LonLat> geodesic_line(LonLat a, LonLat b, double max_step_m);

} // namespace entente::geo
