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

// A closed ring (last point equal to the first) is simple when it winds exactly once around a point c and
// every edge turns the same way, strictly, seen from c (star-shaped about c): each edge then lies inside its
// own angular sector, and sectors meet only along the ray to their shared vertex. Convex rings, range rings,
// footprints and most small compact rings are star-shaped about their vertices' mean; one pass over the
// points instead of sorting and sweeping the edges. False: not shown (the sweep decides).
bool star_shaped(std::span<const LonLat> ring, LonLat* centre = nullptr) {
    const size_t n = ring.size() - 1; // the closing point repeats the first
    if (ring.size() < 4 || ring[0].lon != ring[n].lon || ring[0].lat != ring[n].lat) return false;
    LonLat c{0, 0};
    for (size_t i = 0; i < n; ++i)
        c.lon += ring[i].lon, c.lat += ring[i].lat;
    c.lon /= double(n), c.lat /= double(n);
    // Half-open quadrants about c, exact (a difference of two doubles is zero only when they are equal):
    // 0 for angles in [0, 90) degrees, 1 for [90, 180), 2 for [180, 270), 3 for [270, 360).
    auto quadrant = [&](const LonLat& p) {
        const bool right = p.lon > c.lon, left = p.lon<c.lon, up = p.lat> c.lat, down = p.lat < c.lat;
        if (right && !down) return 0;
        if (up && !right) return 1;
        if (left && !up) return 2;
        return 3; // down and not left; c itself never gets here (orient is 0 there)
    };
    int turn = 0, quarters = 0, q = quadrant(ring[0]);
    for (size_t i = 0; i < n; ++i) {
        const int o = orient(c, ring[i], ring[i + 1]);
        if (o == 0 || (turn != 0 && o != turn)) return false; // through c, back, or unsure
        turn = o;
        // Each edge turns by less than half a circle about c, so it crosses at most two quadrant boundaries,
        // in the turn's direction: the count mod 4 is the count.
        const int next = quadrant(ring[i + 1]);
        quarters += ((turn > 0 ? next - q : q - next) + 4) % 4;
        q = next;
    }
    if (centre) *centre = c;
    return quarters == 4; // once around: the sectors tile the circle without overlapping
}

// Rings that are each star-shaped, with every hole inside the largest disc about the shell's centre that the
// shell holds (star-shaped about that centre, the shell holds the disc up to its nearest edge) and the holes'
// boxes apart from each other: valid without comparing edges. False: not shown.
bool star_with_holes(std::span<const LonLat> pts, std::span<const uint32_t> ring_start, size_t rings) {
    auto ring = [&](size_t r) { return pts.subspan(ring_start[r], ring_start[r + 1] - ring_start[r]); };
    for (size_t r = 0; r < rings; ++r)
        if (ring_start[r] >= ring_start[r + 1] || ring_start[r + 1] > pts.size()) return false;
    LonLat c;
    if (!star_shaped(ring(0), &c)) return false;
    if (rings == 1) return true;
    double inner = INFINITY; // squared distance from c to the shell's nearest edge
    const auto shell = ring(0);
    for (size_t i = 0; i + 1 < shell.size(); ++i) {
        const double ax = shell[i].lon - c.lon, ay = shell[i].lat - c.lat;
        const double ex = shell[i + 1].lon - shell[i].lon, ey = shell[i + 1].lat - shell[i].lat;
        const double t = std::clamp(-(ax * ex + ay * ey) / (ex * ex + ey * ey), 0.0, 1.0);
        const double dx = ax + t * ex, dy = ay + t * ey;
        inner = std::min(inner, dx * dx + dy * dy);
    }
    inner *= 0.99 * 0.99; // well clear of the shell: rounding in these distances cannot matter
    struct Box {
        double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    };
    std::vector<Box> boxes;
    for (size_t h = 1; h < rings; ++h) {
        const auto hole = ring(h);
        if (!star_shaped(hole)) return false;
        Box b;
        for (const LonLat& p : hole) {
            const double dx = p.lon - c.lon, dy = p.lat - c.lat;
            if (!(dx * dx + dy * dy < inner)) return false;
            b.minx = std::min(b.minx, p.lon), b.maxx = std::max(b.maxx, p.lon);
            b.miny = std::min(b.miny, p.lat), b.maxy = std::max(b.maxy, p.lat);
        }
        for (const Box& o : boxes)
            if (!(b.maxx < o.minx || o.maxx < b.minx || b.maxy < o.miny || o.maxy < b.miny)) return false;
        boxes.push_back(b);
    }
    return true;
}

} // namespace

bool certainly_valid_polygon(std::span<const LonLat> pts, std::span<const uint32_t> ring_start) {
    const size_t rings = ring_start.size() - (ring_start.empty() ? 0 : 1);
    if (rings == 0 || rings > 64) return false; // many holes: GEOS's indexed check does better
    if (rings <= 8 && star_with_holes(pts, ring_start, rings)) return true;
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
