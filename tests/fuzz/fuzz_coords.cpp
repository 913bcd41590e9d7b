// Any text as a coordinate (decimal, DMS, MGRS, UTM): geo::parse_coordinate returns a finite, in-range point
// or no point with a reason; every point it accepts formats in every notation, and that text parses again.
#include "fuzz_common.hpp"
#include "geo/coords.hpp"

#include <cmath>

using namespace entente;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto p = geo::parse_coordinate(text, &error);
    if (!p) {
        if (error.empty()) {
            std::fprintf(stderr, "fuzz_coords: refused without a reason\n");
            std::abort();
        }
        return 0;
    }
    if (!std::isfinite(p->lon) || !std::isfinite(p->lat) || std::abs(p->lat) > 90 || std::abs(p->lon) > 180) {
        std::fprintf(stderr, "fuzz_coords: accepted %.17g %.17g out of range\n", p->lon, p->lat);
        std::abort();
    }
    for (auto f :
         {geo::CoordFormat::LatLon, geo::CoordFormat::DMS, geo::CoordFormat::MGRS, geo::CoordFormat::UTM}) {
        const std::string s = geo::format_coordinate(*p, f);
        std::string again;
        if (!geo::parse_coordinate(s, &again)) {
            std::fprintf(stderr, "fuzz_coords: '%s' formats as '%s', which does not parse: %s\n",
                         text.c_str(), s.c_str(), again.c_str());
            std::abort();
        }
    }
    return 0;
}
