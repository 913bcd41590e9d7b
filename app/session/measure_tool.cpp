#include "measure_tool.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace entente::app {

void MeasureTool::set_mode(Mode m) {
    mode_ = m;
    clear();
}

void MeasureTool::clear() {
    points_.clear();
    finished_ = false;
}

void MeasureTool::finish() {
    if (!points_.empty()) finished_ = true;
}

void MeasureTool::handle_click(geo::LonLat p, bool double_click) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) return;
    p.lon = std::remainder(p.lon, 360.0);
    if (mode_ == Mode::Rings) {
        // A ring set is finished as soon as it has a centre; a double-click's second click changes nothing.
        if (double_click && !points_.empty()) return;
        points_ = {p};
        finished_ = true;
        return;
    }
    if (double_click) {
        finish();
        return;
    }
    if (finished_) clear();
    points_.push_back(p);
}

geo::PathMeasure MeasureTool::path() const {
    if (mode_ == Mode::Area && points_.size() >= 3) {
        std::vector<geo::LonLat> ring = points_;
        ring.push_back(points_.front());
        return geo::measure_path(ring);
    }
    if (mode_ == Mode::Rings) return {};
    return geo::measure_path(points_);
}

double MeasureTool::area_m2() const {
    return mode_ == Mode::Area ? geo::geodesic_area_m2(points_) : 0;
}

double MeasureTool::perimeter_m() const {
    return mode_ == Mode::Area ? path().length_m : 0;
}

double MeasureTool::unit_metres(Unit u) {
    switch (u) {
    case Unit::Km:
        return 1000;
    case Unit::Nm:
        return 1852; // international nautical mile
    case Unit::M:
        return 1;
    }
    return 1;
}

const char* MeasureTool::unit_name(Unit u) {
    switch (u) {
    case Unit::Km:
        return "km";
    case Unit::Nm:
        return "NM";
    case Unit::M:
        return "m";
    }
    return "";
}

bool MeasureTool::set_radii(const std::string& text, std::string* error) {
    std::vector<double> out;
    std::vector<double> pending; // numbers waiting for their unit
    size_t i = 0;
    auto fail = [&](const std::string& why) {
        if (error) *error = why;
        return false;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (std::isspace((unsigned char)c) || c == ',' || c == ';') {
            ++i;
            continue;
        }
        if (std::isdigit((unsigned char)c) || c == '.') {
            size_t used = 0;
            double v = 0;
            try {
                v = std::stod(text.substr(i), &used);
            } catch (const std::exception&) {
                return fail("'" + text.substr(i) + "' is not a number");
            }
            if (!(v > 0) || !std::isfinite(v)) return fail("a radius must be more than 0");
            pending.push_back(v);
            i += used;
            continue;
        }
        if (std::isalpha((unsigned char)c)) {
            size_t j = i;
            while (j < text.size() && std::isalpha((unsigned char)text[j]))
                ++j;
            std::string word = text.substr(i, j - i);
            std::transform(word.begin(), word.end(), word.begin(),
                           [](unsigned char ch) { return std::tolower(ch); });
            double scale = 0;
            if (word == "km")
                scale = 1000;
            else if (word == "nm" || word == "nmi")
                scale = 1852;
            else if (word == "m")
                scale = 1;
            else
                return fail("'" + word + "' is not a unit (km, nm or m)");
            if (pending.empty()) return fail("'" + word + "' follows no number");
            for (double v : pending)
                out.push_back(v * scale);
            pending.clear();
            i = j;
            continue;
        }
        return fail(std::string("unexpected '") + c + "' (type radii like 5, 10, 25 km)");
    }
    for (double v : pending)
        out.push_back(v * unit_metres(unit));
    if (out.empty()) return fail("no radius given (type radii like 5, 10, 25 km)");
    if (out.size() > 50) return fail("at most 50 rings");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.back() > 19e6) return fail("a ring cannot be wider than about 19,000 km (half the globe)");
    radii_m_ = std::move(out);
    return true;
}

std::vector<std::vector<geo::LonLat>> MeasureTool::rings(int segments) const {
    std::vector<std::vector<geo::LonLat>> out;
    if (mode_ != Mode::Rings || points_.empty()) return out;
    for (double r : radii_m_)
        out.push_back(geo::range_ring(points_.front(), r, segments));
    return out;
}

std::string MeasureTool::format_distance(double m, Unit u) {
    const double v = m / unit_metres(u);
    char buf[64];
    if (u == Unit::M) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        std::string s = buf;
        for (int i = int(s.size()) - 3; i > 0 && std::isdigit((unsigned char)s[size_t(i - 1)]); i -= 3)
            s.insert(size_t(i), ",");
        return s + " m";
    }
    std::snprintf(buf, sizeof buf, v < 10 ? "%.3f %s" : v < 1000 ? "%.2f %s" : "%.1f %s", v, unit_name(u));
    return buf;
}

std::string MeasureTool::format_area(double m2, Unit u) {
    const double k = unit_metres(u);
    const double v = m2 / (k * k);
    char buf[64];
    std::snprintf(buf, sizeof buf,
                  v < 10    ? "%.3f %s\xC2\xB2"
                  : v < 1e5 ? "%.2f %s\xC2\xB2"
                            : "%.0f %s\xC2\xB2",
                  v, unit_name(u));
    return buf;
}

std::string MeasureTool::format_bearing(double deg) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%05.1f\xC2\xB0", deg);
    return buf;
}

namespace {

const render::Rgba kInk{0.80f, 0.22f, 0.0f, 1}, kHalo{1, 1, 1, 0.9f}, kText{0.45f, 0.1f, 0.0f, 1};

// Map units of a lon/lat polyline, unwrapped across the world seam so that it stays continuous.
std::vector<geo::XY> project_path(const std::vector<geo::LonLat>& pts, const geo::Projection& proj,
                                  double ww) {
    std::vector<geo::XY> xy(pts.size());
    proj.forward(pts, xy);
    if (ww > 0) {
        double last = NAN;
        for (auto& p : xy) {
            if (!std::isfinite(p.x)) continue;
            if (std::isfinite(last)) p.x += std::round((last - p.x) / ww) * ww;
            last = p.x;
        }
    }
    return xy;
}

// The world copies (map-unit x offsets) at which something spanning xlo..xhi shows in the view.
std::vector<double> copies(const render::View& v, double xlo, double xhi) {
    if (v.world_width <= 0) return {0};
    const geo::Bbox mb = v.map_bounds();
    std::vector<double> out;
    for (int k = int(std::ceil((mb.minx - xhi) / v.world_width));
         k <= int(std::floor((mb.maxx - xlo) / v.world_width)); ++k)
        if (std::abs(k) <= 8) out.push_back(k * v.world_width);
    return out;
}

struct Painter {
    render::Renderer& r;
    const render::View& v;
    const geo::Projection& proj;
    std::vector<render::TextItem> text;

    // Draws a lon/lat polyline (already densified) with a white casing; returns its screen points in the
    // first world copy that shows it (for labels).
    std::vector<geo::XY> line(const std::vector<geo::LonLat>& pts, render::Rgba ink, float width) {
        const auto xy = project_path(pts, proj, v.world_width);
        double lo = 1e300, hi = -1e300;
        for (auto& p : xy)
            if (std::isfinite(p.x)) lo = std::min(lo, p.x), hi = std::max(hi, p.x);
        std::vector<geo::XY> first;
        if (lo > hi) return first;
        const float pr = v.pixel_ratio;
        for (double off : copies(v, lo, hi)) {
            std::vector<std::vector<geo::XY>> strips(1);
            for (auto& p : xy) {
                if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
                    if (!strips.back().empty()) strips.emplace_back();
                    continue;
                }
                strips.back().push_back(v.to_screen({p.x + off, p.y}));
            }
            for (auto& s : strips)
                if (s.size() >= 2) r.draw_screen_lines(s, kHalo, (width + 2.5f) * pr);
            for (auto& s : strips)
                if (s.size() >= 2) r.draw_screen_lines(s, ink, width * pr);
            if (first.empty())
                for (auto& s : strips)
                    first.insert(first.end(), s.begin(), s.end());
        }
        return first;
    }
    void vertex(geo::LonLat p) {
        const auto xy = project_path({p}, proj, 0);
        if (!std::isfinite(xy[0].x)) return;
        const float pr = v.pixel_ratio, h = 3.5f * pr;
        for (double off : copies(v, xy[0].x, xy[0].x)) {
            const geo::XY s = v.to_screen({xy[0].x + off, xy[0].y});
            r.draw_screen_rect({s.x - h - pr, s.y - h - pr}, {s.x + h + pr, s.y + h + pr}, kHalo);
            r.draw_screen_rect({s.x - h, s.y - h}, {s.x + h, s.y + h}, kInk);
        }
    }
    void label(const std::string& t, geo::XY at, float ax = 0.5f, float ay = 1.0f) {
        if (!std::isfinite(at.x) || !std::isfinite(at.y)) return;
        text.push_back({t, at, 12 * v.pixel_ratio, kText, kHalo, ax, ay});
    }
};

// The larger side of a screen polyline's box: labels are left off lines too short on screen to carry them.
double screen_extent(const std::vector<geo::XY>& s) {
    geo::Bbox b;
    for (const auto& p : s)
        b.add(p.x, p.y);
    return b.empty() ? 0 : std::max(b.width(), b.height());
}

std::vector<geo::LonLat> geodesic(geo::LonLat a, geo::LonLat b) {
    const double d = geo::measure_path(std::vector<geo::LonLat>{a, b}).length_m;
    return geo::geodesic_line(a, b, std::max(d / 64, 1.0));
}

} // namespace

void MeasureTool::draw(render::Renderer& r, const render::View& view, const geo::Projection& proj) const {
    Painter p{r, view, proj, {}};
    const float pr = view.pixel_ratio;
    if (mode_ == Mode::Rings) {
        if (points_.empty()) return;
        const auto rs = rings();
        for (size_t i = 0; i < rs.size(); ++i) {
            const auto s = p.line(rs[i], kInk, 1.8f);
            // Radius label at the ring's north point (its first point), when the ring is big enough to tell
            // apart from the next.
            if (!s.empty() && screen_extent(s) > 40 * pr)
                p.label(format_distance(radii_m_[i], unit), {s.front().x, s.front().y - 3 * pr});
        }
        p.vertex(points_.front());
        r.draw_text(p.text);
        return;
    }
    std::vector<geo::LonLat> pts = points_;
    const bool rubber = !finished_ && hover && !pts.empty();
    const geo::PathMeasure m = path();
    // Legs, each labelled at its middle with its length and initial bearing.
    for (size_t i = 1; i < pts.size(); ++i) {
        const auto s = p.line(geodesic(pts[i - 1], pts[i]), kInk, 2.0f);
        if (!s.empty() && i - 1 < m.leg_m.size() && screen_extent(s) > 60 * pr)
            p.label(format_distance(m.leg_m[i - 1], unit) + "  " + format_bearing(m.leg_bearing_deg[i - 1]),
                    {s[s.size() / 2].x, s[s.size() / 2].y - 4 * pr});
    }
    if (mode_ == Mode::Area && pts.size() >= 3 && (finished_ || !rubber))
        p.line(geodesic(pts.back(), pts.front()), kInk, 2.0f);
    if (rubber) {
        const render::Rgba faint{kInk.r, kInk.g, kInk.b, 0.55f};
        const auto s = p.line(geodesic(pts.back(), *hover), faint, 1.5f);
        const double d = geo::measure_path(std::vector<geo::LonLat>{pts.back(), *hover}).length_m;
        if (!s.empty())
            p.label(format_distance(d, unit), {s.back().x + 10 * pr, s.back().y - 6 * pr}, 0.0f, 1.0f);
        if (mode_ == Mode::Area && pts.size() >= 2) p.line(geodesic(*hover, pts.front()), faint, 1.0f);
    }
    for (auto& q : pts)
        p.vertex(q);
    // The result beside the last point (Distance) or in the middle of the polygon (Area).
    if (!pts.empty()) {
        const auto last = project_path({pts.back()}, proj, 0).front();
        const geo::XY ls = view.to_screen(last);
        if (mode_ == Mode::Distance && pts.size() >= 2)
            p.label("Total " + format_distance(m.length_m, unit), {ls.x + 8 * pr, ls.y + 6 * pr}, 0.0f, 0.0f);
        if (mode_ == Mode::Area && pts.size() >= 3) {
            geo::XY c{0, 0};
            int n = 0;
            for (auto& xy : project_path(pts, proj, view.world_width))
                if (std::isfinite(xy.x)) c.x += xy.x, c.y += xy.y, ++n;
            if (n) {
                const double off =
                    copies(view, c.x / n, c.x / n).empty() ? 0 : copies(view, c.x / n, c.x / n)[0];
                const geo::XY cs = view.to_screen({c.x / n + off, c.y / n});
                p.label(format_area(area_m2(), unit), {cs.x, cs.y}, 0.5f, 1.0f);
                p.label("perimeter " + format_distance(perimeter_m(), unit), {cs.x, cs.y + 2 * pr}, 0.5f,
                        0.0f);
            }
        }
    }
    r.draw_text(p.text);
}

} // namespace entente::app
