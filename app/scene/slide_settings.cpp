#include "slide_settings.hpp"

#include "assets.hpp"
#include "geo/error.hpp"
#include "mission_layer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

namespace entente::app {

namespace fs = std::filesystem;

const missions::Slide& find_slide(const missions::Mission& m, const std::string& key,
                                  const std::string& what) {
    if (!key.empty() && std::all_of(key.begin(), key.end(), ::isdigit)) {
        size_t n = 0; // more digits than size_t holds: out of range like 0
        if (std::from_chars(key.data(), key.data() + key.size(), n).ec != std::errc()) n = 0;
        if (n < 1 || n > m.slides.size())
            throw geo::InputError(what, "the mission has " + std::to_string(m.slides.size()) + " slide(s)",
                                  geo::ErrorKind::OutOfRange);
        return m.slides[n - 1];
    }
    for (auto& x : m.slides)
        if (x.id == key) return x;
    throw geo::InputError(what, "no such slide", geo::ErrorKind::NotFound);
}

SlideSettings slide_settings(const missions::Mission& m, const missions::Slide& s,
                             const std::string& mission_path) {
    SlideSettings o;
    o.bbox = geo::Bbox{s.west, s.south, s.east, s.north};
    o.crs = s.projection;
    // A slide of a phase is as of that phase's first day unless it names its own date.
    const std::string phase_day = missions::phase_start_date(m, s.phase);
    o.date = !s.date.empty() ? s.date : !phase_day.empty() ? phase_day : m.d_day;
    o.phase = s.phase;
    auto has = [&](const std::string& l) {
        return std::find(s.layers.begin(), s.layers.end(), l) != s.layers.end();
    };
    o.mission = has("mission");
    o.graticule = has("graticule");
    o.labels = has("labels");
    o.mgrs = has("mgrs");
    o.operations = has("operations");
    SlideFrame& f = o.frame;
    f.on = true;
    f.title = s.title;
    f.marking = m.classification;
    f.attributions = {"Basemap: Natural Earth (public domain), GSHHG (LGPL), GeoNames (CC-BY 4.0)"};
    const missions::Phase* phase = nullptr;
    for (auto& p : m.phases)
        if (p.id == s.phase) phase = &p;
    // The day shown, its offset from D-day when the slide is of a phase, and D-day itself beside it.
    std::string when = "as of " + o.date;
    if (phase && o.date == phase_day) when += " (" + missions::d_offset_text(phase->start_day) + ")";
    if (!m.d_day.empty() && o.date != m.d_day) when += "  |  D-day " + m.d_day;
    f.subtitle = m.name + "  |  " + when + (phase ? "  |  " + phase->name : "");
    for (const auto& l : s.layers) {
        if (l.rfind("alliance:", 0) == 0) o.alliances.push_back(l.substr(9));
        if (l.rfind("risk:", 0) == 0) {
            std::string path = l.substr(5);
            if (auto at = path.rfind('@'); at != std::string::npos) {
                try {
                    o.risk_threshold = std::stof(path.substr(at + 1));
                } catch (const std::exception&) {
                    throw geo::InputError("slide " + s.id,
                                          "risk layer '" + l + "': threshold is not a number",
                                          geo::ErrorKind::Unsupported);
                }
                path = path.substr(0, at);
            }
            // Relative paths: beside the mission file, else in the shipped assets.
            const fs::path beside = fs::path(mission_path).parent_path() / path;
            o.risk_files.push_back(fs::path(path).is_absolute() ? path
                                   : fs::exists(beside)         ? beside.string()
                                                                : asset_path(path));
            f.attributions.push_back("Risk: " + fs::path(path).filename().string());
        }
    }
    if (!o.alliances.empty() || o.operations)
        f.attributions.push_back("Memberships and operations: Entente domain tables");
    if (o.mission) f.legend = mission_legend(m, s.phase);
    return o;
}

geo::Bbox view_lonlat_box(const geo::Projection& proj, const render::View& v) {
    const double hw = v.width * 0.5 * v.units_per_px, hh = v.height * 0.5 * v.units_per_px;
    const double ww = v.world_width;
    if (ww > 0 && 2 * hw >= ww) {
        // A whole world across: every longitude, the latitudes the view reaches.
        geo::Bbox b{-180, -90, 180, 90};
        if (auto top = proj.inverse({0, v.center.y + hh})) b.maxy = top->lat;
        if (auto bottom = proj.inverse({0, v.center.y - hh})) b.miny = bottom->lat;
        return b;
    }
    auto wrap = [&](geo::XY p) { return ww > 0 ? geo::XY{std::remainder(p.x, ww), p.y} : p; };
    // Edges sampled: curved projections bend the box's sides.
    constexpr int n = 16;
    geo::Bbox b;
    for (int i = 0; i <= n; ++i) {
        const double t = double(i) / n;
        for (geo::XY p : {geo::XY{v.center.x - hw + 2 * hw * t, v.center.y - hh},
                          geo::XY{v.center.x - hw + 2 * hw * t, v.center.y + hh},
                          geo::XY{v.center.x - hw, v.center.y - hh + 2 * hh * t},
                          geo::XY{v.center.x + hw, v.center.y - hh + 2 * hh * t}})
            if (auto ll = proj.inverse(wrap(p))) b.add(ll->lon, ll->lat);
    }
    if (b.empty()) return {-180, -80, 180, 80};
    if (ww > 0) {
        // Wrapping maps: west and east from the side midpoints, so a view across the antimeridian keeps
        // west > east.
        auto w = proj.inverse(wrap({v.center.x - hw, v.center.y})),
             e = proj.inverse(wrap({v.center.x + hw, v.center.y}));
        if (w && e) b.minx = w->lon, b.maxx = e->lon;
    }
    b.miny = std::max(b.miny, -90.0), b.maxy = std::min(b.maxy, 90.0);
    return b;
}

namespace {

// A path as the slide keeps it: relative to the mission's folder or the assets when under them.
std::string portable_path(const std::string& p, const std::string& mission_dir) {
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(p, ec);
    for (const std::string& base : {mission_dir, assets_dir()}) {
        if (base.empty()) continue;
        const fs::path b = fs::weakly_canonical(base, ec);
        const fs::path rel = abs.lexically_relative(b);
        if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    }
    return abs.string();
}

} // namespace

missions::Slide capture_slide(const MapScene& scene, const render::View& view, const std::string& phase,
                              bool mission_shown, const std::string& mission_dir) {
    missions::Slide s;
    const geo::Bbox b = view_lonlat_box(scene.projection(), view);
    s.west = b.minx, s.south = b.miny, s.east = b.maxx, s.north = b.maxy;
    s.projection = scene.projection_key();
    s.date = scene.reference.date.str();
    s.phase = phase;
    s.layers.clear();
    if (mission_shown) s.layers.push_back("mission");
    for (const auto& a : scene.reference.alliances)
        s.layers.push_back("alliance:" + a);
    if (scene.reference.peace_ops) s.layers.push_back("operations");
    for (const auto& l : scene.layers()) {
        if (!l->visible || !l->raster || !l->raster_style.risk) continue;
        std::string name = "risk:" + portable_path(l->source, mission_dir);
        if (l->raster_style.threshold_on) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "@%g", l->raster_style.threshold);
            name += buf;
        }
        s.layers.push_back(name);
    }
    if (scene.show_graticule) s.layers.push_back("graticule");
    if (scene.show_labels) s.layers.push_back("labels");
    if (scene.show_mgrs_grid) s.layers.push_back("mgrs");
    return s;
}

std::vector<render::TextItem> presenter_text(const missions::Mission& m, size_t index,
                                             const std::string& clock, double elapsed_s, int width,
                                             int height, float scale) {
    std::vector<render::TextItem> out;
    const render::Rgba white{1, 1, 1, 1}, grey{0.7f, 0.74f, 0.8f, 1}, none{0, 0, 0, 0};
    const double margin = 32 * scale;
    auto put = [&](std::string text, double x, double y, float size, render::Rgba c, float ax = 0) {
        out.push_back({std::move(text), {x, y}, size * scale, c, none, ax, 0});
    };
    const size_t n = m.slides.size();
    const missions::Slide* s = index < n ? &m.slides[index] : nullptr;
    put("Slide " + std::to_string(index + 1) + " / " + std::to_string(n), margin, margin, 20, grey);
    // The title stops short of the clock column (about 0.55 em a glyph); long ones end in "...".
    std::string title = s ? s->title : "";
    const size_t title_cols =
        size_t(std::max(10.0, (width - 2 * margin - 300 * scale) / (0.55 * 30 * scale)));
    if (title.size() > title_cols) title = title.substr(0, title_cols - 3) + "...";
    put(title, margin, margin + 30 * scale, 30, white);
    put("Next: " + (index + 1 < n ? m.slides[index + 1].title : std::string("(end of the briefing)")), margin,
        margin + 76 * scale, 22, grey);
    char elapsed[32];
    const long t = long(std::max(0.0, elapsed_s));
    std::snprintf(elapsed, sizeof elapsed, "%02ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    put(clock, width - margin, margin, 40, white, 1);
    put(std::string("elapsed ") + elapsed, width - margin, margin + 52 * scale, 22, grey, 1);
    // Notes, wrapped by an average glyph width (about 0.55 em for DejaVu Sans).
    const float size = 26;
    const size_t cols = size_t(std::max(20.0, (width - 2 * margin) / (0.55 * size * scale)));
    double y = margin + 140 * scale;
    std::string notes = s ? s->notes : "";
    if (notes.empty()) notes = "(no notes)";
    size_t i = 0;
    while (i < notes.size() && y < height - margin) {
        size_t nl = notes.find('\n', i);
        const std::string para = notes.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
        i = nl == std::string::npos ? notes.size() : nl + 1;
        std::string line;
        size_t p = 0;
        auto flush = [&] {
            put(line, margin, y, size, white);
            y += size * 1.4 * scale;
            line.clear();
        };
        while (p < para.size()) {
            size_t e = para.find(' ', p);
            const std::string word = para.substr(p, e == std::string::npos ? std::string::npos : e - p);
            p = e == std::string::npos ? para.size() : e + 1;
            if (!line.empty() && line.size() + 1 + word.size() > cols) flush();
            line += (line.empty() ? "" : " ") + word;
        }
        flush();
    }
    return out;
}

} // namespace entente::app
