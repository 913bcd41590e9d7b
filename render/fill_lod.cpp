#include "fill_lod.hpp"

#include "geo/tessellate.hpp"
#include "line_lod.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>

namespace entente::render {

bool FillRings::fits(size_t vertices) const {
    // From the first vertex, every ring in a polygon, to the rings' end: polygon_of finds any ring vertex.
    if (polygons() == 0 || ring_start.empty() || ring_start.front() != 0 || poly_ring.front() != 0 ||
        poly_ring.back() + 1 != ring_start.size() || ring_start.back() > vertices)
        return false;
    for (size_t r = 1; r < ring_start.size(); ++r) // ascending, so no ring reads past another
        if (ring_start[r] < ring_start[r - 1]) return false;
    for (size_t p = 1; p < poly_ring.size(); ++p)
        if (poly_ring[p] < poly_ring[p - 1]) return false;
    return true;
}

namespace {
// Per polygon: left out (its feature under the cut), its own triangles, or new ones from its simplified
// rings.
enum class Way : uint8_t { Out, Own, New };

struct Simplified {
    std::vector<Way> way;                    // per polygon
    std::vector<uint32_t> first;             // per polygon with Way::New: where its triangles start in `tris`
    std::vector<std::vector<uint32_t>> tris; // per thread
    std::vector<uint8_t> part;               // per polygon: which thread's `tris`
};

// Polygons [from, to) simplified and triangulated into `out`.
void simplify_polygons(std::span<const float> xy, const FillRings& rings, const std::vector<bool>& big,
                       std::span<const uint32_t> feature, float tolerance, size_t from, size_t to,
                       Simplified& s, uint8_t part) {
    std::vector<uint32_t>& out = s.tris[part];
    std::vector<float> sig;
    std::vector<geo::LonLat> coords;
    std::vector<uint32_t> kept, starts, local;
    const float tol2 = tolerance * tolerance;
    for (size_t p = from; p < to; ++p) {
        const uint32_t r0 = rings.poly_ring[p], r1 = rings.poly_ring[p + 1];
        const uint32_t c0 = rings.ring_start[r0], c1 = rings.ring_start[r1];
        if (c1 <= c0 || !big[feature[c0]]) {
            s.way[p] = Way::Out;
            continue;
        }
        s.way[p] = Way::Own;
        bool finite = true;
        for (uint32_t c = c0; c < c1 && finite; ++c)
            finite = std::isfinite(xy[2 * c]) && std::isfinite(xy[2 * c + 1]);
        if (!finite) continue;
        sig.assign(c1 - c0, 0.f);
        kept.clear(), starts.clear(), coords.clear();
        for (uint32_t r = r0; r < r1; ++r) {
            const uint32_t a = rings.ring_start[r], b = rings.ring_start[r + 1];
            strip_significance(xy.data() + 2 * size_t(c0), a - c0, b - c0, sig.data(), tol2);
            starts.push_back(uint32_t(kept.size()));
            for (uint32_t c = a; c < b; ++c)
                if (sig[c - c0] > tol2) kept.push_back(c);
        }
        if (kept.size() * 2 > size_t(c1 - c0)) continue; // hardly simpler: its own triangles
        starts.push_back(uint32_t(kept.size()));
        for (uint32_t c : kept)
            coords.push_back({xy[2 * size_t(c)], xy[2 * size_t(c) + 1]});
        local.clear();
        geo::tessellate_polygon(coords, starts, 0, local);
        // Thinner than the tolerance (a speck of a wide multipolygon, a sliver): nothing left to fill, so it
        // keeps its own triangles rather than vanish.
        if (local.empty()) continue;
        s.way[p] = Way::New;
        s.first[p] = uint32_t(out.size());
        s.part[p] = part;
        for (uint32_t i : local)
            out.push_back(kept[i]);
    }
}
} // namespace

std::optional<std::vector<uint32_t>> fill_level_triangles(std::span<const float> xy,
                                                          std::span<const uint32_t> feature,
                                                          const FillRings& rings, float cut, float tolerance,
                                                          const TriangleSource& full, size_t at_most) {
    // Each feature's box: a feature's size is its whole box.
    std::vector<float> box; // minx, miny, maxx, maxy per feature
    for (size_t i = 0; i < feature.size(); ++i) {
        const size_t f = feature[i];
        if (4 * f + 4 > box.size()) box.resize(4 * f + 4, NAN);
        const float x = xy[2 * i], y = xy[2 * i + 1];
        if (!std::isfinite(x) || !std::isfinite(y)) continue;
        float* b = &box[4 * f];
        if (std::isnan(b[0])) b[0] = b[2] = x, b[1] = b[3] = y;
        b[0] = std::min(b[0], x), b[1] = std::min(b[1], y), b[2] = std::max(b[2], x),
        b[3] = std::max(b[3], y);
    }
    std::vector<bool> big(box.size() / 4);
    for (size_t f = 0; f < big.size(); ++f)
        big[f] = std::max(box[4 * f + 2] - box[4 * f], box[4 * f + 3] - box[4 * f + 1]) >= cut;

    std::vector<uint32_t> out;
    if (!rings.fits(feature.size()) || !(tolerance > 0)) { // features left out, the rest as they are
        size_t total = 0;
        full([&](std::span<const uint32_t> tris) {
            for (size_t t = 0; t + 2 < tris.size(); t += 3)
                total += big[feature[tris[t]]] ? 3 : 0;
        });
        if (total > at_most) return std::nullopt;
        out.reserve(total);
        full([&](std::span<const uint32_t> tris) {
            for (size_t t = 0; t + 2 < tris.size(); t += 3)
                if (big[feature[tris[t]]]) out.insert(out.end(), &tris[t], &tris[t] + 3);
        });
        return out;
    }

    const size_t n = rings.polygons();
    Simplified s;
    s.way.assign(n, Way::Out), s.first.assign(n, 0), s.part.assign(n, 0);
    const size_t parts = n < 4096 ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    s.tris.resize(parts);
    {
        std::vector<std::thread> pool;
        for (size_t t = 1; t < parts; ++t)
            pool.emplace_back([&, t] {
                simplify_polygons(xy, rings, big, feature, tolerance, n * t / parts, n * (t + 1) / parts, s,
                                  uint8_t(t));
            });
        simplify_polygons(xy, rings, big, feature, tolerance, 0, n / parts, s, 0);
        for (auto& t : pool)
            t.join();
    }
    // New triangles of polygon p: from s.first[p] to the next New polygon's start in the same part.
    std::vector<uint32_t> end_of(n, 0);
    {
        std::vector<size_t> last(parts, SIZE_MAX);
        for (size_t p = 0; p < n; ++p) {
            if (s.way[p] != Way::New) continue;
            if (last[s.part[p]] != SIZE_MAX) end_of[last[s.part[p]]] = s.first[p];
            last[s.part[p]] = p;
        }
        for (size_t t = 0; t < parts; ++t)
            if (last[t] != SIZE_MAX) end_of[last[t]] = uint32_t(s.tris[t].size());
    }
    size_t next = 0; // the first polygon whose new triangles are not out yet
    auto emit_new_up_to = [&](size_t p) {
        for (; next < p && next < n; ++next)
            if (s.way[next] == Way::New) {
                const auto& t = s.tris[s.part[next]];
                out.insert(out.end(), t.begin() + s.first[next], t.begin() + end_of[next]);
            }
    };
    // The polygon a vertex belongs to: triangles come polygon by polygon, so the last one found is tried
    // first.
    size_t at = 0;
    auto polygon_of = [&](uint32_t v) {
        auto first_vertex = [&](size_t p) { return rings.ring_start[rings.poly_ring[p]]; };
        if (at < n && first_vertex(at) <= v && (at + 1 == n || v < first_vertex(at + 1))) return at;
        size_t lo = 0, hi = n; // the last polygon whose first vertex is at or before v
        while (hi - lo > 1) {
            const size_t mid = (lo + hi) / 2;
            (first_vertex(mid) <= v ? lo : hi) = mid;
        }
        return at = lo;
    };
    // Counted first, so the level is made in one allocation of its size (a render's peak holds it beside the
    // full fill).
    size_t total = 0;
    for (const auto& t : s.tris)
        total += t.size();
    full([&](std::span<const uint32_t> tris) {
        for (size_t t = 0; t + 2 < tris.size(); t += 3)
            if (tris[t] >= rings.ring_start.back() ? big[feature[tris[t]]]
                                                   : s.way[polygon_of(tris[t])] == Way::Own)
                total += 3;
    });
    if (total > at_most) return std::nullopt;
    out.reserve(total);
    full([&](std::span<const uint32_t> tris) {
        for (size_t t = 0; t + 2 < tris.size(); t += 3) {
            if (tris[t] >= rings.ring_start.back()) { // past the rings (none such is given today): as it is
                if (big[feature[tris[t]]]) out.insert(out.end(), &tris[t], &tris[t] + 3);
                continue;
            }
            const size_t p = polygon_of(tris[t]);
            emit_new_up_to(p);
            if (s.way[p] == Way::Own) out.insert(out.end(), &tris[t], &tris[t] + 3);
        }
    });
    emit_new_up_to(n);
    return out;
}

} // namespace entente::render
