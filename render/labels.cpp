#include "labels.hpp"

#include <algorithm>
#include <cmath>

namespace entente::render {

std::vector<TextItem> place_labels(std::vector<const LabelCandidate*> cands, const View& view,
                                   const GlyphAtlas& atlas, float padding,
                                   const std::vector<geo::Bbox>& obstacles) {
    // Only candidates whose anchor is in view (on any world copy) compete; sorting the rest would be wasted.
    const geo::Bbox mb = view.map_bounds();
    const double margin = 200 * view.units_per_px * view.pixel_ratio;
    auto in_view = [&](const LabelCandidate* c) {
        if (c->map_pos.y < mb.miny - margin || c->map_pos.y > mb.maxy + margin) return false;
        if (view.world_width > 0) return true;
        return c->map_pos.x >= mb.minx - margin && c->map_pos.x <= mb.maxx + margin;
    };
    cands.erase(
        std::remove_if(cands.begin(), cands.end(), [&](const LabelCandidate* c) { return !in_view(c); }),
        cands.end());
    std::stable_sort(cands.begin(), cands.end(), [](const LabelCandidate* a, const LabelCandidate* b) {
        return a->priority > b->priority;
    });
    struct Box {
        float x0, y0, x1, y1;
    };
    std::vector<Box> placed;
    std::vector<TextItem> out;
    for (const auto& o : obstacles)
        placed.push_back({float(o.minx), float(o.miny), float(o.maxx), float(o.maxy)});
    // Coarse grid of placed boxes so placement stays linear in the number of labels.
    const float cell = 64;
    const int gw = int(view.width / cell) + 1, gh = int(view.height / cell) + 1;
    std::vector<std::vector<int>> grid(size_t(gw) * gh);
    for (int id = 0; id < int(placed.size()); ++id) {
        const Box& b = placed[size_t(id)];
        for (int gy = std::max(0, int(b.y0 / cell)); gy <= std::min(gh - 1, int(b.y1 / cell)); ++gy)
            for (int gx = std::max(0, int(b.x0 / cell)); gx <= std::min(gw - 1, int(b.x1 / cell)); ++gx)
                if (gx >= 0 && gy >= 0) grid[size_t(gy) * gw + gx].push_back(id);
    }
    std::vector<double> offsets{0.0};
    if (view.world_width > 0) {
        const geo::Bbox b = view.map_bounds();
        offsets.clear();
        const double w = view.world_width;
        for (int k = int(std::floor((b.minx + w / 2) / w)); k <= int(std::floor((b.maxx + w / 2) / w)); ++k)
            if (std::abs(k) <= 8) offsets.push_back(k * w);
    }
    for (const LabelCandidate* c : cands) {
        if (c->text.empty()) continue;
        const float size = c->size_px * view.pixel_ratio;
        const Font& f = atlas.nearest(size);
        const float scale = size / std::max(1.0f, f.size_px);
        const float w = f.text_width(c->text) * scale, h = (f.ascent - f.descent) * scale;
        const float pad = padding * view.pixel_ratio;
        for (double off : offsets) {
            const geo::XY s = view.to_screen({c->map_pos.x + off, c->map_pos.y});
            if (!std::isfinite(s.x) || !std::isfinite(s.y)) continue;
            const float cx = float(s.x), cy = float(s.y) - c->offset_y_px * view.pixel_ratio;
            Box b{cx - w / 2 - pad, cy - h / 2 - pad, cx + w / 2 + pad, cy + h / 2 + pad};
            if (b.x0 < 0 || b.y0 < 0 || b.x1 > view.width || b.y1 > view.height) continue;
            const int gx0 = std::max(0, int(b.x0 / cell)), gx1 = std::min(gw - 1, int(b.x1 / cell));
            const int gy0 = std::max(0, int(b.y0 / cell)), gy1 = std::min(gh - 1, int(b.y1 / cell));
            bool hit = false;
            for (int gy = gy0; gy <= gy1 && !hit; ++gy)
                for (int gx = gx0; gx <= gx1 && !hit; ++gx)
                    for (int idx : grid[size_t(gy) * gw + gx]) {
                        const Box& o = placed[idx];
                        if (!(b.x1 < o.x0 || b.x0 > o.x1 || b.y1 < o.y0 || b.y0 > o.y1)) {
                            hit = true;
                            break;
                        }
                    }
            if (hit) continue;
            const int id = int(placed.size());
            placed.push_back(b);
            for (int gy = gy0; gy <= gy1; ++gy)
                for (int gx = gx0; gx <= gx1; ++gx)
                    grid[size_t(gy) * gw + gx].push_back(id);
            out.push_back(TextItem{c->text, {cx, cy}, size, c->colour, c->halo, 0.5f, 0.5f});
        }
    }
    return out;
}

} // namespace entente::render
