#include "app_state.hpp"

#include "missions/persistence.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace entente::app {

namespace fs = std::filesystem;

AppState::AppState() {
    zoom_to_world();
}

void AppState::error(const std::string& t) {
    std::fprintf(stderr, "entente: error: %s\n", t.c_str());
    messages.push_back({Message::Error, t});
}
void AppState::warn(const std::string& t) {
    std::fprintf(stderr, "entente: warning: %s\n", t.c_str());
    messages.push_back({Message::Warning, t});
}
void AppState::info(const std::string& t) {
    messages.push_back({Message::Info, t});
}

void AppState::open(const std::string& path) {
    std::string p = path;
    std::error_code ec;
    if (p.rfind("/vsi", 0) != 0 && fs::exists(p, ec)) p = fs::absolute(p, ec).lexically_normal().string();
    if (missions::is_mission_file(p)) {
        open_mission(p);
        return;
    }
    loader.enqueue(p, scene.projection().spec());
}

bool AppState::open_mission(const std::string& path, bool force) {
    std::error_code ec;
    const std::string p = fs::exists(path, ec) ? fs::absolute(path, ec).lexically_normal().string() : path;
    if (!force && mission.dirty()) {
        mission_waiting = p;
        return false;
    }
    try {
        mission.open(p);
    } catch (const std::exception& e) {
        error(e.what());
        return false;
    }
    recent.erase(std::remove(recent.begin(), recent.end(), p), recent.end());
    recent.push_front(p);
    info("opened mission " + p);
    if (zoom_on_open && !restoring_view_ && !mission.extent().empty()) zoom_when_laid_out = mission.extent();
    return true;
}

void AppState::open(const std::string& path, std::optional<float> risk_threshold) {
    std::error_code ec;
    std::string p = path;
    if (p.rfind("/vsi", 0) != 0 && fs::exists(p, ec)) p = fs::absolute(p, ec).lexically_normal().string();
    risk_paths_[p] = risk_threshold;
    loader.enqueue(p, scene.projection().spec());
}

void AppState::poll_loads() {
    for (LoadResult& r : loader.take_results()) {
        if (!r.ok) {
            if (r.cancelled)
                info(r.error);
            else
                error(r.error);
            continue;
        }
        for (auto& w : r.source.warnings)
            warn(w);
        geo::Bbox extent;
        const bool first = scene.layers().empty();
        for (size_t i = 0; i < r.source.vectors.size(); ++i) {
            MapLayer& l = scene.add_vector(r.source.vectors[i]);
            if (r.source.vectors.size() == 1)
                l.title = fs::path(r.path).filename().string();
            else
                l.title = fs::path(r.path).filename().string() + " : " + l.title;
            l.prebuilt = std::move(r.geometry[i]);
            l.prebuilt_projection = r.projection_key;
            if (auto it = risk_paths_.find(r.path); it != risk_paths_.end()) {
                try {
                    scene.make_risk_layer(l, it->second);
                } catch (const std::exception& e) {
                    warn(e.what());
                }
            }
            restyle(l);
            extent.add(lonlat_extent(*r.source.vectors[i]));
            active_layer = l.id;
        }
        for (size_t i = 0; i < r.source.rasters.size(); ++i) {
            MapLayer& l = scene.add_raster(r.source.rasters[i], r.previews[i]);
            if (auto it = risk_paths_.find(r.path); it != risk_paths_.end())
                scene.make_risk_layer(l, it->second);
            restyle(l);
            extent.add(r.source.rasters[i]->extent_lonlat);
            active_layer = l.id;
        }
        recent.erase(std::remove(recent.begin(), recent.end(), r.path), recent.end());
        recent.push_front(r.path);
        while (recent.size() > 12)
            recent.pop_back();
        info("opened " + r.path);
        // Files opened together are looked at together, once the last has loaded.
        if ((first || zoom_on_open) && !restoring_view_) opened_extent_.add(extent);
        // Made once the window has laid its panels out, as for a mission: a file can finish loading before
        // the first frame, and would then be framed under the panels.
        if (zoom_after_load && !loader.busy()) {
            zoom_when_laid_out = *zoom_after_load;
            zoom_after_load.reset();
            opened_extent_ = {};
        } else if (!loader.busy() && !opened_extent_.empty()) {
            zoom_when_laid_out = opened_extent_;
            opened_extent_ = {};
        }
    }
    if (!loader.busy()) restoring_view_ = false;
}

float AppState::style_ratio() const {
    if (!scene.briefing.on) return pixel_ratio;
    return std::max(pixel_ratio, std::max(0.5f, std::min(fb_width / 1920.f, fb_height / 1080.f)));
}

render::View AppState::view() const {
    return camera.view(fb_width, fb_height, style_ratio(), scene.projection().world_width());
}

void AppState::set_projection(const geo::ProjectionSpec& spec) {
    // Keep looking at the same place and the same ground resolution.
    const render::View v = view();
    const auto centre = scene.projection().inverse(v.center);
    const double mpp = scene.metres_per_px(v);
    geo::ProjectionSpec s = spec;
    if (s.kind == geo::ProjectionKind::LambertAzimuthal && centre && s.lon0 == 0 && s.lat0 == 0)
        s.lon0 = centre->lon, s.lat0 = centre->lat;
    try {
        scene.set_projection(s);
    } catch (const std::exception& e) {
        error(e.what());
        return;
    }
    if (centre && scene.projection().in_domain(centre->lon, centre->lat)) {
        camera.center = scene.projection().forward(*centre);
        const double m = scene.projection().metres_per_unit_at(camera.center);
        if (std::isfinite(m) && m > 0 && std::isfinite(mpp)) camera.units_per_px = mpp / m;
    } else {
        zoom_to_world();
    }
    if (!std::isfinite(camera.center.x)) zoom_to_world();
}

void AppState::zoom_to_world() {
    zoom_to_bbox({-180, -60, 180, 78});
}

void AppState::zoom_to_bbox(const geo::Bbox& ll) {
    if (ll.empty()) return;
    const geo::Bbox b = MapScene::with_margin(ll);
    // Fit into the part of the map the side panels leave free, then shift the centre to match.
    const int free_w = std::max(64, fb_width - int(inset_left + inset_right));
    const int free_h = std::max(64, fb_height - int(inset_top + inset_bottom));
    const render::View v = scene.fit_view(b, free_w, free_h, pixel_ratio);
    camera.units_per_px = v.units_per_px;
    camera.center = {v.center.x - (inset_left - inset_right) * 0.5 * v.units_per_px,
                     v.center.y + (inset_top - inset_bottom) * 0.5 * v.units_per_px};
}

void AppState::clamp_zoom() {
    const double mpu = scene.projection().metres_per_unit_at(camera.center);
    const double m = std::isfinite(mpu) && mpu > 0 ? mpu : 1.0;
    camera.clamp(scene.projection().world_width(), 0.1 / m, 4.0e7 / m / std::max(1, fb_width) * 3);
    if (!std::isfinite(camera.center.x) || !std::isfinite(camera.center.y)) zoom_to_world();
}

void AppState::zoom_to_mission() {
    const geo::Bbox b = mission.extent();
    if (!b.empty()) zoom_to_bbox(b);
}

void AppState::zoom_to_layer(uint64_t id) {
    if (MapLayer* l = scene.find(id)) zoom_to_bbox(scene.layer_extent_lonlat(*l));
}

void AppState::zoom_to_feature(uint64_t layer, uint32_t feature) {
    MapLayer* l = scene.find(layer);
    if (!l || !l->vector || feature >= l->vector->feature_count()) return;
    zoom_to_bbox(lonlat_extent(*l->vector, feature));
}

void AppState::select(uint64_t layer, uint32_t feature) {
    scene.selection = {layer, feature};
    identified = Pick{layer, feature};
    active_layer = layer;
}

bool AppState::ensure_reference_data() {
    if (scene.reference_data) return true;
    if (!scene.reference_error.empty()) return false;
    try {
        scene.reference_data = load_reference_data();
        for (auto& w : scene.reference_data->warnings)
            warn(w);
    } catch (const std::exception& e) {
        scene.reference_error = e.what();
        error(e.what());
        return false;
    }
    return true;
}

void AppState::remove_layer(uint64_t id) {
    scene.remove_layer(id);
    if (identified && identified->layer == id) identified.reset();
    if (active_layer == id) active_layer = scene.layers().empty() ? 0 : scene.layers().front()->id;
}

std::string AppState::session_path() {
    if (const char* d = std::getenv("ENTENTE_CONFIG_DIR")) return std::string(d) + "/session.json";
    if (const char* x = std::getenv("XDG_CONFIG_HOME")) return std::string(x) + "/entente/session.json";
    if (const char* h = std::getenv("HOME")) return std::string(h) + "/.config/entente/session.json";
    return "entente-session.json";
}

static std::string style_key(const MapLayer& l) {
    return l.source + "|" + (l.vector ? l.vector->name : std::string("raster"));
}

void AppState::restyle(MapLayer& l) {
    auto it = saved_styles_.find(style_key(l));
    if (it == saved_styles_.end()) return;
    const auto& j = it->second;
    if (l.vector && j.contains("style")) l.style = vector_style_from_json(j["style"]);
    if (l.raster && j.contains("raster")) l.raster_style = raster_display_from_json(j["raster"]);
    l.visible = j.value("visible", true);
    l.opacity = j.value("opacity", 1.0f);
    l.colours_dirty = true;
}

void AppState::load_session(bool reopen_files) {
    std::ifstream in(session_path());
    if (!in) return;
    try {
        nlohmann::json j = nlohmann::json::parse(in);
        if (j.contains("layout")) ui_layout = j["layout"];
        for (auto& r : j.value("recent", nlohmann::json::array()))
            recent.push_back(r.get<std::string>());
        // Named first: items() of a temporary would dangle once the loop starts (and corrupt the saved
        // styles).
        const nlohmann::json styles = j.value("styles", nlohmann::json::object());
        for (auto& [k, v] : styles.items())
            saved_styles_[k] = v;
        if (j.contains("projection")) {
            try {
                scene.set_projection(geo::ProjectionSpec::parse(j["projection"].get<std::string>()));
            } catch (const std::exception& e) {
                warn(std::string("session: ") + e.what());
            }
        }
        if (j.contains("view") && j["view"].size() == 3) {
            camera.center = {j["view"][0].get<double>(), j["view"][1].get<double>()};
            camera.units_per_px = j["view"][2].get<double>();
        }
        scene.show_mgrs_grid = j.value("mgrs_grid", false);
        zoom_on_open = j.value("zoom_on_open", true);
        restoring_view_ = reopen_files && j.contains("view");
        if (j.contains("domain")) {
            const auto& d = j["domain"];
            if (auto date = geo::Date::parse(d.value("date", std::string()))) scene.reference.date = *date;
            scene.reference.alliances = d.value("alliances", std::vector<std::string>());
            scene.reference.peace_ops =
                d.value("peace_ops", d.value("missions", false)); // "missions": older sessions
            scene.reference.legend = d.value("legend", true);
        }
        if (reopen_files && j.contains("mission")) {
            const std::string m = j["mission"].get<std::string>();
            if (fs::exists(m))
                open_mission(m);
            else
                warn(m + ": mission in the last session but no longer there");
        }
        if (reopen_files) {
            // Bottom of the list first, so the list comes back in the same order.
            auto files = j.value("files", nlohmann::json::array());
            for (auto it = files.rbegin(); it != files.rend(); ++it) {
                const std::string f = it->get<std::string>();
                if (fs::exists(f))
                    open(f);
                else
                    warn(f + ": in the last session but no longer there");
            }
        }
    } catch (const std::exception& e) {
        warn(session_path() + ": ignored a damaged session file (" + e.what() + ")");
    }
}

void AppState::save_session() const {
    nlohmann::json j;
    j["recent"] = recent;
    j["projection"] = scene.projection().spec().to_string();
    j["view"] = {camera.center.x, camera.center.y, camera.units_per_px};
    j["mgrs_grid"] = scene.show_mgrs_grid;
    j["zoom_on_open"] = zoom_on_open;
    nlohmann::json styles = nlohmann::json::object();
    for (auto& [k, v] : saved_styles_)
        styles[k] = v;
    std::vector<std::string> files;
    for (auto& l : scene.layers()) {
        nlohmann::json s{{"visible", l->visible}, {"opacity", l->opacity}};
        if (l->vector) s["style"] = to_json(l->style);
        if (l->raster) s["raster"] = to_json(l->raster_style);
        styles[style_key(*l)] = s;
        if (std::find(files.begin(), files.end(), l->source) == files.end()) files.push_back(l->source);
    }
    j["styles"] = styles;
    j["domain"] = {{"date", scene.reference.date.str()},
                   {"alliances", scene.reference.alliances},
                   {"peace_ops", scene.reference.peace_ops},
                   {"legend", scene.reference.legend}};
    j["files"] = files;
    if (!mission.path.empty()) j["mission"] = mission.path;
    if (!ui_layout.is_null()) j["layout"] = ui_layout;
    const std::string path = session_path();
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    // Write then rename so a crash mid-write never leaves a half session.
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        out << j.dump(2);
        if (!out) return;
    }
    fs::rename(tmp, path, ec);
}

} // namespace entente::app
