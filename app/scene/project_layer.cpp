#include "project_layer.hpp"

#include "geo/antimeridian.hpp"
#include "geo/tessellate.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <span>
#include <thread>

namespace entente::app {

namespace {

// Projects coordinates straight into render floats (x, y pairs), a chunk at a time so no full-size double
// array is ever allocated; vertices outside the projection's domain come back NaN.
std::vector<float> project_all(std::span<const geo::LonLat> in, const geo::Projection& proj, size_t& outside,
                               bool clamp = false) {
    std::vector<float> out(in.size() * 2);
    const bool clamped = clamp && proj.clamps_latitude();
    std::atomic<size_t> out_of_domain{0};
    // [from, to) projected `piece` points at a time through one buffer.
    auto slice = [&](size_t from, size_t to, size_t piece) {
        std::vector<geo::XY> buf(std::min(to - from, piece));
        size_t bad = 0;
        for (size_t a = from; a < to; a += piece) {
            const size_t n = std::min(piece, to - a);
            proj.forward(std::span<const geo::LonLat>(in.data() + a, n), std::span<geo::XY>(buf.data(), n),
                         clamped);
            for (size_t i = 0; i < n; ++i) {
                const bool ok =
                    std::isfinite(buf[i].x) && (clamped || proj.in_domain(in[a + i].lon, in[a + i].lat));
                bad += !ok;
                out[2 * (a + i)] = ok ? float(buf[i].x) : NAN;
                out[2 * (a + i) + 1] = ok ? float(buf[i].y) : NAN;
            }
        }
        out_of_domain += bad;
    };
    // The closed-form projections run on every core here, the loop after forward() included, in pieces small
    // enough that forward() stays on the calling thread. PROJ's go in pieces of a million, which forward()
    // spreads across the cores with a PROJ object per core; the buffer stays 16 MB whatever the layer's size.
    constexpr size_t kChunk = 1 << 14;
    const unsigned cores = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    if (proj.closed_form() && in.size() >= 4 * kChunk && cores > 1) {
        std::vector<std::jthread> pool; // joined however this scope ends
        std::vector<std::exception_ptr> failed(cores);
        for (unsigned t = 1; t < cores; ++t)
            pool.emplace_back([&, t] {
                try {
                    slice(in.size() * t / cores, in.size() * (t + 1) / cores, kChunk);
                } catch (...) {
                    failed[t] = std::current_exception();
                }
            });
        slice(0, in.size() / cores, kChunk);
        pool.clear();
        for (const auto& e : failed)
            if (e) std::rethrow_exception(e);
    } else {
        slice(0, in.size(), proj.closed_form() ? kChunk : size_t(1) << 20);
    }
    outside += out_of_domain;
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

// Polygons that reach outside the projection's domain (a polar view's lowest latitude, a transverse
// Mercator's window around its central meridian) or whose load-time triangles fold over in this projection
// are triangulated again here, in map units. Otherwise every triangle with a corner outside is lost (holes in
// the land), and long triangles that stay inside but curve strongly (near a polar view's rim) turn over and
// stick out as wedges. A box-shaped domain clips the rings first; elsewhere (Lambert's rim) the points
// outside are left out. Appends the new vertices to `fill` and their triangles to `indices`; returns the
// polygons redone.
std::vector<bool> refill_polygons(const geo::PolygonSet& ps, const std::vector<float>& xy,
                                  const geo::Projection& proj, render::FillMesh& fill,
                                  std::vector<uint32_t>& indices) {
    std::vector<bool> redo(ps.polygons(), false);
    // Cylindrical maps keep straight lines straight enough and never fold: nothing to do (the usual case).
    if (proj.world_width() > 0 || ps.polygons() == 0) return redo;
    std::vector<uint32_t> poly_of(ps.coords.size(), 0);
    for (uint32_t p = 0; p < ps.polygons(); ++p) {
        const uint32_t c0 = ps.ring_start[ps.poly_ring[p]], c1 = ps.ring_start[ps.poly_ring[p + 1]];
        std::fill(poly_of.begin() + c0, poly_of.begin() + c1, p);
        for (uint32_t c = c0; c < c1 && !redo[p]; ++c)
            redo[p] = !std::isfinite(xy[2 * c]) || !proj.in_domain(ps.coords[c].lon, ps.coords[c].lat);
    }
    auto turn = [](double ax, double ay, double bx, double by, double cx, double cy) {
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    };
    for (size_t t = 0; t + 2 < ps.triangles.size(); t += 3) {
        const uint32_t a = ps.triangles[t], b = ps.triangles[t + 1], c = ps.triangles[t + 2];
        if (redo[poly_of[a]]) continue;
        const double ll = turn(ps.coords[a].lon, ps.coords[a].lat, ps.coords[b].lon, ps.coords[b].lat,
                               ps.coords[c].lon, ps.coords[c].lat);
        const double m = turn(xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1], xy[2 * c], xy[2 * c + 1]);
        if ((ll > 0 && m < 0) || (ll < 0 && m > 0)) redo[poly_of[a]] = true; // turned over: a fold
    }
    std::vector<geo::Bbox> boxes = proj.clip_boxes();
    if (boxes.empty()) boxes.push_back({-180, -90, 180, 90});
    std::vector<std::vector<geo::LonLat>> rings; // in map units, x as lon and y as lat
    std::vector<std::span<const geo::LonLat>> spans;
    std::vector<geo::XY> out;
    for (size_t p = 0; p < ps.polygons(); ++p) {
        if (!redo[p]) continue;
        for (const geo::Bbox& box : boxes) {
            rings.clear();
            for (uint32_t r = ps.poly_ring[p]; r < ps.poly_ring[p + 1]; ++r) {
                const std::span<const geo::LonLat> ring(ps.coords.data() + ps.ring_start[r],
                                                        ps.ring_start[r + 1] - ps.ring_start[r]);
                geo::Ring c = geo::clip_ring_to_box(ring, box);
                if (c.empty() && r == ps.poly_ring[p]) break; // nothing of the shell inside this box
                geo::densify(c, 1.0); // edges along the box curve as the projection curves them
                out.resize(c.size());
                proj.forward(c, out);
                for (size_t i = 0; i < c.size(); ++i)
                    c[i] = proj.in_domain(c[i].lon, c[i].lat) && std::isfinite(out[i].x)
                               ? geo::LonLat{out[i].x, out[i].y}
                               : geo::LonLat{NAN, NAN}; // left out by the triangulation
                if (!c.empty()) rings.push_back(std::move(c));
            }
            if (rings.empty()) continue;
            spans.assign(rings.begin(), rings.end());
            geo::tessellate_polygon(spans, uint32_t(fill.xy.size() / 2), indices);
            for (const auto& ring : rings)
                for (const geo::LonLat& q : ring) {
                    fill.xy.push_back(float(q.lon));
                    fill.xy.push_back(float(q.lat));
                    fill.feature.push_back(ps.poly_feature[p]);
                }
        }
    }
    return redo;
}

// Projected points of layer.points [from, to) appended to `out`, the ones outside the domain counted and left
// out, as project_layer does for the whole layer.
void project_points(const geo::VectorLayer& layer, const geo::Projection& proj, size_t from, size_t to,
                    render::PointCloud& out, size_t& outside) {
    const std::span<const geo::LonLat> ll(layer.points.coords.data() + from, to - from);
    size_t bad = 0;
    const auto xy = project_all(ll, proj, bad);
    outside += bad;
    for (size_t i = 0; i < ll.size(); ++i) {
        if (!std::isfinite(xy[2 * i])) continue;
        out.xy.push_back(xy[2 * i]);
        out.xy.push_back(xy[2 * i + 1]);
        out.feature.push_back(layer.points.feature[from + i]);
    }
}

} // namespace

void PointProjector::add(const geo::VectorLayer& layer, size_t from, size_t to) {
    Layer& l = layers_[&layer];
    if (from != l.done || to < from) return; // out of order: the layer is projected whole later instead
    if (l.points.xy.capacity() == 0) {
        l.points.xy.reserve(2 * std::max(layer.points.coords.capacity(), to));
        l.points.feature.reserve(std::max(layer.points.coords.capacity(), to));
    }
    project_points(layer, proj_, from, to, l.points, l.outside);
    l.done = to;
}

ProjectedGeometry project_layer(const geo::VectorLayer& layer, const geo::Projection& proj,
                                PointProjector* ready) {
    ProjectedGeometry g;
    const double lon0 = proj.central_meridian();

    // Points.
    const auto pre = ready ? ready->layers_.find(&layer) : decltype(ready->layers_)::iterator{};
    if (ready && pre != ready->layers_.end() && pre->second.done == layer.points.coords.size() &&
        &ready->proj_ == &proj) {
        g.points = std::move(pre->second.points);
        g.outside += pre->second.outside;
        ready->layers_.erase(pre);
    } else {
        g.points.xy.reserve(2 * layer.points.coords.size());
        g.points.feature.reserve(layer.points.coords.size());
        project_points(layer, proj, 0, layer.points.coords.size(), g.points, g.outside);
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
        g.fill.feature.resize(ps.coords.size());
        for (size_t p = 0; p < ps.polygons(); ++p)
            for (uint32_t c = ps.ring_start[ps.poly_ring[p]]; c < ps.ring_start[ps.poly_ring[p + 1]]; ++c)
                g.fill.feature[c] = ps.poly_feature[p];
        // Triangles of polygons triangulated again for this projection are replaced by the new ones.
        std::vector<uint32_t> clipped_indices;
        const std::vector<bool> clipped = refill_polygons(ps, g.fill.xy, proj, g.fill, clipped_indices);
        std::vector<bool> vertex_clipped;
        if (!clipped_indices.empty() || std::find(clipped.begin(), clipped.end(), true) != clipped.end()) {
            vertex_clipped.assign(ps.coords.size(), false);
            for (size_t p = 0; p < ps.polygons(); ++p)
                if (clipped[p])
                    std::fill(vertex_clipped.begin() + ps.ring_start[ps.poly_ring[p]],
                              vertex_clipped.begin() + ps.ring_start[ps.poly_ring[p + 1]], true);
        }
        const auto& xy = g.fill.xy;
        auto keep = [&](size_t t) {
            const uint32_t a = ps.triangles[t], b = ps.triangles[t + 1], c = ps.triangles[t + 2];
            if (!vertex_clipped.empty() && vertex_clipped[a]) return false;
            if (!std::isfinite(xy[2 * a]) || !std::isfinite(xy[2 * b]) || !std::isfinite(xy[2 * c]))
                return false;
            return !crosses_seam(ps.coords[a], ps.coords[b], lon0) &&
                   !crosses_seam(ps.coords[b], ps.coords[c], lon0);
        };
        size_t first_dropped = 0;
        while (first_dropped + 2 < ps.triangles.size() && keep(first_dropped))
            first_dropped += 3;
        if (first_dropped + 2 >= ps.triangles.size() && clipped_indices.empty()) {
            // Every triangle survives (the usual case): draw straight from the load-time triangulation.
            g.fill.shared_indices = ps.triangles;
            // Its vertices are the rings as loaded, so zoomed-out levels may simplify them (fill_lod.hpp).
            g.fill.rings = {ps.ring_start, ps.poly_ring};
        } else {
            g.fill.indices.reserve(ps.triangles.size() + clipped_indices.size());
            g.fill.indices.assign(ps.triangles.begin(), ps.triangles.begin() + first_dropped);
            for (size_t t = first_dropped; t + 2 < ps.triangles.size(); t += 3)
                if (keep(t))
                    g.fill.indices.insert(g.fill.indices.end(), ps.triangles.begin() + t,
                                          ps.triangles.begin() + t + 3);
            g.fill.indices.insert(g.fill.indices.end(), clipped_indices.begin(), clipped_indices.end());
        }
        for (size_t p = 0; p < ps.polygons(); ++p)
            for (uint32_t r = ps.poly_ring[p]; r < ps.poly_ring[p + 1]; ++r)
                emit_strips(ps.coords, xy, ps.ring_start[r], ps.ring_start[r + 1], ps.poly_feature[p], true);
    }
    return g;
}

} // namespace entente::app
