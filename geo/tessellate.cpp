// Ear-clipping triangulator in the manner of Mapbox's earcut.
//
// Conventions: every ring lives in a circular doubly linked list of nodes. The outer ring is made
// counter-clockwise and holes clockwise (y up), so after holes are bridged in, a vertex is convex exactly
// when cross(prev, v, next) > 0 and the polygon interior is always on the left of an edge.
#include "tessellate.hpp"
#include "tessellate_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

namespace entente::geo {

namespace {

struct Node {
    double x, y;
    Node* prev;
    Node* next;
    // Neighbours in z-order; only meaningful while a ring is being clipped with hashing.
    Node* prev_z;
    Node* next_z;
    uint32_t index; // index of the source point (before `base`); bridge/split copies share it
    uint32_t z;
};

// Nodes are handed out from fixed blocks so their addresses stay stable and no per-node allocation happens;
// the blocks are reused from call to call.
class NodePool {
  public:
    Node* make(double x, double y, uint32_t index) {
        if (used_ == kBlock) {
            ++block_;
            used_ = 0;
        }
        if (block_ == blocks_.size()) blocks_.push_back(std::make_unique<Node[]>(kBlock));
        Node* n = &blocks_[block_][used_++];
        *n = Node{x, y, nullptr, nullptr, nullptr, nullptr, index, 0};
        return n;
    }
    void reset() { block_ = used_ = 0; }
    // Don't hold on to the memory of one exceptionally large polygon forever.
    void trim(size_t keep_blocks) {
        if (blocks_.size() > keep_blocks) blocks_.resize(keep_blocks);
    }

  private:
    static constexpr size_t kBlock = 4096;
    std::vector<std::unique_ptr<Node[]>> blocks_;
    size_t block_ = 0, used_ = 0;
};

// Below this many vertices a plain scan of the ring beats building and walking the z-order index.
constexpr size_t kHashMinVertices = 80;

struct RingRef {
    const LonLat* pts;
    size_t count;
    uint32_t first; // index of pts[0] in the caller's numbering
};

// A piece of polygon still to be clipped, and which fallback stage it has reached.
struct Job {
    Node* ring;
    int pass;
};

struct Scratch {
    NodePool pool;
    std::vector<RingRef> rings;
    std::vector<Node*> holes;
    std::vector<std::pair<uint32_t, Node*>> zsort;
    std::vector<Job> jobs;
};

Scratch& scratch() {
    thread_local Scratch s;
    return s;
}

// Twice the signed area of (p, q, r): > 0 for a left (counter-clockwise) turn.
inline double cross(const Node* p, const Node* q, const Node* r) {
    return (q->x - p->x) * (r->y - p->y) - (q->y - p->y) * (r->x - p->x);
}

inline bool same_pos(const Node* a, const Node* b) {
    return a->x == b->x && a->y == b->y;
}

// Inclusive point-in-triangle test for a counter-clockwise triangle (a, b, c).
inline bool in_triangle(double ax, double ay, double bx, double by, double cx, double cy, double px,
                        double py) {
    // p must lie on the left of (or on) each directed edge.
    const double e_ab = (ax - px) * (by - py) - (ay - py) * (bx - px);
    const double e_bc = (bx - px) * (cy - py) - (by - py) * (cx - px);
    const double e_ca = (cx - px) * (ay - py) - (cy - py) * (ax - px);
    return e_ab >= 0 && e_bc >= 0 && e_ca >= 0;
}

inline int sign(double v) {
    return (v > 0) - (v < 0);
}

// For collinear p, q, r: does q lie within the bounding box of segment p-r?
inline bool on_segment(const Node* p, const Node* q, const Node* r) {
    return q->x <= std::max(p->x, r->x) && q->x >= std::min(p->x, r->x) && q->y <= std::max(p->y, r->y) &&
           q->y >= std::min(p->y, r->y);
}

// Closed-segment intersection test (touching and collinear overlap count).
bool segments_intersect(const Node* p1, const Node* q1, const Node* p2, const Node* q2) {
    const int o1 = sign(cross(p1, q1, p2));
    const int o2 = sign(cross(p1, q1, q2));
    const int o3 = sign(cross(p2, q2, p1));
    const int o4 = sign(cross(p2, q2, q1));
    if (o1 != o2 && o3 != o4) return true;
    return (o1 == 0 && on_segment(p1, p2, q1)) || (o2 == 0 && on_segment(p1, q2, q1)) ||
           (o3 == 0 && on_segment(p2, p1, q2)) || (o4 == 0 && on_segment(p2, q1, q2));
}

// Is the direction a->b inside the polygon's angle at vertex a (judged only from a's two edges)?
bool locally_inside(const Node* a, const Node* b) {
    if (cross(a->prev, a, a->next) > 0) // convex corner: b must be between both edges
        return cross(a, b, a->next) <= 0 && cross(a, a->prev, b) <= 0;
    // reflex corner: b only has to avoid the outside wedge
    return cross(a, b, a->prev) > 0 || cross(a, a->next, b) > 0;
}

// Is the midpoint of a-b inside the ring (even-odd ray cast)? Catches diagonals that run outside even though
// they look fine at both ends.
bool middle_inside(const Node* a, const Node* b, int64_t& budget) {
    const double mx = (a->x + b->x) / 2, my = (a->y + b->y) / 2;
    bool inside = false;
    const Node* p = a;
    do {
        --budget;
        const Node* q = p->next;
        if ((p->y > my) != (q->y > my) && q->y != p->y &&
            mx < (q->x - p->x) * (my - p->y) / (q->y - p->y) + p->x)
            inside = !inside;
        p = q;
    } while (p != a);
    return inside;
}

// Does segment a-b cross any ring edge not incident to a or b (or to copies of them)?
bool crosses_ring(const Node* a, const Node* b, int64_t& budget) {
    const Node* p = a;
    do {
        --budget;
        const Node* q = p->next;
        if (p->index != a->index && q->index != a->index && p->index != b->index && q->index != b->index &&
            segments_intersect(p, q, a, b))
            return true;
        p = q;
    } while (p != a);
    return false;
}

// Can the ring be cut along a-b? The O(1) local tests run before the O(n) ring walks, which matters because
// the split fallback tries many candidates. `budget` is charged one unit per edge walked.
bool valid_diagonal(const Node* a, const Node* b, int64_t& budget) {
    if (a->next->index == b->index || a->prev->index == b->index) return false;
    // Visible from both ends; the last clause rejects diagonals that would leave two opposite-facing
    // zero-area sectors behind.
    const bool visible = locally_inside(a, b) && locally_inside(b, a) &&
                         (cross(a->prev, a, b->prev) != 0 || cross(a, b->prev, b) != 0);
    // Zero-length "diagonal" between two coincident reflex vertices (a pinch point) is a fine place to cut.
    const bool pinch = same_pos(a, b) && cross(a->prev, a, a->next) < 0 && cross(b->prev, b, b->next) < 0;
    if (!visible && !pinch) return false;
    if (crosses_ring(a, b, budget)) return false;
    return pinch || middle_inside(a, b, budget);
}

// Does m's sector contain p's sector? Used to pick between coincident bridge candidates.
bool sector_contains_sector(const Node* m, const Node* p) {
    return cross(m->prev, m, p->prev) > 0 && cross(p->next, m, m->next) > 0;
}

Node* leftmost(Node* start) {
    Node* best = start;
    Node* p = start;
    do {
        if (p->x < best->x || (p->x == best->x && p->y < best->y)) best = p;
        p = p->next;
    } while (p != start);
    return best;
}

// From this many vertices on, the sweep replaces ear clipping. Below it ear clipping is as fast (within a
// factor of about 2 on random stars, far faster on convex rings), and it keeps the triangles of every
// polygon the render goldens were made with.
constexpr size_t kSweepMinVertices = 20000;

// Triangulates the ring lists with the sweep and appends the result; false (nothing appended) when the
// sweep could not vouch for its result, so the caller falls back to ear clipping.
bool sweep_rings(const Node* outer, const std::vector<Node*>& holes, uint32_t base,
                 std::vector<uint32_t>& out) {
    std::vector<SweepVertex> v;
    auto add_ring = [&](const Node* ring) {
        const uint32_t first = static_cast<uint32_t>(v.size());
        const Node* p = ring;
        do {
            const uint32_t id = static_cast<uint32_t>(v.size());
            v.push_back({p->x, p->y, p->index, id - 1, id + 1});
            p = p->next;
        } while (p != ring);
        v[first].prev = static_cast<uint32_t>(v.size()) - 1;
        v.back().next = first;
    };
    add_ring(outer);
    for (const Node* h : holes)
        add_ring(h);
    std::vector<uint32_t> tris;
    tris.reserve(3 * (v.size() + 2 * holes.size()));
    if (!sweep_triangulate(v, holes.size(), tris)) return false;
    out.reserve(out.size() + tris.size());
    for (uint32_t t : tris)
        out.push_back(base + v[t].index);
    return true;
}

class Triangulator {
  public:
    Triangulator(Scratch& s, uint32_t base, std::vector<uint32_t>& out, bool simple)
        : s_(s), pool_(s.pool), base_(base), out_(out), simple_(simple) {}

    void run(std::span<const RingRef> rings) {
        size_t count = 0;
        double area = 0;
        Node* outer = build_ring(rings[0], true, count, area);
        if (!outer || area == 0) return;
        total_ = count;
        s_.holes.clear();
        for (const RingRef& h : rings.subspan(1)) {
            Node* ring = build_ring(h, false, count, area);
            if (!ring || area == 0) continue; // a hole without area removes nothing
            total_ += count;
            s_.holes.push_back(ring);
        }
        // Ear clipping is superlinear on large concave rings; the sweep is O(n log n) but gives up on input
        // it cannot prove it handled (self-intersections, touching rings), which then takes the path below.
        if (total_ >= kSweepMinVertices && sweep_rings(outer, s_.holes, base_, out_)) return;

        if (!simple_) outer = untangle(outer);
        if (!s_.holes.empty()) outer = merge_holes(outer);

        // Hashing only pays off once a ring is big enough that the linear ear test dominates.
        if (total_ > kHashMinVertices) setup_hash(outer);

        s_.jobs.clear();
        s_.jobs.push_back({outer, 0});
        // A work list instead of recursion: splitting pathological input could otherwise nest very deeply.
        while (!s_.jobs.empty()) {
            const Job j = s_.jobs.back();
            s_.jobs.pop_back();
            clip(j.ring, j.pass);
        }
    }

  private:
    // Links the valid points of a ring in the requested orientation. Skips non-finite points, consecutive
    // duplicates and the closing duplicate. Returns null for fewer than 3 nodes.
    Node* build_ring(const RingRef& r, bool want_ccw, size_t& count, double& area) {
        size_t n = r.count;
        if (n >= 2 && r.pts[n - 1].lon == r.pts[0].lon && r.pts[n - 1].lat == r.pts[0].lat) --n;

        // Shoelace relative to a finite reference point, which limits cancellation for far-from-origin data.
        double ox = 0, oy = 0;
        bool have_origin = false;
        double twice = 0, px = 0, py = 0, fx = 0, fy = 0;
        size_t finite = 0;
        for (size_t k = 0; k < n; ++k) {
            const double x = r.pts[k].lon, y = r.pts[k].lat;
            if (!std::isfinite(x) || !std::isfinite(y)) continue;
            if (!have_origin) {
                ox = x, oy = y, have_origin = true;
            }
            const double rx = x - ox, ry = y - oy;
            if (finite == 0)
                fx = rx, fy = ry;
            else
                twice += px * ry - rx * py;
            px = rx, py = ry;
            ++finite;
        }
        if (finite < 3) return nullptr;
        twice += px * fy - fx * py;
        area = twice / 2;

        Node* last = nullptr;
        count = 0;
        auto add = [&](size_t k) {
            const double x = r.pts[k].lon, y = r.pts[k].lat;
            if (!std::isfinite(x) || !std::isfinite(y)) return;
            if (last && last->x == x && last->y == y) return;
            Node* p = pool_.make(x, y, r.first + static_cast<uint32_t>(k));
            if (!last) {
                p->prev = p->next = p;
            } else {
                p->next = last->next;
                p->prev = last;
                last->next->prev = p;
                last->next = p;
            }
            last = p;
            ++count;
        };
        if ((twice > 0) == want_ccw) {
            for (size_t k = 0; k < n; ++k)
                add(k);
        } else {
            for (size_t k = n; k-- > 0;)
                add(k);
        }
        if (last && count > 1 && same_pos(last, last->next)) {
            Node* keep = last->next;
            unlink(last);
            last = keep;
            --count;
        }
        return count >= 3 ? last : nullptr;
    }

    // Digitised coastlines have small bow-ties: an edge crosses one a few vertices further on (Natural
    // Earth's 10 m Canada has them on Baffin Island and Labrador). The loop between the crossing edges runs
    // the wrong way round, its reflex corners look convex, and the ear test, which only looks for reflex
    // vertices inside an ear, then accepts ears that reach across a bay: the stray slivers. Each crossing of
    // two edges at most kWindow apart is undone by reversing the loop between them (a 2-opt move), which
    // turns the twist into a proper part of the ring.
    static Node* untangle(Node* start) {
        constexpr int kWindow = 16;
        size_t n = 1;
        for (Node* q = start->next; q != start; q = q->next)
            ++n;
        Node* p = start;
        size_t advanced = 0, budget = 4 * n + 64; // every node once, plus revisits after reversals
        while (advanced < n && budget-- > 0) {
            bool moved = false;
            Node* q = p->next->next;
            for (int k = 0; k < kWindow && q != p && q->next != p && !moved; ++k, q = q->next) {
                if (!crosses_properly(p, p->next, q, q->next)) continue;
                Node* pn = p->next;
                Node* qn = q->next;
                for (Node* x = pn; x != qn;) {
                    Node* next = x->next;
                    std::swap(x->prev, x->next);
                    x = next;
                }
                p->next = q;
                q->prev = p;
                pn->next = qn;
                qn->prev = pn;
                moved = true;
            }
            if (!moved) p = p->next, ++advanced;
        }
        return start;
    }

    static bool crosses_properly(const Node* a, const Node* b, const Node* c, const Node* d) {
        return sign(cross(a, b, c)) * sign(cross(a, b, d)) < 0 &&
               sign(cross(c, d, a)) * sign(cross(c, d, b)) < 0;
    }

    static void unlink(Node* p) {
        p->next->prev = p->prev;
        p->prev->next = p->next;
        if (p->prev_z) p->prev_z->next_z = p->next_z;
        if (p->next_z) p->next_z->prev_z = p->prev_z;
    }

    void emit(const Node* a, const Node* b, const Node* c) {
        out_.push_back(base_ + a->index);
        out_.push_back(base_ + b->index);
        out_.push_back(base_ + c->index);
    }

    // Removes repeated and collinear vertices between start and end (whole ring if end is null); they would
    // only produce zero-area triangles and confuse the convexity tests. Returns a surviving node.
    static Node* filter_points(Node* start, Node* end = nullptr) {
        if (!start) return start;
        if (!end) end = start;
        Node* p = start;
        bool again;
        do {
            again = false;
            if (same_pos(p, p->next) || cross(p->prev, p, p->next) == 0) {
                unlink(p);
                p = end = p->prev;
                if (p == p->next) break;
                again = true;
            } else {
                p = p->next;
            }
        } while (again || p != end);
        return end;
    }

    // Cuts the ring along a-b into two rings; a and b keep the first part, copies of them start the second.
    // Returns the copy of b, which lies on the second ring.
    Node* split(Node* a, Node* b) {
        Node* a2 = pool_.make(a->x, a->y, a->index);
        Node* b2 = pool_.make(b->x, b->y, b->index);
        Node* an = a->next;
        Node* bp = b->prev;
        a->next = b;
        b->prev = a;
        a2->next = an;
        an->prev = a2;
        b2->next = a2;
        a2->prev = b2;
        bp->next = b2;
        b2->prev = bp;
        return b2;
    }

    // ---- holes -------------------------------------------------------------------------------------------

    Node* merge_holes(Node* outer) {
        for (Node*& h : s_.holes)
            h = leftmost(simple_ ? h : untangle(h));
        // Left to right, so each hole can bridge to the outer ring or to a hole merged before it.
        std::sort(s_.holes.begin(), s_.holes.end(), [](const Node* a, const Node* b) {
            if (a->x != b->x) return a->x < b->x;
            if (a->y != b->y) return a->y < b->y;
            // Holes sharing their leftmost point: order by the direction of the next edge so the shared
            // vertex stays the bridge target. atan2 rather than a slope so vertical edges can't yield NaN,
            // which would break std::sort's ordering requirement (next lies to the right or straight above,
            // so the angle order equals the slope order).
            return std::atan2(a->next->y - a->y, a->next->x - a->x) <
                   std::atan2(b->next->y - b->y, b->next->x - b->x);
        });
        for (Node* h : s_.holes) {
            Node* bridge = find_bridge(h, outer);
            if (!bridge) continue; // hole not inside the outer ring: ignore it
            Node* back = split(bridge, h);
            filter_points(back, back->next);
            outer = filter_points(bridge, bridge->next);
        }
        return outer;
    }

    // Finds an outer-ring vertex that the hole's leftmost point can see, by casting a ray to the left.
    static Node* find_bridge(Node* hole, Node* outer) {
        const double hx = hole->x, hy = hole->y;
        double qx = -std::numeric_limits<double>::infinity();
        Node* m = nullptr;
        Node* p = outer;
        if (same_pos(hole, p)) return p;
        // Nearest edge hit by the ray. The outer ring runs counter-clockwise, so only edges running downward
        // face the hole from the left. That edge's left endpoint is the tentative partner.
        do {
            Node* q = p->next;
            if (same_pos(hole, q)) return q;
            if (hy <= p->y && hy >= q->y && q->y != p->y) {
                const double x = p->x + (hy - p->y) * (q->x - p->x) / (q->y - p->y);
                if (x <= hx && x > qx) {
                    qx = x;
                    m = p->x < q->x ? p : q;
                    if (x == hx) return m; // hole touches this edge
                }
            }
            p = q;
        } while (p != outer);
        if (!m) return nullptr;

        // The segment hole->m may be blocked by reflex vertices inside triangle (hole, hit point, m). Among
        // those, the one with the smallest angle to the ray is visible.
        const Node* stop = m;
        const double mx = m->x, my = m->y;
        double best_tan = std::numeric_limits<double>::infinity();
        p = m;
        do {
            if (hx >= p->x && p->x >= mx && hx != p->x &&
                in_triangle(hy < my ? hx : qx, hy, mx, my, hy < my ? qx : hx, hy, p->x, p->y)) {
                const double t = std::abs(hy - p->y) / (hx - p->x);
                if (locally_inside(p, hole) &&
                    (t < best_tan ||
                     (t == best_tan && (p->x > m->x || (p->x == m->x && sector_contains_sector(m, p)))))) {
                    m = p;
                    best_tan = t;
                }
            }
            p = p->next;
        } while (p != stop);
        return m;
    }

    // ---- z-order hashing ---------------------------------------------------------------------------------

    void setup_hash(Node* ring) {
        double minx = ring->x, miny = ring->y, maxx = ring->x, maxy = ring->y;
        for (Node* p = ring->next; p != ring; p = p->next) {
            minx = std::min(minx, p->x);
            miny = std::min(miny, p->y);
            maxx = std::max(maxx, p->x);
            maxy = std::max(maxy, p->y);
        }
        const double size = std::max(maxx - minx, maxy - miny);
        if (!(size > 0) || !std::isfinite(size)) return;
        hashed_ = true;
        minx_ = minx;
        miny_ = miny;
        inv_size_ = 32767.0 / size;
    }

    static uint32_t spread_bits(uint32_t v) {
        v = (v | (v << 8)) & 0x00FF00FFu;
        v = (v | (v << 4)) & 0x0F0F0F0Fu;
        v = (v | (v << 2)) & 0x33333333u;
        v = (v | (v << 1)) & 0x55555555u;
        return v;
    }

    uint32_t grid(double d) const {
        const double g = d * inv_size_;
        // Written so that NaN also lands on 0: converting an out-of-range double to an integer is UB.
        return g > 0 ? static_cast<uint32_t>(std::min(g, 32767.0)) : 0;
    }

    // Morton code of a point on a 32768x32768 grid over the bbox. Clamped so it stays monotone in x and y for
    // every point (split copies, rounding), which the range search relies on.
    uint32_t z_order(double x, double y) const {
        return spread_bits(grid(x - minx_)) | (spread_bits(grid(y - miny_)) << 1);
    }

    // Threads the ring's nodes onto a list sorted by z so ear tests only look at nearby vertices.
    void index_curve(Node* start) {
        auto& v = s_.zsort;
        v.clear();
        Node* p = start;
        do {
            p->z = z_order(p->x, p->y);
            v.emplace_back(p->z, p);
            p = p->next;
        } while (p != start);
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t k = 0; k < v.size(); ++k) {
            v[k].second->prev_z = k ? v[k - 1].second : nullptr;
            v[k].second->next_z = k + 1 < v.size() ? v[k + 1].second : nullptr;
        }
    }

    // ---- ear tests ---------------------------------------------------------------------------------------

    // Summed rather than chained with &&: g++ then emits one well-predicted branch instead of four
    // data-dependent ones; this is the hottest loop and it made small polygons ~15% faster.
    static bool in_box(const Node* p, double x0, double y0, double x1, double y1) {
        const int n = (p->x >= x0) + (p->x <= x1) + (p->y >= y0) + (p->y <= y1);
        return n == 4;
    }

    // A vertex that blocks ear abc: inside the triangle and not convex (a convex vertex inside would imply a
    // reflex one inside too, so checking reflex ones suffices). A copy sitting exactly on a is harmless.
    static bool blocks(const Node* a, const Node* b, const Node* c, const Node* p) {
        return !(p->x == a->x && p->y == a->y) &&
               in_triangle(a->x, a->y, b->x, b->y, c->x, c->y, p->x, p->y) && cross(p->prev, p, p->next) <= 0;
    }

    static bool is_ear(const Node* ear) {
        const Node* a = ear->prev;
        const Node* b = ear;
        const Node* c = ear->next;
        if (cross(a, b, c) <= 0) return false; // reflex or flat
        const double x0 = std::min({a->x, b->x, c->x}), y0 = std::min({a->y, b->y, c->y});
        const double x1 = std::max({a->x, b->x, c->x}), y1 = std::max({a->y, b->y, c->y});
        // Ring order finds the usual blockers (vertices next to the ear) first.
        for (const Node* p = c->next; p != a; p = p->next) {
            if (in_box(p, x0, y0, x1, y1) && blocks(a, b, c, p)) return false;
        }
        return true;
    }

    bool is_ear_hashed(const Node* ear) const {
        const Node* a = ear->prev;
        const Node* b = ear;
        const Node* c = ear->next;
        if (cross(a, b, c) <= 0) return false;
        const double x0 = std::min({a->x, b->x, c->x}), y0 = std::min({a->y, b->y, c->y});
        const double x1 = std::max({a->x, b->x, c->x}), y1 = std::max({a->y, b->y, c->y});
        // Every point in the triangle's bbox has a z between these two.
        const uint32_t min_z = z_order(x0, y0), max_z = z_order(x1, y1);
        auto hit = [&](const Node* p) {
            return in_box(p, x0, y0, x1, y1) && p != a && p != c && blocks(a, b, c, p);
        };
        const Node* p = ear->prev_z;
        const Node* n = ear->next_z;
        // Walk both directions alternately: blockers are usually close to the ear in z.
        while (p && p->z >= min_z && n && n->z <= max_z) {
            if (hit(p) || hit(n)) return false;
            p = p->prev_z;
            n = n->next_z;
        }
        for (; p && p->z >= min_z; p = p->prev_z)
            if (hit(p)) return false;
        for (; n && n->z <= max_z; n = n->next_z)
            if (hit(n)) return false;
        return true;
    }

    // ---- clipping and fallbacks --------------------------------------------------------------------------

    // pass 0: plain ear clipping; 1: same after removing degenerate points; 2: after curing small
    // self-intersections; beyond that the ring is split along a valid diagonal and both halves start over.
    void clip(Node* ear, int pass) {
        if (!ear) return;
        if (pass == 0 && hashed_) index_curve(ear);
        Node* stop = ear;
        while (ear->prev != ear->next) {
            Node* prev = ear->prev;
            Node* next = ear->next;
            if (hashed_ ? is_ear_hashed(ear) : is_ear(ear)) {
                emit(prev, ear, next);
                unlink(ear);
                // Skipping ahead past `next` tends to give fewer sliver triangles.
                ear = next->next;
                stop = next->next;
                continue;
            }
            ear = next;
            if (ear == stop) { // went all the way round without finding an ear
                if (pass == 0) {
                    s_.jobs.push_back({filter_points(ear), 1});
                } else if (pass == 1) {
                    s_.jobs.push_back({cure_local_intersections(filter_points(ear)), 2});
                } else {
                    split_and_requeue(ear);
                }
                return;
            }
        }
    }

    // Where edges (a,p) and (p.next,b) cross, the little triangle (a, p, b) is cut off and the crossing
    // removed. Handles the typical bow-tie glitches of digitised data.
    Node* cure_local_intersections(Node* start) {
        Node* p = start;
        do {
            Node* a = p->prev;
            Node* pn = p->next;
            Node* b = pn->next;
            if (!same_pos(a, b) && segments_intersect(a, p, pn, b) && locally_inside(a, b) &&
                locally_inside(b, a)) {
                emit(a, p, b);
                unlink(p);
                unlink(pn);
                p = start = b;
            }
            p = p->next;
        } while (p != start);
        return filter_points(p);
    }

    // Last resort: find any valid diagonal, cut the ring in two and clip each half from scratch.
    void split_and_requeue(Node* start) {
        Node* a = start;
        do {
            for (Node* b = a->next->next; b != a->prev; b = b->next) {
                if (--split_budget_ < 0) return; // give up on hopeless input rather than stall the caller
                if (a->index != b->index && valid_diagonal(a, b, split_budget_)) {
                    Node* c = split(a, b);
                    a = filter_points(a, a->next);
                    c = filter_points(c, c->next);
                    s_.jobs.push_back({c, 0});
                    s_.jobs.push_back({a, 0});
                    return;
                }
            }
            a = a->next;
        } while (a != start);
        // No valid diagonal: the remainder is hopelessly broken; drop it rather than emit overlapping
        // triangles.
    }

    Scratch& s_;
    NodePool& pool_;
    uint32_t base_;
    std::vector<uint32_t>& out_;
    bool simple_ = false; // proven valid by the caller: no crossings to undo
    size_t total_ = 0;
    bool hashed_ = false;
    double minx_ = 0, miny_ = 0, inv_size_ = 0;
    // Candidates plus edge visits the split fallback may spend per polygon (some tens of ms). Finding a
    // diagonal is O(n^2) per try in the worst case, so heavily self-overlapping garbage could otherwise take
    // seconds; sane data, even with glitches, uses a tiny fraction of this.
    int64_t split_budget_ = 8'000'000;
};

size_t triangulate(std::span<const RingRef> rings, uint32_t base, std::vector<uint32_t>& out,
                   bool simple = false) {
    if (rings.empty()) return 0;
    Scratch& s = scratch();
    s.pool.reset();
    const size_t before = out.size();
    Triangulator(s, base, out, simple).run(rings);
    s.pool.trim(16);
    if (s.zsort.capacity() > (1u << 16)) s.zsort = {};
    return (out.size() - before) / 3;
}

} // namespace

size_t tessellate_polygon(std::span<const std::span<const LonLat>> rings, uint32_t base,
                          std::vector<uint32_t>& out) {
    Scratch& s = scratch();
    s.rings.clear();
    uint32_t first = 0;
    for (const auto& r : rings) {
        s.rings.push_back({r.data(), r.size(), first});
        first += static_cast<uint32_t>(r.size());
    }
    return triangulate(s.rings, base, out);
}

size_t tessellate_polygon(std::span<const LonLat> coords, std::span<const uint32_t> ring_starts,
                          uint32_t base, std::vector<uint32_t>& out, bool simple) {
    Scratch& s = scratch();
    s.rings.clear();
    for (size_t k = 0; k + 1 < ring_starts.size(); ++k) {
        // Tolerate malformed offsets by clamping instead of reading out of bounds.
        const size_t b = std::min<size_t>(ring_starts[k], coords.size());
        const size_t e = std::min<size_t>(std::max(ring_starts[k + 1], ring_starts[k]), coords.size());
        s.rings.push_back({coords.data() + b, e - b, static_cast<uint32_t>(b)});
    }
    return triangulate(s.rings, base, out, simple);
}

} // namespace entente::geo
