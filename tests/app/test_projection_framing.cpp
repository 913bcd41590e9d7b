// "zoom to" and `entente render --bbox` frame what was asked for, checked through a second path: the view's
// edges are inverse-projected by PROJ's own cs2cs, not by the code under test.
#include "geo/dataset.hpp"
#include "scene/map_scene.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>

using namespace entente;

namespace {

// Longitude and latitude of projected points through `cs2cs CRS +to WGS84-longlat`; empty without cs2cs.
std::vector<geo::LonLat> cs2cs_inverse(const std::string& crs, const std::vector<geo::XY>& pts) {
    if (!std::filesystem::exists("/usr/bin/cs2cs")) return {};
    const std::string in = std::filesystem::temp_directory_path() / "entente_cs2cs_in.txt";
    {
        FILE* f = std::fopen(in.c_str(), "w");
        for (auto& p : pts)
            std::fprintf(f, "%.3f %.3f\n", p.x, p.y);
        std::fclose(f);
    }
    const std::string cmd =
        "/usr/bin/cs2cs -f %.6f " + crs + " +to +proj=longlat +datum=WGS84 +no_defs < " + in + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    std::vector<geo::LonLat> out;
    if (!p) return out;
    char line[256];
    while (std::fgets(line, sizeof line, p)) {
        double lon = 0, lat = 0;
        if (std::sscanf(line, "%lf %lf", &lon, &lat) == 2) out.push_back({lon, lat});
    }
    pclose(p);
    return out;
}

} // namespace

TEST_CASE("a UTM or transverse Mercator view frames the requested box, checked with cs2cs", "[projection]") {
    // The request of issue 11: 14-24 E, 3-9 N at 1600x1000. Before the fix UTM 34N framed 16.2-25.8 E.
    for (const std::string crs :
         {"EPSG:32634", "EPSG:32633",
          "+proj=tmerc +lon_0=19 +k=0.9996 +x_0=500000 +datum=WGS84 +units=m +no_defs +type=crs"}) {
        INFO(crs);
        app::MapScene scene;
        scene.set_projection(geo::ProjectionSpec::parse(crs));
        const render::View v = scene.fit_view({14, 3, 24, 9}, 1600, 1000);
        const geo::Bbox b = v.map_bounds();
        // The left and right edges of the view where the box's south, middle and north latitudes cross them.
        std::vector<geo::XY> pts;
        for (double lat : {3.0, 6.0, 9.0}) {
            const geo::XY at = scene.projection().forward({19, lat});
            pts.push_back({b.minx, at.y});
            pts.push_back({b.maxx, at.y});
        }
        const std::string def = scene.projection().spec().crs_definition();
        const auto ll = cs2cs_inverse(def, pts);
        if (ll.empty()) {
            WARN("no /usr/bin/cs2cs: the second path is skipped");
            continue;
        }
        REQUIRE(ll.size() == pts.size());
        // The wider side of the box just fits (the box is wider than the view's shape): the edges are at
        // 14 and 24 E where the box is widest and no more than 0.2 degrees beyond elsewhere.
        for (size_t i = 0; i < ll.size(); i += 2) {
            INFO("latitude row " << i / 2 << ": " << ll[i].lon << " .. " << ll[i + 1].lon);
            CHECK(ll[i].lon <= 14.0 + 1e-3);
            CHECK(ll[i].lon >= 13.8);
            CHECK(ll[i + 1].lon >= 24.0 - 1e-3);
            CHECK(ll[i + 1].lon <= 24.2);
        }
    }
}

TEST_CASE("zoom to a layer across the antimeridian frames it across the date line", "[projection][zoom]") {
    const geo::LoadedSource src = geo::load_source(std::string(ENTENTE_TEST_DATA) +
                                                   "/../render/cases/antimeridian_fiji/crossing.geojson");
    REQUIRE(src.vectors.size() == 1);
    // Split at load, the layer's plain extent is the whole width of the world.
    CHECK(src.vectors[0]->extent.width() > 350);
    const geo::Bbox e = app::lonlat_extent(*src.vectors[0]);
    CHECK(e.minx == Approx(165));
    CHECK(e.maxx == Approx(190)); // -170 continued east past 180
    CHECK(e.miny == Approx(-24));
    CHECK(e.maxy == Approx(-12));
    const geo::Bbox m = app::MapScene::with_margin(e);
    CHECK(m.minx == Approx(165 - 1.25));
    CHECK(m.maxx == Approx(190 + 1.25));

    // Framed in web mercator the view is about 27.5 degrees wide, centred east of 180, not the world.
    app::MapScene scene;
    const render::View v = scene.fit_view(m, 800, 600);
    const auto w = scene.projection().inverse({v.map_bounds().minx, v.center.y});
    const auto c = scene.projection().inverse({std::remainder(v.center.x, v.world_width), v.center.y});
    REQUIRE(w);
    REQUIRE(c);
    CHECK(w->lon == Approx(163.75).margin(0.01));
    CHECK(std::abs(c->lon) > 175); // the centre is near the date line
    CHECK(v.map_bounds().width() < 0.2 * v.world_width);

    // And each feature on its own: the area across the date line, 176 E to 176 W.
    const geo::Bbox f = app::lonlat_extent(*src.vectors[0], 1);
    CHECK(f.minx == Approx(176));
    CHECK(f.maxx == Approx(184));

    // Data on one side only keeps its plain extent.
    const geo::LoadedSource one = geo::load_source(std::string(ENTENTE_TEST_DATA) + "/points.geojson");
    REQUIRE(!one.vectors.empty());
    const geo::Bbox pe = app::lonlat_extent(*one.vectors[0]);
    CHECK(pe.minx == one.vectors[0]->extent.minx);
    CHECK(pe.maxx == one.vectors[0]->extent.maxx);
}
