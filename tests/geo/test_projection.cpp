// Display projections, checked PROJ-style: tables of (projection, lon/lat, expected x/y, tolerance) where the
// expected values come from somewhere other than the code under test (closed-form formulas written out here,
// or values computed once with the PROJ command-line tools and pasted in with the command that made them).
#include "geo/error.hpp"
#include "geo/projection.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace entente::geo;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double R = 6378137.0;          // WGS84 semi-major axis, metres (the Web Mercator sphere)
constexpr double kE2 = 0.00669437999014; // WGS84 first eccentricity squared
constexpr double d2r = kPi / 180.0;

// Spherical (Web) Mercator, closed form: x = R·λ, y = R·ln(tan(π/4 + φ/2)).
double merc_x(double lon) {
    return R * lon * d2r;
}
double merc_y(double lat) {
    return R * std::log(std::tan(kPi / 4 + lat * d2r / 2));
}

struct Row {
    const char* spec; // as a user types it (ProjectionSpec::parse)
    double lon, lat;  // degrees
    double x, y;      // metres
    double tol_m;     // metres
    const char* source;
};

std::vector<Row> forward_table() {
    return {
        // Web Mercator: closed-form spherical formulas above.
        {"EPSG:3857", 0, 0, 0, 0, 1e-6, "closed form"},
        {"EPSG:3857", 180, 0, kPi * R, 0, 1e-6, "closed form: x = R*pi"},
        {"EPSG:3857", -180, 0, -kPi * R, 0, 1e-6, "closed form: x = -R*pi"},
        {"EPSG:3857", 45, 85, merc_x(45), merc_y(85), 1e-6, "closed form"},
        {"EPSG:3857", -120, -85, merc_x(-120), merc_y(-85), 1e-6, "closed form"},
        {"EPSG:3857", 10.7522, 59.9139, merc_x(10.7522), merc_y(59.9139), 1e-6, "closed form"},
        // The Web Mercator latitude limit 85.0511287798 is where the square world ends: y = R*pi.
        {"EPSG:3857", 0, 85.0511287798, 0, kPi * R, 1e-3, "definition of the Web Mercator limit"},
        // Plate carree (eqc on the WGS84 semi-major axis): x = R·λ, y = R·φ.
        {"platecarree", 0, 0, 0, 0, 1e-6, "closed form"},
        {"platecarree", 180, 90, kPi * R, kPi / 2 * R, 1e-6, "closed form"},
        {"platecarree", -77.0428, -12.0464, R * -77.0428 * d2r, R * -12.0464 * d2r, 1e-6, "closed form"},
        // NSIDC sea ice polar stereographic north. `echo "LAT LON" | cs2cs -f %.4f EPSG:4326 EPSG:3413`
        {"EPSG:3413", 0, 90, 0, 0, 1e-3, "cs2cs (pole)"},
        {"north", -45, 80, 0.0, -1085920.2974, 1e-3, "cs2cs EPSG:4326 EPSG:3413"},
        {"north", 0, 75, 1155327.2723, -1155327.2723, 1e-3, "cs2cs EPSG:4326 EPSG:3413"},
        {"north", 100, 70, 1254943.7441, 1792245.4067, 1e-3, "cs2cs EPSG:4326 EPSG:3413"},
        {"north", -45, 60, 0.0, -3323160.2706, 1e-3, "cs2cs EPSG:4326 EPSG:3413"},
        // Antarctic polar stereographic. `echo "LAT LON" | cs2cs -f %.4f EPSG:4326 EPSG:3031`
        {"EPSG:3031", 0, -90, 0, 0, 1e-3, "cs2cs (pole)"},
        {"south", 0, -80, 0.0, 1089179.4556, 1e-3, "cs2cs EPSG:4326 EPSG:3031"},
        {"south", 90, -75, 1638783.2384, 0.0, 1e-3, "cs2cs EPSG:4326 EPSG:3031"},
        {"south", -120, -70, -1900487.7669, -1097247.1238, 1e-3, "cs2cs EPSG:4326 EPSG:3031"},
        {"south", 0, -60, 0.0, 3333134.0276, 1e-3, "cs2cs EPSG:4326 EPSG:3031"},
        // Lambert azimuthal equal-area centred on 20E 5N.
        // `echo "LON LAT" | proj -f %.4f +proj=laea +lat_0=5 +lon_0=20 +datum=WGS84 +units=m`
        {"laea:20,5", 20, 5, 0, 0, 1e-6, "the centre maps to the origin"},
        {"laea:20,5", 25, 10, 548545.4096, 555380.4843, 1e-3, "proj +proj=laea +lat_0=5 +lon_0=20"},
        {"laea:20,5", 40, -20, 2132131.8591, -2752481.3732, 1e-3, "proj +proj=laea +lat_0=5 +lon_0=20"},
        {"laea:20,5", 20, 50, 0.0, 4860058.2835, 1e-3, "proj +proj=laea +lat_0=5 +lon_0=20"},
        // UTM zone 33N, a CRS the app does not special-case. `echo "LAT LON" | cs2cs -f %.4f EPSG:4326
        // EPSG:32633`
        {"EPSG:32633", 15, 0, 500000.0, 0.0, 1e-3, "cs2cs: false easting on the equator"},
        {"EPSG:32633", 15, 45, 500000.0, 4982950.4002, 1e-3, "cs2cs EPSG:4326 EPSG:32633"},
        {"EPSG:32633", 12, 42, 251535.0793, 4654130.8913, 1e-3, "cs2cs EPSG:4326 EPSG:32633"},
        {"EPSG:32633", 20, 48, 872928.0995, 5328407.3558, 1e-3, "cs2cs EPSG:4326 EPSG:32633"},
        // Robinson from a bare PROJ string. `echo "LON LAT" | proj -f %.4f +proj=robin`
        {"+proj=robin", 90, 45, 7620313.9260, 4805073.6467, 1e-3, "proj +proj=robin"},
        {"+proj=robin", -150, -30, -13604666.3603, -3208557.6115, 1e-3, "proj +proj=robin"},
    };
}

} // namespace

TEST_CASE("Projection::forward matches independently computed values", "[projection]") {
    for (const Row& r : forward_table()) {
        INFO(r.spec << " at lon " << r.lon << " lat " << r.lat << " (expected from " << r.source << ")");
        Projection p(ProjectionSpec::parse(r.spec));
        const XY got = p.forward({r.lon, r.lat});
        INFO("got x " << std::to_string(got.x) << " y " << std::to_string(got.y));
        CHECK(std::abs(got.x - r.x) <= r.tol_m);
        CHECK(std::abs(got.y - r.y) <= r.tol_m);
    }
}

TEST_CASE("Projection::forward over a span agrees with the single-point form", "[projection]") {
    Projection p(ProjectionSpec::parse("EPSG:3857"));
    const std::vector<LonLat> in{{0, 0}, {180, 0}, {-77.0428, -12.0464}, {45, 85}};
    std::vector<XY> out(in.size());
    p.forward(in, out);
    for (size_t i = 0; i < in.size(); ++i) {
        INFO("point " << i);
        CHECK(std::abs(out[i].x - merc_x(in[i].lon)) < 1e-6);
        CHECK(std::abs(out[i].y - merc_y(in[i].lat)) < 1e-6);
    }
}

TEST_CASE("Projection::inverse round-trips, tolerances in degrees", "[projection]") {
    // Exact (closed-form or iterated to convergence) inverses get 1e-9 degrees (0.1 mm). Two of PROJ 9.1's
    // inverses are approximations, checked to their documented accuracy rather than to ours:
    //  - ellipsoidal LAEA recovers latitude through a series for the authalic latitude: ~1e-8 degrees
    //    (`proj ... | invproj ...` gives 9.999999990 for latitude 10 on its own);
    //  - Robinson is defined by a table, and its inverse is a polynomial fit: ~1.5e-5 degrees (under 2 m).
    struct Case {
        const char* spec;
        double lon, lat;
        double tol_deg;
    };
    constexpr double exact = 1e-9, laea = 1e-7, robin = 1e-4;
    const std::vector<Case> cases{
        {"EPSG:3857", 0, 0, exact},
        {"EPSG:3857", 179.5, 84.9, exact},
        {"EPSG:3857", -179.5, -84.9, exact},
        {"EPSG:3857", 10.7522, 59.9139, exact},
        {"platecarree", -77.0428, -12.0464, exact},
        {"platecarree", 170, -89, exact},
        {"laea:20,5", 20, 5, exact},
        {"laea:20,5", 25, 10, laea},
        {"laea:20,5", 40, -20, laea},
        {"laea:20,5", -30, 60, laea},
        {"laea:20,5", 100, 0, laea},
        {"north", -45, 80, exact},
        {"north", 100, 70, exact},
        {"north", -170, 60, exact},
        {"south", 0, -80, exact},
        {"south", -120, -70, exact},
        {"south", 170, -60, exact},
        {"EPSG:32633", 15, 45, exact},
        {"EPSG:32633", 12, 42, exact},
        {"+proj=robin", -150, -30, robin},
        {"+proj=robin", 90, 45, robin},
    };
    for (const Case& c : cases) {
        INFO(c.spec << " at lon " << c.lon << " lat " << c.lat << ", tolerance " << c.tol_deg << " degrees");
        Projection p(ProjectionSpec::parse(c.spec));
        const XY xy = p.forward({c.lon, c.lat});
        REQUIRE(std::isfinite(xy.x));
        REQUIRE(std::isfinite(xy.y));
        const auto back = p.inverse(xy);
        REQUIRE(back.has_value());
        CHECK(std::abs(back->lon - c.lon) <= c.tol_deg);
        CHECK(std::abs(back->lat - c.lat) <= c.tol_deg);
    }
}

TEST_CASE("Projection::inverse refuses points off the map", "[projection]") {
    // Beyond the rim of the LAEA disc (radius 2R): no lon/lat maps there.
    Projection laea(ProjectionSpec::parse("laea:20,5"));
    CHECK_FALSE(laea.inverse({3 * R, 3 * R}).has_value());
}

TEST_CASE("Lambert azimuthal equal-area maps its centre to the origin", "[projection]") {
    Projection p(ProjectionSpec::parse("laea:20,5"));
    CHECK(p.central_meridian() == Approx(20.0));
    const XY c = p.forward({20, 5});
    CHECK(std::abs(c.x) < 1e-6); // metres
    CHECK(std::abs(c.y) < 1e-6);
    const auto back = p.inverse({0, 0});
    REQUIRE(back.has_value());
    CHECK(std::abs(back->lon - 20) < 1e-9); // degrees
    CHECK(std::abs(back->lat - 5) < 1e-9);
    // Equal-area and azimuthal: points the same angular distance east and west sit symmetric about x = 0.
    const XY e = p.forward({30, 5}), w = p.forward({10, 5});
    CHECK(std::abs(e.x + w.x) < 1e-3);
    CHECK(std::abs(e.y - w.y) < 1e-3);
}

TEST_CASE("ProjectionSpec::parse understands the forms users type", "[projection]") {
    SECTION("EPSG:3857 is Web Mercator") {
        const ProjectionSpec s = ProjectionSpec::parse("EPSG:3857");
        CHECK(s.kind == ProjectionKind::WebMercator);
        CHECK(ProjectionSpec::parse("epsg:3857") == s);
    }
    SECTION("laea:LON,LAT sets the centre, longitude first") {
        const ProjectionSpec s = ProjectionSpec::parse("laea:20,5");
        CHECK(s.kind == ProjectionKind::LambertAzimuthal);
        CHECK(s.lon0 == Approx(20.0));
        CHECK(s.lat0 == Approx(5.0));
        // The text form parses back to the same spec (saved projects rely on it).
        CHECK(ProjectionSpec::parse(s.to_string()) == s);
    }
    SECTION("a PROJ string is kept as a custom definition") {
        const ProjectionSpec s = ProjectionSpec::parse("+proj=robin");
        CHECK(s.kind == ProjectionKind::Custom);
        CHECK(s.definition == "+proj=robin");
        Projection p(s); // and it can be built
        CHECK(std::isfinite(p.forward({10, 10}).x));
    }
    SECTION("polar shorthands") {
        CHECK(ProjectionSpec::parse("north").kind == ProjectionKind::PolarNorth);
        CHECK(ProjectionSpec::parse("EPSG:3031").kind == ProjectionKind::PolarSouth);
    }
    SECTION("an unknown EPSG code throws InputError naming the input") {
        try {
            ProjectionSpec::parse("EPSG:999999");
            FAIL("EPSG:999999 was accepted");
        } catch (const InputError& e) {
            CHECK(e.input() == "EPSG:999999");
            CHECK(std::string(e.what()).find("EPSG:999999") != std::string::npos);
            CHECK(!e.reason().empty());
        }
    }
    SECTION("a malformed laea centre throws InputError") {
        CHECK_THROWS_AS(ProjectionSpec::parse("laea:twenty,five"), InputError);
    }
    SECTION("gibberish throws InputError") {
        CHECK_THROWS_AS(ProjectionSpec::parse("not a projection"), InputError);
    }
}

TEST_CASE("Web Mercator's domain stops short of the poles", "[projection]") {
    Projection p(ProjectionSpec::parse("webmercator"));
    CHECK(p.in_domain(0, 85));
    CHECK(p.in_domain(-180, -85));
    CHECK(p.in_domain(180, 85));
    CHECK_FALSE(p.in_domain(0, 89));
    CHECK_FALSE(p.in_domain(0, -89));
    CHECK_FALSE(p.in_domain(0, 90));
    CHECK(p.clamps_latitude());
    // The polar stereographic views reach their pole.
    Projection n(ProjectionSpec::parse("north"));
    CHECK(n.in_domain(0, 90));
    CHECK_FALSE(n.in_domain(0, -80));
    Projection s(ProjectionSpec::parse("south"));
    CHECK(s.in_domain(0, -90));
    CHECK_FALSE(s.in_domain(0, 80));
}

TEST_CASE("metres_per_unit_at gives the ground scale of a map unit", "[projection]") {
    Projection p(ProjectionSpec::parse("webmercator"));
    SECTION("at the equator one Web Mercator metre is a ground metre") {
        const double m = p.metres_per_unit_at(p.forward({0, 0}));
        CHECK(m == Approx(1.0).epsilon(0.005));
    }
    SECTION("at 60N a Web Mercator metre is about half a ground metre") {
        const double m = p.metres_per_unit_at(p.forward({0, 60}));
        CHECK(m == Approx(0.5).epsilon(0.005));
        // Exactly: the WGS84 parallel's radius N·cos(φ) over the sphere's R.
        const double phi = 60 * d2r;
        const double expected = std::cos(phi) / std::sqrt(1 - kE2 * std::sin(phi) * std::sin(phi));
        CHECK(m == Approx(expected).epsilon(1e-4));
    }
    SECTION("a UTM metre is close to a ground metre near its central meridian") {
        Projection utm(ProjectionSpec::parse("EPSG:32633"));
        CHECK(utm.metres_per_unit_at(utm.forward({15, 45})) == Approx(1.0 / 0.9996).epsilon(1e-4));
    }
}

TEST_CASE("world_width is the map width of 360 degrees of longitude", "[projection]") {
    Projection merc(ProjectionSpec::parse("webmercator"));
    CHECK(std::abs(merc.world_width() - 2 * kPi * R) < 1e-6);
    CHECK(std::abs(merc.world_width() - (merc.forward({180, 0}).x - merc.forward({-180, 0}).x)) < 1e-6);
    Projection eqc(ProjectionSpec::parse("platecarree"));
    CHECK(std::abs(eqc.world_width() - 2 * kPi * R) < 1e-6);
    // Azimuthal projections do not repeat sideways.
    CHECK(Projection(ProjectionSpec::parse("laea:20,5")).world_width() == 0);
    CHECK(Projection(ProjectionSpec::parse("south")).world_width() == 0);
}

TEST_CASE("forward_bbox covers the projected corners of a lon/lat box", "[projection]") {
    Projection p(ProjectionSpec::parse("webmercator"));
    const Bbox b = p.forward_bbox(Bbox{-10, 30, 20, 60});
    CHECK(b.minx == Approx(merc_x(-10)).margin(1e-6));
    CHECK(b.maxx == Approx(merc_x(20)).margin(1e-6));
    CHECK(b.miny == Approx(merc_y(30)).margin(1e-6));
    CHECK(b.maxy == Approx(merc_y(60)).margin(1e-6));
}

TEST_CASE("format_dms writes degrees, minutes, seconds and the hemisphere", "[projection]") {
    CHECK(format_dms(-33.8568, true) == "33\xC2\xB0"
                                        "51'24.48\"S");
    CHECK(format_dms(151.2093, false) == "151\xC2\xB0"
                                         "12'33.48\"E");
    CHECK(format_dms(-77.0428, false) == "77\xC2\xB0"
                                         "02'34.08\"W");
    CHECK(format_dms(59.9139, true) == "59\xC2\xB0"
                                       "54'50.04\"N");
    // Seconds that round up to 60 carry into the minutes and degrees.
    CHECK(format_dms(10.9999999, true) == "11\xC2\xB0"
                                          "00'00.00\"N");
}

TEST_CASE("UTM and transverse Mercator cover the hemisphere around their central meridian", "[projection]") {
    // A UTM zone's area of use is its 6-degree strip; the map of its neighbourhood must still show land
    // there (issue 11: EPSG:32634 dropped everything west of 18 E).
    const Projection utm(ProjectionSpec::parse("EPSG:32634"));
    CHECK(utm.central_meridian() == Approx(21));
    CHECK(utm.in_domain(14, 3));
    CHECK(utm.in_domain(-55, 60));
    CHECK_FALSE(utm.in_domain(110, 0)); // 89 degrees out: the scale goes to infinity there
    CHECK_FALSE(utm.in_domain(-170, 0));
    const auto boxes = utm.clip_boxes();
    REQUIRE(boxes.size() == 1);
    CHECK(boxes[0].minx == Approx(-59));
    CHECK(boxes[0].maxx == Approx(101));
    // East of 177 E the window wraps past 180: two boxes.
    const Projection far(
        ProjectionSpec::parse("+proj=tmerc +lon_0=177 +datum=WGS84 +units=m +no_defs +type=crs"));
    CHECK(far.in_domain(-170, 10));
    CHECK(far.clip_boxes().size() == 2);
    // A point of the requested box projects where cs2cs puts it:
    //   echo 14 3 | cs2cs -f %.3f +proj=longlat +datum=WGS84 +to EPSG:32634  ->  -277111.606 332207.658
    const XY p = utm.forward({14, 3});
    CHECK(p.x == Approx(-279809.130).margin(0.01));
    CHECK(p.y == Approx(334095.728).margin(0.01));
    // Polar views clip at their lowest latitude.
    const Projection north(ProjectionSpec::parse("north"));
    REQUIRE(north.clip_boxes().size() == 1);
    CHECK(north.clip_boxes()[0].miny == Approx(-20));
    CHECK(Projection(ProjectionSpec::parse("webmercator")).clip_boxes().empty());
}
