#include "slide_frame.hpp"

#include "geo/measure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace entente::app {

render::Rgba marking_colour(const std::string& marking) {
    std::string m;
    for (char c : marking)
        m += char(std::toupper((unsigned char)c));
    auto has = [&](const char* s) { return m.find(s) != std::string::npos; };
    if (has("UNCLASSIFIED")) return {0.0f, 0.478f, 0.2f, 1}; // green
    if (has("TOP SECRET")) return {1.0f, 0.404f, 0.122f, 1}; // orange
    if (has("SECRET")) return {0.784f, 0.063f, 0.180f, 1};   // red
    if (has("CONFIDENTIAL")) return {0.0f, 0.2f, 0.627f, 1}; // blue
    if (has("RESTRICTED")) return {0.69f, 0.49f, 0.0f, 1};   // amber
    return {0.314f, 0.169f, 0.522f, 1};                      // anything else: purple, never green
}

std::optional<ScaleBar> scale_bar(const render::View& view, const geo::Projection& proj, double max_px) {
    // Ground metres per pixel along the screen horizontal through the centre, over +-50 px.
    const geo::XY c{view.width * 0.5, view.height * 0.5};
    const auto a = proj.inverse(view.to_map({c.x - 50, c.y})), b = proj.inverse(view.to_map({c.x + 50, c.y}));
    if (!a || !b) return std::nullopt;
    const geo::LonLat pts[2] = {*a, *b};
    const double m = geo::measure_path(pts).length_m;
    if (!(m > 0) || !std::isfinite(m)) return std::nullopt;
    const double m_per_px = m / 100.0;
    const double target = max_px * m_per_px;
    double nice = std::pow(10.0, std::floor(std::log10(target)));
    for (double f : {5.0, 2.0, 1.0})
        if (nice * f <= target) {
            nice *= f;
            break;
        }
    ScaleBar s;
    s.metres = nice;
    s.px = nice / m_per_px;
    char buf[32];
    if (nice >= 1000)
        std::snprintf(buf, sizeof buf, "%g km", nice / 1000);
    else
        std::snprintf(buf, sizeof buf, "%g m", nice);
    s.label = buf;
    return s;
}

std::optional<double> north_angle(const render::View& view, const geo::Projection& proj) {
    const geo::XY c{view.width * 0.5, view.height * 0.5};
    const auto ll = proj.inverse(view.to_map(c));
    if (!ll) return std::nullopt;
    // A short step north (or south, at the north pole) gives the meridian's direction on screen.
    const double step = ll->lat > 89.9 ? -0.01 : 0.01;
    const geo::XY p0 = view.to_screen(proj.forward(*ll));
    const geo::XY p1 = view.to_screen(proj.forward({ll->lon, ll->lat + step}));
    if (!std::isfinite(p1.x) || !std::isfinite(p0.x)) return std::nullopt;
    double dx = p1.x - p0.x, dy = p1.y - p0.y;
    if (step < 0) dx = -dx, dy = -dy;
    return std::atan2(dx, -dy); // clockwise from screen up (screen y grows downward)
}

namespace {

// Draws the frame with the map renderer (window, PNG).
struct ScreenPainter {
    render::Renderer& r;
    void draw_screen_rect(geo::XY a, geo::XY b, render::Rgba c) { r.draw_screen_rect(a, b, c); }
    void draw_screen_lines(const std::vector<geo::XY>& s, render::Rgba c, float w) {
        r.draw_screen_lines(s, c, w);
    }
    void draw_text(const std::vector<render::TextItem>& t) { r.draw_text(t); }
    double text_width(const std::string& s, float size) const {
        const auto& f = r.glyph_atlas().nearest(size);
        return f.text_width(s) * (size / f.size_px);
    }
};

// Writes the frame as PDF content operators, so a deck's banners, titles, legend and scale bar stay vector
// (sharp at any zoom, text selectable) over the map image. Pixels map to the page's points; PDF's y is up.
struct PdfPainter {
    const render::GlyphAtlas& metrics;
    double sx, sy, page_h;
    std::string ops;
    static std::string num(double v) {
        char b[32];
        std::snprintf(b, sizeof b, "%.2f", v);
        return b;
    }
    std::string colour(render::Rgba c, const char* op) const {
        return num(c.r) + " " + num(c.g) + " " + num(c.b) + " " + op + "\n";
    }
    double X(double x) const { return x * sx; }
    double Y(double y) const { return page_h - y * sy; }
    void draw_screen_rect(geo::XY a, geo::XY b, render::Rgba c) {
        ops += colour(c, "rg") + num(X(a.x)) + " " + num(Y(b.y)) + " " + num((b.x - a.x) * sx) + " " +
               num((b.y - a.y) * sy) + " re f\n";
    }
    void draw_screen_lines(const std::vector<geo::XY>& s, render::Rgba c, float w) {
        if (s.size() < 2) return;
        ops += colour(c, "RG") + num(w * sx) + " w 1 J 1 j " + num(X(s[0].x)) + " " + num(Y(s[0].y)) + " m";
        for (size_t i = 1; i < s.size(); ++i)
            ops += " " + num(X(s[i].x)) + " " + num(Y(s[i].y)) + " l";
        ops += " S\n";
    }
    double text_width(const std::string& s, float size) const {
        const auto& f = metrics.nearest(size);
        return f.text_width(s) * (size / f.size_px);
    }
    void draw_text(const std::vector<render::TextItem>& items) {
        for (const auto& t : items) {
            // Latin-1 text in the standard Helvetica (PDF's base fonts need no embedding).
            std::string esc;
            for (size_t i = 0; i < t.text.size();) {
                const uint32_t cp = render::next_codepoint(t.text, i);
                const char ch = cp < 256 ? char(cp) : '?';
                if (ch == '(' || ch == ')' || ch == '\\') esc += '\\';
                esc += ch;
            }
            const double w = text_width(t.text, t.size_px), h = t.size_px * 1.2;
            const double x = t.pos.x - w * t.anchor_x, top = t.pos.y - h * t.anchor_y;
            const double baseline = top + t.size_px * 0.95;
            ops += "BT " + colour(t.colour, "rg") + "/F1 " + num(t.size_px * 0.92 * sy) + " Tf " + num(X(x)) +
                   " " + num(Y(baseline)) + " Td (" + esc + ") Tj ET\n";
        }
    }
};

// Records where the frame draws, for label placement to keep clear of (nothing is drawn).
struct BoxPainter {
    const render::GlyphAtlas& metrics;
    std::vector<render::ScreenBox> boxes;
    void draw_screen_rect(geo::XY a, geo::XY b, render::Rgba) {
        boxes.push_back({std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)});
    }
    void draw_screen_lines(const std::vector<geo::XY>& s, render::Rgba, float w) {
        if (s.empty()) return;
        render::ScreenBox b{s[0].x, s[0].y, s[0].x, s[0].y};
        for (auto& p : s)
            b.x0 = std::min(b.x0, p.x), b.y0 = std::min(b.y0, p.y), b.x1 = std::max(b.x1, p.x),
            b.y1 = std::max(b.y1, p.y);
        boxes.push_back({b.x0 - w, b.y0 - w, b.x1 + w, b.y1 + w});
    }
    double text_width(const std::string& s, float size) const {
        const auto& f = metrics.nearest(size);
        return f.text_width(s) * (size / f.size_px);
    }
    void draw_text(const std::vector<render::TextItem>& items) {
        for (const auto& t : items) {
            const auto& f = metrics.nearest(t.size_px);
            const double w = text_width(t.text, t.size_px),
                         h = (f.ascent - f.descent) * (t.size_px / f.size_px);
            const double x = t.pos.x - w * t.anchor_x, y = t.pos.y - h * t.anchor_y;
            boxes.push_back({x, y, x + w, y + h});
        }
    }
};

} // namespace

template <class Painter>
void paint_frame(Painter& r, const render::View& view, const geo::Projection& proj, const SlideFrame& f) {
    const float pr = view.pixel_ratio;
    const double W = view.width, H = view.height;
    const render::Rgba ink{0.08f, 0.08f, 0.08f, 1}, paper{1, 1, 1, 0.9f};
    std::vector<render::TextItem> text;
    auto add = [&](const std::string& s, double x, double y, float size, render::Rgba c, float ax, float ay,
                   render::Rgba halo = {0, 0, 0, 0}) {
        render::TextItem t;
        t.text = s, t.pos = {x, y}, t.size_px = size * pr, t.colour = c, t.anchor_x = ax, t.anchor_y = ay;
        t.halo = halo;
        text.push_back(t);
    };
    const double banner = f.marking.empty() ? 0 : 26 * pr;
    if (banner > 0) {
        const render::Rgba c = marking_colour(f.marking);
        r.draw_screen_rect({0, 0}, {W, banner}, c);
        r.draw_screen_rect({0, H - banner}, {W, H}, c);
        add(f.marking, W / 2, banner / 2, 15, {1, 1, 1, 1}, 0.5f, 0.5f);
        add(f.marking, W / 2, H - banner / 2, 15, {1, 1, 1, 1}, 0.5f, 0.5f);
    }
    const double pad = 12 * pr;
    // Title block, top left under the banner.
    if (!f.title.empty()) {
        const double tw = std::max<double>(r.text_width(f.title, 22 * pr),
                                           f.subtitle.empty() ? 0.0 : r.text_width(f.subtitle, 14 * pr));
        const double h = (f.subtitle.empty() ? 38 : 60) * pr;
        r.draw_screen_rect({pad, banner + pad}, {pad + tw + 2 * pad, banner + pad + h}, paper);
        r.draw_screen_rect({pad, banner + pad}, {pad + 5 * pr, banner + pad + h}, marking_colour(f.marking));
        add(f.title, 2 * pad, banner + pad + 19 * pr, 22, ink, 0, 0.5f);
        if (!f.subtitle.empty())
            add(f.subtitle, 2 * pad, banner + pad + 45 * pr, 14, {0.25f, 0.25f, 0.25f, 1}, 0, 0.5f);
    }
    // Legend, bottom left above the banner.
    if (!f.legend.empty()) {
        const double row = 20 * pr, w = 230 * pr;
        const double h = row * double(f.legend.size()) + 30 * pr;
        const double x0 = pad, y1 = H - banner - pad, y0 = y1 - h;
        r.draw_screen_rect({x0, y0}, {x0 + w, y1}, paper);
        add("Legend", x0 + 10 * pr, y0 + 14 * pr, 13, ink, 0, 0.5f);
        for (size_t i = 0; i < f.legend.size(); ++i) {
            const double y = y0 + 30 * pr + row * double(i) + row / 2;
            render::Rgba c = f.legend[i].first;
            r.draw_screen_rect({x0 + 10 * pr, y - 6 * pr}, {x0 + 30 * pr, y + 6 * pr}, c);
            add(f.legend[i].second, x0 + 38 * pr, y, 12, ink, 0, 0.5f);
        }
    }
    // Attributions at the bottom centre; north arrow and scale bar at the top right, clear of the map's
    // own legends (risk, alliances), which sit at the bottom.
    std::string attribution;
    for (auto& a : f.attributions)
        attribution += (attribution.empty() ? "" : "  |  ") + a;
    if (!attribution.empty())
        add(attribution, W / 2, H - banner - 4 * pr, 10, {0.2f, 0.2f, 0.2f, 1}, 0.5f, 1, {1, 1, 1, 0.85f});
    const double right = W - pad;
    if (auto a = north_angle(view, proj)) {
        const geo::XY c{right - 30 * pr, banner + pad + 36 * pr};
        const double len = 24 * pr;
        const geo::XY d{std::sin(*a), -std::cos(*a)}, n{-d.y, d.x};
        r.draw_screen_rect({c.x - 30 * pr, c.y - 36 * pr}, {c.x + 30 * pr, c.y + 36 * pr}, paper);
        const geo::XY tip{c.x + d.x * len * 0.6, c.y + d.y * len * 0.6},
            tail{c.x - d.x * len, c.y - d.y * len};
        r.draw_screen_lines({tail, tip}, ink, 3 * pr);
        r.draw_screen_lines({{tip.x - d.x * 12 * pr + n.x * 8 * pr, tip.y - d.y * 12 * pr + n.y * 8 * pr},
                             tip,
                             {tip.x - d.x * 12 * pr - n.x * 8 * pr, tip.y - d.y * 12 * pr - n.y * 8 * pr}},
                            ink, 3 * pr);
        add("N", tip.x + d.x * 11 * pr, tip.y + d.y * 11 * pr, 13, ink, 0.5f, 0.5f);
    }
    if (auto sb = scale_bar(view, proj, 180 * pr)) {
        const double bar_y = banner + pad + 104 * pr;
        const double x1 = right - 4 * pr, x0 = x1 - sb->px;
        r.draw_screen_rect({x0 - 10 * pr, bar_y - 24 * pr}, {right, bar_y + 10 * pr}, paper);
        r.draw_screen_rect({x0, bar_y - 3 * pr}, {x1, bar_y + 3 * pr}, ink);
        r.draw_screen_rect({(x0 + x1) / 2, bar_y - 2 * pr}, {x1, bar_y + 2 * pr}, {1, 1, 1, 1});
        for (double x : {x0, (x0 + x1) / 2, x1})
            r.draw_screen_lines({{x, bar_y - 8 * pr}, {x, bar_y + 4 * pr}}, ink, 2 * pr);
        add("0", x0, bar_y - 10 * pr, 11, ink, 0.5f, 1);
        add(sb->label, x1, bar_y - 10 * pr, 11, ink, 1, 1);
    }
    r.draw_text(text);
}

void draw_slide_frame(render::Renderer& r, const render::View& view, const geo::Projection& proj,
                      const SlideFrame& f) {
    ScreenPainter p{r};
    paint_frame(p, view, proj, f);
}

std::vector<render::ScreenBox> slide_frame_boxes(const render::View& view, const geo::Projection& proj,
                                                 const SlideFrame& f, const render::GlyphAtlas& metrics) {
    BoxPainter p{metrics, {}};
    if (f.on) paint_frame(p, view, proj, f);
    return p.boxes;
}

std::string slide_frame_pdf(const render::View& view, const geo::Projection& proj, const SlideFrame& f,
                            const render::GlyphAtlas& metrics, double page_w, double page_h) {
    PdfPainter p{metrics, page_w / view.width, page_h / view.height, page_h, {}};
    paint_frame(p, view, proj, f);
    return p.ops;
}

} // namespace entente::app
