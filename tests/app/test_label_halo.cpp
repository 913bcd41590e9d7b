// A label's halo, drawn in one pass, must look as eight copies of the label in the halo's colour, each moved
// a whole number of pixels towards a point of the compass (round(cos(k·45°)·r), round(sin(k·45°)·r), r a
// tenth of the size and at least a pixel), blended one over another before the label itself: that is what
// keeps labels legible over any fill. The reference here draws those eight copies through the plain text
// path; sizes of 15 and 25 px put the reach on a half pixel, where rounding decides the left and top edges, and
// glyphs scaled from the next font size put copies' edges on pixel centres, where the rasteriser's rule does.
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/fonts.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>

using namespace entente;
using namespace entente::render;

TEST_CASE("a label's one-pass halo is its eight offset copies, halves of a pixel included") {
    HeadlessContext ctx;
    Renderer r;
    r.set_glyph_atlas(app::bake_map_font(1.0f));
    const int w = 240, h = 90;
    View view;
    view.width = w, view.height = h, view.units_per_px = 1, view.center = {0, 0};
    view.background = {0.15f, 0.3f, 0.45f, 1}; // a dark sea, so the halo shows
    OffscreenTarget target(w, h, 1);
    target.bind();
    auto draw = [&](const std::vector<TextItem>& items) {
        r.begin_frame(view);
        for (const TextItem& t : items)
            r.draw_text({t});
        r.end_frame();
        return target.read_rgba();
    };
    for (const float size : {11.f, 12.f, 15.f, 20.f, 25.f, 26.f}) {
        for (const float alpha : {1.0f, 0.85f}) {
            INFO("size " << size << " px, halo alpha " << alpha);
            TextItem label;
            label.text = "Kagera 17, Goma";
            label.pos = {120.3, 44.6};
            label.size_px = size;
            label.colour = {0.1f, 0.1f, 0.1f, 1};
            label.halo = {1, 1, 1, alpha};
            const auto one_pass = draw({label});

            std::vector<TextItem> copies;
            const float reach = std::max(1.0f, size / 10.f);
            for (int k = 0; k < 8; ++k) {
                const double a = k * M_PI / 4;
                TextItem c = label;
                c.colour = label.halo;
                c.halo.a = 0;
                c.pos.x += std::round(std::cos(a) * reach);
                c.pos.y += std::round(std::sin(a) * reach);
                copies.push_back(c);
            }
            TextItem body = label;
            body.halo.a = 0;
            copies.push_back(body);
            const auto reference = draw(copies);

            size_t differ = 0, halo_px = 0;
            int worst = 0;
            for (size_t i = 0; i + 3 < one_pass.size(); i += 4) {
                int d = 0;
                for (int ch = 0; ch < 3; ++ch)
                    d = std::max(d, std::abs(int(one_pass[i + ch]) - int(reference[i + ch])));
                worst = std::max(worst, d);
                differ += d > 3; // eight blends round eight times, one blend once
                halo_px += reference[i] > 200 && reference[i + 1] > 200; // near-white: the halo's own
            }
            CHECK(halo_px > 100); // the comparison is about a halo that is there
            CHECK(differ == 0);
            CHECK(worst <= 3);
        }
    }
}
