// Unit symbols at scale: a mission of N units (40 distinct codes, random places in a 20 x 15 degree box),
// the first frame (symbol drawings rasterized into the atlas and uploaded) and the median frame while
// panning and zooming. Run under GALLIUM_NOOP=1 for the CPU side alone, or on a GPU for real frame times.
#include "missions/document.hpp"
#include "render/headless.hpp"
#include "scene/fonts.hpp"
#include "scene/map_scene.hpp"

#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace entente;

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 1000;
    const char* functions[] = {"121100", "121102", "120500", "121300", "130300",
                               "140700", "161300", "141200", "111000", "163400"};
    const char* echelons[] = {"14", "15", "16", "18"};
    missions::Mission m;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(10, 30), lat(-5, 10);
    for (int i = 0; i < n; ++i) {
        missions::Unit u;
        u.id = "u" + std::to_string(i);
        u.sidc = std::string("100") + char('3' + (i % 4 == 3 ? 3 : 0)) + "1000" + echelons[i % 4] +
                 functions[i % 10] + "0000";
        u.designation = std::to_string(i % 9 + 1) + "/" + std::to_string(i % 7 + 1);
        u.higher_formation = "BDE " + std::to_string(i % 5 + 1);
        u.nation = "GHA";
        u.position = {lon(rng), lat(rng)};
        m.units.push_back(u);
    }
    render::HeadlessContext ctx(/*prefer_hardware=*/true); // a GPU where there is one
    render::Renderer renderer;
    renderer.set_glyph_atlas(app::bake_map_font(1));
    render::OffscreenTarget target(1920, 1080);
    target.bind();
    app::MapScene scene;
    scene.show_basemap = false, scene.show_graticule = false;
    scene.mission_layer().set(&m, "", {}, 1);
    render::View v = scene.fit_view({10, -5, 30, 10}, 1920, 1080);
    auto t0 = std::chrono::steady_clock::now();
    scene.draw(renderer, v);
    glFinish();
    const double first = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<double> wall;
    for (int f = 0; f < 60; ++f) {
        v.center.x += (f % 2 ? 1 : -1) * 37 * v.units_per_px;
        v.units_per_px *= (f % 4 < 2) ? 0.9 : 1 / 0.9;
        const auto w0 = std::chrono::steady_clock::now();
        scene.draw(renderer, v);
        glFinish();
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
    }
    std::sort(wall.begin(), wall.end());
    std::printf(
        "{\"units\": %d, \"first_frame_s\": %.4f, \"frame_wall_median_ms\": %.3f, \"renderer\": \"%s\"}\n", n,
        first, wall[wall.size() / 2] * 1e3, ctx.description().c_str());
    return 0;
}
