#include "geo/measure.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <GeographicLib/PolygonArea.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace entente::geo {

namespace {

const GeographicLib::Geodesic& wgs84() {
    return GeographicLib::Geodesic::WGS84();
}

double bearing_0_360(double azi) {
    double b = std::fmod(azi, 360.0);
    if (b < 0) b += 360.0;
    if (b >= 360.0) b = 0; // -0.0 + 360 rounding
    return b;
}

} // namespace

PathMeasure measure_path(std::span<const LonLat> points) {
    PathMeasure m;
    for (size_t i = 1; i < points.size(); ++i) {
        const LonLat& a = points[i - 1];
        const LonLat& b = points[i];
        double s12 = 0, azi1 = 0, azi2 = 0;
        wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12, azi1, azi2);
        m.leg_m.push_back(s12);
        m.leg_bearing_deg.push_back(bearing_0_360(azi1));
        m.length_m += s12;
    }
    return m;
}

double geodesic_area_m2(std::span<const LonLat> ring) {
    size_t n = ring.size();
    if (n > 1 && ring[0].lon == ring[n - 1].lon && ring[0].lat == ring[n - 1].lat) --n;
    if (n < 3) return 0;
    GeographicLib::PolygonArea poly(wgs84(), false);
    for (size_t i = 0; i < n; ++i)
        poly.AddPoint(ring[i].lat, ring[i].lon);
    double perimeter = 0, area = 0;
    poly.Compute(false, true, perimeter, area);
    return std::abs(area);
}

std::vector<LonLat> range_ring(LonLat centre, double radius_m, int segments) {
    std::vector<LonLat> out;
    if (!(radius_m > 0) || !std::isfinite(radius_m)) return out;
    if (segments < 3) segments = 3;
    out.reserve(size_t(segments) + 1);
    for (int i = 0; i < segments; ++i) {
        double lat2 = 0, lon2 = 0;
        wgs84().Direct(centre.lat, centre.lon, 360.0 * i / segments, radius_m, lat2, lon2);
        out.push_back({lon2, lat2});
    }
    out.push_back(out.front());
    return out;
}

std::vector<LonLat> geodesic_line(LonLat a, LonLat b, double max_step_m) {
    if (!(max_step_m > 0) || !std::isfinite(max_step_m))
        throw std::invalid_argument("geodesic_line: max_step_m must be a positive number of metres");
    const GeographicLib::GeodesicLine line = wgs84().InverseLine(a.lat, a.lon, b.lat, b.lon);
    const double total = line.Distance();
    const double steps = std::ceil(total / max_step_m);
    if (steps > 1e7)
        throw std::invalid_argument("geodesic_line: a step of " + std::to_string(max_step_m) +
                                    " m would need more than 10 million points");
    const long n = std::max(1L, long(steps));
    std::vector<LonLat> out;
    out.reserve(size_t(n) + 1);
    out.push_back(a);
    for (long i = 1; i < n; ++i) {
        double lat = 0, lon = 0;
        line.Position(total * double(i) / double(n), lat, lon);
        out.push_back({lon, lat});
    }
    out.push_back(b);
    return out;
}

} // namespace entente::geo
