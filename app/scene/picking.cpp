#include "picking.hpp"

#include <cmath>

namespace entente::app {

namespace {

double seg_dist2(geo::XY p, geo::XY a, geo::XY b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

} // namespace

bool feature_contains(const geo::VectorLayer& l, uint32_t feature, geo::LonLat p) {
    const auto& ps = l.polygons;
    for (size_t k = 0; k < ps.polygons(); ++k) {
        if (ps.poly_feature[k] != feature) continue;
        bool in = false;
        for (uint32_t r = ps.poly_ring[k]; r < ps.poly_ring[k + 1]; ++r) {
            const uint32_t a = ps.ring_start[r], b = ps.ring_start[r + 1];
            if (b - a >= 3 && geo::ring_contains(&ps.coords[a], b - a, p)) in = !in;
        }
        if (in) return true;
    }
    return false;
}

std::optional<RasterProbe> probe_raster(MapScene& scene, const render::View& view, geo::XY screen) {
    geo::XY m = view.to_map(screen);
    if (view.world_width > 0) m.x = std::remainder(m.x, view.world_width);
    const auto ll = scene.projection().inverse(m);
    if (!ll) return std::nullopt;
    for (auto& lp : scene.layers()) {
        const MapLayer& l = *lp;
        if (!l.visible || !l.raster) continue;
        const auto px = l.raster->lonlat_to_pixels({*ll});
        if (!std::isfinite(px[0].x)) continue;
        const int x = int(std::floor(px[0].x)), y = int(std::floor(px[0].y));
        if (x < 0 || y < 0 || x >= l.raster->width || y >= l.raster->height) continue;
        RasterProbe p{l.id, *ll, x, y, 0, false, l.raster->colour};
        if (!p.colour) {
            const auto v = l.raster->read_values(x, y, 1, 1, 1, 1);
            p.nodata = !std::isfinite(v[0]);
            p.value = v[0];
        }
        return p;
    }
    return std::nullopt;
}

std::optional<Pick> pick_feature(MapScene& scene, const render::View& view, geo::XY screen, float radius_px) {
    const geo::Projection& proj = scene.projection();
    geo::XY m = view.to_map(screen);
    if (view.world_width > 0) m.x = std::remainder(m.x, view.world_width);
    const auto ll = proj.inverse(m);
    if (!ll) return std::nullopt;
    const double r_px = radius_px * view.pixel_ratio;
    // Tolerance box in degrees, then exact tests in screen pixels for the candidates.
    const double mpp = scene.metres_per_px(view);
    const double tol_lat = r_px * mpp / 110574.0 * 1.5 + 1e-9;
    const double tol_lon = tol_lat / std::max(0.05, std::cos(ll->lat * 3.14159265358979 / 180));
    auto to_px = [&](geo::LonLat q) {
        geo::XY s = proj.forward(q);
        if (view.world_width > 0) s.x = m.x + std::remainder(s.x - m.x, view.world_width);
        return view.to_screen(s);
    };
    const geo::XY click = view.to_screen(m);
    for (auto& lp : scene.layers()) {
        const MapLayer& l = *lp;
        if (!l.visible || !l.vector) continue;
        const geo::VectorLayer& v = *l.vector;
        std::optional<Pick> best;
        double best_d = r_px * r_px;
        const auto& pts = v.points;
        for (size_t i = 0; i < pts.coords.size(); ++i) {
            const auto& q = pts.coords[i];
            if (std::abs(q.lat - ll->lat) > tol_lat ||
                std::abs(std::remainder(q.lon - ll->lon, 360.0)) > tol_lon)
                continue;
            const geo::XY s = to_px(q);
            const double d = (s.x - click.x) * (s.x - click.x) + (s.y - click.y) * (s.y - click.y);
            const double rr = std::pow(r_px + l.style.point_size * 0.5 * view.pixel_ratio, 2);
            if (d <= std::max(best_d, rr) && (!best || d < best_d))
                best = Pick{l.id, pts.feature[i]}, best_d = d;
        }
        if (best) return best;
        const auto& ls = v.lines;
        for (size_t p = 0; p < ls.parts(); ++p) {
            const geo::Bbox fb = v.feature_box(ls.part_feature[p]);
            if (ll->lon < fb.minx - tol_lon || ll->lon > fb.maxx + tol_lon || ll->lat < fb.miny - tol_lat ||
                ll->lat > fb.maxy + tol_lat)
                continue;
            for (uint32_t i = ls.part_start[p]; i + 1 < ls.part_start[p + 1]; ++i) {
                const double d = seg_dist2(click, to_px(ls.coords[i]), to_px(ls.coords[i + 1]));
                if (d <= best_d) best = Pick{l.id, ls.part_feature[p]}, best_d = d;
            }
        }
        if (best) return best;
        const auto& ps = v.polygons;
        for (size_t k = 0; k < ps.polygons(); ++k) {
            const uint32_t f = ps.poly_feature[k];
            const geo::Bbox fb = v.feature_box(f);
            if (ll->lon < fb.minx || ll->lon > fb.maxx || ll->lat < fb.miny || ll->lat > fb.maxy) continue;
            if (feature_contains(v, f, *ll)) return Pick{l.id, f};
        }
    }
    return std::nullopt;
}

} // namespace entente::app
