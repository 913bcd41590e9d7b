#include "headless_render.hpp"

#include "missions/output_file.hpp"
#include "project_layer.hpp"
#include "render/pdf.hpp"
#include "slide_frame.hpp"

#include "assets.hpp"
#include "fonts.hpp"
#include "geo/error.hpp"
#include "mission_features.hpp"
#include "missions/document.hpp"
#include "missions/persistence.hpp"
#include "overlay_export.hpp"
#include "slide_settings.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>

#include "render/headless.hpp"
#include <algorithm>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace entente::app {

namespace fs = std::filesystem;

namespace {
// Hands the heap's free pages back to the system (glibc keeps them): a one-shot render frees the features,
// the uploads' CPU copies and the GPU buffers in turn, and what follows then need not come on top of them.
void return_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
} // namespace

SizeParse parse_image_size(const std::string& text, int& width, int& height, std::string& why) {
    int w = 0, h = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X')) {
        why = "expected WIDTHxHEIGHT in pixels, e.g. 1920x1080";
        return SizeParse::Malformed;
    }
    if (w < 16 || h < 16 || w > 16384 || h > 16384) {
        why = "each side must lie in 16..16384 pixels";
        return SizeParse::OutOfRange;
    }
    width = w, height = h;
    return SizeParse::Ok;
}

void check_scale(float scale, const std::string& option) {
    if (std::isfinite(scale) && scale >= 0.1f && scale <= 8.f) return;
    char text[64];
    std::snprintf(text, sizeof text, "%g", double(scale));
    throw geo::InputError(option + " " + text, "the scale must lie in 0.1..8 (1 = a 1920x1080 screen)",
                          geo::ErrorKind::OutOfRange);
}

RenderResult render_scene(MapScene& scene, const render::View& view, bool prefer_hardware) {
    using Clock = std::chrono::steady_clock;
    auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
    auto t = Clock::now();
    return_free_memory();
    scene.preload(view); // the basemap's files read while the context is made
    render::HeadlessContext ctx(prefer_hardware);
    RenderResult out;
    out.gl = ctx.description();
    render::OffscreenTarget::check_size(view.width, view.height); // before minutes of uploads
    // Destroyed before the read-back, so that the layers' GPU buffers (once drawn) are gone by then.
    std::optional<render::Renderer> renderer(std::in_place);
    renderer->set_glyph_atlas(bake_map_font(view.pixel_ratio));
    renderer->set_single_view(view); // one frame: each layer uploads only what this view draws
    out.timings.context = since(t);
    t = Clock::now();
    scene.synchronous = true;
    // The layers go up before the framebuffer is made: an upload holds a layer's CPU and GPU copies at once.
    scene.prepare(*renderer, view);
    return_free_memory();
    double draw = since(t);
    t = Clock::now();
    render::OffscreenTarget target(view.width, view.height, render::default_samples());
    target.bind();
    out.timings.context += since(t);
    t = Clock::now();
    scene.draw(*renderer, view);
    out.timings.draw = draw + since(t);
    t = Clock::now();
    renderer.reset();
    return_free_memory();
    out.rgba = target.read_rgba();
    out.timings.finish = since(t);
    out.width = view.width, out.height = view.height;
    return out;
}

namespace {

missions::Mission mission_from_ops(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw geo::InputError(path, "cannot open", geo::ErrorKind::NotFound);
    nlohmann::json ops;
    try {
        ops = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        throw geo::InputError(path, std::string("not JSON: ") + e.what(), geo::ErrorKind::Corrupt);
    }
    missions::Document doc;
    try {
        doc.execute_all(ops);
    } catch (const std::exception& e) {
        throw geo::InputError(path, e.what(), geo::ErrorKind::Corrupt);
    }
    return doc.mission();
}

} // namespace

namespace {

bool is_ops_script(const std::string& f) {
    return f.size() > 9 && f.compare(f.size() - 9, 9, ".ops.json") == 0;
}

// A mission: a mission file, or an edit script (`entente edit` operations) building one in memory.
bool is_mission_input(const std::string& f) {
    return is_ops_script(f) || missions::is_mission_file(f);
}

// The attributes a one-shot render draws from: those its layer's style names (a style file beside the data:
// the colour field, the label field) and a risk layer's score. No other is read or held.
std::vector<bool> fields_styled(const std::string& source, const std::string& layer,
                                const std::vector<geo::Field>& fields, bool risk) {
    std::vector<bool> keep(fields.size(), false);
    const std::optional<VectorStyle> style =
        sidecar_style(source, layer, false); // said when the layer is added
    for (size_t i = 0; i < fields.size(); ++i)
        keep[i] = style && !fields[i].name.empty() &&
                  (fields[i].name == style->field || fields[i].name == style->label_field);
    if (const int r = risk ? risk_field(fields) : -1; r >= 0) keep[size_t(r)] = true;
    return keep;
}

// The request a slide stands for, and the frame around it.
RenderRequest slide_request(const RenderRequest& in, SlideFrame& frame) {
    auto mission_file = std::find_if(in.files.begin(), in.files.end(), is_mission_input);
    if (mission_file == in.files.end())
        throw geo::InputError("--slide " + in.slide, "needs a mission file", geo::ErrorKind::NotFound);
    const missions::Mission m = is_ops_script(*mission_file) ? mission_from_ops(*mission_file)
                                                             : missions::load_mission(*mission_file);
    const SlideSettings ss = slide_settings(m, find_slide(m, in.slide, "--slide " + in.slide), *mission_file);
    RenderRequest rq = in;
    rq.slide.clear();
    rq.bbox = ss.bbox;
    rq.crs = ss.crs;
    rq.date = ss.date;
    rq.phase = ss.phase;
    rq.graticule = ss.graticule;
    rq.labels = ss.labels;
    rq.mgrs_grid = ss.mgrs;
    rq.peace_ops = ss.operations;
    rq.files.clear();
    if (ss.mission) rq.files.push_back(*mission_file);
    rq.alliances.insert(rq.alliances.end(), ss.alliances.begin(), ss.alliances.end());
    rq.risk_files.insert(rq.risk_files.end(), ss.risk_files.begin(), ss.risk_files.end());
    if (ss.risk_threshold) rq.risk_threshold = ss.risk_threshold;
    frame = ss.frame;
    return rq;
}

} // namespace

std::string demo_mission_path() {
    return asset_path("demo/shared_shield.entente.gpkg");
}

RenderRequest demo_request() {
    RenderRequest rq;
    rq.risk_files = {asset_path("demo/risk_synthetic.tif")};
    rq.risk_threshold = kDemoRiskThreshold;
    rq.alliances = {"NATO", "AU"};
    rq.peace_ops = true;
    rq.bbox = geo::Bbox{-25, -38, 62, 56};
    rq.width = 1600, rq.height = 1000;
    return rq;
}

float slide_pixel_ratio(int width, int height, float scale) {
    return scale * std::max(0.5f, std::min(float(width) / 1920.f, float(height) / 1080.f));
}

ComposedMap compose_map(const RenderRequest& req_in) {
    check_scale(req_in.scale);
    ComposedMap out;
    SlideFrame& frame = out.frame;
    const RenderRequest req = req_in.slide.empty() ? req_in : slide_request(req_in, frame);
    out.scene = std::make_unique<MapScene>();
    MapScene& scene = *out.scene;
    scene.briefing = frame;
    if (req_in.frame_as_vector) scene.briefing.drawn_by_map = false;
    scene.set_projection(geo::ProjectionSpec::parse(req.crs));
    scene.show_basemap = req.basemap;
    scene.show_graticule = req.graticule;
    scene.show_mgrs_grid = req.mgrs_grid;
    scene.show_labels = req.labels;
    if (!req.alliances.empty() || req.peace_ops || !req.date.empty()) {
        if (!req.date.empty()) {
            auto d = geo::Date::parse(req.date);
            if (!d)
                throw geo::InputError("--date " + req.date, "not a date (expected YYYY-MM-DD)",
                                      geo::ErrorKind::Unsupported);
            scene.reference.date = *d;
        }
        scene.reference_data = load_reference_data();
        for (const auto& a : req.alliances) {
            const geo::Organisation* org = scene.reference_data->memberships.organisation(a);
            if (!org) {
                std::string known;
                for (auto& o : scene.reference_data->memberships.organisations())
                    known += " " + o.code;
                throw geo::InputError("--alliance " + a, "unknown organisation (known:" + known + ")",
                                      geo::ErrorKind::NotFound);
            }
            scene.reference.alliances.push_back(org->code);
        }
        scene.reference.peace_ops = req.peace_ops;
        scene.reference.legend = req.legend;
    }
    std::vector<std::string>& warnings = out.warnings;
    geo::Bbox extent;
    auto& plans = out.plans;
    // Files load concurrently (a GeoPackage of points and one of polygons each keep a core busy), and join
    // the scene in the order given, so errors and drawing order are as if they loaded one by one.
    // Each file's layers are projected for the map on its loading thread too (its points while GDAL reads
    // ahead), so the draw finds them ready instead of projecting them one after another.
    struct Loaded {
        geo::LoadedSource src;
        std::vector<std::shared_ptr<RasterPreview>> previews;
        std::vector<ProjectedGeometry> geometry; // per vector layer
    };
    const geo::Projection& map_projection = scene.projection();
    auto load_file = [&map_projection, &req](const std::string& f) {
        geo::LoadOptions opt;
        PointProjector points(map_projection);
        opt.on_points = points.callback();
        const bool risk = std::count(req.risk_files.begin(), req.risk_files.end(), f) > 0;
        opt.keep_fields = [f, risk](const std::string& layer, const std::vector<geo::Field>& fields) {
            return fields_styled(f, layer, fields, risk);
        };
        Loaded l{geo::load_source(f, opt), {}, {}};
        for (auto& v : l.src.vectors)
            l.geometry.push_back(project_layer(*v, map_projection, &points));
        for (auto& r : l.src.rasters)
            l.previews.push_back(make_raster_preview(*r));
        return l;
    };
    std::map<std::string, std::future<Loaded>> pending;
    for (const auto* list : {&req.files, &req.risk_files})
        for (const auto& f : *list)
            if (!is_mission_input(f) && !pending.count(f))
                pending[f] = std::async(std::launch::async, load_file, f);
    // Plain layers first, then risk layers, each file in the order given (later files draw on top).
    auto load = [&](const std::string& f, bool risk) {
        if (is_mission_input(f)) {
            // A mission file, or an edit script (`entente edit` operations) building one in memory: its
            // elements for the chosen phase, through the mission model.
            const missions::Mission m = is_ops_script(f) ? mission_from_ops(f) : missions::load_mission(f);
            const std::string phase = resolve_phase(m, req.phase);
            plans.push_back(std::make_unique<missions::Mission>(m));
            scene.mission_layer().set(plans.back().get(), phase, {}, 1);
            extent.add(mission_features(m, phase).extent);
            return;
        }
        // A file given twice is read again for its second layer, as before.
        std::future<Loaded>& future = pending.at(f);
        Loaded loaded = future.valid() ? future.get() : load_file(f);
        const geo::LoadedSource& src = loaded.src;
        warnings.insert(warnings.end(), src.warnings.begin(), src.warnings.end());
        for (size_t i = 0; i < src.vectors.size(); ++i) {
            const auto& v = src.vectors[i];
            extent.add(v->extent);
            MapLayer& l = scene.add_vector(v);
            l.prebuilt = std::move(loaded.geometry[i]);
            l.prebuilt_projection = scene.projection_key();
            if (risk) scene.make_risk_layer(l, req.risk_threshold);
        }
        for (size_t i = 0; i < src.rasters.size(); ++i) {
            extent.add(src.rasters[i]->extent_lonlat);
            MapLayer& l = scene.add_raster(src.rasters[i], loaded.previews[i]);
            if (risk) scene.make_risk_layer(l, req.risk_threshold);
        }
    };
    for (const auto& f : req.files)
        load(f, false);
    for (const auto& f : req.risk_files)
        load(f, true);
    geo::Bbox bbox = req.bbox.value_or(extent.empty() ? geo::Bbox{-180, -70, 180, 80} : extent);
    if (!req.bbox && !extent.empty())
        bbox = MapScene::with_margin(bbox); // as "zoom to layer" does in the window
    const float ratio =
        req_in.slide.empty() ? req.scale : slide_pixel_ratio(req.width, req.height, req.scale);
    out.view = scene.fit_view(bbox, req.width, req.height, ratio);
    return out;
}

RenderResult render_map(const RenderRequest& req) {
    const auto t0 = std::chrono::steady_clock::now();
    ComposedMap map = compose_map(req);
    const double compose = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MapScene& scene = *map.scene;
    const render::View& view = map.view;
    scene.release_after_upload = true; // one frame: the features are not needed once on the GPU
    scene.let_features_go();
    RenderResult out = render_scene(scene, view, req.prefer_hardware);
    out.timings.compose = compose;
    out.warnings = std::move(map.warnings);
    out.map_bounds = view.map_bounds();
    out.crs = scene.projection().spec().crs_definition();
    out.view = view;
    out.projection = scene.projection().spec().to_string();
    out.frame = map.frame;
    out.labels = scene.label_report();
    for (const auto& msg : scene.mission_layer().symbol_messages())
        out.warnings.push_back(msg);
    return out;
}

size_t write_briefing_pdf(const std::string& mission_path, const std::string& output, int width, int height,
                          float scale, const SlideProgress& progress) {
    check_scale(scale);
    missions::check_output_target(output); // before minutes of rendering
    const missions::Mission m = missions::load_mission(mission_path);
    if (m.slides.empty())
        throw geo::InputError(mission_path, "the mission has no briefing slides", geo::ErrorKind::NotFound);
    std::vector<render::PdfPage> pages;
    // Text measured as the screen measures it.
    const render::GlyphAtlas metrics = bake_map_font(slide_pixel_ratio(width, height, scale));
    for (size_t i = 0; i < m.slides.size(); ++i) {
        RenderRequest rq;
        rq.files = {mission_path};
        rq.slide = std::to_string(i + 1);
        rq.width = width, rq.height = height, rq.scale = scale;
        rq.frame_as_vector = true; // banners, titles, legend and scale bar as PDF vectors over the map
        RenderResult res = render_map(rq);
        // 16:9 slides become 13.33 x 7.5 inch pages (a presentation's size), whatever the pixel count.
        const double pw = 960.0, ph = 960.0 * res.height / res.width;
        const geo::Projection proj(geo::ProjectionSpec::parse(res.projection));
        std::string frame = slide_frame_pdf(res.view, proj, res.frame, metrics, pw, ph);
        pages.push_back({res.width, res.height, std::move(res.rgba), pw, ph, std::move(frame)});
        if (progress) progress(i + 1, m.slides.size(), m.slides[i].title, res.warnings);
    }
    const std::string pdf = render::pdf_bytes(pages, m.name + " - briefing");
    if (pdf.empty()) throw geo::InputError(output, "cannot compress the slides", geo::ErrorKind::Failed);
    missions::write_file_atomically(output, pdf);
    return pages.size();
}

} // namespace entente::app
