// The window's first-start scene (the demonstration mission over the demo basemap, footprints, operations and
// risk raster), composed as `entente render` composes it, with a renderer drawing into a single-sampled
// target as on a software rasteriser: for the tests of what the window shows frame to frame.
#pragma once
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_scene.hpp"

#include <cstddef>
#include <cstdlib>
#include <vector>

namespace entente::test {

// Pixels whose colour differs between two RGBA read-backs of one size (any size difference counts one).
inline size_t differing(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    size_t n = 0;
    for (size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4)
        n += a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2];
    return n + (a.size() != b.size() ? 1 : 0);
}

// Pixels where a channel differs by more than `levels` (of 255): a frame drawn at another centre rounds a
// segment's antialiased edge a level apart here and there, and now and then a translucent outline's faintest
// fringe falls either side of nothing, so its stencil keeps another segment off that pixel (one pixel of
// 38,400 in the random segments built by clang). A seam or a missing strip differs in hundreds or thousands.
inline constexpr size_t kRoundingFlips = 8;
inline size_t differing_by_more(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b,
                                int levels) {
    size_t n = 0;
    for (size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4)
        for (size_t c = 0; c < 3; ++c)
            if (std::abs(int(a[i + c]) - int(b[i + c])) > levels) {
                ++n;
                break;
            }
    return n + (a.size() != b.size() ? 1 : 0);
}

inline app::ComposedMap compose_demo(int w, int h) {
    app::RenderRequest rq = app::demo_request();
    rq.files.push_back(app::demo_mission_path());
    rq.width = w, rq.height = h;
    app::ComposedMap map = app::compose_map(rq);
    map.scene->synchronous = true;
    return map;
}

struct DemoFrame {
    app::ComposedMap map;
    render::HeadlessContext ctx;
    render::Renderer r;
    render::OffscreenTarget target;
    DemoFrame(int w, int h) : map(compose_demo(w, h)), target(w, h, 1) { target.bind(); }
};

} // namespace entente::test
