// `entente load FILE...`: loading until drawable, timed (the loading benchmark's figure).
#include "command.hpp"
#include "geo/dataset.hpp"
#include "heap_pages.hpp"
#include "scene/map_scene.hpp"
#include "scene/project_layer.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>

namespace entente::app {

namespace {

// Loads each file the way the window does until it is ready to draw (read, split, tessellated, projected to
// Web Mercator render data) and reports the time: the figure the loading benchmark compares against GDAL.
int cmd_load(const std::vector<std::string>& files, const std::string& crs, bool gdal_features) {
    geo::Projection proj(geo::ProjectionSpec::parse(crs));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
        const auto t0 = std::chrono::steady_clock::now();
        geo::LoadOptions opt;
        opt.fast_geojson = opt.arrow_gpkg = !gdal_features;
        PointProjector points(proj);
        opt.on_points = points.callback();
        geo::LoadedSource src = geo::load_source(f, opt);
        size_t features = 0, triangles = 0, vertices = 0;
        for (auto& v : src.vectors) {
            ProjectedGeometry g = project_layer(*v, proj, &points);
            features += v->feature_count();
            triangles += g.fill.triangles().size() / 3;
            vertices += g.fill.feature.size() + g.lines.feature.size() + g.points.feature.size();
        }
        for (auto& r : src.rasters) {
            auto p = make_raster_preview(*r);
            vertices += p->grid_lonlat.size();
        }
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        out.push_back({{"file", f},
                       {"seconds", s},
                       {"features", features},
                       {"triangles", triangles},
                       {"vertices", vertices},
                       {"warnings", src.warnings},
                       {"reader", src.reader},
                       {"huge_pages", heap_on_huge_pages()}});
        if (!src.why_gdal.empty()) out.back()["why_gdal"] = src.why_gdal;
    }
    std::cout << out.dump(2) << "\n";
    return 0;
}

class LoadCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c =
            app.add_subcommand("load", "Load files until ready to draw and report timings (benchmarks)");
        c->add_option("files", files_, "Files")->required();
        c->add_option("--crs", crs_, "Projection to prepare for")->capture_default_str();
        c->add_flag("--gdal-features", gdal_features_,
                    "Read every file through GDAL's features (no simdjson, no Arrow stream), for comparison");
        return c;
    }
    int run() override { return cmd_load(files_, crs_, gdal_features_); }

  private:
    std::vector<std::string> files_;
    std::string crs_ = "webmercator";
    bool gdal_features_ = false;
};

} // namespace

std::unique_ptr<Command> load_command() {
    return std::make_unique<LoadCommand>();
}

} // namespace entente::app
