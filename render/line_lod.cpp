#include "line_lod.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace entente::render {

namespace {
// Douglas-Peucker over xy[a..b] (vertex indices), marking the vertices kept in `keep` (a and b are kept by
// the caller): the vertex farthest from segment a-b stays when it lies beyond the tolerance, and the halves
// either side of it are simplified in turn. Distances are to the segment, not its line, so a closed ring
// (a == b in place) splits at its farthest vertex from the start.
void douglas_peucker(const float* xy, size_t a, size_t b, float tol2, std::vector<uint8_t>& keep,
                     std::vector<std::pair<size_t, size_t>>& stack) {
    stack.assign(1, {a, b});
    while (!stack.empty()) {
        const auto [i, j] = stack.back();
        stack.pop_back();
        if (j <= i + 1) continue;
        const float ax = xy[2 * i], ay = xy[2 * i + 1];
        const float dx = xy[2 * j] - ax, dy = xy[2 * j + 1] - ay;
        const float len2 = dx * dx + dy * dy;
        float worst = -1;
        size_t at = i;
        for (size_t k = i + 1; k < j; ++k) {
            const float px = xy[2 * k] - ax, py = xy[2 * k + 1] - ay;
            const float t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.f, 1.f) : 0.f;
            const float ex = px - t * dx, ey = py - t * dy;
            const float d2 = ex * ex + ey * ey;
            if (d2 > worst) worst = d2, at = k;
        }
        if (worst <= tol2) continue;
        keep[at - a] = 1;
        stack.push_back({i, at}), stack.push_back({at, j});
    }
}
} // namespace

LineStrips simplify_strips(const LineStrips& in, float tolerance) {
    // Douglas-Peucker rather than a radial-distance walk: a ring a few pixels across keeps the handful of
    // vertices that shape it instead of every vertex a tolerance apart, which on a zoomed-out map of small
    // polygons is most of the outline segments a frame submits. Run on pieces of at most kPiece vertices (a
    // piece's ends stay), which bounds its worst case (a spiral) to O(n * kPiece) for any input.
    constexpr size_t kPiece = 4096;
    LineStrips out;
    const size_t n = in.feature.size();
    out.xy.reserve(in.xy.size() / 2);
    out.feature.reserve(n / 2);
    const float tol2 = tolerance * tolerance;
    std::vector<uint8_t> keep;
    std::vector<std::pair<size_t, size_t>> stack;
    size_t i = 0;
    while (i < n) {
        // One strip: [i, end), ended by a NaN separator or the end of the data.
        size_t end = i;
        while (end < n && !std::isnan(in.xy[2 * end]))
            ++end;
        if (end > i) {
            out.begin_strip();
            out.add(in.xy[2 * i], in.xy[2 * i + 1], in.feature[i]);
            for (size_t a = i; a + 1 < end; a += kPiece) {
                const size_t b = std::min(a + kPiece, end - 1);
                keep.assign(b - a + 1, 0);
                douglas_peucker(in.xy.data(), a, b, tol2, keep, stack);
                for (size_t k = a + 1; k < b; ++k)
                    if (keep[k - a]) out.add(in.xy[2 * k], in.xy[2 * k + 1], in.feature[k]);
                out.add(in.xy[2 * b], in.xy[2 * b + 1], in.feature[b]);
            }
        }
        i = end + 1; // past the separator
    }
    return out;
}

std::vector<float> line_level_tolerances(const LineStrips& full) {
    float minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i + 1 < full.xy.size(); i += 2) {
        const float x = full.xy[i], y = full.xy[i + 1];
        if (std::isnan(x)) continue;
        minx = std::min(minx, x), maxx = std::max(maxx, x);
        miny = std::min(miny, y), maxy = std::max(maxy, y);
    }
    std::vector<float> out;
    const float extent = std::max(maxx - minx, maxy - miny);
    // A box so small that its finest tolerance underflows to 0 would never double: no levels.
    if (!(extent / 262144.f > 0) || !std::isfinite(extent)) return out;
    for (float tol = extent / 262144.f; tol <= extent / 64.f; tol *= 2)
        out.push_back(tol);
    return out;
}

namespace {
// Each level is simplified from the coarsest level kept so far whose tolerance is at most a quarter of its
// own (else from the full strips), by what that level's error leaves of the tolerance: so every level lies
// within its tolerance of the full strips, yet is built from a fraction of them.
LineLevel levels(const LineStrips& full, LineStrips* owned, const std::function<void(const LineLevel&)>& take,
                 float up_to) {
    std::vector<LineLevel> kept; // ascending: only those a later level may still be built from
    size_t last_count = full.feature.size();
    bool full_needed = true;
    for (const float tol : line_level_tolerances(full)) {
        if (tol > up_to) break;
        const LineStrips* from = &full;
        float error = 0;
        for (const LineLevel& k : kept)
            if (k.tolerance <= tol / 4) from = &k.strips, error = k.tolerance;
        LineLevel next{tol, simplify_strips(*from, tol - error)};
        if (next.strips.feature.size() * 6 > last_count * 5) continue; // not worth its memory
        take(next);
        last_count = next.strips.feature.size();
        kept.push_back(std::move(next));
        // Tolerances double, so the next level is built from one at or above tol / 2: the finer ones (and
        // then the full strips, which a render lets go as soon as it can) are no longer needed.
        size_t source = kept.size();
        for (size_t k = 0; k < kept.size(); ++k)
            if (kept[k].tolerance <= tol / 2) source = k;
        if (source < kept.size()) {
            kept.erase(kept.begin(), kept.begin() + std::ptrdiff_t(source));
            if (full_needed && owned) *owned = {};
            full_needed = false;
        }
    }
    return kept.empty() ? LineLevel{} : std::move(kept.back());
}
} // namespace

LineLevel each_line_level(const LineStrips& full, const std::function<void(const LineLevel&)>& take,
                          float up_to) {
    return levels(full, nullptr, take, up_to);
}

LineLevel each_line_level(LineStrips&& full, const std::function<void(const LineLevel&)>& take, float up_to) {
    LineStrips mine = std::move(full);
    return levels(mine, &mine, take, up_to);
}

LineStrips line_level_for(LineStrips&& full, float up_to) {
    LineStrips mine = std::move(full);
    LineLevel last = levels(
        mine, &mine, [](const LineLevel&) {}, up_to);
    return last.tolerance > 0 ? std::move(last.strips)
                              : std::move(mine); // mine is cleared only once one is kept
}

std::vector<LineLevel> line_levels(const LineStrips& full) {
    std::vector<LineLevel> levels;
    each_line_level(full, [&](const LineLevel& level) { levels.push_back(level); });
    return levels;
}

PointCloud thin_points(size_t n, const std::function<void(const PointSink&)>& each, float cell) {
    PointCloud out;
    float minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    each([&](float x, float y, uint32_t) {
        if (!std::isfinite(x) || !std::isfinite(y)) return;
        minx = std::min(minx, x), miny = std::min(miny, y), maxx = std::max(maxx, x),
        maxy = std::max(maxy, y);
    });
    if (!(minx <= maxx) || n == 0) return out;
    // Cells no finer than the points' range over 2^31, so every cell index fits (a cell that fine merges
    // nothing anyway).
    const double range = std::max(double(maxx) - minx, double(maxy) - miny);
    const double inv = std::min(1.0 / double(cell), double(1u << 31) / std::max(range, 1e-30));
    auto cell_of = [&](float x, float y) {
        return std::pair<uint64_t, uint64_t>{uint64_t((double(x) - minx) * inv),
                                             uint64_t((double(y) - miny) * inv)};
    };
    const auto [gx_max, gy_max] = cell_of(maxx, maxy);
    const double cells = (double(gx_max) + 1) * (double(gy_max) + 1);
    constexpr uint32_t kNone = ~uint32_t(0);
    // Pass two finds the last point of each cell, pass three keeps those points, in draw order.
    if (cells <= 2.0 * double(n) + 64) {
        const uint64_t gx = gx_max + 1;
        std::vector<uint32_t> last(size_t(cells), kNone);
        uint32_t i = 0;
        each([&](float x, float y, uint32_t) {
            if (std::isfinite(x) && std::isfinite(y)) {
                const auto [cx, cy] = cell_of(x, y);
                last[size_t(cy * gx + cx)] = i;
            }
            ++i;
        });
        i = 0;
        each([&](float x, float y, uint32_t f) {
            if (std::isfinite(x) && std::isfinite(y)) {
                const auto [cx, cy] = cell_of(x, y);
                if (last[size_t(cy * gx + cx)] == i)
                    out.xy.push_back(x), out.xy.push_back(y), out.feature.push_back(f);
            }
            ++i;
        });
        return out;
    }
    // Open addressing, cell -> last point; the table starts small and doubles at half full, so its size
    // follows the cells in use, not the points.
    size_t cap = 1 << 12, used = 0;
    std::vector<uint64_t> keys(cap, ~uint64_t(0));
    std::vector<uint32_t> last(cap);
    auto slot_of = [&](uint64_t key) {
        size_t slot = size_t((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
        while (keys[slot] != ~uint64_t(0) && keys[slot] != key)
            slot = (slot + 1) & (cap - 1);
        return slot;
    };
    auto key_of = [&](float x, float y) {
        const auto [cx, cy] = cell_of(x, y);
        return (cx << 32) ^ cy;
    };
    uint32_t i = 0;
    each([&](float x, float y, uint32_t) {
        if (std::isfinite(x) && std::isfinite(y)) {
            const uint64_t key = key_of(x, y);
            size_t slot = slot_of(key);
            if (keys[slot] == ~uint64_t(0)) {
                if (2 * (used + 1) > cap) {
                    std::vector<uint64_t> old_keys =
                        std::exchange(keys, std::vector<uint64_t>(cap * 2, ~uint64_t(0)));
                    std::vector<uint32_t> old_last = std::exchange(last, std::vector<uint32_t>(cap * 2));
                    cap *= 2;
                    for (size_t s = 0; s < old_keys.size(); ++s)
                        if (old_keys[s] != ~uint64_t(0)) {
                            const size_t t = slot_of(old_keys[s]);
                            keys[t] = old_keys[s], last[t] = old_last[s];
                        }
                    slot = slot_of(key);
                }
                keys[slot] = key;
                ++used;
            }
            last[slot] = i;
        }
        ++i;
    });
    out.xy.reserve(2 * used), out.feature.reserve(used);
    i = 0;
    each([&](float x, float y, uint32_t f) {
        if (std::isfinite(x) && std::isfinite(y) && last[slot_of(key_of(x, y))] == i)
            out.xy.push_back(x), out.xy.push_back(y), out.feature.push_back(f);
        ++i;
    });
    return out;
}

PointCloud thin_points(std::span<const float> xy, std::span<const uint32_t> feature, float cell) {
    return thin_points(
        feature.size(),
        [&](const PointSink& sink) {
            for (size_t i = 0; i < feature.size(); ++i)
                sink(xy[2 * i], xy[2 * i + 1], feature[i]);
        },
        cell);
}

float point_level_cell(float extent, int level) {
    return extent / float(1 << (16 - level));
}

int pick_point_level(float extent, double units_per_px) {
    int pick = -1;
    for (int k = 0; k < kPointLevels; ++k)
        if (double(point_level_cell(extent, k)) * std::sqrt(2.0) <= units_per_px) pick = k;
    return pick;
}

int pick_fill_level(float extent, double units_per_px) {
    int pick = -1;
    for (int k = 0; k < kPointLevels; ++k)
        if (double(point_level_cell(extent, k)) <= units_per_px) pick = k;
    return pick;
}

int pick_line_level(std::span<const float> tolerances, double units_per_px) {
    int pick = -1;
    for (size_t k = 0; k < tolerances.size(); ++k)
        if (tolerances[k] <= 0.5 * units_per_px) pick = int(k);
    return pick;
}

} // namespace entente::render
