// The basemap's lakes, rivers and towns (assets/basemap, scripts/build_basemap_hydro.sh): the files load, the
// lakes a briefing in central Africa needs are there with their real areas (GeographicLib's geodesic area
// against published surface areas), the Ubangi runs past Bangui, and what shows at which scale.
#include "scene/assets.hpp"
#include "scene/basemap_hydro.hpp"
#include "scene/picking.hpp"

#include "geo/dataset.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

using namespace entente;

namespace {

std::shared_ptr<geo::VectorLayer> load(const std::string& file, bool tessellate = false) {
    geo::init_gdal();
    geo::LoadOptions opt;
    opt.tessellate = tessellate;
    auto src = geo::load_source("/vsigzip/" + app::asset_path("basemap/" + file), opt);
    REQUIRE(src.vectors.size() == 1);
    return src.vectors[0];
}

// The lake (feature) containing `p`, or -1.
int lake_at(const geo::VectorLayer& lakes, geo::LonLat p) {
    for (uint32_t f = 0; f < lakes.feature_count(); ++f) {
        const geo::Bbox b = lakes.feature_box(f);
        if (p.lon >= b.minx && p.lon <= b.maxx && p.lat >= b.miny && p.lat <= b.maxy &&
            app::feature_contains(lakes, f, p))
            return int(f);
    }
    return -1;
}

// Geodesic area on WGS 84 (km2) of a feature's polygons, holes (islands) subtracted.
double geodesic_km2(const geo::VectorLayer& v, uint32_t feature) {
    const GeographicLib::Geodesic& g = GeographicLib::Geodesic::WGS84();
    double total = 0;
    const geo::PolygonSet& ps = v.polygons;
    for (size_t p = 0; p < ps.polygons(); ++p) {
        if (ps.poly_feature[p] != feature) continue;
        for (uint32_t r = ps.poly_ring[p]; r < ps.poly_ring[p + 1]; ++r) {
            GeographicLib::PolygonArea poly(g);
            for (uint32_t i = ps.ring_start[r]; i + 1 < ps.ring_start[r + 1]; ++i)
                poly.AddPoint(ps.coords[i].lat, ps.coords[i].lon);
            double perimeter = 0, area = 0;
            poly.Compute(false, true, perimeter, area);
            total += (r == ps.poly_ring[p] ? 1 : -1) * std::abs(area);
        }
    }
    return total / 1e6;
}

// Shortest distance (km) from p to the lines of rank <= max_rank, on a local flat approximation (fine for a
// few km).
double km_to_river(const geo::VectorLayer& rivers, geo::LonLat p, int max_rank) {
    const int frank = rivers.field_index("rank");
    REQUIRE(frank >= 0);
    const double kx = 111.32 * std::cos(p.lat * std::numbers::pi / 180), ky = 110.57;
    double best = INFINITY;
    const geo::LineSet& ls = rivers.lines;
    for (size_t part = 0; part < ls.parts(); ++part) {
        if (rivers.value_number(ls.part_feature[part], size_t(frank)) > max_rank) continue;
        for (uint32_t i = ls.part_start[part]; i + 1 < ls.part_start[part + 1]; ++i) {
            const double ax = (ls.coords[i].lon - p.lon) * kx, ay = (ls.coords[i].lat - p.lat) * ky;
            const double bx = (ls.coords[i + 1].lon - p.lon) * kx, by = (ls.coords[i + 1].lat - p.lat) * ky;
            const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
            best = std::min(best, std::hypot(ax + t * dx, ay + t * dy));
        }
    }
    return best;
}

} // namespace

TEST_CASE("basemap lakes: the African Great Lakes at 10m with their surface areas") {
    auto lakes = load("lakes_10m.geojson.gz", true);
    const int farea = lakes->field_index("area_km2");
    REQUIRE(farea >= 0);
    struct Lake {
        const char* name;
        geo::LonLat inside;
        double published_km2; // surface area as usually published (islands excluded where large)
    };
    // Victoria 68,800 km2; Tanganyika 32,900 km2; Kivu 2,700 km2 of which Idjwi island is 285 km2.
    const Lake expected[] = {{"Victoria", {33.0, -1.0}, 68800},
                             {"Tanganyika", {29.6, -6.5}, 32900},
                             {"Kivu", {29.15, -2.0}, 2700 - 285}};
    for (const Lake& l : expected) {
        INFO(l.name);
        const int f = lake_at(*lakes, l.inside);
        REQUIRE(f >= 0);
        const double area = geodesic_km2(*lakes, uint32_t(f));
        CHECK(area == Approx(l.published_km2).epsilon(0.1));
        // The file's spherical area (used for nothing but ranking) agrees with the geodesic one.
        CHECK(lakes->value_number(size_t(f), size_t(farea)) == Approx(area).epsilon(0.01));
    }
}

TEST_CASE("basemap lakes: the coarse level has the lakes a world map shows, and no Caspian") {
    auto lakes = load("lakes_110m.geojson.gz", true);
    CHECK(lakes->feature_count() < 200);
    const geo::LonLat inside[] = {{33.0, -1.0},  {29.6, -6.5},  {34.5, -11.0}, {29.15, -2.0}, {13.86, 13.22},
                                  {-87.5, 47.5}, {-87.0, 43.5}, {31.5, 61.0},  {108.0, 53.0}};
    for (const geo::LonLat& p : inside) {
        INFO(p.lon << ", " << p.lat);
        CHECK(lake_at(*lakes, p) >= 0);
    }
    CHECK(lake_at(*lakes, {51.0, 42.0}) < 0);  // Natural Earth's land already leaves the Caspian as sea
    CHECK(lake_at(*lakes, {18.56, 4.36}) < 0); // Bangui is on land
}

TEST_CASE("basemap rivers: the Ubangi passes Bangui as a major river at both levels") {
    const geo::LonLat bangui{18.56, 4.36};
    auto r10 = load("rivers_10m.geojson.gz");
    CHECK(km_to_river(*r10, bangui, 1) < 3);
    auto r50 = load("rivers_50m.geojson.gz");
    CHECK(km_to_river(*r50, bangui, 1) < 5);
    // The 50m level is the coarser one: only ranks 1-2.
    const int frank = r50->field_index("rank");
    for (size_t f = 0; f < r50->feature_count(); ++f)
        REQUIRE(r50->value_number(f, size_t(frank)) <= 2);
}

TEST_CASE("basemap towns: Bangui is a capital of more than 500,000, largest towns first") {
    auto places = load("places.geojson.gz");
    const int fname = places->field_index("name"), fpop = places->field_index("population"),
              fcc = places->field_index("country"), fcap = places->field_index("capital");
    REQUIRE((fname >= 0 && fpop >= 0 && fcc >= 0 && fcap >= 0));
    CHECK(places->feature_count() > 20000);
    int bangui = -1, capitals = 0;
    double last = INFINITY;
    for (size_t f = 0; f < places->feature_count(); ++f) {
        const double pop = places->value_number(f, size_t(fpop));
        REQUIRE(pop <= last);
        last = pop;
        capitals += places->value_number(f, size_t(fcap)) == 1;
        if (places->value_text(f, size_t(fname)) == "Bangui" && places->value_text(f, size_t(fcc)) == "CF")
            bangui = int(f);
    }
    CHECK(capitals > 190);
    REQUIRE(bangui >= 0);
    CHECK(places->value_number(size_t(bangui), size_t(fpop)) > 500000);
    CHECK(places->value_number(size_t(bangui), size_t(fcap)) == 1);
    const geo::LonLat at = places->points.coords[size_t(bangui)];
    CHECK(at.lon == Approx(18.56).margin(0.05));
    CHECK(at.lat == Approx(4.36).margin(0.05));
}

TEST_CASE("basemap hydro: fewer towns and rivers the farther out") {
    double last_pop = 0;
    int last_ranks = 4;
    for (double mpp : {50.0, 150.0, 500.0, 1500.0, 5000.0, 20000.0}) {
        const app::TownFilter f = app::town_filter(mpp);
        CHECK(f.capitals);
        CHECK(f.min_population >= last_pop);
        last_pop = f.min_population;
        const int ranks = app::river_ranks_shown(mpp);
        CHECK(ranks <= last_ranks);
        last_ranks = ranks;
    }
    CHECK(app::town_filter(150).min_population <= 10000);   // 1:500,000: every town of 10,000
    CHECK(app::town_filter(1500).min_population <= 250000); // 1:5M: cities of 250,000 (a clean overview)
    CHECK(app::town_filter(20000).min_population >= 1e6);   // world: capitals and millionaire cities
    CHECK_FALSE(app::town_filter(40000).any());             // a world thumbnail names countries only
    CHECK(app::river_ranks_shown(20000) == 0);
    CHECK(app::river_ranks_shown(150) == 3);
}
