// The map font: every name the map labels gets its own glyphs (no '?' for accents), sizes follow the pixel
// ratio, and glyphs sit apart in the atlas so bilinear sampling never picks up a neighbour.
#include "geo/dataset.hpp"
#include "scene/assets.hpp"
#include "scene/fonts.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace entente;

namespace {

std::set<uint32_t> codepoints_of(const std::string& utf8) {
    std::set<uint32_t> out;
    for (size_t i = 0; i < utf8.size();)
        out.insert(render::next_codepoint(utf8, i));
    return out;
}

} // namespace

TEST_CASE("every country name on the basemap, accents included, has a glyph of its own at every size") {
    std::set<uint32_t> needed = codepoints_of("Côte d'Ivoire São Tomé Curaçao Åland Łódź 1–2 km…");
    for (const char* scale : {"110m", "50m", "10m"}) {
        geo::LoadOptions opt;
        opt.tessellate = false;
        const auto src = geo::load_source(
            "/vsigzip/" + app::asset_path("basemap/countries_" + std::string(scale) + ".geojson.gz"), opt);
        REQUIRE(src.vectors.size() == 1);
        const geo::VectorLayer& l = *src.vectors[0];
        const int name = l.field_index("name");
        REQUIRE(name >= 0);
        for (size_t i = 0; i < l.feature_count(); ++i)
            for (uint32_t cp : codepoints_of(l.value_text(i, size_t(name))))
                needed.insert(cp);
    }
    CHECK(needed.count(U'ô'));
    CHECK(needed.count(U'ã'));

    const render::GlyphAtlas atlas = app::bake_map_font(1.0f);
    REQUIRE(atlas.fonts.size() == 5);
    for (const render::Font& f : atlas.fonts)
        for (uint32_t cp : needed) {
            INFO("U+" << std::hex << cp << " at " << f.size_px << " px");
            // Not Font::find: that falls back to '?', which is what this guards against.
            const auto it = f.glyphs.find(cp);
            REQUIRE(it != f.glyphs.end());
            CHECK(it->second.advance > 0);
        }
}

TEST_CASE("map label sizes and text widths scale with the pixel ratio") {
    const render::GlyphAtlas one = app::bake_map_font(1.0f), two = app::bake_map_font(2.0f);
    REQUIRE(one.fonts.size() == 5);
    REQUIRE(two.fonts.size() == 5);
    const float sizes[] = {11, 13, 16, 20, 26};
    for (size_t i = 0; i < 5; ++i) {
        CHECK(one.fonts[i].size_px == sizes[i]);
        CHECK(two.fonts[i].size_px == 2 * sizes[i]);
        // Line height and widths double give or take the rounding of each size's glyph metrics.
        CHECK(two.fonts[i].ascent - two.fonts[i].descent ==
              Approx(2 * (one.fonts[i].ascent - one.fonts[i].descent)).margin(2));
        const float w1 = one.fonts[i].text_width("São Tomé and Principe");
        CHECK(w1 > sizes[i] * 5);
        CHECK(two.fonts[i].text_width("São Tomé and Principe") == Approx(2 * w1).epsilon(0.03));
    }
    CHECK(one.nearest(13).size_px == 13);
    CHECK(two.nearest(26).size_px == 26);
}

TEST_CASE("each glyph's atlas rectangle has an empty ring around it, so filtering never bleeds") {
    const render::GlyphAtlas atlas = app::bake_map_font(1.5f);
    REQUIRE(atlas.width > 0);
    REQUIRE(atlas.alpha.size() == size_t(atlas.width) * atlas.height);
    auto at = [&](int x, int y) -> int {
        if (x < 0 || y < 0 || x >= atlas.width || y >= atlas.height) return 0;
        return atlas.alpha[size_t(y) * atlas.width + x];
    };
    int ink = 0, bleeding = 0;
    for (const render::Font& f : atlas.fonts)
        for (const auto& [cp, g] : f.glyphs) {
            // Texel edges are whole numbers: the atlas is a power of two on both sides.
            const float x0 = g.u0 * atlas.width, y0 = g.v0 * atlas.height;
            const float x1 = g.u1 * atlas.width, y1 = g.v1 * atlas.height;
            REQUIRE(x0 == int(x0));
            REQUIRE(y1 == int(y1));
            for (int y = int(y0); y < int(y1); ++y)
                for (int x = int(x0); x < int(x1); ++x)
                    ink += at(x, y) > 0;
            for (int x = int(x0) - 1; x <= int(x1); ++x)
                bleeding += at(x, int(y0) - 1) + at(x, int(y1));
            for (int y = int(y0); y < int(y1); ++y)
                bleeding += at(int(x0) - 1, y) + at(int(x1), y);
        }
    CHECK(ink > 1000);
    CHECK(bleeding == 0);
}
