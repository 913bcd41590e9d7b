#include "project_layer.hpp"

#include "geo/antimeridian.hpp"

#include <cmath>

namespace entente::app {

namespace {

// Projects a coordinate array; out-of-domain vertices come back NaN.
std::vector<geo::XY> project_all(const std::vector<geo::LonLat>& in, const geo::Projection& proj,
                                 size_t& outside, bool clamp = false) {
    std::vector<geo::XY> out(in.size());
    if (clamp && proj.clamps_latitude()) {
        proj.forward(in, out, /*clamp_lat=*/true);
        for (auto& o : out)
            if (!std::isfinite(o.x)) ++outside;
        return out;
    }
    proj.forward(in, out);
    for (size_t i = 0; i < in.size(); ++i) {
        if (!proj.in_domain(in[i].lon, in[i].lat)) {
            out[i] = {NAN, NAN};
            ++outside;
        }
    }
    return out;
}

// Longitude relative to the projection's central meridian, in [-180, 180).
double rel_lon(double lon, double lon0) {
    return geo::wrap_lon(lon - lon0);
}

// A segment that straddles the seam opposite the central meridian would be drawn across the whole map.
bool crosses_seam(const geo::LonLat& a, const geo::LonLat& b, double lon0) {
    if (lon0 == 0) return false; // data is already split at +-180
    return std::abs(rel_lon(a.lon, lon0) - rel_lon(b.lon, lon0)) > 180.0;
}

bool on_cut(const geo::LonLat& a, const geo::LonLat& b) {
    // Edges the antimeridian split or the polar closure added are not real coastlines or borders.
    return (std::abs(a.lon) == 180.0 && a.lon == b.lon) || (std::abs(a.lat) == 90.0 && a.lat == b.lat);
}

} // namespace

ProjectedGeometry project_layer(const geo::VectorLayer& layer, const geo::Projection& proj) {
    ProjectedGeometry g;
    const double lon0 = proj.central_meridian();

    // Points.
    {
        const auto xy = project_all(layer.points.coords, proj, g.outside);
        g.points.xy.reserve(xy.size() * 2);
        g.points.feature.reserve(xy.size());
        for (size_t i = 0; i < xy.size(); ++i) {
            if (!std::isfinite(xy[i].x)) continue;
            g.points.xy.push_back(float(xy[i].x));
            g.points.xy.push_back(float(xy[i].y));
            g.points.feature.push_back(layer.points.feature[i]);
        }
    }

    auto emit_strips = [&](const std::vector<geo::LonLat>& ll, const std::vector<geo::XY>& xy, size_t a,
                           size_t b, uint32_t feature, bool polygon_ring) {
        bool open = false;
        for (size_t i = a; i < b; ++i) {
            const bool ok = std::isfinite(xy[i].x);
            bool brk = !ok;
            if (ok && open && i > a &&
                (crosses_seam(ll[i - 1], ll[i], lon0) || (polygon_ring && on_cut(ll[i - 1], ll[i]))))
                brk = true;
            if (brk) {
                open = false;
                if (!ok) continue;
            }
            if (!open) {
                g.lines.begin_strip();
                open = true;
            }
            g.lines.add(float(xy[i].x), float(xy[i].y), feature);
        }
    };

    // Strips: every vertex of lines and rings, plus a separator per part.
    const size_t strip_vertices = layer.lines.coords.size() + layer.lines.parts() + layer.polygons.coords.size() +
                                  layer.polygons.ring_start.size();
    g.lines.xy.reserve(strip_vertices * 2);
    g.lines.feature.reserve(strip_vertices);

    // Lines.
    {
        const auto& ls = layer.lines;
        const auto xy = project_all(ls.coords, proj, g.outside);
        for (size_t p = 0; p < ls.parts(); ++p)
            emit_strips(ls.coords, xy, ls.part_start[p], ls.part_start[p + 1], ls.part_feature[p], false);
    }

    // Polygons: triangles from the load-time tessellation, outlines from the rings.
    {
        const auto& ps = layer.polygons;
        const auto xy = project_all(ps.coords, proj, g.outside, /*clamp=*/true);
        g.fill.xy.resize(xy.size() * 2);
        g.fill.feature.resize(xy.size());
        for (size_t i = 0; i < xy.size(); ++i) {
            g.fill.xy[2 * i] = float(xy[i].x);
            g.fill.xy[2 * i + 1] = float(xy[i].y);
        }
        for (size_t p = 0; p < ps.polygons(); ++p)
            for (uint32_t c = ps.ring_start[ps.poly_ring[p]]; c < ps.ring_start[ps.poly_ring[p + 1]]; ++c)
                g.fill.feature[c] = ps.poly_feature[p];
        g.fill.indices.reserve(ps.triangles.size());
        for (size_t t = 0; t + 2 < ps.triangles.size(); t += 3) {
            const uint32_t a = ps.triangles[t], b = ps.triangles[t + 1], c = ps.triangles[t + 2];
            if (!std::isfinite(xy[a].x) || !std::isfinite(xy[b].x) || !std::isfinite(xy[c].x)) continue;
            if (crosses_seam(ps.coords[a], ps.coords[b], lon0) ||
                crosses_seam(ps.coords[b], ps.coords[c], lon0))
                continue;
            g.fill.indices.insert(g.fill.indices.end(), {a, b, c});
        }
        for (size_t p = 0; p < ps.polygons(); ++p)
            for (uint32_t r = ps.poly_ring[p]; r < ps.poly_ring[p + 1]; ++r)
                emit_strips(ps.coords, xy, ps.ring_start[r], ps.ring_start[r + 1], ps.poly_feature[p], true);
    }
    return g;
}

} // namespace entente::app
