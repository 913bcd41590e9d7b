#include "project_layer.hpp"

#include "geo/antimeridian.hpp"

#include <cmath>

namespace entente::app {

namespace {

// Projects coordinates straight into render floats (x, y pairs), a chunk at a time so no full-size double
// array is ever allocated; vertices outside the projection's domain come back NaN.
std::vector<float> project_all(const std::vector<geo::LonLat>& in, const geo::Projection& proj,
                               size_t& outside, bool clamp = false) {
    std::vector<float> out(in.size() * 2);
    const bool clamped = clamp && proj.clamps_latitude();
    constexpr size_t kChunk = 1 << 18;
    std::vector<geo::XY> buf(std::min(in.size(), kChunk));
    for (size_t a = 0; a < in.size(); a += kChunk) {
        const size_t n = std::min(kChunk, in.size() - a);
        proj.forward(std::span<const geo::LonLat>(in.data() + a, n), std::span<geo::XY>(buf.data(), n),
                     clamped);
        for (size_t i = 0; i < n; ++i) {
            const bool ok =
                std::isfinite(buf[i].x) && (clamped || proj.in_domain(in[a + i].lon, in[a + i].lat));
            if (!ok) ++outside;
            out[2 * (a + i)] = ok ? float(buf[i].x) : NAN;
            out[2 * (a + i) + 1] = ok ? float(buf[i].y) : NAN;
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
        const size_t n = layer.points.coords.size();
        g.points.xy.reserve(n * 2);
        g.points.feature.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            if (!std::isfinite(xy[2 * i])) continue;
            g.points.xy.push_back(xy[2 * i]);
            g.points.xy.push_back(xy[2 * i + 1]);
            g.points.feature.push_back(layer.points.feature[i]);
        }
    }

    auto emit_strips = [&](const std::vector<geo::LonLat>& ll, const std::vector<float>& xy, size_t a,
                           size_t b, uint32_t feature, bool polygon_ring) {
        bool open = false;
        for (size_t i = a; i < b; ++i) {
            const bool ok = std::isfinite(xy[2 * i]);
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
            g.lines.add(xy[2 * i], xy[2 * i + 1], feature);
        }
    };

    // Strips: every vertex of lines and rings, plus a separator per part.
    const size_t strip_vertices = layer.lines.coords.size() + layer.lines.parts() +
                                  layer.polygons.coords.size() + layer.polygons.ring_start.size();
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
        g.fill.xy = project_all(ps.coords, proj, g.outside, /*clamp=*/true);
        const auto& xy = g.fill.xy;
        g.fill.feature.resize(ps.coords.size());
        for (size_t p = 0; p < ps.polygons(); ++p)
            for (uint32_t c = ps.ring_start[ps.poly_ring[p]]; c < ps.ring_start[ps.poly_ring[p + 1]]; ++c)
                g.fill.feature[c] = ps.poly_feature[p];
        auto keep = [&](size_t t) {
            const uint32_t a = ps.triangles[t], b = ps.triangles[t + 1], c = ps.triangles[t + 2];
            if (!std::isfinite(xy[2 * a]) || !std::isfinite(xy[2 * b]) || !std::isfinite(xy[2 * c]))
                return false;
            return !crosses_seam(ps.coords[a], ps.coords[b], lon0) &&
                   !crosses_seam(ps.coords[b], ps.coords[c], lon0);
        };
        size_t first_dropped = 0;
        while (first_dropped + 2 < ps.triangles.size() && keep(first_dropped))
            first_dropped += 3;
        if (first_dropped + 2 >= ps.triangles.size()) {
            // Every triangle survives (the usual case): draw straight from the load-time triangulation.
            g.fill.shared_indices = ps.triangles;
        } else {
            g.fill.indices.reserve(ps.triangles.size());
            g.fill.indices.assign(ps.triangles.begin(), ps.triangles.begin() + first_dropped);
            for (size_t t = first_dropped; t + 2 < ps.triangles.size(); t += 3)
                if (keep(t))
                    g.fill.indices.insert(g.fill.indices.end(), ps.triangles.begin() + t,
                                          ps.triangles.begin() + t + 3);
        }
        for (size_t p = 0; p < ps.polygons(); ++p)
            for (uint32_t r = ps.poly_ring[p]; r < ps.poly_ring[p + 1]; ++r)
                emit_strips(ps.coords, xy, ps.ring_start[r], ps.ring_start[r + 1], ps.poly_feature[p], true);
    }
    return g;
}

} // namespace entente::app
