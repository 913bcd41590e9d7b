// Label placement engine.
//
// Index
//   1. Report and classes
//   2. Collision grid
//   3. Candidate positions per kind (point, line, area)
//   4. Greedy placement
#include "labels.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace entente::render {

// ---- 1. Report and classes ----------------------------------------------------------------------------

const char* to_string(LabelClass c) {
    switch (c) {
    case LabelClass::Frame:
        return "frame";
    case LabelClass::Panel:
        return "panel";
    case LabelClass::Legend:
        return "legend";
    case LabelClass::Symbol:
        return "symbol";
    case LabelClass::Marker:
        return "marker";
    case LabelClass::Mission:
        return "mission";
    case LabelClass::Unit:
        return "unit";
    case LabelClass::Operation:
        return "operation";
    case LabelClass::Place:
        return "place";
    case LabelClass::Town:
        return "town";
    case LabelClass::Graticule:
        return "graticule";
    case LabelClass::User:
        return "user";
    }
    return "?";
}

std::vector<std::pair<LabelReport::Entry, LabelReport::Entry>> LabelReport::overlaps() const {
    std::vector<std::pair<Entry, Entry>> out;
    for (size_t i = 0; i < placed.size(); ++i) {
        for (size_t j = i + 1; j < placed.size(); ++j)
            if (placed[i].box.overlaps(placed[j].box)) out.push_back({placed[i], placed[j]});
        for (const auto& f : frame)
            if (placed[i].box.overlaps(f.box)) out.push_back({placed[i], f});
    }
    return out;
}

// ---- 2. Collision grid --------------------------------------------------------------------------------

LabelPlacer::LabelPlacer(const View& view, const GlyphAtlas& atlas, float padding_px)
    : view_(view), atlas_(atlas), pad_(padding_px * view.pixel_ratio) {
    // A coarse grid of claimed boxes keeps placement linear in the number of labels.
    cell_ = 64 * std::max(1.0f, view.pixel_ratio);
    gw_ = int(view.width / cell_) + 1, gh_ = int(view.height / cell_) + 1;
    grid_.resize(size_t(gw_) * size_t(gh_));
}

std::array<int, 4> LabelPlacer::cells(const ScreenBox& b) const {
    return {std::clamp(int(b.x0 / cell_), 0, gw_ - 1), std::clamp(int(b.y0 / cell_), 0, gh_ - 1),
            std::clamp(int(b.x1 / cell_), 0, gw_ - 1), std::clamp(int(b.y1 / cell_), 0, gh_ - 1)};
}

void LabelPlacer::commit(const ScreenBox& b) {
    const int id = int(boxes_.size());
    boxes_.push_back(b);
    const auto [gx0, gy0, gx1, gy1] = cells(b);
    // Boxes beyond the view land in the edge cells (clamped), so off-screen boxes still meet each other.
    for (int gy = gy0; gy <= gy1; ++gy)
        for (int gx = gx0; gx <= gx1; ++gx)
            grid_[size_t(gy) * size_t(gw_) + size_t(gx)].push_back(id);
}

bool LabelPlacer::try_box(const ScreenBox& box, bool inside_view) const {
    if (!std::isfinite(box.x0) || !std::isfinite(box.y0)) return false;
    if (inside_view && (box.x0 < 0 || box.y0 < 0 || box.x1 > view_.width || box.y1 > view_.height))
        return false;
    const ScreenBox b{box.x0 - pad_, box.y0 - pad_, box.x1 + pad_, box.y1 + pad_};
    const auto [gx0, gy0, gx1, gy1] = cells(b);
    for (int gy = gy0; gy <= gy1; ++gy)
        for (int gx = gx0; gx <= gx1; ++gx)
            for (int idx : grid_[size_t(gy) * size_t(gw_) + size_t(gx)])
                if (b.overlaps(boxes_[size_t(idx)])) return false;
    return true;
}

bool LabelPlacer::is_free(const ScreenBox& b, bool inside_view) const {
    return try_box(b, inside_view);
}

void LabelPlacer::add_obstacle(const ScreenBox& b, LabelClass what, const std::string& name) {
    commit(b);
    auto& list = what == LabelClass::Frame || what == LabelClass::Legend ? report_.frame : report_.obstacles;
    list.push_back({name, what, b});
}

void LabelPlacer::claim(const ScreenBox& b, LabelClass what, const std::string& name) {
    commit(b);
    report_.placed.push_back({name, what, b});
}

void LabelPlacer::report_unplaced(const ScreenBox& b, LabelClass what, const std::string& name) {
    commit(b);
    report_.dropped.push_back({name, what, b});
}

ScreenBox LabelPlacer::text_box(const TextItem& t) const {
    const Font& f = atlas_.nearest(t.size_px);
    const double scale = t.size_px / std::max(1.0f, f.size_px);
    const double w = f.text_width(t.text) * scale, h = (f.ascent - f.descent) * scale;
    const double x = t.pos.x - w * t.anchor_x, y = t.pos.y - h * t.anchor_y;
    return {x, y, x + w, y + h};
}

bool LabelPlacer::place_fixed(const TextItem& t, LabelClass what, bool force) {
    const ScreenBox b = text_box(t);
    if (!force && !try_box(b)) {
        report_.dropped.push_back({t.text, what, b});
        return false;
    }
    commit(b);
    text_.push_back(t);
    report_.placed.push_back({t.text, what, b});
    return true;
}

// ---- 3. Candidate positions per kind ------------------------------------------------------------------

namespace {

bool inside(const std::vector<geo::XY>& ring, geo::XY p) {
    bool in = false;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const geo::XY a = ring[i], b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

ScreenBox centred(geo::XY c, double w, double h) {
    return {c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2};
}

// Boxes around a point marker of radius r, in the order cartographers prefer: right, then above and below
// right, left, above-left, below-left, straight above and below.
std::vector<ScreenBox> around(geo::XY s, double r, double w, double h) {
    const double d = r * 0.75;
    return {
        {s.x + r, s.y - h / 2, s.x + r + w, s.y + h / 2}, {s.x + d, s.y - d - h, s.x + d + w, s.y - d},
        {s.x + d, s.y + d, s.x + d + w, s.y + d + h},     {s.x - r - w, s.y - h / 2, s.x - r, s.y + h / 2},
        {s.x - d - w, s.y - d - h, s.x - d, s.y - d},     {s.x - d - w, s.y + d, s.x - d, s.y + d + h},
        {s.x - w / 2, s.y - r - h, s.x + w / 2, s.y - r}, {s.x - w / 2, s.y + r, s.x + w / 2, s.y + r + h}};
}

// The point of a box nearest to p (where a leader line ends).
geo::XY nearest_on(const ScreenBox& b, geo::XY p) {
    return {std::clamp(p.x, b.x0, b.x1), std::clamp(p.y, b.y0, b.y1)};
}

} // namespace

bool LabelPlacer::place_at(const LabelCandidate& c, const ScreenBox& b, geo::XY anchor, float size,
                           std::vector<geo::XY> leader) {
    commit(b);
    text_.push_back(
        TextItem{c.text, {(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2}, size, c.colour, c.halo, 0.5f, 0.5f});
    report_.placed.push_back({c.text, c.what, b, anchor});
    if (!leader.empty()) leaders_.push_back(std::move(leader));
    return true;
}

bool LabelPlacer::crosses_frame(geo::XY a, geo::XY b) const {
    for (const auto& f : report_.frame)
        for (int k = 0; k <= 16; ++k) {
            const double t = k / 16.0, x = a.x + (b.x - a.x) * t, y = a.y + (b.y - a.y) * t;
            if (x > f.box.x0 && x < f.box.x1 && y > f.box.y0 && y < f.box.y1) return true;
        }
    return false;
}

bool LabelPlacer::place_around(const LabelCandidate& c, geo::XY s, double r, double w, double h, float size) {
    if (!std::isfinite(s.x) || !std::isfinite(s.y)) return false;
    const float pr = view_.pixel_ratio;
    auto accept = [&](const ScreenBox& b, std::vector<geo::XY> leader = {}) {
        return place_at(c, b, s, size, std::move(leader));
    };
    std::vector<ScreenBox> near = around(s, r, w, h);
    if (c.prefer.x != 0 || c.prefer.y != 0)
        std::stable_sort(near.begin(), near.end(), [&](const ScreenBox& a, const ScreenBox& b) {
            auto along = [&](const ScreenBox& q) {
                return ((q.x0 + q.x1) / 2 - s.x) * c.prefer.x + ((q.y0 + q.y1) / 2 - s.y) * c.prefer.y;
            };
            return along(a) > along(b);
        });
    for (const ScreenBox& b : near)
        if (try_box(b)) return accept(b);
    if (!c.leader) return false;
    // Farther out, with a leader line back to the anchor: rings, nearest first. The mission's own names may
    // go farther than others; no leader crosses a legend or the frame.
    const int rings = c.what == LabelClass::Mission ? 7 : 3;
    for (int ring = 1; ring <= rings; ++ring) {
        const double rr = r + ring * (h + 6 * pr);
        for (const ScreenBox& b : around(s, rr, w, h)) {
            if (!try_box(b)) continue;
            const geo::XY end = nearest_on(b, s);
            const double len = std::hypot(end.x - s.x, end.y - s.y);
            const geo::XY start =
                len > r ? geo::XY{s.x + (end.x - s.x) * r / len, s.y + (end.y - s.y) * r / len} : s;
            if (crosses_frame(start, end)) continue;
            return accept(b, {start, end});
        }
    }
    return false;
}

bool LabelPlacer::place_one(const LabelCandidate& c, double world_offset) {
    const float pr = view_.pixel_ratio;
    const float size = c.size_px * pr;
    const Font& f = atlas_.nearest(size);
    const double scale = size / std::max(1.0f, f.size_px);
    const double w = f.text_width(c.text) * scale, h = (f.ascent - f.descent) * scale;
    auto to_screen = [&](geo::XY m) { return view_.to_screen({m.x + world_offset, m.y}); };
    const geo::XY s = to_screen(c.map_pos);
    auto accept = [&](const ScreenBox& b, std::vector<geo::XY> leader = {}) {
        return place_at(c, b, s, size, std::move(leader));
    };
    switch (c.kind) {
    case LabelKind::Point:
        return place_around(c, s, c.clearance_px * pr + pad_ + pr, w, h, size);
    case LabelKind::Line: {
        std::vector<geo::XY> pts;
        for (const auto& p : c.line) {
            const geo::XY q = to_screen(p);
            if (std::isfinite(q.x) && std::isfinite(q.y)) pts.push_back(q);
        }
        if (pts.size() < 2) return false;
        std::vector<double> at{0};
        for (size_t i = 1; i < pts.size(); ++i)
            at.push_back(at.back() + std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y));
        const double len = at.back();
        if (len < w * 0.5) return false;
        auto point_at = [&](double t, geo::XY& dir) {
            const size_t i = size_t(std::upper_bound(at.begin(), at.end(), t) - at.begin());
            const size_t k = std::clamp<size_t>(i, 1, pts.size() - 1);
            const double seg = std::max(1e-9, at[k] - at[k - 1]);
            const double u = std::clamp((t - at[k - 1]) / seg, 0.0, 1.0);
            dir = {(pts[k].x - pts[k - 1].x) / seg, (pts[k].y - pts[k - 1].y) / seg};
            return geo::XY{pts[k - 1].x + (pts[k].x - pts[k - 1].x) * u,
                           pts[k - 1].y + (pts[k].y - pts[k - 1].y) * u};
        };
        // Positions from the middle outwards; text stays horizontal, beside the line on its flatter side.
        const double step = std::max(w * 0.6, 30.0 * pr);
        const double repeat = c.repeat_px > 0 ? c.repeat_px * pr : 0;
        std::vector<double> placed_at;
        for (int k = 0; k <= int(len / step) + 1; ++k) {
            const double t = len / 2 + (k % 2 ? 1 : -1) * ((k + 1) / 2) * step;
            if (t < 0 || t > len) continue;
            bool near_other = false;
            for (double p : placed_at)
                near_other |= std::abs(p - t) < (repeat > 0 ? repeat : 1e300);
            if (near_other) continue;
            geo::XY dir;
            const geo::XY p = point_at(t, dir);
            const double g = 3 * pr;
            std::vector<ScreenBox> boxes;
            if (std::abs(dir.x) >= std::abs(dir.y)) // flat: above, else below the line
                boxes = {{p.x - w / 2, p.y - g - h - std::abs(dir.y) * w / 2, p.x + w / 2,
                          p.y - g - std::abs(dir.y) * w / 2},
                         {p.x - w / 2, p.y + g + std::abs(dir.y) * w / 2, p.x + w / 2,
                          p.y + g + h + std::abs(dir.y) * w / 2}};
            else // steep: right, else left of the line
                boxes = {{p.x + g + std::abs(dir.x) * h, p.y - h / 2, p.x + g + w + std::abs(dir.x) * h,
                          p.y + h / 2},
                         {p.x - g - w - std::abs(dir.x) * h, p.y - h / 2, p.x - g - std::abs(dir.x) * h,
                          p.y + h / 2}};
            for (const ScreenBox& b : boxes)
                if (try_box(b)) {
                    accept(b);
                    placed_at.push_back(t);
                    break;
                }
            if (!placed_at.empty() && repeat <= 0) break;
        }
        return !placed_at.empty();
    }
    case LabelKind::Area: {
        if (!std::isfinite(s.x) || !std::isfinite(s.y)) return false;
        const geo::XY first{s.x, s.y - c.offset_y_px * pr};
        if (try_box(centred(first, w, h))) return accept(centred(first, w, h));
        std::vector<geo::XY> ring;
        for (const auto& p : c.area)
            ring.push_back(to_screen(p));
        std::vector<geo::XY> tries;
        if (ring.size() >= 3) {
            // Inside the area's own shape: a grid over it, nearest the preferred spot first.
            double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
            for (auto& p : ring)
                x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x),
                y1 = std::max(y1, p.y);
            x0 = std::max(x0, 0.0), y0 = std::max(y0, 0.0);
            x1 = std::min(x1, double(view_.width)), y1 = std::min(y1, double(view_.height));
            const double sx = std::max({w / 3, h, (x1 - x0) / 24}), sy = std::max(h, (y1 - y0) / 24);
            for (double y = y0 + h / 2; y <= y1 - h / 2; y += sy)
                for (double x = x0 + w / 2; x <= x1 - w / 2; x += sx)
                    if (inside(ring, {x, y}) && inside(ring, {x - w / 2, y}) && inside(ring, {x + w / 2, y}))
                        tries.push_back({x, y});
        } else {
            // Close around the spot: a country name may shift a little, never far from its country.
            for (int k = 1; k <= 2; ++k)
                for (auto [dx, dy] : {std::pair{0.0, -1.0}, {0.0, 1.0}, {-0.5, 0.0}, {0.5, 0.0}})
                    tries.push_back({first.x + dx * w * k * 0.5, first.y + dy * h * k});
        }
        std::stable_sort(tries.begin(), tries.end(), [&](geo::XY a, geo::XY b) {
            return std::hypot(a.x - first.x, a.y - first.y) < std::hypot(b.x - first.x, b.y - first.y);
        });
        for (const geo::XY& t : tries)
            if (try_box(centred(t, w, h))) return accept(centred(t, w, h));
        // An area covered by symbols still gets its name, beside it with a leader line.
        return c.leader && !c.area.empty() && place_around(c, s, pad_, w, h, size);
    }
    }
    return false;
}

// ---- 4. Greedy placement ------------------------------------------------------------------------------

void LabelPlacer::place(std::vector<const LabelCandidate*> cands) {
    // Only candidates whose anchor is in view (on any world copy) compete; sorting the rest would be wasted.
    const geo::Bbox mb = view_.map_bounds();
    const double margin = 200 * view_.units_per_px * view_.pixel_ratio;
    auto in_view = [&](const LabelCandidate* c) {
        if (c->text.empty()) return false;
        if (c->kind == LabelKind::Line) return !c->line.empty();
        if (c->map_pos.y < mb.miny - margin || c->map_pos.y > mb.maxy + margin) return false;
        if (view_.world_width > 0) return true;
        return c->map_pos.x >= mb.minx - margin && c->map_pos.x <= mb.maxx + margin;
    };
    cands.erase(
        std::remove_if(cands.begin(), cands.end(), [&](const LabelCandidate* c) { return !in_view(c); }),
        cands.end());
    std::stable_sort(cands.begin(), cands.end(), [](const LabelCandidate* a, const LabelCandidate* b) {
        return a->priority > b->priority;
    });
    std::vector<double> offsets{0.0};
    if (view_.world_width > 0) {
        offsets.clear();
        const double ww = view_.world_width;
        for (int k = int(std::floor((mb.minx + ww / 2) / ww)); k <= int(std::floor((mb.maxx + ww / 2) / ww));
             ++k)
            if (std::abs(k) <= 8) offsets.push_back(k * ww);
    }
    for (const LabelCandidate* c : cands) {
        bool any = false;
        for (double off : offsets) {
            // Skip world copies whose anchor is far off screen.
            if (c->kind != LabelKind::Line) {
                const geo::XY s = view_.to_screen({c->map_pos.x + off, c->map_pos.y});
                if (s.x < -view_.width * 0.5 || s.x > view_.width * 1.5) continue;
            }
            any |= place_one(*c, off);
        }
        const geo::XY s = view_.to_screen(
            c->kind == LabelKind::Line && !c->line.empty() ? c->line[c->line.size() / 2] : c->map_pos);
        if (!any && s.x >= 0 && s.y >= 0 && s.x <= view_.width && s.y <= view_.height)
            report_.dropped.push_back({c->text, c->what, {s.x, s.y, s.x, s.y}});
    }
}

std::vector<TextItem> place_labels(std::vector<const LabelCandidate*> candidates, const View& view,
                                   const GlyphAtlas& atlas, float padding_px,
                                   const std::vector<geo::Bbox>& obstacles) {
    LabelPlacer p(view, atlas, padding_px);
    for (const auto& o : obstacles)
        p.add_obstacle(ScreenBox::of(o), LabelClass::Frame);
    p.place(std::move(candidates));
    return p.text();
}

} // namespace entente::render
