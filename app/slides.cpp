#include "slides.hpp"

#include "assets.hpp"
#include "geo/error.hpp"
#include "mission_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace entente::app {

namespace fs = std::filesystem;

const missions::Slide& find_slide(const missions::Mission& m, const std::string& key,
                                  const std::string& what) {
    if (!key.empty() && std::all_of(key.begin(), key.end(), ::isdigit)) {
        const size_t n = std::stoul(key);
        if (n < 1 || n > m.slides.size())
            throw geo::InputError(what, "the mission has " + std::to_string(m.slides.size()) + " slide(s)");
        return m.slides[n - 1];
    }
    for (auto& x : m.slides)
        if (x.id == key) return x;
    throw geo::InputError(what, "no such slide");
}

SlideSettings slide_settings(const missions::Mission& m, const missions::Slide& s,
                             const std::string& mission_path) {
    SlideSettings o;
    o.bbox = geo::Bbox{s.west, s.south, s.east, s.north};
    o.crs = s.projection;
    o.date = s.date.empty() ? m.d_day : s.date;
    o.phase = s.phase;
    auto has = [&](const std::string& l) {
        return std::find(s.layers.begin(), s.layers.end(), l) != s.layers.end();
    };
    o.mission = has("mission");
    o.graticule = has("graticule");
    o.labels = has("labels");
    o.mgrs = has("mgrs");
    o.operations = has("operations");
    BriefingFrame& f = o.frame;
    f.on = true;
    f.title = s.title;
    f.marking = m.classification;
    f.attributions = {"Basemap: Natural Earth (public domain)"};
    std::string phase_name;
    for (auto& p : m.phases)
        if (p.id == s.phase) phase_name = p.name;
    f.subtitle = m.name + "  |  as of " + o.date + (phase_name.empty() ? "" : "  |  " + phase_name);
    for (const auto& l : s.layers) {
        if (l.rfind("alliance:", 0) == 0) o.alliances.push_back(l.substr(9));
        if (l.rfind("risk:", 0) == 0) {
            std::string path = l.substr(5);
            if (auto at = path.rfind('@'); at != std::string::npos) {
                try {
                    o.risk_threshold = std::stof(path.substr(at + 1));
                } catch (const std::exception&) {
                    throw geo::InputError("slide " + s.id,
                                          "risk layer '" + l + "': threshold is not a number");
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

bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

} // namespace

missions::Slide capture_slide(const MapScene& scene, const render::View& view, const std::string& phase,
                              bool mission_shown, const std::string& mission_dir) {
    missions::Slide s;
    const geo::Bbox b = view_lonlat_box(scene.projection(), view);
    s.west = b.minx, s.south = b.miny, s.east = b.maxx, s.north = b.maxy;
    s.projection = scene.projection_key();
    s.date = scene.domain.date.str();
    s.phase = phase;
    s.layers.clear();
    if (mission_shown) s.layers.push_back("mission");
    for (const auto& a : scene.domain.alliances)
        s.layers.push_back("alliance:" + a);
    if (scene.domain.missions) s.layers.push_back("operations");
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

void apply_slide(AppState& st, const SlideSettings& s) {
    try {
        const geo::ProjectionSpec spec = geo::ProjectionSpec::parse(s.crs);
        if (spec.to_string() != st.scene.projection_key()) st.scene.set_projection(spec);
    } catch (const std::exception& e) {
        st.error(e.what());
    }
    const render::View v = st.scene.fit_view(s.bbox, st.fb_width, st.fb_height, st.pixel_ratio);
    st.camera.center = v.center;
    st.camera.units_per_px = v.units_per_px;
    if (auto d = geo::Date::parse(s.date)) st.scene.domain.date = *d;
    st.scene.domain.alliances = s.alliances;
    st.scene.domain.missions = s.operations;
    if (st.scene.domain.any()) st.ensure_domain();
    st.scene.show_graticule = s.graticule;
    st.scene.show_labels = s.labels;
    st.scene.show_mgrs_grid = s.mgrs;
    if (st.mission.mission()) st.mission.set_phase(s.phase);
    // Risk layers: the slide's shown (loaded when missing), every other risk layer hidden.
    std::vector<bool> found(s.risk_files.size(), false);
    for (auto& l : st.scene.layers()) {
        if (!l->raster || !l->raster_style.risk) continue;
        l->visible = false;
        for (size_t i = 0; i < s.risk_files.size(); ++i)
            if (same_file(l->source, s.risk_files[i])) {
                l->visible = found[i] = true;
                if (s.risk_threshold)
                    l->raster_style.threshold_on = true, l->raster_style.threshold = *s.risk_threshold;
            }
    }
    for (size_t i = 0; i < s.risk_files.size(); ++i)
        if (!found[i]) st.open(s.risk_files[i], s.risk_threshold);
}

double ease_in_out(double t) {
    t = std::clamp(t, 0.0, 1.0);
    return t < 0.5 ? 4 * t * t * t : 1 - std::pow(-2 * t + 2, 3) / 2;
}

void Flight::at(double now, Camera& cam) const {
    const double k = ease_in_out(duration > 0 ? (now - start) / duration : 1);
    cam.center = {from_center.x + (to_center.x - from_center.x) * k,
                  from_center.y + (to_center.y - from_center.y) * k};
    cam.units_per_px = from_upp * std::pow(to_upp / from_upp, k);
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

size_t BriefingMode::count(const AppState& st) const {
    const missions::Mission* m = st.mission.mission();
    return m ? m->slides.size() : 0;
}

bool BriefingMode::enter(AppState& st, size_t i, double now) {
    if (count(st) == 0) {
        st.error("Briefing: the mission has no slides (add one in the Slides panel)");
        return false;
    }
    saved_.camera = st.camera;
    saved_.projection = st.scene.projection_key();
    saved_.graticule = st.scene.show_graticule, saved_.labels = st.scene.show_labels;
    saved_.mgrs = st.scene.show_mgrs_grid;
    saved_.domain = st.scene.domain;
    saved_.phase = st.mission.phase;
    saved_.visible.clear();
    for (auto& l : st.scene.layers())
        saved_.visible[l->id] = l->visible;
    on = true;
    index = std::min(i, count(st) - 1);
    go(st, index, now, false);
    return true;
}

bool BriefingMode::go(AppState& st, size_t i, double now, bool animate) {
    const missions::Mission* m = st.mission.mission();
    if (!m || m->slides.empty()) return false;
    i = std::min(i, m->slides.size() - 1);
    const bool moved = i != index;
    index = i;
    // Where the camera is now, in lon/lat and ground metres per pixel, so the flight starts there even when
    // the projection changes.
    const render::View v0 = st.view();
    const auto from_ll = st.scene.projection().inverse(v0.center);
    const double from_mpp = st.scene.metres_per_px(v0);
    SlideSettings s;
    try {
        s = slide_settings(*m, m->slides[i], st.mission.path);
    } catch (const std::exception& e) {
        st.error(e.what());
        return false;
    }
    apply_slide(st, s);
    st.scene.briefing = s.frame;
    show_mission = s.mission;
    flight.reset();
    if (animate && from_ll && std::isfinite(from_mpp) &&
        st.scene.projection().in_domain(from_ll->lon, from_ll->lat)) {
        Flight f;
        f.from_center = st.scene.projection().forward(*from_ll);
        const double mpu = st.scene.projection().metres_per_unit_at(f.from_center);
        f.from_upp = mpu > 0 && std::isfinite(mpu) ? from_mpp / mpu : st.camera.units_per_px;
        f.to_center = st.camera.center, f.to_upp = st.camera.units_per_px;
        f.start = now;
        if (std::isfinite(f.from_center.x) && std::isfinite(f.from_center.y) && f.from_upp > 0) {
            // Wrapping maps: fly the short way round.
            if (const double ww = st.scene.projection().world_width(); ww > 0)
                f.from_center.x = f.to_center.x + std::remainder(f.from_center.x - f.to_center.x, ww);
            flight = f;
            f.at(now, st.camera);
        }
    }
    return moved;
}

bool BriefingMode::tick(AppState& st, double now) {
    if (!flight) return false;
    flight->at(now, st.camera);
    if (flight->done(now)) {
        flight.reset();
        return false;
    }
    return true;
}

void BriefingMode::leave(AppState& st) {
    if (!on) return;
    on = false;
    flight.reset();
    st.scene.briefing = {};
    try {
        if (saved_.projection != st.scene.projection_key())
            st.scene.set_projection(geo::ProjectionSpec::parse(saved_.projection));
    } catch (const std::exception& e) {
        st.error(e.what());
    }
    st.camera = saved_.camera;
    st.scene.show_graticule = saved_.graticule, st.scene.show_labels = saved_.labels;
    st.scene.show_mgrs_grid = saved_.mgrs;
    st.scene.domain = saved_.domain;
    if (st.mission.mission()) st.mission.set_phase(saved_.phase);
    for (auto& l : st.scene.layers())
        if (auto it = saved_.visible.find(l->id); it != saved_.visible.end()) l->visible = it->second;
}

} // namespace entente::app
