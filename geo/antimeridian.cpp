#include "antimeridian.hpp"

#include <algorithm>
#include <cmath>

namespace entente::geo {

double wrap_lon(double lon) {
    double l = std::fmod(lon + 180.0, 360.0);
    if (l < 0) l += 360.0;
    return l - 180.0;
}

bool densify(std::vector<LonLat>& pts, double max_deg) {
    bool needed = false;
    for (size_t i = 1; i < pts.size() && !needed; ++i) {
        const double dx = std::abs(pts[i].lon - pts[i - 1].lon), dy = std::abs(pts[i].lat - pts[i - 1].lat);
        needed = (dx > max_deg && dx <= 180.0) || dy > max_deg;
    }
    if (!needed) return false;
    std::vector<LonLat> out;
    out.reserve(pts.size() * 2);
    out.push_back(pts[0]);
    for (size_t i = 1; i < pts.size(); ++i) {
        const LonLat a = pts[i - 1], b = pts[i];
        const double dx = std::abs(b.lon - a.lon), dy = std::abs(b.lat - a.lat);
        if (dx <= 180.0) {
            const int steps = int(std::ceil(std::max(dx, dy) / max_deg));
            for (int k = 1; k < steps; ++k) {
                const double t = double(k) / steps;
                out.push_back({a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)});
            }
        }
        out.push_back(b);
    }
    pts = std::move(out);
    return true;
}

std::pair<double, double> shortest_lon_cover(std::vector<std::pair<double, double>> iv) {
    if (iv.empty()) return {0, 0};
    std::sort(iv.begin(), iv.end());
    // Merge overlaps, then the widest gap between neighbours (or around the back, from the last east edge to
    // the first west edge plus 360) is what the range leaves out.
    std::vector<std::pair<double, double>> merged{iv.front()};
    for (const auto& [w, e] : iv) {
        if (w <= merged.back().second)
            merged.back().second = std::max(merged.back().second, e);
        else
            merged.push_back({w, e});
    }
    double best_gap = merged.front().first + 360 - merged.back().second;
    std::pair<double, double> out{merged.front().first, merged.back().second};
    for (size_t i = 0; i + 1 < merged.size(); ++i) {
        const double gap = merged[i + 1].first - merged[i].second;
        if (gap > best_gap) best_gap = gap, out = {merged[i + 1].first, merged[i].second + 360};
    }
    return out;
}

bool crosses_antimeridian(std::span<const LonLat> pts) {
    for (size_t i = 1; i < pts.size(); ++i)
        if (std::abs(pts[i].lon - pts[i - 1].lon) > 180.0) return true;
    return false;
}

namespace {

// Continuous longitudes: each point moved by a multiple of 360 to be within 180 of its predecessor.
Ring unwrap(std::span<const LonLat> in, double start_offset = 0) {
    Ring out;
    out.reserve(in.size());
    double offset = start_offset;
    for (size_t i = 0; i < in.size(); ++i) {
        if (i > 0) {
            const double d = in[i].lon - in[i - 1].lon;
            if (d > 180)
                offset -= 360;
            else if (d < -180)
                offset += 360;
        }
        out.push_back({in[i].lon + offset, in[i].lat});
    }
    return out;
}

// Sutherland-Hodgman against the half-plane lat >= y (keep_greater) or lat <= y.
Ring clip_half_lat(const Ring& ring, double y, bool keep_greater) {
    Ring out;
    auto inside = [&](const LonLat& p) { return keep_greater ? p.lat >= y : p.lat <= y; };
    const size_t n = ring.size();
    for (size_t i = 0; i < n; ++i) {
        const LonLat& a = ring[i];
        const LonLat& b = ring[(i + 1) % n];
        const bool ia = inside(a), ib = inside(b);
        if (ia) out.push_back(a);
        if (ia != ib) {
            const double t = (y - a.lat) / (b.lat - a.lat);
            out.push_back({a.lon + t * (b.lon - a.lon), y});
        }
    }
    return out;
}

// Sutherland-Hodgman against the half-plane lon >= x (keep_greater) or lon <= x. Works for concave rings; the
// result may contain edges running along the cut, which fill correctly.
Ring clip_half(const Ring& ring, double x, bool keep_greater) {
    Ring out;
    if (ring.empty()) return out;
    auto inside = [&](const LonLat& p) { return keep_greater ? p.lon >= x : p.lon <= x; };
    const size_t n = ring.size();
    for (size_t i = 0; i < n; ++i) {
        const LonLat& a = ring[i];
        const LonLat& b = ring[(i + 1) % n];
        const bool ia = inside(a), ib = inside(b);
        if (ia) out.push_back(a);
        if (ia != ib) {
            const double t = (x - a.lon) / (b.lon - a.lon);
            out.push_back({x, a.lat + t * (b.lat - a.lat)});
        }
    }
    return out;
}

void close_ring(Ring& r) {
    if (!r.empty() && (r.front().lon != r.back().lon || r.front().lat != r.back().lat))
        r.push_back(r.front());
}

} // namespace

Ring clip_ring_to_box(std::span<const LonLat> ring, const Bbox& box) {
    Ring r(ring.begin(), ring.end());
    if (r.size() > 1 && r.front().lon == r.back().lon && r.front().lat == r.back().lat) r.pop_back();
    r = clip_half(r, box.minx, true);
    r = clip_half(r, box.maxx, false);
    r = clip_half_lat(r, box.miny, true);
    r = clip_half_lat(r, box.maxy, false);
    if (r.size() < 3) return {};
    close_ring(r);
    return r;
}

std::vector<Ring> split_line(std::span<const LonLat> line) {
    std::vector<Ring> out;
    if (line.empty()) return out;
    Ring cur{line[0]};
    for (size_t i = 1; i < line.size(); ++i) {
        const LonLat a = line[i - 1], b = line[i];
        const double d = b.lon - a.lon;
        if (std::abs(d) > 180.0) {
            // Crossing: going east past +180 when d < -180, west past -180 when d > 180.
            const double edge = d < 0 ? 180.0 : -180.0;
            const double b_un = b.lon + (d < 0 ? 360.0 : -360.0);
            const double t = (edge - a.lon) / (b_un - a.lon);
            const double lat = a.lat + t * (b.lat - a.lat);
            cur.push_back({edge, lat});
            if (cur.size() >= 2) out.push_back(std::move(cur));
            cur = Ring{{-edge, lat}};
        }
        cur.push_back(b);
    }
    if (cur.size() >= 2) out.push_back(std::move(cur));
    return out;
}

std::vector<std::vector<Ring>> split_polygon(const std::vector<Ring>& rings) {
    std::vector<std::vector<Ring>> out;
    if (rings.empty() || rings[0].size() < 4) return out;
    std::vector<Ring> un;
    un.reserve(rings.size()); // `shell` below refers into un; holes are appended after it
    un.push_back(unwrap(rings[0]));
    Ring& shell = un[0];
    const double span = shell.back().lon - shell.front().lon;
    if (std::abs(span) > 180.0) {
        // The ring goes once around the globe: it encloses a pole. Close it along the pole's parallel.
        double mean_lat = 0;
        for (auto& p : shell)
            mean_lat += p.lat;
        const double pole = mean_lat < 0 ? -90.0 : 90.0;
        const LonLat last = shell.back(), first = shell.front();
        shell.push_back({last.lon, pole});
        shell.push_back({first.lon, pole});
        shell.push_back(first);
    }
    for (size_t i = 1; i < rings.size(); ++i) {
        // Holes are unwrapped near the shell so both fall on the same side of the cut.
        Ring h = unwrap(rings[i]);
        if (!h.empty()) {
            const double shift = std::round((shell.front().lon - h.front().lon) / 360.0) * 360.0;
            if (std::abs(h.front().lon + shift - shell.front().lon) < 180.0)
                for (auto& p : h)
                    p.lon += shift;
        }
        un.push_back(std::move(h));
    }
    double minx = 1e300, maxx = -1e300;
    for (auto& p : shell)
        minx = std::min(minx, p.lon), maxx = std::max(maxx, p.lon);
    // Each 360-degree window the unwrapped polygon touches becomes one piece, shifted back into [-180, 180].
    for (int k = int(std::floor((minx + 180.0) / 360.0)); k <= int(std::floor((maxx + 180.0) / 360.0)); ++k) {
        const double lo = -180.0 + 360.0 * k, hi = lo + 360.0;
        std::vector<Ring> piece;
        for (size_t r = 0; r < un.size(); ++r) {
            Ring c = clip_half(clip_half(un[r], lo, true), hi, false);
            if (c.size() < 3) {
                if (r == 0) break;
                continue;
            }
            for (auto& p : c)
                p.lon -= 360.0 * k;
            close_ring(c);
            piece.push_back(std::move(c));
        }
        if (!piece.empty() && piece[0].size() >= 4) out.push_back(std::move(piece));
    }
    return out;
}

} // namespace entente::geo
