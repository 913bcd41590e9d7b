#include "briefing_mode.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace entente::app {

namespace fs = std::filesystem;

namespace {

bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

} // namespace

void apply_slide(AppState& st, const SlideSettings& s) {
    try {
        const geo::ProjectionSpec spec = geo::ProjectionSpec::parse(s.crs);
        if (spec.to_string() != st.scene.projection_key()) st.scene.set_projection(spec);
    } catch (const std::exception& e) {
        st.error(e.what());
    }
    const render::View v = st.scene.fit_view(s.bbox, st.fb_width, st.fb_height, st.style_ratio());
    st.camera.center = v.center;
    st.camera.units_per_px = v.units_per_px;
    if (auto d = geo::Date::parse(s.date)) st.scene.reference.date = *d;
    st.scene.reference.alliances = s.alliances;
    st.scene.reference.peace_ops = s.operations;
    if (st.scene.reference.any()) st.ensure_reference_data();
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
    saved_.reference = st.scene.reference;
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
    st.scene.reference = saved_.reference;
    if (st.mission.mission()) st.mission.set_phase(saved_.phase);
    for (auto& l : st.scene.layers())
        if (auto it = saved_.visible.find(l->id); it != saved_.visible.end()) l->visible = it->second;
}

} // namespace entente::app
