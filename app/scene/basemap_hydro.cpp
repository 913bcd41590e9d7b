#include "basemap_hydro.hpp"

#include "assets.hpp"
#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "map_scene.hpp"
#include "project_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace entente::app {

namespace {
// Lakes take the sea's colours (kOcean and kCoast in map_scene.cpp) so inland water reads as water.
constexpr render::Rgba kLake{0.714f, 0.812f, 0.890f, 1};
constexpr render::Rgba kLakeShore{0.40f, 0.55f, 0.68f, 1};
// Rivers a little darker than the lakes: a thin line in the sea's own colour would vanish on the land.
constexpr render::Rgba kRiver{0.44f, 0.61f, 0.78f, 1};
constexpr render::Rgba kTown{0.22f, 0.21f, 0.20f, 1};
constexpr render::Rgba kTownLabel{0.22f, 0.21f, 0.20f, 1};

std::shared_ptr<geo::VectorLayer> load_asset(const std::string& file, bool tessellate) {
    const std::string path = asset_path("basemap/" + file);
    if (!std::filesystem::exists(path))
        throw geo::InputError(path, "basemap file missing", geo::ErrorKind::NotFound);
    geo::LoadOptions opt;
    opt.tessellate = tessellate;
    opt.repair_polygons = false; // our own Natural Earth asset: no GEOS pass at start-up
    auto src = geo::load_source("/vsigzip/" + path, opt);
    if (src.vectors.empty()) throw geo::InputError(path, "no layer", geo::ErrorKind::NotFound);
    return src.vectors[0];
}

// The lines of one rank, so each rank gets its own GPU layer and line width.
std::shared_ptr<geo::VectorLayer> lines_of_rank(const geo::VectorLayer& v, int rank) {
    const int f = v.field_index("rank");
    auto out = std::make_shared<geo::VectorLayer>();
    const geo::LineSet& ls = v.lines;
    out->lines.part_start.push_back(0);
    for (size_t p = 0; p < ls.parts(); ++p) {
        const uint32_t feature = ls.part_feature[p];
        if (f < 0 || int(v.value_number(feature, size_t(f))) != rank) continue;
        out->lines.coords.insert(out->lines.coords.end(), ls.coords.begin() + ls.part_start[p],
                                 ls.coords.begin() + ls.part_start[p + 1]);
        out->lines.part_start.push_back(uint32_t(out->lines.coords.size()));
        out->lines.part_feature.push_back(feature);
    }
    if (out->lines.parts() == 0) return nullptr;
    return out;
}

} // namespace

TownFilter town_filter(double mpp) {
    // Thresholds per logical pixel: a whole-world thumbnail (> 25 km/px) is about countries, not towns; then
    // world (> 9 km/px), 1:10M-ish, 1:5M, 1:2M, 1:1M and closer.
    // At world scale the capitals of island states would dot the oceans: only those of 250,000 or more.
    if (mpp > 25000) return {};
    if (mpp > 15000) return {5e6, true, 1e6};
    if (mpp > 9000) return {3e6, true, 2.5e5};
    // A theatre overview names capitals and cities; an operational map its towns.
    if (mpp > 3000) return {1e6, true};
    if (mpp > 1000) return {2.5e5, true};
    if (mpp > 300) return {5e4, true};
    return {1e4, true};
}

int river_ranks_shown(double mpp) {
    if (mpp > 9000) return 0; // world scale: rivers would only clutter
    if (mpp > 4000) return 1;
    if (mpp > 400) return 2;
    return 3;
}

HydroLayer::HydroLayer() = default;

HydroLayer::~HydroLayer() {
    for (auto& t : threads_)
        t.join();
}

void HydroLayer::load_level(Level& l, int scale) {
    const std::string n = scale_name(BasemapScale(scale));
    try {
        l.lakes = load_asset("lakes_" + n + ".geojson.gz", true);
        if (scale > 0) { // no rivers at 110m
            auto rivers = load_asset("rivers_" + n + ".geojson.gz", false);
            for (int rank = 1; rank <= 3; ++rank)
                l.rivers[size_t(rank - 1)] = lines_of_rank(*rivers, rank);
        }
        l.state = 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente: basemap lakes/rivers %s: %s\n", n.c_str(), e.what());
        l.state = 3;
    }
    l.state.notify_all();
}

void HydroLayer::load_towns(Towns& t) {
    try {
        t.data = load_asset("places.geojson.gz", false);
        const geo::VectorLayer& v = *t.data;
        const int fpop = v.field_index("population"), fcap = v.field_index("capital");
        if (fpop < 0 || fcap < 0)
            throw geo::InputError(v.source, "no population or capital field", geo::ErrorKind::Unsupported);
        for (size_t i = 0; i < v.feature_count(); ++i) {
            t.population.push_back(v.value_number(i, size_t(fpop)));
            t.capital.push_back(v.value_number(i, size_t(fcap)) == 1);
            if (t.capital.back()) t.capitals.push_back(uint32_t(i));
        }
        t.state = 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente: basemap towns: %s\n", e.what());
        t.state = 3;
    }
    t.state.notify_all();
}

HydroLayer::Level* HydroLayer::level(int scale, bool synchronous) {
    Level& l = levels_[size_t(scale)];
    int expected = 0;
    if (l.state.compare_exchange_strong(expected, 1)) {
        if (synchronous)
            load_level(l, scale);
        else
            threads_.emplace_back([&l, scale] { load_level(l, scale); });
    }
    if (synchronous) l.state.wait(1); // a load preload() started
    return l.state == 2 ? &l : nullptr;
}

void HydroLayer::preload(BasemapScale scale) {
    level(int(scale), false);
    towns_ready(false);
}

bool HydroLayer::towns_ready(bool synchronous) {
    int expected = 0;
    if (towns_.state.compare_exchange_strong(expected, 1)) {
        if (synchronous)
            load_towns(towns_);
        else
            threads_.emplace_back([this] { load_towns(towns_); });
    }
    if (synchronous) towns_.state.wait(1);
    return towns_.state == 2;
}

bool HydroLayer::loading() const {
    for (auto& l : levels_)
        if (l.state == 1) return true;
    return towns_.state == 1;
}

void HydroLayer::reset_gpu() {
    // A new GL context: the old handles mean nothing in it.
    for (auto& l : levels_)
        l.lakes_gpu = 0, l.rivers_gpu = {}, l.projection.clear();
    towns_.gpu = 0, towns_.projection.clear(), towns_.shown = TownFilter{-1};
}

void HydroLayer::prepare_towns(render::Renderer& r, const geo::Projection& proj, const std::string& key) {
    Towns& t = towns_;
    if (t.projection != key) {
        const geo::VectorLayer& v = *t.data;
        // `label`: the name in the map font's characters (build_basemap_places.mjs); `name` in older files.
        const int fname = v.field_index("label") >= 0 ? v.field_index("label") : v.field_index("name");
        std::vector<geo::LonLat> ll(v.feature_count(), geo::LonLat{NAN, NAN});
        for (size_t i = 0; i < v.points.coords.size(); ++i)
            ll[v.points.feature[i]] = v.points.coords[i];
        std::vector<geo::XY> xy(ll.size());
        proj.forward(ll, xy);
        t.labels.assign(ll.size(), {});
        t.grid_box = {};
        render::PointCloud pc;
        for (size_t i = 0; i < ll.size(); ++i) {
            render::LabelCandidate& c = t.labels[i];
            const bool ok =
                std::isfinite(xy[i].x) && std::isfinite(xy[i].y) && proj.in_domain(ll[i].lon, ll[i].lat);
            c.map_pos = ok ? xy[i] : geo::XY{NAN, NAN};
            if (!ok) continue;
            t.grid_box.add(xy[i].x, xy[i].y);
            pc.xy.push_back(float(xy[i].x));
            pc.xy.push_back(float(xy[i].y));
            pc.feature.push_back(uint32_t(i));
            const bool big = t.capital[i] || t.population[i] >= 1e6;
            c.text = fname >= 0 ? v.value_text(i, size_t(fname)) : "";
            // Below every country name (priority = area, >= 0) and mission or user label; larger towns first.
            c.priority = -1.0f + float(std::min(t.population[i], 5e7) / 1e8) + (t.capital[i] ? 0.4f : 0.f);
            c.size_px = big ? 12.f : 11.f;
            c.colour = kTownLabel;
            c.kind = render::LabelKind::Point; // around its dot, drawn only where the name is placed
            c.clearance_px = 3;
            c.leader = false;
            c.what = render::LabelClass::Town;
        }
        // The grid: towns stay in population order within each cell.
        t.grid_n = 128;
        t.cells.assign(size_t(t.grid_n * t.grid_n), {});
        for (size_t i = 0; i < ll.size(); ++i) {
            const geo::XY p = t.labels[i].map_pos;
            if (!std::isfinite(p.x)) continue;
            const int cx =
                std::clamp(int((p.x - t.grid_box.minx) / t.grid_box.width() * t.grid_n), 0, t.grid_n - 1);
            const int cy =
                std::clamp(int((p.y - t.grid_box.miny) / t.grid_box.height() * t.grid_n), 0, t.grid_n - 1);
            t.cells[size_t(cy * t.grid_n + cx)].push_back(uint32_t(i));
        }
        if (!t.gpu) t.gpu = r.create_layer();
        r.set_points(t.gpu, pc);
        t.projection = key;
        t.shown = TownFilter{-1};
    }
    // Hide the towns too small for this resolution; redone only when the filter changes, not per frame.
    const TownFilter& f = filter_;
    if (t.shown.min_population != f.min_population || t.shown.capitals != f.capitals ||
        t.shown.capital_min_population != f.capital_min_population) {
        std::vector<float> size(t.population.size());
        for (size_t i = 0; i < size.size(); ++i)
            size[i] = !f.shows(t.population[i], t.capital[i]) ? 0.f : t.capital[i] ? 1.3f : 1.f;
        r.set_feature_sizes(t.gpu, size);
        t.shown = f;
    }
}

void HydroLayer::draw_water(render::Renderer& r, const render::View& view, const geo::Projection& proj,
                            const std::string& key, BasemapScale scale, double metres_per_px,
                            bool synchronous) {
    if (renderer_id_ && renderer_id_ != r.id()) reset_gpu();
    renderer_id_ = r.id();
    const double mpp = metres_per_px * view.pixel_ratio; // per logical pixel, as MapScene::scale_for
    Level* l = nullptr;
    // While a finer level loads in the background, keep showing a coarser one.
    for (int s = int(scale); !l && s >= 0; --s)
        l = level(s, synchronous);
    if (l && l->projection != key) {
        auto up = [&](render::LayerHandle& h, const geo::VectorLayer& v) {
            if (!h) h = r.create_layer();
            ProjectedGeometry g = project_layer(v, proj);
            r.set_fill(h, g.fill);
            r.set_lines(h, g.lines);
        };
        up(l->lakes_gpu, *l->lakes);
        for (size_t k = 0; k < 3; ++k)
            if (l->rivers[k]) up(l->rivers_gpu[k], *l->rivers[k]);
        l->projection = key;
    }
    const float w = view.pixel_ratio >= 1 ? 1.0f : 0.8f;
    if (l) {
        r.draw_fill(l->lakes_gpu, {kLake});
        r.draw_lines(l->lakes_gpu, {kLakeShore, 0.7f * w});
        // Wider for the major rivers, and a little thinner on the coarse level where they run close together.
        const float coarse = scale == BasemapScale::S10m ? 1.0f : 0.8f;
        constexpr float kWidth[3] = {1.5f, 1.0f, 0.7f};
        const int ranks = river_ranks_shown(mpp);
        for (int k = ranks - 1; k >= 0; --k)
            if (l->rivers[size_t(k)])
                r.draw_lines(l->rivers_gpu[size_t(k)], {kRiver, kWidth[k] * coarse * w});
    }
    filter_ = town_filter(mpp);
    towns_drawable_ = towns_ready(synchronous);
    if (towns_drawable_) prepare_towns(r, proj, key);
}

void HydroLayer::draw_towns(render::Renderer& r, const render::View&) {
    if (!towns_drawable_ || !towns_.gpu || !filter_.any()) return;
    render::PointStyle ps;
    ps.fill = kTown;
    ps.outline = {1, 1, 1, 0.9f};
    ps.size_px = 4.5f;
    ps.outline_px = 1;
    ps.size_by_feature = true;
    r.draw_points(towns_.gpu, ps);
}

void HydroLayer::label_candidates(const render::View& view, double metres_per_px,
                                  std::vector<const render::LabelCandidate*>& out) {
    const Towns& t = towns_;
    if (!towns_drawable_ || t.projection.empty() || t.grid_n == 0 || t.grid_box.empty()) return;
    const TownFilter f = town_filter(metres_per_px * view.pixel_ratio);
    if (!f.any()) return;
    const geo::Bbox vb = view.map_bounds();
    std::vector<uint32_t> picked;
    // On a wrapping map the view may show the primary world's towns shifted by a world width either way.
    const int wraps = view.world_width > 0 ? 1 : 0;
    for (int k = -wraps; k <= wraps; ++k) {
        const geo::Bbox b{vb.minx - k * view.world_width, vb.miny, vb.maxx - k * view.world_width, vb.maxy};
        if (b.maxx < t.grid_box.minx || b.minx > t.grid_box.maxx || b.maxy < t.grid_box.miny ||
            b.miny > t.grid_box.maxy)
            continue;
        auto cell = [&](double v, double lo, double span) {
            return std::clamp(int((v - lo) / span * t.grid_n), 0, t.grid_n - 1);
        };
        const int x0 = cell(b.minx, t.grid_box.minx, t.grid_box.width()),
                  x1 = cell(b.maxx, t.grid_box.minx, t.grid_box.width());
        const int y0 = cell(b.miny, t.grid_box.miny, t.grid_box.height()),
                  y1 = cell(b.maxy, t.grid_box.miny, t.grid_box.height());
        auto inside = [&](uint32_t i) {
            const geo::XY p = t.labels[i].map_pos;
            return p.x >= b.minx && p.x <= b.maxx && p.y >= b.miny && p.y <= b.maxy;
        };
        for (int cy = y0; cy <= y1; ++cy)
            for (int cx = x0; cx <= x1; ++cx)
                for (uint32_t i : t.cells[size_t(cy * t.grid_n + cx)]) {
                    if (t.population[i] < f.min_population) break; // the rest of the cell is smaller
                    if (inside(i)) picked.push_back(i);
                }
        if (f.capitals)
            for (uint32_t i : t.capitals)
                if (t.population[i] < f.min_population && f.shows(t.population[i], true) &&
                    std::isfinite(t.labels[i].map_pos.x) && inside(i))
                    picked.push_back(i);
    }
    // Index order is population order: keep the capitals, then the largest.
    std::sort(picked.begin(), picked.end());
    picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    std::stable_partition(picked.begin(), picked.end(), [&](uint32_t i) { return t.capital[i] != 0; });
    if (picked.size() > kMaxLabels) picked.resize(kMaxLabels);
    for (uint32_t i : picked)
        out.push_back(&t.labels[i]);
}

} // namespace entente::app
