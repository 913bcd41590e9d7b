// Coordinates as planners type and read them: decimal degrees (latitude first), degrees-minutes-seconds,
// MGRS and UTM/UPS, converted through GeographicLib (WGS84).
#pragma once
#include "geo/types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace entente::geo {

// Reads one point. Accepted forms (case-insensitive unless said otherwise):
//  - decimal degrees, latitude first: "-33.8568, 151.2153", "33.8568 S 151.2153 E", "33.8568S, 151.2153E",
//    "N33.8568 E151.2153". A hemisphere letter decides which value is which, so "151.2153E 33.8568S" reads as
//    longitude then latitude; with no letters the first value is the latitude.
//  - DMS: "33°51'24.5\"S 151°12'55.1\"E", "33 51 24.5 S 151 12 55.1 E", "33d51m24.5s S 151d12m55.1s E",
//    "33:51:24.5S 151:12:55.1E" (also ′ ″ and degrees-minutes "33°51.408'S").
//  - MGRS, with or without spaces and at any precision: "56HLH3490052288", "56H LH 34900 52288"; polar (UPS)
//    MGRS too: "ZAH0000000000". The point is the centre of the MGRS square.
//  - UTM: "56H 334901 6252289" or "56 H 334901 6252289" (zone and latitude band), "56s 334901 6252289" or
//    "56 south 334901 6252289" (zone and hemisphere); UPS: "UPS N 2000000 2000000" (or "0n ..." as
//    GeographicLib writes it).
//    How the letter after the zone is read: a lowercase n or s is the hemisphere (GeographicLib's style); any
//    other letter C..X is a latitude band, which also gives the hemisphere (N..X north, C..M south) and is
//    checked against the northing. The one clash is an uppercase S: band S (32°N..40°N: Syria, Iraq,
//    Afghanistan, the Mediterranean, the central United States) when the northing falls in that band in the
//    northern hemisphere, otherwise the southern hemisphere ("56S 334901 6252289" is Sydney). Uppercase N is
//    north either way.
// Returns nullopt with a one-line reason in *error ("latitude 95 is outside -90..90", "'XYZ' is not a
// coordinate: expected decimal degrees (lat, lon), DMS, MGRS or UTM").
std::optional<LonLat> parse_coordinate(std::string_view text, std::string* error = nullptr);

enum class CoordFormat { LatLon, DMS, MGRS, UTM };

// Writes one point:
//  - LatLon: "-33.85680, 151.21530" (latitude first; `precision` decimal places),
//  - DMS: "33°51'24.48\"S 151°12'55.08\"E" (format_dms, hundredths of a second; `precision` unused),
//  - MGRS: grouped, "56H LH 34900 52288"; `precision` digits per axis (5 = 1 m, 0 = the 100 km square, up to
//    11); truncated, as MGRS references are, so the point lies inside the square written,
//  - UTM: zone and band with whole metres, "56H 334901 6252289", or UPS beyond 84°N / 80°S,
//    "UPS N 2000000 2000000" (`precision` unused).
// Zones follow the standard rules, including the Norway (32V) and Svalbard (31X/33X/35X/37X) exceptions.
// Throws std::invalid_argument for a point that is not a valid longitude/latitude.
std::string format_coordinate(LonLat p, CoordFormat f, int precision = 5);

} // namespace entente::geo
