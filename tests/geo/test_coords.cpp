// Coordinate reading and writing (geo/coords.hpp), checked PROJ-style: tables of inputs with expected values
// and tolerances in metres. Expected values come from GeographicLib's own command-line tool GeoConvert
// (Debian package geographiclib-tools 2.1.2), run when these tests were written, e.g.
//   echo "-33.8568 151.2153" | GeoConvert -m -p 0    ->  56HLH3490052288   (MGRS, 1 m, truncated)
//   echo "-33.8568 151.2153" | GeoConvert -u -p 0    ->  56s 334901 6252289 (UTM, rounded metres)
// GeoConvert writes the hemisphere (n/s) where Entente writes the latitude band; the bands are the 8° rows
// of MGRS (C at 80°S .. X at 72°N..84°N), shown in GeoConvert's MGRS output.
#include "geo/coords.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace entente::geo;

namespace {

double metres_between(LonLat a, LonLat b) {
    double s12 = 0;
    GeographicLib::Geodesic::WGS84().Inverse(a.lat, a.lon, b.lat, b.lon, s12);
    return s12;
}

LonLat parse_ok(const std::string& text) {
    std::string error;
    auto p = parse_coordinate(text, &error);
    INFO("input: " << text << "  error: " << error);
    REQUIRE(p);
    return *p;
}

std::string parse_error(const std::string& text) {
    std::string error;
    auto p = parse_coordinate(text, &error);
    INFO("input: " << text);
    if (p) INFO("parsed as " << p->lat << ", " << p->lon);
    REQUIRE_FALSE(p);
    REQUIRE_FALSE(error.empty());
    return error;
}

struct Known {
    double lat, lon;
    const char* mgrs; // Entente's grouping of GeoConvert -m -p 0
    const char* utm;  // zone + band, GeoConvert -u -p 0
    const char* what;
};

// Source: GeoConvert -m -p 0 and GeoConvert -u -p 0 (GeographicLib 2.1.2) on "lat lon".
const std::vector<Known> kKnown = {
    {-33.8568, 151.2153, "56H LH 34900 52288", "56H 334901 6252289", "Sydney Opera House"},
    {51.4700, -0.4543, "30U XC 76807 05166", "30U 676807 5705166", "London Heathrow"},
    {40.6413, -73.7781, "18T XK 03319 99656", "18T 603320 4499657", "New York JFK"},
    {33.5131, 36.2765, "37S BT 47027 11492", "37S 247027 3711493", "Damascus (band S)"},
    {-1.2921, 36.8219, "37M BU 57634 57079", "37M 257635 9857080", "Nairobi"},
    {12.6392, -8.0029, "29P PP 08285 97442", "29P 608286 1397443", "Bamako"},
    // zone edges at the equator
    {0, 5.99, "31N HA 32864 00000", "31N 832864 0", "equator, just west of 6E: zone 31"},
    {0, 6.0, "32N JF 66021 00000", "32N 166021 0", "equator, 6E: zone 32 begins"},
    {0, 6.01, "32N JF 67135 00000", "32N 167136 0", "equator, just east of 6E: zone 32"},
    // Norway: zone 32V is widened west to 3E between 56N and 64N
    {60, 4, "32V KM 21288 61953", "32V 221289 6661953", "Norway exception: (60N, 4E) is 32V, not 31V"},
    {56, 3, "32V JH 26049 22336", "32V 126050 6222336", "Norway exception: its south-west corner"},
    // Svalbard: band X uses zones 31X (0-9E), 33X (9-21E), 35X (21-33E), 37X (33-42E)
    {78, 8, "31X FG 15914 63320", "31X 615915 8663320", "Svalbard: (78N, 8E) is 31X (31X runs to 9E)"},
    {78, 20, "33X XG 15914 63320", "33X 615915 8663320", "Svalbard: (78N, 20E) is 33X"},
    {78, 21, "35X LG 60973 65496", "35X 360974 8665497", "Svalbard: (78N, 21E) is 35X"},
    {78, 32, "35X PG 15914 63320", "35X 615915 8663320", "Svalbard: (78N, 32E) is 35X"},
    {78, 34, "37X CG 84085 63320", "37X 384085 8663320", "Svalbard: (78N, 34E) is 37X"},
    {72, 8.9, "31X GV 03202 98893", "31X 703203 7998893", "band X starts at 72N: 31X"},
    // UTM/UPS limits: UTM runs from 80S to 84N
    {83.99, 0, "31X DP 64947 27890", "31X 464947 9327890", "just below 84N: still UTM"},
    {-80, 0, "31C DM 41867 16915", "31C 441868 1116915", "80S: still UTM (band C)"},
    {84, 0, "Z AA 00000 33272", "UPS N 2000000 1333272", "84N: UPS"},
    {-80.5, 0, "B AY 00000 57051", "UPS S 2000000 3057052", "80.5S: UPS"},
    {85, 10, "Z AB 96454 52981", "UPS N 2096454 1452981", "85N: UPS north"},
    {-85, 10, "B AT 96454 47018", "UPS S 2096454 2547019", "85S: UPS south"},
    {90, 0, "Z AH 00000 00000", "UPS N 2000000 2000000", "north pole"},
    {-90, 0, "B AN 00000 00000", "UPS S 2000000 2000000", "south pole"},
};

} // namespace

TEST_CASE("coord: MGRS and UTM of known points match GeoConvert", "[coord]") {
    for (const auto& k : kKnown) {
        INFO(k.what << " (" << k.lat << ", " << k.lon << ")");
        CHECK(format_coordinate({k.lon, k.lat}, CoordFormat::MGRS) == k.mgrs);
        CHECK(format_coordinate({k.lon, k.lat}, CoordFormat::UTM) == k.utm);
    }
}

TEST_CASE("coord: known MGRS and UTM references read back to their points", "[coord]") {
    for (const auto& k : kKnown) {
        INFO(k.what);
        const LonLat want{k.lon, k.lat};
        // MGRS is truncated to 1 m and read as the centre of its square: within 1 m.
        CHECK(metres_between(parse_ok(k.mgrs), want) < 1.0);
        // UTM is rounded to 1 m: within sqrt(0.5^2 + 0.5^2) m and scale error, 1 m.
        CHECK(metres_between(parse_ok(k.utm), want) < 1.0);
        // MGRS without spaces and in lower case
        std::string packed;
        for (char c : std::string(k.mgrs))
            if (c != ' ') packed += char(std::tolower(static_cast<unsigned char>(c)));
        CHECK(metres_between(parse_ok(packed), want) < 1.0);
    }
}

TEST_CASE("coord: MGRS at other precisions", "[coord]") {
    const LonLat sydney{151.2153, -33.8568};
    // GeoConvert -m -p -4 .. : 56HLH (100 km), 56HLH35 (10 km), 56HLH3452 (1 km)
    CHECK(format_coordinate(sydney, CoordFormat::MGRS, 0) == "56H LH");
    CHECK(format_coordinate(sydney, CoordFormat::MGRS, 1) == "56H LH 3 5");
    CHECK(format_coordinate(sydney, CoordFormat::MGRS, 2) == "56H LH 34 52");
    // Reading a coarse reference gives the centre of its square.
    const LonLat km = parse_ok("56HLH3452");
    CHECK(metres_between(km, sydney) < 1000);
    CHECK(metres_between(parse_ok("56H LH 3490 5228"), sydney) < 10 * std::sqrt(2.0));
    CHECK(metres_between(parse_ok("56HLH34900005228800"), sydney) < 1.0); // 1 cm precision
}

TEST_CASE("coord: UTM zone letter is a band or a hemisphere", "[coord]") {
    const LonLat sydney{151.2153, -33.8568};
    // GeographicLib style: lowercase s is the southern hemisphere.
    CHECK(metres_between(parse_ok("56s 334901 6252289"), sydney) < 1.0);
    CHECK(metres_between(parse_ok("56 south 334901 6252289"), sydney) < 1.0);
    // Zone and band, joined or apart.
    CHECK(metres_between(parse_ok("56H 334901 6252289"), sydney) < 1.0);
    CHECK(metres_between(parse_ok("56 H 334901 6252289"), sydney) < 1.0);
    CHECK(metres_between(parse_ok("56H 334901mE 6252289mN"), sydney) < 1.0);
    // Uppercase S: not band S (32..40N) for this northing, so the southern hemisphere.
    CHECK(metres_between(parse_ok("56S 334901 6252289"), sydney) < 1.0);
    // ... but band S when the northing lies in 32..40N (Damascus, GeoConvert: 37n 247027 3711493).
    const LonLat damascus{36.2765, 33.5131};
    CHECK(metres_between(parse_ok("37S 247027 3711493"), damascus) < 1.0);
    CHECK(metres_between(parse_ok("37n 247027 3711493"), damascus) < 1.0);
    CHECK(metres_between(parse_ok("37N 247027 3711493"), damascus) < 1.0);
    // UPS, as Entente writes it and as GeographicLib does (zone 0).
    CHECK(metres_between(parse_ok("UPS N 2000000 2000000"), LonLat{0, 90}) < 1e-6);
    CHECK(metres_between(parse_ok("UPS S 2000000 2000000"), LonLat{0, -90}) < 1e-6);
    CHECK(metres_between(parse_ok("0n 2096454 1452981"), LonLat{10, 85}) < 1.0);
}

TEST_CASE("coord: decimal degrees are read latitude first, with or without hemisphere letters", "[coord]") {
    const LonLat want{151.2153, -33.8568};
    for (const char* text :
         {"-33.8568, 151.2153", "-33.8568 151.2153", "-33.8568;151.2153", "33.8568 S 151.2153 E",
          "33.8568S, 151.2153E", "33.8568s 151.2153e", "S33.8568 E151.2153", "33.8568°S 151.2153°E",
          "-33.8568° 151.2153°", "  -33.8568 ,  +151.2153  ",
          "\xE2\x88\x92"
          "33.8568 151.2153"}) {
        INFO(text);
        const LonLat p = parse_ok(text);
        CHECK(p.lat == Approx(want.lat).margin(1e-12));
        CHECK(p.lon == Approx(want.lon).margin(1e-12));
    }
    // A letter that names the longitude wins over the order.
    for (const char* text : {"151.2153E 33.8568S", "151.2153 E, 33.8568 S", "E151.2153 S33.8568",
                             "151.2153E, -33.8568", "-33.8568, 151.2153E", "151.2153, 33.8568S"}) {
        INFO(text);
        const LonLat p = parse_ok(text);
        CHECK(p.lat == Approx(want.lat).margin(1e-12));
        CHECK(p.lon == Approx(want.lon).margin(1e-12));
    }
    // Western and northern values; a latitude that would be a valid longitude is still a latitude.
    const LonLat jfk = parse_ok("40.6413 N 73.7781 W");
    CHECK(jfk.lat == Approx(40.6413));
    CHECK(jfk.lon == Approx(-73.7781));
    const LonLat p = parse_ok("10, 20");
    CHECK(p.lat == 10);
    CHECK(p.lon == 20);
    // Numbers as programs print them, with a lowercase exponent.
    const LonLat e = parse_ok("4.5e1 -1.2e+2");
    CHECK(e.lat == 45);
    CHECK(e.lon == -120);
}

TEST_CASE("coord: DMS variants", "[coord]") {
    // 33°51'24.5"S 151°12'55.1"E = -33.856805556, 151.215305556
    const double lat = -(33 + 51 / 60.0 + 24.5 / 3600), lon = 151 + 12 / 60.0 + 55.1 / 3600;
    for (const char* text : {
             "33°51'24.5\"S 151°12'55.1\"E",
             "33°51'24.5\"S, 151°12'55.1\"E",
             "33° 51' 24.5\" S 151° 12' 55.1\" E",
             "33 51 24.5 S 151 12 55.1 E",
             "33 51 24.5 S, 151 12 55.1 E",
             "S 33 51 24.5 E 151 12 55.1",
             "33d51m24.5s S 151d12m55.1s E",
             "33d51m24.5sS 151d12m55.1sE",
             "33D51M24.5S S 151D12M55.1S E",
             "33d 51m 24.5s S, 151d 12m 55.1s E",
             "33:51:24.5S 151:12:55.1E",
             "-33:51:24.5 151:12:55.1",
             "-33 51 24.5 151 12 55.1",
             "33\xC2\xB0"
             "51\xE2\x80\xB2"
             "24.5\xE2\x80\xB3"
             "S 151\xC2\xB0"
             "12\xE2\x80\xB2"
             "55.1\xE2\x80\xB3"
             "E",
             "33°51'24.5''S 151°12'55.1''E",
             "151°12'55.1\"E 33°51'24.5\"S",
             "-33°51'24.5\" 151°12'55.1\"",
         }) {
        INFO(text);
        const LonLat p = parse_ok(text);
        CHECK(p.lat == Approx(lat).margin(1e-10));
        CHECK(p.lon == Approx(lon).margin(1e-10));
    }
    // Degrees and decimal minutes.
    const LonLat dm = parse_ok("33°51.5'S 151°12.25'E");
    CHECK(dm.lat == Approx(-(33 + 51.5 / 60)).margin(1e-10));
    CHECK(dm.lon == Approx(151 + 12.25 / 60).margin(1e-10));
    const LonLat dm2 = parse_ok("33 51.5 S 151 12.25 E");
    CHECK(dm2.lat == Approx(-(33 + 51.5 / 60)).margin(1e-10));
    const LonLat dm3 = parse_ok("-33 51.5 151 12.25");
    CHECK(dm3.lon == Approx(151 + 12.25 / 60).margin(1e-10));
    // Whole degrees with markers, west and north.
    const LonLat w = parse_ok("12°N 8°W");
    CHECK(w.lat == 12);
    CHECK(w.lon == -8);
}

TEST_CASE("coord: bad inputs say what was wrong", "[coord]") {
    CHECK(parse_error("95, 10") == "latitude 95 is outside -90..90");
    CHECK(parse_error("-90.5 10") == "latitude -90.5 is outside -90..90");
    CHECK(parse_error("10, 200") == "longitude 200 is outside -180..180");
    CHECK(parse_error("95N 10E") == "latitude 95 is outside -90..90");
    CHECK(parse_error("10E 95N") == "latitude 95 is outside -90..90");
    CHECK(parse_error("1e308 1e308").find("is outside -90..90") != std::string::npos);
    CHECK(parse_error("0 1e999").find("is outside -180..180") != std::string::npos); // beyond a double
    CHECK(parse_error("XYZ") ==
          "'XYZ' is not a coordinate: expected decimal degrees (lat, lon), DMS, MGRS or UTM");
    CHECK(parse_error("hello world").find("is not a coordinate") != std::string::npos);
    CHECK(parse_error("").find("empty") != std::string::npos);
    CHECK(parse_error("33.8568").find("expected a latitude and a longitude") != std::string::npos);
    CHECK(parse_error("1 2 3").find("expected a latitude and a longitude") != std::string::npos);
    CHECK(parse_error("33N 12S").find("both values are latitudes") != std::string::npos);
    CHECK(parse_error("33E 12W").find("both values are longitudes") != std::string::npos);
    CHECK(parse_error("33 75 0 N 151 0 0 E") == "minutes 75 must be below 60");
    CHECK(parse_error("33 5 60 N 151 0 0 E") == "seconds 60 must be below 60");
    CHECK(parse_error("-33.8568S 151.2153E").find("both a sign and the hemisphere letter") !=
          std::string::npos);
    CHECK(parse_error("33.5 30 151 12").find("fraction") != std::string::npos);
    // UTM and MGRS errors come with what GeographicLib found wrong.
    CHECK(parse_error("61H 334901 6252289").find("zone 61") != std::string::npos);
    CHECK(parse_error("56I 334901 6252289").find("neither a latitude band") != std::string::npos);
    CHECK(parse_error("56C 334901 6252289").find("outside band C") != std::string::npos);
    CHECK(parse_error("56H 33490100 6252289").rfind("UTM: ", 0) == 0);
    CHECK(parse_error("UPS Q 2000000 2000000").find("UPS needs the hemisphere") != std::string::npos);
    CHECK(parse_error("56HLH349005228").rfind("MGRS: ", 0) == 0);  // odd number of digits
    CHECK(parse_error("56HLI3490052288").rfind("MGRS: ", 0) == 0); // I is not an MGRS letter
}

TEST_CASE("coord: formats", "[coord]") {
    const LonLat sydney{151.2153, -33.8568};
    CHECK(format_coordinate(sydney, CoordFormat::LatLon) == "-33.85680, 151.21530");
    CHECK(format_coordinate(sydney, CoordFormat::LatLon, 2) == "-33.86, 151.22");
    CHECK(format_coordinate({-1e-9, 1e-9}, CoordFormat::LatLon) == "0.00000, 0.00000");
    // GeoConvert -d -p 1: 33d51'24.48"S 151d12'55.08"E
    CHECK(format_coordinate(sydney, CoordFormat::DMS) == "33\xC2\xB0"
                                                         "51'24.48\"S 151\xC2\xB0"
                                                         "12'55.08\"E");
    CHECK(format_coordinate({-73.7781, 40.6413}, CoordFormat::DMS) == "40\xC2\xB0"
                                                                      "38'28.68\"N 73\xC2\xB0"
                                                                      "46'41.16\"W");
    CHECK_THROWS_AS(format_coordinate({0, 91}, CoordFormat::UTM), std::invalid_argument);
    CHECK_THROWS_AS(format_coordinate({NAN, 0}, CoordFormat::LatLon), std::invalid_argument);
}

TEST_CASE("coord: round trips through every format stay within 1 m", "[coord]") {
    std::mt19937 rng(20240611);
    std::uniform_real_distribution<double> ulat(-90, 90), ulon(-180, 180);
    std::vector<LonLat> points;
    for (int i = 0; i < 2000; ++i)
        points.push_back({ulon(rng), ulat(rng)});
    // Edges: zone and band boundaries, the UTM/UPS limits, the poles, the antimeridian, Norway and Svalbard;
    // -0 and -1e-300 are southern to GeographicLib but round into band N (found by tests/fuzz/fuzz_coords).
    for (double lat : {-90.0,   -89.9999, -80.0, -79.9999, -80.0001, -72.0,   0.0,     -0.0,
                       -1e-300, 1e-7,     -1e-7, 31.9999,  32.0,     40.0,    56.0,    63.9999,
                       64.0,    71.9999,  72.0,  83.9999,  84.0,     84.0001, 89.9999, 90.0})
        for (double lon : {-180.0, -179.9999, -0.0001, 0.0, 2.9999, 3.0, 5.9999, 6.0, 8.9999, 9.0, 20.9999,
                           21.0, 32.9999, 33.0, 41.9999, 42.0, 179.9999, 180.0})
            points.push_back({lon, lat});
    for (const LonLat& p : points) {
        for (CoordFormat f : {CoordFormat::LatLon, CoordFormat::DMS, CoordFormat::MGRS, CoordFormat::UTM}) {
            const std::string text = format_coordinate(p, f);
            std::string error;
            const auto back = parse_coordinate(text, &error);
            INFO("point " << p.lat << ", " << p.lon << " as '" << text << "': " << error);
            REQUIRE(back);
            CHECK(metres_between(*back, p) < 1.0);
        }
    }
}
