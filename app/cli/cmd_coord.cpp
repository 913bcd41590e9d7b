// `entente coord TEXT [--to latlon|dms|mgrs|utm]`: converts one coordinate between decimal degrees, DMS, MGRS
// and UTM/UPS (geo/coords.hpp says which forms TEXT may take).
#include "command.hpp"

#include "geo/coords.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <utility>
#include <vector>

namespace entente::app {

// Prints the point in the form `to` ("latlon", "dms", "mgrs" or "utm", any case), or in all four when `to` is
// empty, one line each: "latlon: -33.85680, 151.21530", "dms: ...", "mgrs: 56H LH 34900 52288",
// "utm: 56H 334901 6252289". Returns 0; on unreadable TEXT or an unknown `to` prints one line on stderr
// ("entente coord: '<text>': <reason>") and returns 2.
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

namespace {

class CoordCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand(
            "coord", "Convert a coordinate: decimal degrees (latitude first), DMS, MGRS or UTM");
        c->add_option("text", text_,
                      "The coordinate, e.g. \"4.3666 18.5583\", \"33JXM1234\" or \"34N 780000 480000\"")
            ->required();
        c->add_option("--to", to_, "latlon, dms, mgrs or utm (default: all)")
            ->check(CLI::IsMember({"latlon", "dms", "mgrs", "utm"}));
        return c;
    }
    int run() override { return cmd_coord(text_, to_); }

  private:
    std::string text_, to_;
};

} // namespace

std::unique_ptr<Command> coord_command() {
    return std::make_unique<CoordCommand>();
}

} // namespace entente::app
