// Reprojecting a whole layer (the batch path: closed-form for Web Mercator and plate carree, PROJ clones on
// several threads otherwise) must give the same coordinates as PROJ point by point.
#include "geo/projection.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace entente::geo;

TEST_CASE("batch projection agrees with PROJ point by point, within a millimetre") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-85, 85);
    // Above the size where the batch path splits across threads.
    std::vector<LonLat> pts(150000);
    for (auto& p : pts)
        p = {lon(rng), lat(rng)};
    for (const char* spec : {"webmercator", "platecarree", "laea:20,5", "EPSG:32633"}) {
        INFO(spec);
        Projection proj(ProjectionSpec::parse(spec));
        std::vector<XY> batch(pts.size());
        proj.forward(pts, batch);
        size_t compared = 0;
        for (size_t i = 0; i < pts.size(); i += 997) {
            const XY one = proj.forward(pts[i]);
            if (!std::isfinite(one.x)) {
                CHECK_FALSE(std::isfinite(batch[i].x));
                continue;
            }
            ++compared;
            CHECK(batch[i].x == Approx(one.x).margin(1e-3));
            CHECK(batch[i].y == Approx(one.y).margin(1e-3));
        }
        CHECK(compared > 20);
    }
}
