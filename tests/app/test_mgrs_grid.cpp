// The MGRS grid overlay's lines against GeographicLib: zones with their exceptions, lines where UTMUPS puts
// them, clipped to their zone, and the spacing the zoom picks. Also the status bar's MGRS text.
#include "scene/mgrs_grid.hpp"

#include <GeographicLib/MGRS.hpp>
#include <GeographicLib/UTMUPS.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace entente;
using GeographicLib::UTMUPS;

namespace {

const app::MgrsZoneCell* cell(int zone, char band) {
    for (const auto& c : app::mgrs_zone_cells())
        if (c.zone == zone && c.band == band) return &c;
    return nullptr;
}

// Easting and northing of a point in a given zone's UTM (forced zone, like the grid's own frame).
void utm_in(int zone, geo::LonLat p, double& x, double& y) {
    int z;
    bool northp;
    UTMUPS::Forward(p.lat, p.lon, z, northp, x, y, zone);
}

} // namespace

TEST_CASE("MGRS grid zones follow UTMUPS, with the Norway and Svalbard exceptions") {
    const auto& cells = app::mgrs_zone_cells();
    CHECK(cells.size() == 20 * 60 - 3);
    // Every cell's interior is in the zone GeographicLib's standard rules give.
    for (const auto& c : cells) {
        const double lon = 0.5 * (c.lonlat.minx + c.lonlat.maxx), lat = 0.5 * (c.lonlat.miny + c.lonlat.maxy);
        INFO(c.name());
        CHECK(UTMUPS::StandardZone(lat, lon) == c.zone);
        for (double fx : {0.01, 0.99})
            for (double fy : {0.01, 0.99})
                CHECK(UTMUPS::StandardZone(c.lonlat.miny + c.lonlat.height() * fy,
                                           c.lonlat.minx + c.lonlat.width() * fx) == c.zone);
    }
    REQUIRE(cell(32, 'V'));
    CHECK(cell(32, 'V')->lonlat.minx == 3);
    CHECK(cell(32, 'V')->lonlat.maxx == 12);
    CHECK(cell(31, 'V')->lonlat.maxx == 3);
    CHECK(cell(32, 'U')->lonlat.minx == 6);
    CHECK_FALSE(cell(32, 'X'));
    CHECK_FALSE(cell(34, 'X'));
    CHECK_FALSE(cell(36, 'X'));
    CHECK(cell(33, 'X')->lonlat.minx == 9);
    CHECK(cell(33, 'X')->lonlat.maxx == 21);
    CHECK(cell(37, 'X')->lonlat.maxx == 42);
    CHECK(cell(31, 'X')->lonlat.maxy == 84);
    CHECK(cell(33, 'C')->lonlat.miny == -80);
}

TEST_CASE("100 km lines lie where UTMUPS puts them and stop at their zone") {
    // Central Europe around 15°E 50°N: zones 32U/33U/34U.
    const app::MgrsGrid g = app::build_mgrs_grid({8, 47, 22, 53}, 1e5);
    CHECK(g.spacing_m == 1e5);
    size_t checked = 0;
    for (const auto& l : g.lines) {
        if (l.level == app::MgrsLevel::Zone) continue;
        CHECK(l.level == app::MgrsLevel::Km100);
        const auto* c = cell(l.zone, l.points.front().lat >= 48 ? 'U' : 'T');
        REQUIRE(c);
        for (const auto& p : l.points) {
            double x, y;
            utm_in(l.zone, p, x, y);
            CHECK((l.easting ? x : y) == Approx(l.value_m).margin(1e-3)); // within a millimetre
            // Clipped to the zone (its west and east edges), within a nanodegree.
            CHECK(p.lon >= -180 + 6 * (l.zone - 1) - 1e-9);
            CHECK(p.lon <= -180 + 6 * l.zone + 1e-9);
            ++checked;
        }
    }
    CHECK(checked > 1000);
    // The central meridian of zone 33 is the easting 500 km line.
    auto it = std::find_if(g.lines.begin(), g.lines.end(), [](const app::MgrsLine& l) {
        return l.zone == 33 && l.easting && l.value_m == 500000;
    });
    REQUIRE(it != g.lines.end());
    for (const auto& p : it->points)
        CHECK(p.lon == Approx(15).margin(1e-9));
    // The 400 km easting at 50°N is where UTMUPS::Reverse puts it.
    it = std::find_if(g.lines.begin(), g.lines.end(), [](const app::MgrsLine& l) {
        return l.zone == 33 && l.easting && l.value_m == 400000 && l.points.front().lat < 50 &&
               l.points.back().lat > 50;
    });
    REQUIRE(it != g.lines.end());
    double lat_n, lon_n;
    double x50, y50;
    utm_in(33, {13.6, 50}, x50, y50);
    UTMUPS::Reverse(33, true, 400000, y50, lat_n, lon_n);
    bool found = false;
    for (size_t i = 1; i < it->points.size(); ++i) {
        const auto a = it->points[i - 1], b = it->points[i];
        if ((a.lat - lat_n) * (b.lat - lat_n) > 0) continue;
        const double t = (lat_n - a.lat) / (b.lat - a.lat);
        CHECK(a.lon + (b.lon - a.lon) * t == Approx(lon_n).margin(1e-6));
        found = true;
    }
    CHECK(found);
}

TEST_CASE("zone 32V is widened west for Norway and its lines follow") {
    const app::MgrsGrid g = app::build_mgrs_grid({0, 56, 12, 64}, 1e5);
    bool zone32_west_of_6 = false, zone31_east_of_3 = false, boundary_at_3 = false, boundary_at_6 = false;
    for (const auto& l : g.lines)
        for (const auto& p : l.points) {
            if (l.zone == 32 && p.lon < 5.9) zone32_west_of_6 = true;
            if (l.zone == 31 && p.lon > 3 + 1e-9) zone31_east_of_3 = true;
            if (l.level == app::MgrsLevel::Zone && l.points.front().lon == l.points.back().lon &&
                p.lat > 56.5 && p.lat < 63.5) {
                boundary_at_3 = boundary_at_3 || p.lon == 3;
                boundary_at_6 = boundary_at_6 || p.lon == 6;
            }
        }
    CHECK(zone32_west_of_6);
    CHECK_FALSE(zone31_east_of_3);
    CHECK(boundary_at_3);
    CHECK_FALSE(boundary_at_6);
    // Bergen (60.39°N 5.32°E) is in 32V: a zone-32 grid line runs near it, in zone 32's own UTM.
    double x, y;
    utm_in(32, {5.32, 60.39}, x, y);
    const double e = std::floor(x / 1e5) * 1e5;
    bool near = false;
    for (const auto& l : g.lines)
        if (l.zone == 32 && l.easting && l.value_m == e)
            for (const auto& p : l.points)
                near = near || (std::abs(p.lat - 60.39) < 0.2);
    CHECK(near);
}

TEST_CASE("fine lines carry their MGRS digits and end on the zone boundary") {
    // Across the 32/33 boundary at 12°E, 50°N, 1 km lines.
    const app::MgrsGrid g = app::build_mgrs_grid({11.9, 49.95, 12.1, 50.05}, 1e3);
    CHECK(g.spacing_m == 1e3);
    bool digits = false, ends_on_12 = false;
    for (const auto& l : g.lines) {
        if (l.level == app::MgrsLevel::Zone) continue;
        const long long v = llround(l.value_m);
        char want[8];
        std::snprintf(want, sizeof want, "%02lld", (v % 100000) / 1000);
        CHECK(l.label == want);
        digits = true;
        if (!l.easting && l.zone == 32) ends_on_12 = ends_on_12 || std::abs(l.points.back().lon - 12) < 1e-9;
        if (l.level == app::MgrsLevel::Km10) CHECK(v % 10000 == 0);
    }
    CHECK(digits);
    CHECK(ends_on_12);
    const app::MgrsGrid g10 = app::build_mgrs_grid({11.5, 49.5, 12.5, 50.5}, 1e4);
    for (const auto& l : g10.lines)
        if (l.level != app::MgrsLevel::Zone) CHECK(l.label.size() == 1);
    // Square names at fine levels carry the grid zone: 33U UA... and 32U PA...
    bool named = false;
    for (const auto& a : g.areas)
        if (a.level == app::MgrsLevel::Km100) {
            std::string m;
            const auto p = a.inside.front();
            int z;
            bool northp;
            double x, y;
            UTMUPS::Forward(p.lat, p.lon, z, northp, x, y);
            GeographicLib::MGRS::Forward(z, northp, x, y, p.lat, 0, m);
            CHECK(a.text == m.substr(0, 3) + " " + m.substr(3));
            named = true;
        }
    CHECK(named);
}

TEST_CASE("100 km squares are named by their MGRS letters") {
    const app::MgrsGrid g = app::build_mgrs_grid({12, 50, 18, 54}, 1e5);
    // 52.5°N 13.4°E is 33UUU (GeoConvert -m).
    bool found = false;
    for (const auto& a : g.areas)
        if (a.text == "UU")
            for (const auto& p : a.inside)
                found = found || (std::abs(p.lat - 52.5) < 0.6 && std::abs(p.lon - 13.4) < 0.8);
    CHECK(found);
    bool zone_named = false;
    for (const auto& a : g.areas)
        zone_named = zone_named || (a.level == app::MgrsLevel::Zone && a.text == "33U");
    CHECK(zone_named);
}

TEST_CASE("the zoom picks a spacing at which lines are at least the readable distance apart") {
    CHECK(app::mgrs_spacing_for(20, 50) == 1e3);
    CHECK(app::mgrs_spacing_for(21, 50) == 1e4);
    CHECK(app::mgrs_spacing_for(200, 50) == 1e4);
    CHECK(app::mgrs_spacing_for(1500, 50) == 1e5);
    CHECK(app::mgrs_spacing_for(10000, 50) == 0);
    CHECK(app::mgrs_spacing_for(60000, 50) == -1);
    CHECK_THROWS(app::build_mgrs_grid({0, 0, 1, 1}, 5000));
}

TEST_CASE("a view across the antimeridian gives two regions") {
    geo::Projection merc(geo::ProjectionSpec::parse("webmercator"));
    render::View v;
    v.width = 800, v.height = 600;
    v.world_width = merc.world_width();
    v.center = merc.forward({180, -17});
    v.units_per_px = 2000;
    const auto regions = app::mgrs_visible_regions(v, merc);
    REQUIRE(regions.size() == 2);
    CHECK(regions[0].maxx == 180);
    CHECK(regions[1].minx == -180);
    CHECK(regions[0].minx == Approx(180 - 400 * 2000 / 111319.49).margin(0.01));
    // Grid lines near Fiji, both sides, from the zones 60 and 1.
    std::vector<app::MgrsLine> lines;
    for (const auto& r : regions)
        for (auto& l : app::build_mgrs_grid(r, 1e5).lines)
            lines.push_back(l);
    CHECK(std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.zone == 60; }));
    CHECK(std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.zone == 1; }));
}

TEST_CASE("the status bar writes the cursor in MGRS") {
    // GeoConvert -m -p 0 for 52.5 13.4: 33UUU9139017855.
    CHECK(app::mgrs_text({13.4, 52.5}) == "33U UU 91390 17855");
    // Bergen's zone is 32V even west of 6°E: 32VKM7697958157.
    CHECK(app::mgrs_text({5, 60}) == "32V KM 76979 58157");
    // Polar caps are UPS in MGRS.
    CHECK(app::mgrs_text({0, 89}).substr(0, 1) == "Z");
    CHECK(app::mgrs_text({0, 95}).empty());
    CHECK(app::mgrs_text({NAN, 10}).empty());
}
