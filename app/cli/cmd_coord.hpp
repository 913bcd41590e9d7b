// `entente coord TEXT [--to latlon|dms|mgrs|utm]`: converts one coordinate between decimal degrees, DMS, MGRS
// and UTM/UPS (geo/coords.hpp says which forms TEXT may take).
#pragma once
#include <string>

namespace entente::app {

// Prints the point in the form `to` ("latlon", "dms", "mgrs" or "utm", any case), or in all four when `to` is
// empty, one line each: "latlon: -33.85680, 151.21530", "dms: ...", "mgrs: 56H LH 34900 52288",
// "utm: 56H 334901 6252289". Returns 0; on unreadable TEXT or an unknown `to` prints one line on stderr
// ("entente coord: '<text>': <reason>") and returns 2.
int cmd_coord(const std::string& text, const std::string& to);

} // namespace entente::app
