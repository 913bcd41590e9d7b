// Sweep-line triangulation (de Berg et al., Computational Geometry, ch. 3)
//
// The polygon is cut into y-monotone pieces by a top-to-bottom sweep, then each piece is triangulated in
// linear time: O(n log n) overall, where ear clipping degrades towards O(n^2) on large concave rings. Rings
// arrive as built for ear clipping (outer counter-clockwise, holes clockwise), so the interior is always on
// the left of an edge.
#include "tessellate_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

namespace entente::geo {

namespace {

enum class VType : uint8_t { Start, End, Split, Merge, Regular };

class Sweep {
  public:
    explicit Sweep(std::vector<SweepVertex>& v) : v_(v) {}

    // Emits triangles (local vertex ids, counter-clockwise) into tris. False where the input turned out not
    // to be a simple polygon with holes, or anything else went inconsistent; tris is then unusable.
    bool run(size_t holes, std::vector<uint32_t>& tris) {
        const size_t n = v_.size();
        if (!decompose()) return false;
        if (!triangulate_pieces(tris)) return false;
        // A simple polygon with h holes has n - 2 + 2h triangles; none may face the wrong way.
        if (tris.size() != 3 * (n - 2 + 2 * holes)) return false;
        for (size_t k = 0; k < tris.size(); k += 3)
            if (cross(tris[k], tris[k + 1], tris[k + 2]) < 0) return false;
        return true;
    }

  private:
    double cross(uint32_t a, uint32_t b, uint32_t c) const {
        const SweepVertex &p = v_[a], &q = v_[b], &r = v_[c];
        return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    }
    // Sweep order: higher y first, then smaller x (so horizontal edges behave as if tilted slightly), as
    // ranked by decompose().
    bool above(uint32_t a, uint32_t b) const { return rank_[a] < rank_[b]; }

    static double cross(double px, double py, double qx, double qy, double rx, double ry) {
        return (qx - px) * (ry - py) - (qy - py) * (rx - px);
    }

    // Status: edges with the interior on their right, running down from vertex `id` to its next, ordered
    // left to right along the sweep line. Coordinates are copied in so comparisons stay within the tree's
    // nodes (at 1M vertices, chasing vertex ids cost a cache miss per comparison). Edges never cross in
    // valid input, so placing the later edge's upper point against the other edge's line orders them.
    struct Edge {
        double ux, uy, lx, ly;
        uint32_t id, urank;
        double side(double x, double y) const { return cross(ux, uy, lx, ly, x, y); } // > 0: (x, y) right
    };
    struct Pt {
        double x, y;
    };
    struct EdgeLess {
        using is_transparent = void;
        bool operator()(const Edge& a, const Edge& b) const {
            if (a.id == b.id) return false;
            if (a.urank > b.urank) { // a starts below b's start: place a's start relative to b
                double d = b.side(a.ux, a.uy);
                if (d == 0) d = b.side(a.lx, a.ly);
                return d != 0 ? d < 0 : a.id < b.id;
            }
            double d = a.side(b.ux, b.uy);
            if (d == 0) d = a.side(b.lx, b.ly);
            return d != 0 ? d > 0 : a.id < b.id;
        }
        bool operator()(const Edge& e, Pt p) const { return e.side(p.x, p.y) > 0; }
        bool operator()(Pt p, const Edge& e) const { return e.side(p.x, p.y) < 0; }
    };
    using Status = std::set<Edge, EdgeLess>;

    bool decompose() {
        const size_t n = v_.size();
        type_.assign(n, VType::Regular);
        helper_.assign(n, 0);
        in_status_.assign(n, 0);
        where_.assign(n, {});
        diagonals_.clear();
        // Sorted by value rather than through ids: far fewer cache misses on large rings.
        struct Key {
            double y, x;
            uint32_t id;
        };
        std::vector<Key> keys(n);
        for (uint32_t k = 0; k < n; ++k)
            keys[k] = {v_[k].y, v_[k].x, k};
        std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
            if (a.y != b.y) return a.y > b.y;
            if (a.x != b.x) return a.x < b.x;
            return a.id < b.id;
        });
        rank_.resize(n);
        for (uint32_t k = 0; k < n; ++k)
            rank_[keys[k].id] = k;
        for (uint32_t k = 0; k < n; ++k) {
            const uint32_t p = v_[k].prev, q = v_[k].next;
            const bool below_p = above(k, p), below_n = above(k, q);
            const double turn = cross(p, k, q);
            if (below_p == below_n) {
                if (turn == 0) return false; // spike: which side is inside is ambiguous
                type_[k] = below_p ? (turn > 0 ? VType::Start : VType::Split)
                                   : (turn > 0 ? VType::End : VType::Merge);
            }
        }
        Status status;
        auto insert = [&](uint32_t e) {
            const SweepVertex &u = v_[e], &l = v_[u.next];
            auto [it, fresh] = status.insert(Edge{u.x, u.y, l.x, l.y, e, rank_[e]});
            if (!fresh) return false;
            where_[e] = it;
            in_status_[e] = 1;
            helper_[e] = e;
            return true;
        };
        // Removes the edge ending at v, first joining v to that edge's helper if it is a merge vertex.
        auto finish = [&](uint32_t v) {
            const uint32_t e = v_[v].prev;
            if (!in_status_[e]) return false;
            if (type_[helper_[e]] == VType::Merge) diagonals_.emplace_back(v, helper_[e]);
            status.erase(where_[e]);
            in_status_[e] = 0;
            return true;
        };
        // The edge directly left of v, or n when there is none.
        auto left_of = [&](uint32_t v) -> uint32_t {
            auto it = status.upper_bound(Pt{v_[v].x, v_[v].y});
            if (it == status.begin()) return static_cast<uint32_t>(n);
            return (--it)->id;
        };
        for (const Key& key : keys) {
            const uint32_t v = key.id;
            switch (type_[v]) {
            case VType::Start:
                if (!insert(v)) return false;
                break;
            case VType::End:
                if (!finish(v)) return false;
                break;
            case VType::Split: {
                const uint32_t e = left_of(v);
                if (e == n) return false;
                diagonals_.emplace_back(v, helper_[e]);
                helper_[e] = v;
                if (!insert(v)) return false;
                break;
            }
            case VType::Merge: {
                if (!finish(v)) return false;
                const uint32_t e = left_of(v);
                if (e == n) return false;
                if (type_[helper_[e]] == VType::Merge) diagonals_.emplace_back(v, helper_[e]);
                helper_[e] = v;
                break;
            }
            case VType::Regular:
                if (above(v_[v].prev, v)) { // boundary runs down here: interior on the right
                    if (!finish(v) || !insert(v)) return false;
                } else {
                    const uint32_t e = left_of(v);
                    if (e == n) return false;
                    if (type_[helper_[e]] == VType::Merge) diagonals_.emplace_back(v, helper_[e]);
                    helper_[e] = v;
                }
                break;
            }
        }
        return status.empty();
    }

    // Traces the faces of ring edges plus diagonals and triangulates each (a y-monotone polygon).
    bool triangulate_pieces(std::vector<uint32_t>& tris) {
        const size_t n = v_.size();
        // Adjacency in CSR form: each vertex's neighbours sorted counter-clockwise by angle.
        std::vector<uint32_t> start(n + 1, 2);
        start[n] = 0;
        for (auto [a, b] : diagonals_) {
            if (a == b || v_[a].next == b || v_[a].prev == b) return false;
            ++start[a], ++start[b];
        }
        uint32_t sum = 0;
        for (size_t k = 0; k <= n; ++k) {
            const uint32_t d = k < n ? start[k] : 0;
            start[k] = sum;
            sum += d;
        }
        std::vector<uint32_t> nbr(sum);
        std::vector<uint32_t> fill(start.begin(), start.end() - 1);
        for (uint32_t k = 0; k < n; ++k) {
            nbr[fill[k]++] = v_[k].next;
            nbr[fill[k]++] = v_[k].prev;
        }
        for (auto [a, b] : diagonals_) {
            nbr[fill[a]++] = b;
            nbr[fill[b]++] = a;
        }
        for (uint32_t k = 0; k < n; ++k) {
            if (start[k + 1] - start[k] == 2) continue; // two neighbours: any order is cyclic order
            const SweepVertex& c = v_[k];
            std::sort(nbr.begin() + start[k], nbr.begin() + start[k + 1], [&](uint32_t a, uint32_t b) {
                return std::atan2(v_[a].y - c.y, v_[a].x - c.x) < std::atan2(v_[b].y - c.y, v_[b].x - c.x);
            });
            for (uint32_t s = start[k] + 1; s < start[k + 1]; ++s)
                if (nbr[s] == nbr[s - 1]) return false; // a diagonal twice
        }
        // Half-edge slot of (to -> from) within to's list.
        auto twin = [&](uint32_t from, uint32_t to) -> uint32_t {
            for (uint32_t s = start[to]; s < start[to + 1]; ++s)
                if (nbr[s] == from) return s;
            return sum;
        };
        // Ring edges against their direction bound the outside and the holes: never traced.
        std::vector<uint8_t> done(sum, 0);
        for (uint32_t k = 0; k < n; ++k)
            done[twin(v_[k].prev, k)] = 1; // slot of k -> prev(k)
        std::vector<uint32_t> face;
        for (uint32_t k = 0; k < n; ++k) {
            for (uint32_t s0 = start[k]; s0 < start[k + 1]; ++s0) {
                if (done[s0]) continue;
                face.clear();
                uint32_t from = k, s = s0;
                for (;;) {
                    if (done[s] || face.size() > n) return false;
                    done[s] = 1;
                    face.push_back(from);
                    const uint32_t to = nbr[s];
                    // Next edge round the face on the left: the first one clockwise from the way back.
                    const uint32_t t = twin(from, to);
                    if (t == sum) return false;
                    s = t == start[to] ? start[to + 1] - 1 : t - 1;
                    from = to;
                    if (s == s0) break;
                }
                if (!triangulate_monotone(face, tris)) return false;
            }
        }
        return true;
    }

    // Linear-time triangulation of a y-monotone piece given counter-clockwise (de Berg, section 3.3).
    bool triangulate_monotone(const std::vector<uint32_t>& f, std::vector<uint32_t>& tris) {
        const size_t k = f.size();
        if (k < 3) return false;
        size_t top = 0, bottom = 0;
        for (size_t i = 1; i < k; ++i) {
            if (above(f[i], f[top])) top = i;
            if (above(f[bottom], f[i])) bottom = i;
        }
        // Counter-clockwise from the top runs down the left chain to the bottom, then up the right chain;
        // both must be monotone. Merged into sweep order with the chain each vertex is on.
        merged_.clear();
        size_t l = top, r = top == 0 ? k - 1 : top - 1;
        merged_.push_back({f[top], true});
        for (size_t i = 0; i + 1 < k; ++i) {
            const size_t ln = l + 1 == k ? 0 : l + 1;
            const bool take_left = l != bottom && (r == bottom || above(f[ln], f[r]));
            if (take_left) {
                if (!above(f[l], f[ln])) return false;
                merged_.push_back({f[ln], true});
                l = ln;
            } else {
                const size_t rn = r + 1 == k ? 0 : r + 1; // the vertex above r on the right chain
                if (rn != top && !above(f[rn], f[r])) return false;
                merged_.push_back({f[r], false});
                r = r == 0 ? k - 1 : r - 1;
            }
        }
        merged_.back().second = !merged_[merged_.size() - 2].second; // bottom closes both chains
        auto emit = [&](uint32_t a, uint32_t b, uint32_t c) {
            tris.push_back(a), tris.push_back(b), tris.push_back(c);
        };
        // Counter-clockwise triangle of the current vertex u and two stack vertices, the upper one first.
        auto emit_ccw = [&](uint32_t u, bool u_left, uint32_t upper, uint32_t lower) {
            if (u_left)
                emit(lower, upper, u); // lower, upper on the right chain, which runs upward
            else
                emit(upper, lower, u);
        };
        stack_.clear();
        stack_.push_back(merged_[0]);
        stack_.push_back(merged_[1]);
        for (size_t j = 2; j < k; ++j) {
            const auto [u, u_left] = merged_[j];
            if (u_left != stack_.back().second || j + 1 == k) {
                // Opposite chain (or the bottom): u sees every stacked vertex; fan to all of them.
                for (size_t i = stack_.size() - 1; i > 0; --i)
                    emit_ccw(u, u_left, stack_[i - 1].first, stack_[i].first);
                const auto last = stack_.back();
                stack_.clear();
                stack_.push_back(last);
                stack_.push_back(merged_[j]);
            } else {
                auto last = stack_.back();
                stack_.pop_back();
                while (!stack_.empty()) {
                    const uint32_t t = stack_.back().first;
                    // The diagonal u-t lies inside when `last` is a convex corner of the remaining piece.
                    const double turn = u_left ? cross(t, last.first, u) : cross(u, last.first, t);
                    if (turn <= 0) break;
                    if (u_left)
                        emit(t, last.first, u);
                    else
                        emit(u, last.first, t);
                    last = stack_.back();
                    stack_.pop_back();
                }
                stack_.push_back(last);
                stack_.push_back(merged_[j]);
            }
        }
        return true;
    }

    std::vector<SweepVertex>& v_;
    std::vector<uint32_t> rank_;
    std::vector<VType> type_;
    std::vector<uint32_t> helper_;
    std::vector<uint8_t> in_status_;
    std::vector<Status::iterator> where_;
    std::vector<std::pair<uint32_t, uint32_t>> diagonals_;
    std::vector<std::pair<uint32_t, bool>> merged_, stack_;
};

} // namespace

bool sweep_triangulate(std::vector<SweepVertex>& v, size_t holes, std::vector<uint32_t>& tris) {
    return Sweep(v).run(holes, tris);
}

} // namespace entente::geo
