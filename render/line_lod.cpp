#include "line_lod.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>
#include <utility>

namespace entente::render {

namespace {
// Douglas-Peucker works on pieces of at most this many vertices (a piece's ends stay in every level), which
// bounds its worst case (each split next to an end) to O(n * kPiece) for any input.
constexpr size_t kPiece = 1024;

// Calls f(begin, end) for each strip of `s` that starts in [from, to): vertex indices [begin, end), ended by
// a NaN separator or the end of the data.
template <class F> void each_strip(const LineStrips& s, F&& f, size_t from = 0, size_t to = SIZE_MAX) {
    const size_t n = s.feature.size();
    for (size_t i = from; i < std::min(n, to);) {
        size_t end = i;
        while (end < n && !std::isnan(s.xy[2 * end]))
            ++end;
        if (end > i) f(i, end);
        i = end + 1; // past the separator
    }
}

} // namespace

void strip_significance(const float* xy, size_t begin, size_t end, float* sig, float stop2) {
    struct Span {
        size_t i, j;
        float cap;
    };
    thread_local std::vector<Span> stack;
    if (end <= begin) return;
    sig[begin] = sig[end - 1] = INFINITY;
    for (size_t a = begin; a + 1 < end; a += kPiece) {
        const size_t b = std::min(a + kPiece, end - 1);
        sig[b] = INFINITY;
        stack.assign(1, {a, b, INFINITY});
        while (!stack.empty()) {
            const Span sp = stack.back();
            stack.pop_back();
            if (sp.j <= sp.i + 1) continue;
            // In double: a chord's float rounding (1e-7 of its length) can exceed a fine tolerance, and the
            // result must stay within it.
            const double ax = xy[2 * sp.i], ay = xy[2 * sp.i + 1];
            const double dx = xy[2 * sp.j] - ax, dy = xy[2 * sp.j + 1] - ay;
            const double len2 = dx * dx + dy * dy;
            double worst = -1;
            size_t at = sp.i + 1;
            for (size_t k = sp.i + 1; k < sp.j; ++k) {
                const double px = xy[2 * k] - ax, py = xy[2 * k + 1] - ay;
                const double t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
                const double ex = px - t * dx, ey = py - t * dy;
                const double d2 = ex * ex + ey * ey;
                if (d2 > worst) worst = d2, at = k;
            }
            if (worst <= double(stop2)) { // within the tolerance asked for: its inner vertices all go
                std::fill(sig + sp.i + 1, sig + sp.j, 0.f);
                continue;
            }
            const float value = std::min(float(worst), sp.cap);
            sig[at] = value;
            stack.push_back({sp.i, at, value}), stack.push_back({at, sp.j, value});
        }
    }
}

namespace {
// Douglas-Peucker run to the end, recording for each vertex the largest squared tolerance under which it
// stays: its squared distance from its span's chord when it was the span's farthest vertex, capped by the
// values of the splits that made that span. Which vertex is a span's farthest does not depend on the
// tolerance, so Douglas-Peucker at tolerance t keeps exactly the vertices whose value exceeds t^2: every
// level is a filter of this one pass. Distances are to the chord as a segment, so a closed ring (its ends in
// one place) splits at its vertex farthest from its start. Strip and piece ends: infinity; separators: NaN.
std::vector<float> significance(const LineStrips& in) {
    std::vector<float> sig(in.feature.size(), NAN);
    const float* xy = in.xy.data();
    // Strips are independent: a large set is cut at separators into one run of strips per core.
    const auto run = [&](size_t from, size_t to) {
        each_strip(
            in, [&](size_t begin, size_t end) { strip_significance(xy, begin, end, sig.data()); }, from, to);
    };
    const size_t n = in.feature.size();
    const size_t parts =
        n < (size_t(1) << 18) ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    // Part p starts after the first separator at or past p * n / parts (part 0 at 0), so no strip is split.
    std::vector<size_t> starts{0};
    for (size_t p = 1; p < parts; ++p) {
        size_t i = std::max(starts.back(), p * n / parts);
        while (i < n && !std::isnan(in.xy[2 * i]))
            ++i;
        starts.push_back(std::min(i + 1, n));
    }
    starts.push_back(n);
    std::vector<std::thread> pool;
    for (size_t p = 1; p < parts; ++p)
        pool.emplace_back(run, starts[p], starts[p + 1]);
    run(starts[0], starts[1]);
    for (auto& t : pool)
        t.join();
    return sig;
}

// The strips with only the vertices whose significance exceeds tol2.
LineStrips keep_significant(const LineStrips& in, const std::vector<float>& sig, float tol2, size_t reserve) {
    LineStrips out;
    out.xy.reserve(2 * reserve);
    out.feature.reserve(reserve);
    each_strip(in, [&](size_t begin, size_t end) {
        out.begin_strip();
        for (size_t k = begin; k < end; ++k)
            if (sig[k] > tol2) out.add(in.xy[2 * k], in.xy[2 * k + 1], in.feature[k]);
    });
    return out;
}

// Levels from one Douglas-Peucker pass: how many entries each tolerance keeps is counted first, so only the
// levels kept are made, and with `take` null or empty only the last (what a view draws).
// `drawn`, when asked: the tolerance of the level drawn at each of line_level_tolerances (0: the full
// strips).
LineLevel levels(const LineStrips& full, const std::function<void(const LineLevel&)>* take, float up_to,
                 std::vector<float>* drawn = nullptr) {
    std::vector<float> tolerances = line_level_tolerances(full);
    if (drawn)
        drawn->assign(tolerances.size(), 0.f);
    else
        while (!tolerances.empty() && tolerances.back() > up_to)
            tolerances.pop_back();
    if (tolerances.empty()) return {};
    const std::vector<float> sig = significance(full);
    // entries[k]: what level k would hold, separators included; a vertex stays in the levels whose squared
    // tolerance is under its value (tolerances ascend).
    std::vector<size_t> stays_in(tolerances.size() + 1, 0);
    size_t strips = 0;
    each_strip(full, [&](size_t begin, size_t end) {
        ++strips;
        for (size_t i = begin; i < end; ++i) {
            size_t k = 0;
            while (k < tolerances.size() && tolerances[k] * tolerances[k] < sig[i])
                ++k;
            ++stays_in[k]; // in levels 0..k-1
        }
    });
    std::vector<size_t> entries(tolerances.size());
    size_t above = 0;
    for (size_t k = tolerances.size(); k-- > 0;)
        above += stays_in[k + 1], entries[k] = above + (strips ? strips - 1 : 0);
    std::vector<size_t> kept;
    size_t last_count = full.feature.size();
    for (size_t k = 0; k < tolerances.size(); ++k) {
        if (drawn && !kept.empty()) (*drawn)[k] = tolerances[kept.back()];
        if (entries[k] * 6 > last_count * 5) continue; // not worth its memory
        last_count = entries[k];
        kept.push_back(k);
        if (drawn) (*drawn)[k] = tolerances[k];
    }
    while (!kept.empty() && tolerances[kept.back()] > up_to)
        kept.pop_back();
    const bool every = take && *take;
    LineLevel last;
    for (size_t k : kept) {
        if (!every && k != kept.back()) continue;
        last = {tolerances[k], keep_significant(full, sig, tolerances[k] * tolerances[k], entries[k])};
        if (every) (*take)(last);
    }
    return last;
}
} // namespace

LineStrips simplify_strips(const LineStrips& in, float tolerance) {
    return keep_significant(in, significance(in), tolerance * tolerance, in.feature.size() / 2);
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

LineLevel each_line_level(const LineStrips& full, const std::function<void(const LineLevel&)>& take,
                          float up_to) {
    return levels(full, &take, up_to);
}

LineLevel each_line_level(LineStrips&& full, const std::function<void(const LineLevel&)>& take, float up_to) {
    const LineStrips mine = std::move(full); // gone when the level is made
    return levels(mine, &take, up_to);
}

LineStrips line_level_for(LineStrips&& full, float up_to) {
    LineStrips mine = std::move(full);
    LineLevel last = levels(mine, nullptr, up_to);
    return last.tolerance > 0 ? std::move(last.strips) : std::move(mine);
}

LineLevel line_level_drawn(LineStrips&& full, float up_to, std::vector<float>& drawn) {
    const LineStrips mine = std::move(full);
    return levels(mine, nullptr, up_to, &drawn);
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
