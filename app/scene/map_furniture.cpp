// Map furniture drawn over the layers: the graticule with its degree labels, and the legends of risk layers.
// Split from map_scene.cpp to keep each file about one thing; both are part of MapScene::draw.
#include "map_scene.hpp"

#include <cmath>
#include <cstdio>

namespace entente::app {

namespace {
constexpr render::Rgba kGraticule{0.30f, 0.42f, 0.55f, 0.35f};
} // namespace

void MapScene::draw_graticule(render::Renderer& r, const render::View& view,
                              std::vector<render::TextItem>& text) {
    // Spacing that puts graticule lines about 100-250 px apart.
    const double deg_per_px = detail_metres_per_px(view) / 111320.0;
    static const double steps[] = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30};
    double step = 30;
    for (double s : steps)
        if (s / deg_per_px >= 110 * view.pixel_ratio) {
            step = s;
            break;
        }
    Graticule& g = graticules_[step];
    const std::string key = projection_key();
    // Fine spacings are built only around the view, two spacings or more beyond it, and built again only once
    // the view comes within a spacing of what was built: a pan that keeps the same lines asks the renderer
    // for the same map, which it can then move (Renderer::draw_underlay). Coarse ones cover the whole world.
    geo::Bbox want{-180, -90, 180, 90}, need = want;
    if (step < 5) {
        geo::Bbox vis;
        const geo::Bbox mb = view.map_bounds();
        for (int i = 0; i <= 8; ++i)
            for (int j = 0; j <= 8; ++j)
                if (auto ll =
                        projection_->inverse({mb.minx + mb.width() * i / 8, mb.miny + mb.height() * j / 8}))
                    vis.add(ll->lon, ll->lat);
        if (!vis.empty() && vis.width() < 90) {
            // Out to whole blocks of 16 spacings, so panning across a block builds them again, not each
            // spacing.
            const double block = 16 * step;
            want = {std::floor((vis.minx - 2 * step) / block) * block,
                    std::max(-90.0, std::floor((vis.miny - 2 * step) / block) * block),
                    std::ceil((vis.maxx + 2 * step) / block) * block,
                    std::min(90.0, std::ceil((vis.maxy + 2 * step) / block) * block)};
            want.minx = std::max(want.minx, -180.0), want.maxx = std::min(want.maxx, 180.0);
            need = {std::max(-180.0, std::floor(vis.minx / step - 1) * step),
                    std::max(-90.0, std::floor(vis.miny / step - 1) * step),
                    std::min(180.0, std::ceil(vis.maxx / step + 1) * step),
                    std::min(90.0, std::ceil(vis.maxy / step + 1) * step)};
        }
    }
    // Built again when the view nears the edge of what was built, or what was built is far larger than the
    // view needs (a world's lines kept from a wide view).
    const bool holds = g.built.minx <= need.minx && g.built.miny <= need.miny && g.built.maxx >= need.maxx &&
                       g.built.maxy >= need.maxy && g.built.width() <= 2 * want.width() + 1e-9 &&
                       g.built.height() <= 2 * want.height() + 1e-9;
    if (g.projection != key || !holds) {
        geo::VectorLayer lines;
        auto add = [&](std::vector<geo::LonLat> pts) {
            lines.lines.coords.insert(lines.lines.coords.end(), pts.begin(), pts.end());
            lines.lines.part_start.push_back(uint32_t(lines.lines.coords.size()));
            lines.lines.part_feature.push_back(0);
        };
        lines.lines.part_start.push_back(0);
        g.meridians.clear(), g.parallels.clear();
        const double d = std::min(step / 4, 1.0);
        const geo::Bbox& dom = projection_->domain();
        const double lat_lo = std::max(want.miny, dom.miny), lat_hi = std::min(want.maxy, dom.maxy);
        for (double lon = std::ceil(want.minx / step) * step; lon <= want.maxx + 1e-9; lon += step) {
            std::vector<geo::LonLat> pts;
            // Meridians stop short of the poles, where they would all meet in a blot.
            const double lim = step >= 5 ? 80 : 90;
            for (double lat = std::max(lat_lo, -lim); lat <= std::min(lat_hi, lim) + 1e-9; lat += d)
                pts.push_back({lon, lat});
            std::vector<geo::XY> xy(pts.size());
            projection_->forward(pts, xy);
            g.meridians.emplace_back(lon, xy);
            add(std::move(pts));
        }
        for (double lat = std::ceil(lat_lo / step) * step; lat <= lat_hi + 1e-9; lat += step) {
            std::vector<geo::LonLat> pts;
            for (double lon = want.minx; lon <= want.maxx + 1e-9; lon += d)
                pts.push_back({lon, lat});
            std::vector<geo::XY> xy(pts.size());
            projection_->forward(pts, xy);
            g.parallels.emplace_back(lat, xy);
            add(std::move(pts));
        }
        ProjectedGeometry pg = project_layer(lines, *projection_);
        if (!g.gpu) g.gpu = r.create_layer();
        r.set_lines(g.gpu, pg.lines);
        g.projection = key, g.built = want;
    }
    render::LineStyle ls{kGraticule, 0.8f};
    r.draw_lines(g.gpu, ls);

    // Degree labels where lines meet the bottom (meridians) and left (parallels) edges of the view.
    auto fmt = [&](double v, bool lat) {
        char buf[32];
        const char h = lat ? (v > 0 ? 'N' : v < 0 ? 'S' : ' ') : (v > 0 ? 'E' : v < 0 ? 'W' : ' ');
        const double a = std::abs(v);
        if (step >= 1)
            std::snprintf(buf, sizeof buf, "%.0f\xC2\xB0%c", a, h);
        else
            std::snprintf(buf, sizeof buf, "%.2f\xC2\xB0%c", a, h);
        std::string s = buf;
        if (s.back() == ' ') s.pop_back();
        return s;
    };
    const float margin = 14 * view.pixel_ratio;
    std::vector<double> offsets{0};
    if (view.world_width > 0) {
        const geo::Bbox b = view.map_bounds();
        offsets.clear();
        for (int k = int(std::floor((b.minx + view.world_width / 2) / view.world_width));
             k <= int(std::floor((b.maxx + view.world_width / 2) / view.world_width)); ++k)
            if (std::abs(k) <= 8) offsets.push_back(k * view.world_width);
    }
    const render::Rgba col{0.20f, 0.30f, 0.42f, 0.9f};
    const size_t first_text = text.size();
    for (double off : offsets) {
        for (auto& [lon, xy] : g.meridians) {
            if (lon <= -180) continue; // the same meridian as +180
            // Lowest on-screen point of the meridian.
            double best_y = -1, best_x = 0;
            for (auto& p : xy) {
                if (!std::isfinite(p.x)) continue;
                const geo::XY s = view.to_screen({p.x + off, p.y});
                if (s.x < margin * 2 || s.x > view.width - margin * 2 || s.y < margin ||
                    s.y > view.height - margin)
                    continue;
                if (s.y > best_y) best_y = s.y, best_x = s.x;
            }
            if (best_y > view.height * 0.6)
                text.push_back({fmt(lon, false),
                                {best_x, best_y - 2},
                                11 * view.pixel_ratio,
                                col,
                                {1, 1, 1, 0.7f},
                                0.5f,
                                1.0f});
        }
    }
    // Each parallel is labelled once, at its leftmost point on screen over all world copies.
    for (auto& [lat, xy] : g.parallels) {
        double best_x = 1e30, best_y = 0;
        for (double off : offsets) {
            for (auto& p : xy) {
                if (!std::isfinite(p.x)) continue;
                const geo::XY s = view.to_screen({p.x + off, p.y});
                if (s.x < margin || s.x > view.width - margin || s.y < margin * 2 ||
                    s.y > view.height - margin * 2)
                    continue;
                if (s.x < best_x) best_x = s.x, best_y = s.y;
            }
        }
        {
            if (best_x < view.width * 0.4)
                text.push_back({fmt(lat, true),
                                {best_x + 3, best_y - 2},
                                11 * view.pixel_ratio,
                                col,
                                {1, 1, 1, 0.7f},
                                0.0f,
                                1.0f});
        }
    }
    // World copies and converging meridians can put labels on top of each other: keep the first of any
    // overlap.
    const render::Font& font = r.glyph_atlas().nearest(11 * view.pixel_ratio);
    std::vector<geo::Bbox> boxes;
    std::vector<render::TextItem> kept;
    for (size_t i = first_text; i < text.size(); ++i) {
        const auto& t = text[i];
        const double w = font.text_width(t.text) * t.size_px / std::max(1.f, font.size_px) + 6;
        const double h = t.size_px * 1.2;
        const double x0 = t.pos.x - w * t.anchor_x, y0 = t.pos.y - h * t.anchor_y;
        const geo::Bbox b{x0, y0, x0 + w, y0 + h};
        bool hit = false;
        for (auto& o : boxes)
            hit = hit || b.intersects(o);
        if (hit) continue;
        boxes.push_back(b);
        kept.push_back(t);
    }
    text.resize(first_text);
    text.insert(text.end(), kept.begin(), kept.end());
}

// Risk layers explain themselves on the map, bottom right: a colour bar in the raster's own values with the
// threshold marked, or the classes of a graduated vector layer; synthetic data says so in the title.
void MapScene::draw_risk_legends(render::Renderer& r, const render::View& view, const geo::Bbox& avoid) {
    const float pr = view.pixel_ratio;
    const float right = float(view.width) - 12 * pr - legend_margin_right;
    float bottom = float(view.height) - 12 * pr - legend_margin_bottom;
    for (auto& lp : layers_) {
        const MapLayer& l = *lp;
        if (!l.visible) continue;
        const bool raster_risk = l.raster && l.raster_style.risk && !l.raster->colour;
        const bool vector_risk =
            l.vector && l.style.risk && l.style.mode == ColourMode::Graduated && !l.legend.empty();
        if (!raster_risk && !vector_risk) continue;
        const bool synthetic = l.raster && l.raster->synthetic;
        const std::string title = synthetic ? "SYNTHETIC DEMONSTRATION DATA: " + l.raster->name : l.title;
        const render::Font& f = r.glyph_atlas().nearest(12 * pr);
        auto tw = [&](const std::string& t, float size) {
            return f.text_width(t) * size / std::max(1.f, f.size_px);
        };
        const float pad = 10 * pr, title_h = 16 * pr, bar_w = 220 * pr, bar_h = 14 * pr, row_h = 16 * pr;
        const float w = std::max(bar_w, tw(title, 12 * pr)) + 2 * pad;
        const float h = raster_risk
                            ? pad * 2 + title_h + bar_h + 18 * pr + (l.raster_style.threshold_on ? row_h : 0)
                            : pad * 2 + title_h + row_h * float(l.legend.size());
        // On a narrow map, stack above the reference legend rather than over it.
        if (!avoid.empty() && right - w < avoid.maxx && bottom - h < avoid.maxy)
            bottom = std::min(bottom, float(avoid.miny) - 8 * pr);
        const geo::XY b0{right - w, bottom - h}, b1{right, bottom};
        legend_boxes_.push_back({b0.x, b0.y, b1.x, b1.y});
        r.draw_screen_rect(b0, b1, {1, 1, 1, 0.88f});
        r.draw_screen_lines({{b0.x, b0.y}, {b1.x, b0.y}, {b1.x, b1.y}, {b0.x, b1.y}, {b0.x, b0.y}},
                            {0.3f, 0.3f, 0.3f, 0.8f}, pr);
        std::vector<render::TextItem> text;
        const render::Rgba ink{0.1f, 0.1f, 0.12f, 1}, warn{0.65f, 0.05f, 0.05f, 1}, none{1, 1, 1, 0};
        text.push_back({title,
                        {b0.x + pad, b0.y + pad + title_h * 0.5},
                        12 * pr,
                        synthetic ? warn : ink,
                        none,
                        0.f,
                        0.5f});
        float y = float(b0.y) + pad + title_h;
        if (raster_risk) {
            const RasterDisplay& rd = l.raster_style;
            const float x0 = float(b0.x) + pad;
            for (int i = 0; i < 64; ++i)
                r.draw_screen_rect({x0 + bar_w * i / 64, y}, {x0 + bar_w * (i + 1) / 64 + 0.5, y + bar_h},
                                   ramp_at(rd.ramp, i / 63.f));
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.4g", rd.min);
            text.push_back({buf, {x0, y + bar_h + 9 * pr}, 11 * pr, ink, none, 0.f, 0.5f});
            std::snprintf(buf, sizeof buf, "%.4g", rd.max);
            text.push_back({buf, {x0 + bar_w, y + bar_h + 9 * pr}, 11 * pr, ink, none, 1.f, 0.5f});
            if (rd.threshold_on && rd.max > rd.min) {
                const float tx =
                    x0 + bar_w * std::clamp((rd.threshold - rd.min) / (rd.max - rd.min), 0.f, 1.f);
                r.draw_screen_lines({{tx, y - 3 * pr}, {tx, y + bar_h + 3 * pr}}, ink, 2 * pr);
                std::snprintf(buf, sizeof buf, "striped: %.4g and above", rd.threshold);
                text.push_back({buf, {x0, y + bar_h + 18 * pr + row_h * 0.5}, 11 * pr, ink, none, 0.f, 0.5f});
            }
        } else {
            for (const auto& e : l.legend) {
                r.draw_screen_rect({b0.x + pad, y + 3 * pr}, {b0.x + pad + 18 * pr, y + row_h - 3 * pr},
                                   e.colour);
                text.push_back(
                    {e.label, {b0.x + pad + 26 * pr, y + row_h * 0.5}, 11 * pr, ink, none, 0.f, 0.5f});
                y += row_h;
            }
        }
        r.draw_text(text);
        bottom = float(b0.y) - 8 * pr;
    }
}

} // namespace entente::app
