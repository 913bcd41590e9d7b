// Plain geographic value types shared by every layer of the app (render/ may use these, nothing else of
// geo/).
#pragma once
#include <algorithm>
#include <cmath>
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

} // namespace entente::geo
