// The frame around a briefing slide, drawn over the map: classification banners at top and bottom in the
// marking's colour, a title block, a legend of what is visible, a scale bar true at the map centre for the
// projection in use, a north arrow pointing to true north there, and attributions.
#pragma once
#include "geo/projection.hpp"
#include "render/labels.hpp"
#include "render/renderer.hpp"

#include <string>
#include <vector>

namespace entente::app {

struct SlideFrame {
    bool on = false;
    bool drawn_by_map = true; // false: the map leaves room for it but another writer draws it (PDF vectors)
    std::string title, subtitle; // e.g. the slide title; date and phase
    std::string marking;         // classification marking for the banners ("" = none drawn)
    std::vector<std::pair<render::Rgba, std::string>> legend; // colour swatch, label
    std::vector<std::string> attributions;
};

// Banner colour for a marking (after the US CAPCO banner colours; NATO/national RESTRICTED in amber).
render::Rgba marking_colour(const std::string& marking);

// A scale bar for the view: its length in framebuffer pixels, the ground distance it stands for (a round
// number of metres) and the label. Ground distance is geodesic, measured along the screen horizontal through
// the map centre, so it is true for the projection there.
struct ScaleBar {
    double px = 0, metres = 0;
    std::string label;
};
std::optional<ScaleBar> scale_bar(const render::View& view, const geo::Projection& proj, double max_px);

// Screen angle of true north at the map centre, radians clockwise from screen up; nullopt outside the
// projection.
std::optional<double> north_angle(const render::View& view, const geo::Projection& proj);

// Draws the frame; returns the screen box the legend took (for other legends to avoid).
void draw_slide_frame(render::Renderer& r, const render::View& view, const geo::Projection& proj,
                      const SlideFrame& f);

// Where the frame draws (banners, title block, legend, scale bar, north arrow, attributions), in framebuffer
// pixels: what labels and symbols must keep clear of.
std::vector<render::ScreenBox> slide_frame_boxes(const render::View& view, const geo::Projection& proj,
                                                 const SlideFrame& f, const render::GlyphAtlas& metrics);

// The same frame as PDF content operators (vector shapes and Helvetica text) for a page of page_w x page_h
// points showing `view`; `metrics` measures text as the screen does.
std::string slide_frame_pdf(const render::View& view, const geo::Projection& proj, const SlideFrame& f,
                            const render::GlyphAtlas& metrics, double page_w, double page_h);

} // namespace entente::app
