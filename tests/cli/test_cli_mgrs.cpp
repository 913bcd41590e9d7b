// `entente render --mgrs-grid` as a user runs it: the grid's lines land on the pixels where their meridians
// and parallels are, and without the flag there is no grid.
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <stb/stb_image.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

struct Rgb {
    int w = 0, h = 0;
    std::vector<unsigned char> px;
    bool grid_ink(int x, int y) const { // the grid's magenta against the plain ocean background
        const unsigned char* p = &px[(size_t(y) * size_t(w) + size_t(x)) * 3];
        return p[0] > p[1] + 40 && p[2] > p[1] + 40;
    }
    // Fraction of rows y0..y1 with grid ink within a pixel of column x.
    double column(int x, int y0, int y1) const {
        int hit = 0;
        for (int y = y0; y <= y1; ++y)
            hit += grid_ink(x - 1, y) || grid_ink(x, y) || grid_ink(x + 1, y);
        return double(hit) / (y1 - y0 + 1);
    }
    double row(int y, int x0, int x1) const {
        int hit = 0;
        for (int x = x0; x <= x1; ++x)
            hit += grid_ink(x, y - 1) || grid_ink(x, y) || grid_ink(x, y + 1);
        return double(hit) / (x1 - x0 + 1);
    }
};

Rgb render(bool grid) {
    const std::string out =
        (std::filesystem::path(ENTENTE_CLI_OUT) / (std::string("mgrs-") + (grid ? "on" : "off") + ".png"))
            .string();
    // Plate carrée with the image's aspect equal to the box's: 15 px per degree, 6°E at the left, 52°N on
    // top.
    std::vector<std::string> args{"render",         "--crs",       "platecarree", "--bbox",
                                  "6,46,18,52",     "--size",      "840x420",     "--no-basemap",
                                  "--no-graticule", "--no-labels", "-o",          out};
    if (grid) args.push_back("--mgrs-grid");
    const auto r = cli_test::run(args);
    REQUIRE(r.code == 0);
    Rgb img;
    int comp = 0;
    unsigned char* p = stbi_load(out.c_str(), &img.w, &img.h, &comp, 3);
    REQUIRE(p);
    img.px.assign(p, p + size_t(img.w) * size_t(img.h) * 3);
    stbi_image_free(p);
    return img;
}

} // namespace

TEST_CASE("entente render --mgrs-grid draws zone boundaries and 100 km lines where they are") {
    const Rgb on = render(true), off = render(false);
    REQUIRE(on.w == 840);
    REQUIRE(on.h == 420);
    // The 32/33 zone boundary at 12°E: column 420. Zone 33's central meridian (easting 500 km) at 15°E:
    // column 630; zone 32's at 9°E: column 210.
    for (int x : {420, 630, 210}) {
        INFO("column " << x);
        CHECK(on.column(x, 10, 410) > 0.8);
        CHECK(off.column(x, 10, 410) == 0);
    }
    // At 12.75°E no grid line runs north-south: zone 32's lines stop at 12°E and zone 33's 300 km easting
    // is west of 12.4°E here.
    CHECK(on.column(472, 10, 410) < 0.2);
    // The T/U band boundary at 48°N: row 280.
    CHECK(on.row(280, 10, 830) > 0.8);
    CHECK(off.row(280, 10, 830) == 0);
}
