#include "validation_view.hpp"

#include <algorithm>
#include <cmath>

namespace entente::app {

std::optional<RiskChoice> validation_risk_layer(const MapScene& scene) {
    for (const auto& l : scene.layers()) // top of the list first
        if (l->visible && l->raster && l->raster_style.risk && !l->raster->colour && !l->source.empty())
            return RiskChoice{l->id, l->source, l->title, l->raster_style.threshold};
    return std::nullopt;
}

std::optional<geo::Bbox> diagnostic_zoom_box(const missions::Diagnostic& d, const missions::Mission& m,
                                             const std::string& phase, double min_size_m) {
    geo::Bbox b;
    for (const auto& c : m.measures)
        if (c.id == d.element)
            for (const auto& p : c.points)
                b.add(p.lon, p.lat);
    for (const auto& u : m.units)
        if (u.id == d.element) {
            const geo::LonLat p = u.position_in(phase);
            b.add(p.lon, p.lat);
        }
    if (d.where) b.add(d.where->lon, d.where->lat);
    if (b.empty()) return std::nullopt;
    // Pad by a fifth, and make it at least min_size_m across (a unit is a point).
    const double cy = 0.5 * (b.miny + b.maxy);
    const double min_lat = min_size_m / 111320.0;
    const double min_lon = min_lat / std::max(0.05, std::cos(cy * M_PI / 180));
    const double w = std::max(b.width() * 1.4, min_lon), h = std::max(b.height() * 1.4, min_lat);
    const double cx = 0.5 * (b.minx + b.maxx);
    return geo::Bbox{cx - w / 2, std::max(-90.0, cy - h / 2), cx + w / 2, std::min(90.0, cy + h / 2)};
}

ProfilePlot profile_plot(const std::vector<missions::RiskSample>& s, int n) {
    ProfilePlot p;
    if (s.empty() || n < 2) return p;
    p.length_m = s.back().distance_m;
    p.values.resize(size_t(n), NAN);
    size_t j = 0;
    for (int i = 0; i < n; ++i) {
        const double d = p.length_m * i / (n - 1);
        while (j + 1 < s.size() && s[j + 1].distance_m < d)
            ++j;
        if (j + 1 >= s.size()) {
            p.values[size_t(i)] = float(s.back().value);
            continue;
        }
        const auto& a = s[j];
        const auto& b = s[j + 1];
        const double t = b.distance_m > a.distance_m
                             ? std::clamp((d - a.distance_m) / (b.distance_m - a.distance_m), 0.0, 1.0)
                             : 0.0;
        // A gap in the data stays a gap: no value is invented across nodata.
        if (std::isfinite(a.value) && std::isfinite(b.value))
            p.values[size_t(i)] = float(a.value + (b.value - a.value) * t);
        else
            p.values[size_t(i)] = float(t < 0.5 ? a.value : b.value);
    }
    p.min = INFINITY, p.max = -INFINITY;
    for (const auto& x : s)
        if (std::isfinite(x.value))
            p.min = std::min(p.min, float(x.value)), p.max = std::max(p.max, float(x.value)), p.any = true;
    if (!p.any) p.min = p.max = 0;
    return p;
}

} // namespace entente::app
