#include "cli_coord.hpp"

#include "geo/coords.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <utility>
#include <vector>

namespace entente::app {

int cmd_coord(const std::string& text, const std::string& to) {
    static const std::vector<std::pair<std::string, geo::CoordFormat>> forms = {
        {"latlon", geo::CoordFormat::LatLon},
        {"dms", geo::CoordFormat::DMS},
        {"mgrs", geo::CoordFormat::MGRS},
        {"utm", geo::CoordFormat::UTM},
    };
    std::string want = to;
    std::transform(want.begin(), want.end(), want.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (!want.empty() &&
        std::none_of(forms.begin(), forms.end(), [&](const auto& f) { return f.first == want; })) {
        std::cerr << "entente coord: --to '" << to << "': expected latlon, dms, mgrs or utm\n";
        return 2;
    }

    std::string error;
    const auto p = geo::parse_coordinate(text, &error);
    if (!p) {
        std::cerr << "entente coord: '" << text << "': " << error << "\n";
        return 2;
    }
    for (const auto& [name, format] : forms)
        if (want.empty() || want == name)
            std::cout << name << ": " << geo::format_coordinate(*p, format) << "\n";
    return 0;
}

} // namespace entente::app
