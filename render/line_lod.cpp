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

std::vector<LineLevel> line_levels(const LineStrips& full) {
    std::vector<LineLevel> levels;
    float minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i + 1 < full.xy.size(); i += 2) {
        const float x = full.xy[i], y = full.xy[i + 1];
        if (std::isnan(x)) continue;
        minx = std::min(minx, x), maxx = std::max(maxx, x);
        miny = std::min(miny, y), maxy = std::max(maxy, y);
    }
    const float extent = std::max(maxx - minx, maxy - miny);
    if (!(extent > 0) || !std::isfinite(extent)) return levels;
    for (float tol = extent / 262144.f; tol <= extent / 64.f; tol *= 2) {
        const LineStrips& from = levels.empty() ? full : levels.back().strips;
        LineStrips c = simplify_strips(from, tol);
        if (c.feature.size() * 6 > from.feature.size() * 5) continue; // not worth its memory
        levels.push_back({tol, std::move(c)});
    }
    return levels;
}

int pick_line_level(std::span<const float> tolerances, double units_per_px) {
    int pick = -1;
    for (size_t k = 0; k < tolerances.size(); ++k)
        if (2.0 * tolerances[k] <= 0.5 * units_per_px) pick = int(k);
    return pick;
}

} // namespace entente::render
