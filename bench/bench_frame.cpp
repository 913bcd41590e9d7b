// Frame cost: loads the given files once, uploads them once, then draws frames of pan and zoom and reports
// the time per frame. Run it under Mesa's no-op driver (GALLIUM_NOOP=1) to see only the CPU work of Entente
// and the GL API, without the software rasteriser: that cost must not grow with the number of features.
#include "geo/dataset.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/fonts.hpp"
#include "scene/map_scene.hpp"

#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

using namespace entente;

static double thread_cpu() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_frame FILE... (basemap off; 1920x1080; 60 frames)\n");
        return 2;
    }
    render::HeadlessContext ctx;
    render::Renderer renderer;
    renderer.set_glyph_atlas(app::bake_map_font(1));
    render::OffscreenTarget target(1920, 1080);
    target.bind();
    app::MapScene scene;
    scene.show_basemap = false;
    scene.synchronous = true;
    size_t features = 0;
    geo::Bbox extent;
    for (int i = 1; i < argc; ++i) {
        auto src = geo::load_source(argv[i]);
        for (auto& v : src.vectors) {
            features += v->feature_count();
            extent.add(v->extent);
            scene.add_vector(v);
        }
        for (auto& r : src.rasters) {
            extent.add(r->extent_lonlat);
            scene.add_raster(r, app::make_raster_preview(*r));
        }
    }
    render::View v = scene.fit_view(extent, 1920, 1080);
    auto t0 = std::chrono::steady_clock::now();
    scene.draw(renderer, v); // first frame: projection and upload
    glFinish();
    const double upload = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<double> wall, cpu;
    for (int f = 0; f < 60; ++f) {
        // Alternate pans and zooms.
        v.center.x += (f % 2 ? 1 : -1) * 37 * v.units_per_px;
        v.units_per_px *= (f % 4 < 2) ? 0.9 : 1 / 0.9;
        const auto w0 = std::chrono::steady_clock::now();
        const double c0 = thread_cpu();
        scene.draw(renderer, v);
        glFinish();
        cpu.push_back(thread_cpu() - c0);
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("{\"features\": %zu, \"first_frame_s\": %.4f, \"frame_wall_median_ms\": %.3f, "
                "\"frame_cpu_median_ms\": %.3f, \"renderer\": \"%s\"}\n",
                features, upload, wall[wall.size() / 2] * 1e3, cpu[cpu.size() / 2] * 1e3,
                ctx.description().c_str());
    return 0;
}
