// The demo briefing as a briefing room sees it: on every slide, at 1920x1080 and at 3840x2160, no two placed
// labels or unit symbols overlap and nothing covers the banners, title block, legends, scale bar or north
// arrow; and the 4K slide is the 1080p slide with twice the pixels (text, symbols and frame scale with it).
#include "scene/assets.hpp"
#include "scene/headless_render.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

using namespace entente;

namespace {

app::RenderResult render_slide(int slide, int w, int h) {
    app::RenderRequest rq;
    rq.files = {app::asset_path("demo/shared_shield.entente.gpkg")};
    rq.slide = std::to_string(slide);
    rq.width = w, rq.height = h;
    return app::render_map(rq);
}

void check_no_overlap(const app::RenderResult& res, int slide) {
    INFO("slide " << slide << " at " << res.width << "x" << res.height);
    for (const auto& [a, b] : res.labels.overlaps())
        FAIL_CHECK(render::to_string(a.what) << " \"" << a.text << "\" overlaps " << render::to_string(b.what)
                                             << " \"" << b.text << "\"");
    // The mission itself is never what gives way: every unit finds room clear of the others, and on the
    // operational slides (3 to 6) every mission label is placed; the theatre overview (1, 2) may leave out
    // names that do not fit.
    for (const auto& d : res.labels.dropped) {
        INFO("dropped " << render::to_string(d.what) << " \"" << d.text << "\"");
        CHECK(d.what != render::LabelClass::Unit);
        if (slide >= 3) CHECK(d.what != render::LabelClass::Mission);
    }
    size_t units = 0;
    for (const auto& p : res.labels.placed)
        units += p.what == render::LabelClass::Unit;
    CHECK(units > 0);
}

// Mean colour of each 16x16 block of framebuffer pixels at 1080p (32x32 at 4K): fine enough to see a label
// or a symbol that moved or changed size, coarse enough that anti-aliasing at two sizes does not count.
std::vector<float> block_means(const app::RenderResult& r, int block) {
    const int bw = r.width / block, bh = r.height / block;
    std::vector<float> out(size_t(bw) * bh * 3, 0.f);
    for (int y = 0; y < bh * block; ++y)
        for (int x = 0; x < bw * block; ++x)
            for (int k = 0; k < 3; ++k)
                out[(size_t(y / block) * bw + x / block) * 3 + k] +=
                    r.rgba[(size_t(y) * r.width + x) * 4 + k] / float(block * block);
    return out;
}

} // namespace

TEST_CASE("demo slides: no label or symbol overlaps another or the frame, at 1080p and 4K, and 4K is 1080p "
          "with twice the pixels",
          "[labels]") {
    for (int slide = 1; slide <= 6; ++slide) {
        const app::RenderResult hd = render_slide(slide, 1920, 1080);
        const app::RenderResult uhd = render_slide(slide, 3840, 2160);
        check_no_overlap(hd, slide);
        check_no_overlap(uhd, slide);
        // The same picture: labels, symbols and frame in the same places at the same size relative to the
        // slide (rounding at two sizes may still settle a label or two differently).
        INFO("slide " << slide);
        CHECK(std::abs(double(uhd.labels.placed.size()) - double(hd.labels.placed.size())) <=
              std::max(2.0, 0.02 * double(hd.labels.placed.size())));
        const auto a = block_means(hd, 16), b = block_means(uhd, 32);
        REQUIRE(a.size() == b.size());
        size_t differing = 0;
        for (size_t i = 0; i < a.size(); i += 3) {
            float d = 0;
            for (int k = 0; k < 3; ++k)
                d = std::max(d, std::abs(a[i + k] - b[i + k]));
            differing += d > 24;
        }
        const double frac = double(differing) / double(a.size() / 3);
        std::printf("slide %d: %zu placed, %zu dropped; %.2f%% of 16-px blocks differ 4K vs 1080p\n", slide,
                    hd.labels.placed.size(), hd.labels.dropped.size(), frac * 100);
        CHECK(frac < 0.02);
    }
}
