#include "map_scene.hpp"
#include "picking.hpp"

#include "assets.hpp"
#include "geo/antimeridian.hpp"
#include "geo/error.hpp"
#include "render/labels.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

namespace entente::app {

namespace {
// A calm, light basemap that overlays read well on, in a briefing room as on a laptop.
constexpr render::Rgba kOcean{0.714f, 0.812f, 0.890f, 1};
constexpr render::Rgba kLand{0.953f, 0.941f, 0.910f, 1};
constexpr render::Rgba kCoast{0.40f, 0.55f, 0.68f, 1};
constexpr render::Rgba kBorder{0.60f, 0.55f, 0.52f, 1};
constexpr render::Rgba kCountryLabel{0.30f, 0.28f, 0.26f, 1};

} // namespace

const char* scale_name(BasemapScale s) {
    switch (s) {
    case BasemapScale::S110m:
        return "110m";
    case BasemapScale::S50m:
        return "50m";
    case BasemapScale::S10m:
        return "10m";
    }
    return "110m";
}

struct MapScene::Basemap {
    struct Scale {
        std::shared_ptr<geo::VectorLayer> land, countries, borders, coast;
        std::atomic<int> state{0}; // 0 idle, 1 loading, 2 ready, 3 failed
        std::string error;
        render::LayerHandle land_gpu = 0, borders_gpu = 0, coast_gpu = 0;
        std::string projection;
        std::vector<render::LabelCandidate> labels;
        std::vector<float> label_area; // km2, parallel to labels
    };
    Scale scales[3];
    std::vector<std::thread> threads;

    ~Basemap() {
        for (auto& t : threads)
            t.join();
    }

    static void load(Scale& s, BasemapScale which) {
        try {
            const std::string n = scale_name(which);
            auto one = [&](const std::string& kind, bool tess) {
                const std::string path = asset_path("basemap/" + kind + "_" + n + ".geojson.gz");
                if (!std::filesystem::exists(path))
                    throw geo::InputError(path, "basemap file missing", geo::ErrorKind::NotFound);
                geo::LoadOptions opt;
                opt.tessellate = tess;
                opt.repair_polygons = false; // our own Natural Earth asset: no GEOS pass at start-up
                auto src = geo::load_source("/vsigzip/" + path, opt);
                if (src.vectors.empty()) throw geo::InputError(path, "no layer", geo::ErrorKind::NotFound);
                return src.vectors[0];
            };
            s.land = one("land", true);
            s.coast = one("coastlines", false);
            s.borders = one("borders", false);
            s.countries = one("countries", true); // triangulated: alliance footprints fill them
            s.state = 2;
        } catch (const std::exception& e) {
            s.error = e.what();
            std::fprintf(stderr, "entente: basemap %s: %s\n", scale_name(which), e.what());
            s.state = 3;
        }
        s.state.notify_all();
    }

    // Returns the scale if ready; starts loading it otherwise (or loads now when synchronous, or waits for
    // a load already started).
    Scale* get(BasemapScale which, bool synchronous) {
        Scale& s = scales[int(which)];
        int expected = 0;
        if (s.state.compare_exchange_strong(expected, 1)) {
            if (synchronous)
                load(s, which);
            else
                threads.emplace_back([&s, which] { load(s, which); });
        }
        if (synchronous) s.state.wait(1);
        return s.state == 2 ? &s : nullptr;
    }
};

MapScene::MapScene() : basemap_(std::make_unique<Basemap>()) {
    geo::init_gdal();
    projection_ = std::make_unique<geo::Projection>(geo::ProjectionSpec{});
}

MapScene::~MapScene() = default;

void MapScene::set_projection(const geo::ProjectionSpec& spec) {
    projection_ = std::make_unique<geo::Projection>(spec);
    // GPU data is rebuilt lazily on the next draw, once, for the new projection.
}

MapLayer& MapScene::add_vector(std::shared_ptr<const geo::VectorLayer> layer) {
    auto l = std::make_unique<MapLayer>();
    l->id = next_id_++;
    l->title = layer->name;
    l->source = layer->source;
    l->vector = std::move(layer);
    l->style = default_style(layers_.size(), l->vector->kind());
    if (auto st = sidecar_style(l->source, l->vector->name)) l->style = *st;
    layers_.insert(layers_.begin(), std::move(l));
    return *layers_.front();
}

MapLayer& MapScene::add_raster(std::shared_ptr<geo::RasterSource> raster,
                               std::shared_ptr<RasterPreview> preview) {
    auto l = std::make_unique<MapLayer>();
    l->id = next_id_++;
    l->title = raster->name;
    l->source = raster->source;
    if (raster->synthetic) l->title = "SYNTHETIC demo: " + l->title;
    l->raster = std::move(raster);
    l->preview = std::move(preview);
    if (l->preview) l->raster_style.min = l->preview->min, l->raster_style.max = l->preview->max;
    if (l->preview && (l->raster->width > l->preview->width || l->raster->height > l->preview->height))
        l->tiles = std::make_shared<RasterTileCache>(l->raster);
    layers_.insert(layers_.begin(), std::move(l));
    return *layers_.front();
}

void MapScene::make_risk_layer(MapLayer& l, std::optional<float> threshold) {
    if (l.raster) {
        l.raster_style.risk = true;
        l.raster_style.ramp = "YlOrRd";
        if (threshold)
            l.raster_style.threshold_on = true, l.raster_style.threshold = *threshold;
        else
            l.raster_style.threshold = l.raster_style.min + 0.75f * (l.raster_style.max - l.raster_style.min);
        return;
    }
    if (!l.vector) return;
    const int field = risk_field(l.vector->fields);
    if (field < 0)
        throw geo::InputError(l.source, "no numeric score attribute to draw it as a risk layer",
                              geo::ErrorKind::Unsupported);
    l.style.mode = ColourMode::Graduated;
    l.style.field = l.vector->fields[size_t(field)].name;
    l.style.ramp = "YlOrRd";
    l.style.risk = true;
    l.style.fill.a = 0.8f;
    l.colours_dirty = true;
}

MapLayer* MapScene::find(uint64_t id) {
    for (auto& l : layers_)
        if (l->id == id) return l.get();
    return nullptr;
}

void MapScene::remove_layer(uint64_t id) {
    for (auto it = layers_.begin(); it != layers_.end(); ++it)
        if ((*it)->id == id) {
            if ((*it)->gpu) to_destroy_.push_back((*it)->gpu);
            if ((*it)->tiles)
                for (auto& [k, u] : (*it)->tiles->uploaded)
                    if (u.gpu) to_destroy_.push_back(u.gpu);
            if (selection && selection->first == id) selection.reset();
            layers_.erase(it);
            return;
        }
}

void MapScene::move_layer(uint64_t id, int delta) {
    for (size_t i = 0; i < layers_.size(); ++i)
        if (layers_[i]->id == id) {
            const long j = long(i) + delta;
            if (j >= 0 && j < long(layers_.size())) std::swap(layers_[i], layers_[size_t(j)]);
            return;
        }
}

std::shared_ptr<RasterPreview> make_raster_preview(const geo::RasterSource& r, int max_side) {
    auto p = std::make_shared<RasterPreview>();
    const double s = std::min(1.0, double(max_side) / std::max(r.width, r.height));
    p->width = std::max(1, int(std::lround(r.width * s)));
    p->height = std::max(1, int(std::lround(r.height * s)));
    if (r.colour) {
        p->rgba = r.read_rgba(0, 0, r.width, r.height, p->width, p->height);
    } else {
        p->values = r.read_values(0, 0, r.width, r.height, p->width, p->height);
        float lo = INFINITY, hi = -INFINITY;
        for (float v : p->values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        if (lo <= hi) p->min = lo, p->max = hi > lo ? hi : lo + 1;
    }
    // Mesh vertices every ~1/64 of the raster: enough for PROJ's curvature to show, few enough to stay cheap.
    p->grid_w = std::clamp(r.width / 8, 2, 65);
    p->grid_h = std::clamp(r.height / 8, 2, 65);
    std::vector<geo::XY> px;
    for (int y = 0; y < p->grid_h; ++y)
        for (int x = 0; x < p->grid_w; ++x)
            px.push_back({double(x) / (p->grid_w - 1) * r.width, double(y) / (p->grid_h - 1) * r.height});
    p->grid_lonlat = r.pixels_to_lonlat(px);
    return p;
}

namespace {
// Polygons under a pixel are left to the outline drawn over them when it covers them: at least a pixel wide
// and mostly opaque.
bool leaves_specks_to_outline(const VectorStyle& s) {
    return s.stroke_width >= 1 && s.stroke.a >= 0.5f;
}

// What a drawn layer keeps once release_after_upload lets its features go: its identity, not its rows.
std::shared_ptr<const geo::VectorLayer> hollow(const geo::VectorLayer& v) {
    auto h = std::make_shared<geo::VectorLayer>();
    h->source = v.source, h->name = v.name, h->crs = v.crs, h->fields = v.fields, h->extent = v.extent;
    h->columns.resize(h->fields.size()); // a column a field, as every layer has
    h->skipped = v.skipped, h->skipped_reason = v.skipped_reason, h->report = v.report;
    return h;
}
} // namespace

void MapScene::upload_vector(render::Renderer& r, MapLayer& l) {
    const std::string key = projection_key();
    if (!l.gpu) l.gpu = r.create_layer();
    // Colours and labels first: they read the features, which a one-shot render lets go before the geometry
    // uploads.
    if (l.colours_dirty) {
        FeatureColours c = l.made_colours ? std::move(*l.made_colours) : feature_colours(*l.vector, l.style);
        l.made_colours.reset();
        r.set_feature_colours(l.gpu, c.fill, c.stroke);
        l.legend = std::move(c.legend);
        l.colours_dirty = false;
    }
    const bool release = release_after_upload && l.vector->feature_count();
    if (release && !l.style.label_field.empty()) build_labels(l);
    if (l.gpu_projection != key) {
        ProjectedGeometry g = (l.prebuilt && l.prebuilt_projection == key)
                                  ? std::move(*l.prebuilt)
                                  : project_layer(*l.vector, *projection_);
        l.prebuilt.reset();
        if (release) {
            // One frame: the features go before anything uploads, so a polygon layer's coordinates never sit
            // beside its GPU copy; the fill keeps a copy of their triangles, a third of their size.
            const auto tris = g.fill.triangles();
            if (g.fill.indices.empty()) g.fill.indices.assign(tris.begin(), tris.end());
            g.fill.shared_indices = {};
            l.vector = hollow(*l.vector);
        }
        // Outlines first, each part let go once on the GPU: the fill's GPU copy is made without them.
        r.set_lines(l.gpu, std::move(g.lines));
        g.lines = {};
        r.set_fill(l.gpu, std::move(g.fill), leaves_specks_to_outline(l.style));
        g.fill = {};
        r.set_points(l.gpu, g.points, true); // drawn at the style's one size (pass 2 below)
        l.gpu_projection = key;
    }
    if (release && l.vector->feature_count()) l.vector = hollow(*l.vector);
}

void MapScene::let_features_go() {
    const std::string key = projection_key();
    for (auto& lp : layers_) {
        MapLayer& l = *lp;
        if (!l.vector || !l.vector->feature_count() || !l.prebuilt || l.prebuilt_projection != key) continue;
        if (l.colours_dirty) l.made_colours = feature_colours(*l.vector, l.style);
        if (!l.style.label_field.empty()) build_labels(l);
        render::FillMesh& fill = l.prebuilt->fill;
        const auto tris = fill.triangles();
        if (fill.indices.empty()) fill.indices.assign(tris.begin(), tris.end());
        fill.shared_indices = {};
        l.vector = hollow(*l.vector);
    }
}

void MapScene::build_labels(MapLayer& l) {
    const std::string key = projection_key() + "|" + l.style.label_field;
    if (l.labels_key == key) return;
    l.labels.clear();
    l.labels_key = key;
    const geo::VectorLayer& v = *l.vector;
    const int field = v.field_index(l.style.label_field);
    if (field < 0) return;
    // One anchor per feature: the point itself, a line's middle vertex, a polygon's box centre.
    std::vector<geo::LonLat> anchor(v.feature_count(), geo::LonLat{NAN, NAN});
    for (size_t i = 0; i < v.points.coords.size(); ++i)
        if (std::isnan(anchor[v.points.feature[i]].lon)) anchor[v.points.feature[i]] = v.points.coords[i];
    for (size_t p = 0; p < v.lines.parts(); ++p) {
        const uint32_t f = v.lines.part_feature[p];
        if (std::isnan(anchor[f].lon))
            anchor[f] = v.lines.coords[(v.lines.part_start[p] + v.lines.part_start[p + 1]) / 2];
    }
    for (size_t f = 0; f < anchor.size(); ++f)
        if (std::isnan(anchor[f].lon) && !v.feature_box(f).empty()) {
            const geo::Bbox b = v.feature_box(f);
            anchor[f] = {(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2};
        }
    const bool points = v.kind() == geo::GeometryKind::Point;
    for (size_t f = 0; f < anchor.size(); ++f) {
        if (std::isnan(anchor[f].lon) || !projection_->in_domain(anchor[f].lon, anchor[f].lat)) continue;
        const geo::XY p = projection_->forward(anchor[f]);
        if (!std::isfinite(p.x)) continue;
        render::LabelCandidate c;
        c.map_pos = p;
        c.text = v.value_text(f, size_t(field));
        c.priority = 1e12f - float(f); // the user's labels win over country names
        c.size_px = 12;
        c.colour = {0.10f, 0.10f, 0.12f, 1};
        c.what = render::LabelClass::User;
        if (points) c.kind = render::LabelKind::Point, c.clearance_px = l.style.point_size * 0.5f;
        l.labels.push_back(std::move(c));
    }
}

// A raster mesh for the current projection: grid corners projected, clamped to the projection's latitudes so
// rasters reaching the poles fill to the edge of a Mercator map instead of being cut away.
render::RasterTile MapScene::raster_mesh(const std::vector<geo::LonLat>& grid, int grid_w, int grid_h) const {
    render::RasterTile t;
    t.grid_w = grid_w, t.grid_h = grid_h;
    std::vector<geo::LonLat> ll = grid;
    const geo::Bbox& dom = projection_->domain();
    for (auto& q : ll)
        if (std::isfinite(q.lat)) q.lat = std::clamp(q.lat, dom.miny, dom.maxy);
    std::vector<geo::XY> xy(ll.size());
    projection_->forward(ll, xy);
    for (size_t i = 0; i < ll.size(); ++i) {
        const bool ok = std::isfinite(xy[i].x) && projection_->in_domain(ll[i].lon, ll[i].lat);
        const int gx = int(i % grid_w), gy = int(i / grid_w);
        t.xyuv.insert(t.xyuv.end(), {ok ? float(xy[i].x) : NAN, ok ? float(xy[i].y) : NAN,
                                     float(gx) / (grid_w - 1), float(gy) / (grid_h - 1)});
    }
    return t;
}

void MapScene::upload_raster(render::Renderer& r, MapLayer& l) {
    const std::string key = projection_key();
    if (l.gpu_projection == key || !l.preview) return;
    if (!l.gpu) l.gpu = r.create_layer();
    const RasterPreview& p = *l.preview;
    render::RasterTile t = raster_mesh(p.grid_lonlat, p.grid_w, p.grid_h);
    t.tex_w = p.width, t.tex_h = p.height;
    // The preview keeps its own (a projection change uploads it again), unless nothing will draw it again.
    if (release_after_upload) {
        t.values = std::move(l.preview->values);
        t.rgba = std::move(l.preview->rgba);
    } else {
        t.values = p.values;
        t.rgba = p.rgba;
    }
    std::vector<render::RasterTile> one;
    one.push_back(std::move(t));
    r.set_raster(l.gpu, std::move(one));
    l.gpu_projection = key;
}

void MapScene::draw_raster_detail(render::Renderer& r, const render::View& view, MapLayer& l,
                                  const render::RasterStyle& rs) {
    RasterTileCache& cache = *l.tiles;
    const std::string pkey = projection_key();
    ++frame_;
    // Upload what arrived; a failed read is remembered as an empty tile so it is not asked for again.
    for (TileData& t : cache.take_ready()) {
        auto& u = cache.uploaded[t.key];
        u.data = std::make_shared<TileData>(std::move(t));
        u.projection.clear();
        u.last_used = frame_;
    }
    // Which level and window this view needs, recomputed only when the view changes.
    char vk[160];
    std::snprintf(vk, sizeof vk, "%s|%.6g|%.6g|%.6g|%dx%d", pkey.c_str(), view.center.x, view.center.y,
                  view.units_per_px, view.width, view.height);
    if (l.tiles_view != vk) {
        l.tiles_view = vk;
        std::vector<TileKey> wanted;
        std::vector<geo::LonLat> ll;
        const geo::Bbox mb = view.map_bounds();
        for (int j = 0; j <= 8; ++j)
            for (int i = 0; i <= 8; ++i) {
                geo::XY m{mb.minx + mb.width() * i / 8, mb.miny + mb.height() * j / 8};
                if (view.world_width > 0) m.x = std::remainder(m.x, view.world_width);
                if (auto q = projection_->inverse(m)) ll.push_back(*q);
            }
        const geo::XY c = view.center;
        auto c0 = projection_->inverse(c), c1 = projection_->inverse({c.x + 10 * view.units_per_px, c.y});
        if (c0 && c1) {
            ll.push_back(*c0);
            ll.push_back(*c1);
        }
        const auto px = l.raster->lonlat_to_pixels(ll);
        geo::Bbox win;
        for (size_t i = 0; i + (c0 && c1 ? 2 : 0) < px.size(); ++i)
            if (std::isfinite(px[i].x)) win.add(px[i].x, px[i].y);
        double spp = NAN; // source pixels per screen pixel at the centre
        if (c0 && c1 && std::isfinite(px[px.size() - 1].x) && std::isfinite(px[px.size() - 2].x))
            spp = std::hypot(px.back().x - px[px.size() - 2].x, px.back().y - px[px.size() - 2].y) / 10;
        const double preview_step = double(l.raster->width) / l.preview->width;
        if (!win.empty() && std::isfinite(spp) && spp < preview_step * 0.75) {
            const int level = std::max(0, int(std::floor(std::log2(std::max(spp, 1e-9)))));
            wanted = cache.wanted(level, win.minx, win.miny, win.maxx, win.maxy);
        }
        l.tiles_wanted = wanted;
        cache.request(wanted);
        // Headless renders cannot show tiles later: wait for them now.
        if (synchronous) {
            while (cache.busy()) {
                for (TileData& t : cache.take_ready()) {
                    auto& u = cache.uploaded[t.key];
                    u.data = std::make_shared<TileData>(std::move(t));
                    u.projection.clear();
                    u.last_used = frame_;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        }
    }
    for (const TileKey& k : l.tiles_wanted) {
        auto it = cache.uploaded.find(k);
        if (it == cache.uploaded.end() || !it->second.data || it->second.data->w == 0) continue;
        auto& u = it->second;
        u.last_used = frame_;
        if (u.projection != pkey) {
            const TileData& t = *u.data;
            render::RasterTile rt = raster_mesh(t.grid, 9, 9);
            rt.tex_w = t.w, rt.tex_h = t.h;
            rt.values = t.values;
            rt.rgba = t.rgba;
            if (!u.gpu) u.gpu = r.create_layer();
            std::vector<render::RasterTile> one;
            one.push_back(std::move(rt));
            r.set_raster(u.gpu, std::move(one));
            u.projection = pkey;
        }
        r.draw_raster(u.gpu, rs);
    }
    // Keep GPU memory bounded: drop the least recently drawn tiles.
    while (cache.uploaded.size() > 96) {
        auto oldest = cache.uploaded.begin();
        for (auto it = cache.uploaded.begin(); it != cache.uploaded.end(); ++it)
            if (it->second.last_used < oldest->second.last_used) oldest = it;
        if (oldest->second.gpu) r.destroy_layer(oldest->second.gpu);
        cache.uploaded.erase(oldest);
    }
}

void MapScene::prepare(render::Renderer& r, const render::View& view) {
    if (last_renderer_id_ && last_renderer_id_ != r.id()) {
        // A different GL context: every handle is stale.
        for (auto& l : layers_) {
            l->gpu = 0, l->gpu_projection.clear(), l->colours_dirty = true;
            if (l->tiles) l->tiles->uploaded.clear(), l->tiles_view.clear();
        }
        for (auto& s : basemap_->scales)
            s.land_gpu = s.borders_gpu = s.coast_gpu = 0, s.projection.clear();
        graticules_.clear();
        to_destroy_.clear();
        reference_layer_ = ReferenceLayer{}; // its handles belonged to the old context
        mission_layer_.reset_gpu();
    }
    last_renderer_id_ = r.id();
    for (auto h : to_destroy_)
        r.destroy_layer(h);
    to_destroy_.clear();
    for (auto& l : layers_) {
        if (!l->visible) continue;
        if (l->vector)
            upload_vector(r, *l);
        else
            upload_raster(r, *l);
    }
}

double MapScene::metres_per_px(const render::View& v) const {
    const double m = projection_->metres_per_unit_at(v.center);
    return (std::isfinite(m) ? m : 1.0) * v.units_per_px;
}

geo::XY MapScene::detail_anchor(const render::View& v) const {
    const DetailAnchor& a = detail_anchor_;
    if (a.units_per_px != v.units_per_px || a.width != v.width || a.height != v.height ||
        a.projection != projection_key())
        return v.center;
    double dx = v.center.x - a.center.x;
    if (v.world_width > 0)
        dx = std::remainder(dx, v.world_width); // the anchor in the view's copy of the world
    const double dy = v.center.y - a.center.y;
    if (std::abs(dx) > v.width * v.units_per_px || std::abs(dy) > v.height * v.units_per_px) return v.center;
    return {v.center.x - dx, a.center.y};
}

double MapScene::detail_metres_per_px(const render::View& v) const {
    const double m = projection_->metres_per_unit_at(detail_anchor(v));
    return (std::isfinite(m) ? m : 1.0) * v.units_per_px;
}

BasemapScale MapScene::scale_for(const render::View& v) const {
    // Per logical pixel, so a high-DPI screen shows the same detail at the same apparent zoom.
    const double mpp = detail_metres_per_px(v) * v.pixel_ratio;
    if (mpp > 9000) return BasemapScale::S110m;
    if (mpp > 1800) return BasemapScale::S50m;
    return BasemapScale::S10m;
}

std::string MapScene::basemap_status() const {
    std::string out;
    for (int i = 0; i < 3; ++i) {
        const int st = basemap_->scales[i].state;
        if (st == 1) out += std::string(out.empty() ? "" : ", ") + "loading " + scale_name(BasemapScale(i));
        if (st == 3) out += std::string(out.empty() ? "" : ", ") + basemap_->scales[i].error;
    }
    return out;
}

const geo::VectorLayer* MapScene::countries() const {
    return current_countries_;
}

bool MapScene::busy() const {
    if (basemap_loading()) return true;
    for (auto& l : layers_)
        if (l->tiles && l->visible && l->tiles->busy()) return true;
    return false;
}

bool MapScene::basemap_shown() const {
    if (!show_basemap) return false;
    for (auto& s : basemap_->scales)
        if (s.state == 2) return true;
    return false;
}

bool MapScene::basemap_loading() const {
    for (auto& s : basemap_->scales)
        if (s.state == 1) return true;
    return hydro_.loading(); // hydro hook: lakes, rivers and towns load in the background too
}

render::View MapScene::fit_view(const geo::Bbox& ll, int width, int height, float pixel_ratio) const {
    render::View v;
    v.width = width, v.height = height, v.pixel_ratio = pixel_ratio;
    v.world_width = projection_->world_width();
    v.background = kOcean;
    geo::Bbox box = ll;
    // West greater than east: the box crosses the antimeridian; continue east past 180.
    if (box.minx > box.maxx) box.maxx += 360;
    geo::Bbox b = projection_->forward_bbox(box);
    if (b.empty()) b = projection_->forward_bbox({-180, -85, 180, 85});
    if (b.empty()) b = geo::Bbox{-2e7, -2e7, 2e7, 2e7};
    v.center = {(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2};
    v.units_per_px = std::max(b.width() / width, b.height() / height);
    if (!(v.units_per_px > 0)) v.units_per_px = 1;
    return v;
}

geo::Bbox MapScene::layer_extent_lonlat(const MapLayer& l) const {
    if (l.vector) return lonlat_extent(*l.vector);
    if (l.raster) return l.raster->extent_lonlat;
    return {};
}

void MapScene::preload(const render::View& view_in) {
    if (!show_basemap) return;
    render::View view = view_in;
    view.world_width = projection_->world_width();
    basemap_->get(scale_for(view), false);
    hydro_.preload(scale_for(view));
}

void MapScene::draw(render::Renderer& r, const render::View& view_in) {
    render::View view = view_in;
    view.world_width = projection_->world_width();
    view.background = kOcean;
    detail_anchor_ = {detail_anchor(view), view.units_per_px, view.width, view.height, projection_key()};
    prepare(r, view);
    r.begin_frame(view);
    r.set_highlight(-1, {});

    // Everything under the mission, as one part the renderer may keep as an image (draw_underlay): while a
    // unit is dragged or a route drawn, a software rasteriser then redraws the mission and the labels, not
    // the map under them, and a pan draws only the strips it uncovers beside the image moved. Called more
    // than once when the image is not copied as it is, so it starts from nothing each time. Nothing here
    // draws in screen pixels (legends, labels: after it), or a pan would draw it all.
    Basemap::Scale* bm = nullptr;
    bool reference_on = false;
    std::vector<render::TextItem> grid_text;
    r.draw_underlay([&] {
        bm = nullptr, reference_on = false;
        grid_text.clear();
        if (show_basemap) {
            const BasemapScale want = scale_for(view);
            bm = basemap_->get(want, synchronous);
            // While a finer scale loads in the background, keep showing a coarser one.
            for (int s = int(want) - 1; !bm && s >= 0; --s)
                bm = basemap_->get(BasemapScale(s), synchronous);
            if (bm && bm->projection != projection_key()) {
                auto up = [&](render::LayerHandle& h, const geo::VectorLayer& l) {
                    if (!h) h = r.create_layer();
                    ProjectedGeometry g = project_layer(l, *projection_);
                    r.set_fill(h, g.fill);
                    r.set_lines(h, g.lines);
                };
                up(bm->land_gpu, *bm->land);
                up(bm->coast_gpu, *bm->coast);
                up(bm->borders_gpu, *bm->borders);
                // Country names at each country's label point.
                bm->labels.clear(), bm->label_area.clear();
                const geo::VectorLayer& c = *bm->countries;
                const int fname = c.field_index("name"), flon = c.field_index("label_lon"),
                          flat = c.field_index("label_lat"), farea = c.field_index("area_km2");
                if (fname >= 0 && flon >= 0 && flat >= 0) {
                    for (size_t i = 0; i < c.feature_count(); ++i) {
                        const double lon = c.value_number(i, flon), lat = c.value_number(i, flat);
                        if (!std::isfinite(lon) || !projection_->in_domain(lon, lat)) continue;
                        const geo::XY p = projection_->forward({lon, lat});
                        if (!std::isfinite(p.x)) continue;
                        const double area = farea >= 0 ? c.value_number(i, farea) : 1000;
                        render::LabelCandidate lc;
                        lc.map_pos = p;
                        lc.text = c.value_text(i, fname);
                        lc.priority = float(area);
                        lc.size_px = area > 2e6 ? 14.f : area > 3e5 ? 12.f : 11.f;
                        lc.colour = kCountryLabel;
                        lc.what = render::LabelClass::Place;
                        bm->labels.push_back(lc);
                        bm->label_area.push_back(float(std::isfinite(area) ? area : 0));
                    }
                }
                bm->projection = projection_key();
            }
            if (bm) r.draw_fill(bm->land_gpu, {kLand});
        }
        current_countries_ = bm ? bm->countries.get() : nullptr;
        if (reference.any() && bm) {
            if (!reference_data && reference_error.empty()) {
                try {
                    reference_data = load_reference_data();
                    for (auto& w : reference_data->warnings)
                        std::fprintf(stderr, "entente: warning: %s\n", w.c_str());
                } catch (const std::exception& e) {
                    reference_error = e.what();
                    std::fprintf(stderr, "entente: %s\n", e.what());
                }
            }
            if (reference_data) {
                reference.subdued =
                    mission_layer_.has_content() ||
                    std::any_of(layers_.begin(), layers_.end(), [](auto& l) { return l->visible; });
                reference_layer_.prepare(r, *bm->countries, *projection_, projection_key(), reference,
                                         *reference_data, detail_metres_per_px(view));
                reference_layer_.draw_fills(r);
                reference_on = true;
            }
        } else {
            reference_layer_.drop_spare(r);
        }

        // Hydro hook: lakes and rivers over the land and alliance fills, under the user's layers.
        if (bm)
            hydro_.draw_water(r, view, *projection_, projection_key(), scale_for(view),
                              detail_metres_per_px(view), synchronous);

        // User layers, bottom of the list first: fills and rasters under the basemap lines, strokes and
        // points above.
        auto for_each_visible = [&](auto&& fn) {
            for (auto it = layers_.rbegin(); it != layers_.rend(); ++it)
                if ((*it)->visible && (*it)->gpu) fn(**it);
        };
        // The selected feature: a translucent yellow fill that keeps what is under it readable, a solid
        // outline.
        auto highlight_for = [&](const MapLayer& l, float alpha) {
            if (selection && selection->first == l.id)
                r.set_highlight(selection->second, {1.0f, 0.85f, 0.0f, alpha});
            else
                r.set_highlight(-1, {});
        };
        // One frame through a one-view renderer: each fill and raster is drawn once, and its memory goes to
        // the outlines and points drawn next.
        const bool one_frame = release_after_upload && r.draws_one_view();
        for_each_visible([&](MapLayer& l) {
            if (l.raster) {
                render::RasterStyle rs;
                rs.min = l.raster_style.min, rs.max = l.raster_style.max, rs.opacity = l.opacity;
                rs.ramp = ramp_stops(l.raster_style.ramp);
                if (!l.raster_style.nodata_transparent) rs.nodata = {0.55f, 0.55f, 0.55f, 0.8f};
                if (l.raster_style.risk && l.raster_style.threshold_on)
                    rs.threshold = l.raster_style.threshold;
                r.draw_raster(l.gpu, rs);
                if (l.tiles) draw_raster_detail(r, view, l, rs);
                if (one_frame) r.drop_raster(l.gpu);
            } else {
                highlight_for(l, 0.55f);
                render::FillStyle fs{l.style.fill, true};
                // Polygons under a pixel are left to the outline drawn over them, when it covers them.
                fs.skip_subpixel = leaves_specks_to_outline(l.style);
                r.draw_fill(l.gpu, fs, l.opacity);
                if (one_frame) r.drop_fill(l.gpu);
            }
        });
        r.set_highlight(-1, {});
        if (bm) {
            const float w = view.pixel_ratio >= 1 ? 1.0f : 0.8f;
            r.draw_lines(bm->coast_gpu, {kCoast, 0.9f * w});
            r.draw_lines(bm->borders_gpu, {kBorder, 0.8f * w});
        }
        if (reference_on) reference_layer_.draw_outlines(r, view.pixel_ratio);
        for_each_visible([&](MapLayer& l) {
            if (!l.vector) return;
            highlight_for(l, 1.0f);
            r.draw_lines(l.gpu, {l.style.stroke, l.style.stroke_width, true}, l.opacity);
            render::PointStyle ps;
            ps.fill = l.style.fill, ps.by_feature = true, ps.size_px = l.style.point_size,
            ps.shape = l.style.shape;
            ps.outline = {1, 1, 1, 0.9f};
            r.draw_points(l.gpu, ps, l.opacity);
        });
        r.set_highlight(-1, {});
        if (reference_on) reference_layer_.draw_symbols(r);

        // Lines and areas first; legends and the slide frame next, so that symbols and labels, placed last,
        // keep clear of them.
        if (show_graticule) draw_graticule(r, view, grid_text);
        if (show_mgrs_grid) {
            std::vector<geo::Bbox> grid_boxes;
            mgrs_grid_.draw(r, view, *projection_, projection_key(), detail_metres_per_px(view), grid_text,
                            grid_boxes);
        }
    });
    mission_layer_.draw(r, view, *projection_, projection_key());
    geo::Bbox reference_box;
    // In a briefing the map's own legends stand above the bottom banner and the attribution line; the slide's
    // legend takes the bottom-left corner (230 px wide, 12 px in), the alliances' legend goes beside it.
    const float pr = view.pixel_ratio;
    const float briefing_legend = briefing.on && !briefing.legend.empty() ? 254 * pr : 0;
    const float briefing_bottom = briefing.on ? ((briefing.marking.empty() ? 0 : 26) + 14) * pr : 0;
    const float saved_bottom = legend_margin_bottom;
    legend_margin_bottom += briefing_bottom;
    legend_boxes_.clear();
    if (reference_on && reference.legend) {
        reference_box = reference_layer_.draw_legend(r, view, reference, legend_margin_left + briefing_legend,
                                                     legend_margin_bottom);
        legend_boxes_.push_back(reference_box);
    }
    draw_risk_legends(r, view, reference_box);
    legend_margin_bottom = saved_bottom;
    if (briefing.on && briefing.drawn_by_map) draw_slide_frame(r, view, *projection_, briefing);

    std::vector<const render::LabelCandidate*> places;
    if (show_labels && bm) {
        // A country is named only when it is big enough on screen for its name.
        const double mpp = detail_metres_per_px(view);
        for (size_t i = 0; i < bm->labels.size(); ++i) {
            const double extent_px = std::sqrt(double(bm->label_area[i])) * 1000.0 / mpp;
            if (extent_px > 28 * pr) places.push_back(&bm->labels[i]);
        }
        hydro_.label_candidates(view, mpp, places); // town names, below country names
    }
    draw_labels(r, view, reference_on, places, grid_text);
    for (auto& [name, fn] : tool_layers)
        fn(r, view);
    r.end_frame();
}

} // namespace entente::app

namespace entente::app {

geo::Bbox MapScene::with_margin(const geo::Bbox& b) {
    const double mx = std::max(b.width() * 0.05, 0.01), my = std::max(b.height() * 0.05, 0.01);
    if (b.maxx > 180 && b.width() + 2 * mx < 360) // across the antimeridian: the margin may cross it too
        return {b.minx - mx, std::max(-90.0, b.miny - my), b.maxx + mx, std::min(90.0, b.maxy + my)};
    return {std::max(-180.0, b.minx - mx), std::max(-90.0, b.miny - my), std::min(180.0, b.maxx + mx),
            std::min(90.0, b.maxy + my)};
}

geo::Bbox lonlat_extent(const geo::VectorLayer& v, std::optional<uint32_t> feature) {
    const geo::Bbox plain = feature ? v.feature_box(*feature) : v.extent;
    if (plain.empty() || plain.width() < 180) return plain;
    // Wide: perhaps data on both sides of +-180, split there at load. Each part lies on one side, so the
    // parts' longitude ranges show where the data is and where the gap is.
    std::vector<std::pair<double, double>> iv;
    auto part = [&](std::span<const geo::LonLat> pts, uint32_t f) {
        if (feature && f != *feature) return;
        double w = 1e300, e = -1e300;
        for (const auto& p : pts)
            if (std::isfinite(p.lon)) w = std::min(w, p.lon), e = std::max(e, p.lon);
        if (w <= e) iv.push_back({w, e});
    };
    for (size_t i = 0; i < v.points.coords.size(); ++i)
        part({&v.points.coords[i], 1}, v.points.feature[i]);
    for (size_t i = 0; i < v.lines.parts(); ++i)
        part({v.lines.coords.data() + v.lines.part_start[i],
              v.lines.part_start[i + 1] - v.lines.part_start[i]},
             v.lines.part_feature[i]);
    const geo::PolygonSet& ps = v.polygons;
    for (size_t p = 0; p < ps.polygons(); ++p)
        for (uint32_t r = ps.poly_ring[p]; r < ps.poly_ring[p + 1]; ++r)
            part({ps.coords.data() + ps.ring_start[r], ps.ring_start[r + 1] - ps.ring_start[r]},
                 ps.poly_feature[p]);
    const auto [w, e] = geo::shortest_lon_cover(std::move(iv));
    if (e <= 180) return plain;
    return {w, plain.miny, e, plain.maxy};
}

std::string MapScene::describe_country_at(geo::LonLat at) {
    const geo::VectorLayer* c = countries();
    if (!c || !reference.any() || !reference_data) return "";
    const int fiso = c->field_index("iso_a3"), fname = c->field_index("name");
    if (fiso < 0) return "";
    for (uint32_t f = 0; f < c->feature_count(); ++f) {
        const geo::Bbox b = c->feature_box(f);
        if (at.lon < b.minx || at.lon > b.maxx || at.lat < b.miny || at.lat > b.maxy ||
            !feature_contains(*c, f, at))
            continue;
        const std::string iso = c->value_text(f, size_t(fiso));
        if (iso.empty()) return "";
        return reference_layer_.describe_country(iso, c->value_text(f, size_t(fname)), reference,
                                                 *reference_data);
    }
    return "";
}

} // namespace entente::app
