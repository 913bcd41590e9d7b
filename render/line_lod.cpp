#include "line_lod.hpp"

#include <algorithm>
#include <cmath>

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

std::vector<LineLevel> line_levels(const LineStrips& full) {
    std::vector<LineLevel> levels;
    each_line_level(full, [&](const LineLevel& level) { levels.push_back(level); });
    return levels;
}

PointCloud thin_points(std::span<const float> xy, std::span<const uint32_t> feature, float cell) {
    const size_t n = feature.size();
    float minx = INFINITY, miny = INFINITY;
    for (size_t i = 0; i < n; ++i)
        if (!std::isnan(xy[2 * i])) minx = std::min(minx, xy[2 * i]), miny = std::min(miny, xy[2 * i + 1]);
    // The last point of each cell, by an open-addressed table of cell -> point (a million points a frame's
    // level costs tens of milliseconds, once).
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    std::vector<uint64_t> keys(cap, ~uint64_t(0));
    std::vector<uint32_t> last(cap);
    const double inv = 1.0 / double(cell);
    for (size_t i = 0; i < n; ++i) {
        const float x = xy[2 * i], y = xy[2 * i + 1];
        if (std::isnan(x) || std::isnan(y)) continue;
        const uint64_t cx = uint64_t((double(x) - minx) * inv), cy = uint64_t((double(y) - miny) * inv);
        const uint64_t key = (cx << 32) ^ cy;
        size_t slot = size_t((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
        while (keys[slot] != ~uint64_t(0) && keys[slot] != key)
            slot = (slot + 1) & (cap - 1);
        keys[slot] = key;
        last[slot] = uint32_t(i);
    }
    std::vector<bool> keep(n);
    for (size_t s = 0; s < cap; ++s)
        if (keys[s] != ~uint64_t(0)) keep[last[s]] = true;
    PointCloud out;
    for (size_t i = 0; i < n; ++i)
        if (keep[i]) {
            out.xy.push_back(xy[2 * i]), out.xy.push_back(xy[2 * i + 1]);
            out.feature.push_back(feature[i]);
        }
    return out;
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
