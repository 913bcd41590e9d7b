// Plain geographic value types shared by every layer of the app (render/ may use these, nothing else of
// geo/).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace entente::geo {

struct LonLat {
    double lon = 0, lat = 0;
};

struct XY {
    double x = 0, y = 0;
};

struct Bbox {
    double minx = std::numeric_limits<double>::infinity();
    double miny = std::numeric_limits<double>::infinity();
    double maxx = -std::numeric_limits<double>::infinity();
    double maxy = -std::numeric_limits<double>::infinity();

    bool empty() const { return !(minx <= maxx && miny <= maxy); }
    void add(double x, double y) {
        minx = std::min(minx, x);
        miny = std::min(miny, y);
        maxx = std::max(maxx, x);
        maxy = std::max(maxy, y);
    }
    void add(const Bbox& o) {
        if (o.empty()) return;
        add(o.minx, o.miny);
        add(o.maxx, o.maxy);
    }
    bool intersects(const Bbox& o) const {
        return !(o.minx > maxx || o.maxx < minx || o.miny > maxy || o.maxy < miny);
    }
    double width() const { return maxx - minx; }
    double height() const { return maxy - miny; }
};

inline bool valid_lonlat(double lon, double lat) {
    return std::isfinite(lon) && std::isfinite(lat) && lon >= -180.0 - 1e-9 && lon <= 180.0 + 1e-9 &&
           lat >= -90.0 - 1e-9 && lat <= 90.0 + 1e-9;
}

// Even-odd point-in-ring test in lon/lat (the ring may be closed or not). Used for picking, hover and plan
// validation, where rings are small and planar lon/lat is accurate enough.
inline bool ring_contains(const LonLat* pts, size_t n, LonLat p) {
    bool in = false;
    for (size_t i = 0, j = n - 1; i < n; j = i++)
        if ((pts[i].lat > p.lat) != (pts[j].lat > p.lat) &&
            p.lon < (pts[j].lon - pts[i].lon) * (p.lat - pts[i].lat) / (pts[j].lat - pts[i].lat) + pts[i].lon)
            in = !in;
    return in;
}

} // namespace entente::geo
