// Large rasters: zoomed in past the load-time preview, the map shows the raster's own pixels (detail tiles
// read at the right overview level), not a resampled preview.
#include "scene/headless_render.hpp"

#include <catch2/catch.hpp>

using namespace entente;

namespace {
// Colour changes along the middle row of an image.
int transitions_mid_row(const app::RenderResult& r) {
    const int y = r.height / 2;
    int n = 0;
    for (int x = 1; x < r.width; ++x) {
        const unsigned char* a = &r.rgba[(size_t(y) * r.width + x - 1) * 4];
        const unsigned char* b = &r.rgba[(size_t(y) * r.width + x) * 4];
        if (std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]) > 60) ++n;
    }
    return n;
}
} // namespace

TEST_CASE("zoomed into a raster larger than its preview, each source pixel is drawn") {
    // checker_5000.tif: 5000 x 2500 single-pixel checkerboard, 0.01 degree pixels from (0, 25).
    app::RenderRequest rq;
    rq.files = {std::string(ENTENTE_TEST_DATA) + "/checker_5000.tif"};
    rq.bbox = geo::Bbox{10.0, 12.0, 10.2, 12.2}; // 20 source columns across
    rq.width = rq.height = 400;
    rq.basemap = rq.graticule = rq.labels = false;
    const app::RenderResult r = app::render_map(rq);
    const int t = transitions_mid_row(r);
    // 20 whole columns in view: 19 to 21 colour changes; a resampled 4096-wide preview would show about 16.
    CHECK(t >= 19);
    CHECK(t <= 21);
}
