#include "polygon_check.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace entente::geo {

namespace {

// Sign of the turn a -> b -> c: +1 left, -1 right, 0 when rounding could have decided it. The bound is far
// above the worst rounding of this expression (Shewchuk's ccwerrboundA is about 3.3e-16 of the same sum).
int orient(const LonLat& a, const LonLat& b, const LonLat& c) {
    const double l = (b.lon - a.lon) * (c.lat - a.lat), r = (b.lat - a.lat) * (c.lon - a.lon);
    const double det = l - r, bound = 1e-12 * (std::abs(l) + std::abs(r));
    if (det > bound) return 1;
    if (det < -bound) return -1;
    return 0;
}

struct Segment {
    double minx, maxx, miny, maxy;
    uint32_t i;    // first point (index into the points); the segment is i -> i + 1
    uint32_t ring; // which ring
};

// Is p inside the ring (crossing number)? -1 when p lies too near an edge to be sure.
int inside(const LonLat& p, std::span<const LonLat> ring) {
    bool in = false;
    for (size_t i = 0; i + 1 < ring.size(); ++i) {
        const LonLat &a = ring[i], &b = ring[i + 1];
        if ((a.lat > p.lat) == (b.lat > p.lat)) continue;
        // The edge spans p's latitude: is p left of it (seen upward)?
        const int o = a.lat < b.lat ? orient(a, b, p) : orient(b, a, p);
        if (o == 0) return -1;
        if (o > 0) in = !in;
    }
    return in ? 1 : 0;
}

} // namespace

bool certainly_valid_polygon(std::span<const LonLat> pts, std::span<const uint32_t> ring_start) {
    const size_t rings = ring_start.size() - (ring_start.empty() ? 0 : 1);
    if (rings == 0 || rings > 64) return false; // many holes: GEOS's indexed check does better
    std::vector<Segment> segs;
    segs.reserve(pts.size());
    for (size_t r = 0; r < rings; ++r) {
        const uint32_t a = ring_start[r], b = ring_start[r + 1];
        if (b < a + 4 || b > pts.size()) return false;
        if (pts[a].lon != pts[b - 1].lon || pts[a].lat != pts[b - 1].lat) return false; // not closed
        for (uint32_t i = a; i + 1 < b; ++i) {
            const LonLat &p = pts[i], &q = pts[i + 1];
            if (p.lon == q.lon && p.lat == q.lat) return false; // a repeated point: GEOS decides
            segs.push_back({std::min(p.lon, q.lon), std::max(p.lon, q.lon), std::min(p.lat, q.lat),
                            std::max(p.lat, q.lat), i, uint32_t(r)});
        }
    }
    // Neighbouring segments (sharing a vertex) of a ring: next(s) is the segment after s, wrapping.
    auto neighbours = [&](const Segment& s, const Segment& t) {
        if (s.ring != t.ring) return false;
        const uint32_t a = ring_start[s.ring], last = ring_start[s.ring + 1] - 2; // last segment's start
        auto next = [&](uint32_t i) { return i == last ? a : i + 1; };
        return next(s.i) == t.i || next(t.i) == s.i;
    };
    // True when two segments whose boxes overlap certainly do not meet (neighbours: only at their vertex).
    auto apart = [&](const Segment& s, const Segment& t) {
        if (t.maxy < s.miny || s.maxy < t.miny || t.maxx < s.minx || s.maxx < t.minx) return true;
        const LonLat &a = pts[s.i], &b = pts[s.i + 1], &c = pts[t.i], &d = pts[t.i + 1];
        if (neighbours(s, t)) {
            // They share one vertex; the other end of each must not lie on the other's line, or the ring
            // doubles back (a spike) or runs straight on through a vertex GEOS may call a touch.
            const bool b_is_c = b.lon == c.lon && b.lat == c.lat;
            return orient(a, b, b_is_c ? d : c) != 0;
        }
        const int o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
        if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0) return false; // touching, collinear or unsure
        return o1 == o2 || o3 == o4;                                // else they cross
    };
    // Bounded work, so a pathological ring cannot make this quadratic: past the budget, GEOS decides.
    size_t budget = 64 * segs.size() + 4096;
    if (segs.size() <= 512) {
        // Plane sweep over x: each segment against those whose x-range it overlaps.
        std::sort(segs.begin(), segs.end(),
                  [](const Segment& s, const Segment& t) { return s.minx < t.minx; });
        std::vector<uint32_t> active; // indices into segs, pruned lazily
        for (uint32_t k = 0; k < segs.size(); ++k) {
            const Segment& s = segs[k];
            size_t keep = 0;
            for (uint32_t j : active) {
                if (segs[j].maxx < s.minx) continue; // finished: dropped from the active list
                active[keep++] = j;
                if (budget-- == 0 || !apart(s, segs[j])) return false;
            }
            active.resize(keep);
            active.push_back(k);
        }
    } else {
        // Large rings (a coastline of millions of points): a wiggly ring crosses a vertical sweep line
        // thousands of times, so segments go into a uniform grid of cells about two segments long instead,
        // and only segments sharing a cell are compared. Sorting the cell entries makes it O(n log n).
        double minx = INFINITY, miny = INFINITY, length = 0;
        for (const Segment& sg : segs) {
            minx = std::min(minx, sg.minx), miny = std::min(miny, sg.miny);
            length += (sg.maxx - sg.minx) + (sg.maxy - sg.miny);
        }
        const double cell = 2 * length / double(segs.size());
        if (!(cell > 0) || !std::isfinite(cell)) return false;
        struct Entry {
            uint64_t key;
            uint32_t seg;
        };
        std::vector<Entry> entries;
        entries.reserve(segs.size() * 2);
        for (uint32_t k = 0; k < segs.size(); ++k) {
            const Segment& sg = segs[k];
            const double x0 = std::floor((sg.minx - minx) / cell), x1 = std::floor((sg.maxx - minx) / cell);
            const double y0 = std::floor((sg.miny - miny) / cell), y1 = std::floor((sg.maxy - miny) / cell);
            if (x1 >= 4e9 || y1 >= 4e9) return false;
            if ((x1 - x0 + 1) * (y1 - y0 + 1) > 64) return false; // a long edge among short ones: GEOS
            for (double x = x0; x <= x1; ++x)
                for (double y = y0; y <= y1; ++y)
                    entries.push_back({(uint64_t(x) << 32) | uint64_t(y), k});
            if (entries.size() > 8 * segs.size()) return false;
        }
        std::sort(entries.begin(), entries.end(),
                  [](const Entry& a, const Entry& b) { return a.key < b.key; });
        for (size_t i = 0; i < entries.size();) {
            size_t j = i + 1;
            while (j < entries.size() && entries[j].key == entries[i].key)
                ++j;
            for (size_t p = i; p < j; ++p)
                for (size_t q = p + 1; q < j; ++q)
                    if (budget-- == 0 || !apart(segs[entries[p].seg], segs[entries[q].seg])) return false;
            i = j;
        }
    }
    // No segments meet, so each hole lies wholly inside or outside the shell and any other ring.
    const auto ring = [&](size_t r) { return pts.subspan(ring_start[r], ring_start[r + 1] - ring_start[r]); };
    for (size_t h = 1; h < rings; ++h) {
        if (inside(pts[ring_start[h]], ring(0)) != 1) return false;
        for (size_t o = 1; o < rings; ++o)
            if (o != h && inside(pts[ring_start[h]], ring(o)) != 0) return false; // nested holes
    }
    return true;
}

} // namespace entente::geo
