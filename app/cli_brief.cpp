// `entente brief MISSION -o deck.pdf`: the mission's briefing, one page per slide, drawn exactly as
// `entente render --slide` (and the window's briefing mode) draws it.
#include "briefing.hpp"
#include "fonts.hpp"
#include "geo/error.hpp"
#include "headless_render.hpp"
#include "missions/persistence.hpp"
#include "render/pdf.hpp"

#include <cstdio>

namespace entente::app {

int cmd_brief(const std::string& mission_path, const std::string& output, int width, int height, float scale) {
    try {
        const missions::Mission m = missions::load_mission(mission_path);
        if (m.slides.empty()) throw geo::InputError(mission_path, "the mission has no briefing slides");
        std::vector<render::PdfPage> pages;
        const render::GlyphAtlas metrics = bake_map_font(scale); // text measured as the screen measures it
        for (size_t i = 0; i < m.slides.size(); ++i) {
            RenderRequest rq;
            rq.files = {mission_path};
            rq.slide = std::to_string(i + 1);
            rq.width = width, rq.height = height, rq.scale = scale;
            rq.frame_as_vector = true; // banners, titles, legend and scale bar as PDF vectors over the map
            RenderResult res = render_map(rq);
            for (auto& w : res.warnings)
                std::fprintf(stderr, "entente brief: warning: slide %zu: %s\n", i + 1, w.c_str());
            // 16:9 slides become 13.33 x 7.5 inch pages (a presentation's size), whatever the pixel count.
            const double pw = 960.0, ph = 960.0 * res.height / res.width;
            const geo::Projection proj(geo::ProjectionSpec::parse(res.projection));
            std::string overlay = briefing_frame_pdf(res.view, proj, res.frame, metrics, pw, ph);
            render::PdfPage p{res.width, res.height, std::move(res.rgba), pw, ph, std::move(overlay)};
            pages.push_back(std::move(p));
            std::printf("slide %zu/%zu: %s\n", i + 1, m.slides.size(), m.slides[i].title.c_str());
            std::fflush(stdout); // the window reads this line as progress through a pipe
        }
        if (!render::write_pdf(output, pages, m.name + " - briefing"))
            throw geo::InputError(output, "cannot write the PDF");
        std::printf("wrote %s (%zu pages)\n", output.c_str(), pages.size());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente brief: %s\n", e.what());
        return 1;
    }
}

} // namespace entente::app
