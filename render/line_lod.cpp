#include "line_lod.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace entente::render {

LineStrips simplify_strips(const LineStrips& in, float tolerance) {
    LineStrips out;
    const size_t n = in.feature.size();
    out.xy.reserve(in.xy.size() / 2);
    out.feature.reserve(n / 2);
    const float tol2 = tolerance * tolerance;
    size_t i = 0;
    while (i < n) {
        // One strip: [i, end), ended by a NaN separator or the end of the data.
        size_t end = i;
        while (end < n && !std::isnan(in.xy[2 * end]))
            ++end;
        if (end > i) {
            out.begin_strip();
            float kx = in.xy[2 * i], ky = in.xy[2 * i + 1];
            out.add(kx, ky, in.feature[i]);
            for (size_t j = i + 1; j + 1 < end; ++j) {
                const float x = in.xy[2 * j], y = in.xy[2 * j + 1];
                const float dx = x - kx, dy = y - ky;
                if (dx * dx + dy * dy < tol2) continue;
                out.add(x, y, in.feature[j]);
                kx = x, ky = y;
            }
            if (end - i > 1) out.add(in.xy[2 * (end - 1)], in.xy[2 * (end - 1) + 1], in.feature[end - 1]);
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
LineLevel levels(const LineStrips& full, LineStrips* owned, const std::function<void(const LineLevel&)>& take,
                 float up_to) {
    LineLevel last;
    bool any = false;
    for (const float tol : line_level_tolerances(full)) {
        if (tol > up_to) break;
        const LineStrips& from = any ? last.strips : full;
        LineLevel next{tol, simplify_strips(from, tol)};
        if (next.strips.feature.size() * 6 > from.feature.size() * 5) continue; // not worth its memory
        take(next);
        last = std::move(next);
        if (!any && owned) *owned = {}; // every later level is built from this one
        any = true;
    }
    return last;
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
        if (double(point_level_cell(extent, k)) * std::sqrt(2.0) <= 0.5 * units_per_px) pick = k;
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
        if (2.0 * tolerances[k] <= 0.5 * units_per_px) pick = int(k);
    return pick;
}

} // namespace entente::render
