// Briefing slides resolved against their mission: what a slide shows (the CLI renders it, the window applies
// it), the window's view captured as a slide, and the presenter's text. No window state, so `entente render
// --slide` and `entente brief` need nothing of the session.
#pragma once
#include "map_scene.hpp"
#include "missions/model.hpp"
#include "slide_frame.hpp"

#include <optional>
#include <string>
#include <vector>

namespace entente::app {

// A slide resolved: layer names turned into settings, relative risk paths into files, and the frame drawn
// around it.
struct SlideSettings {
    geo::Bbox bbox;
    std::string crs = "webmercator";
    std::string date;  // YYYY-MM-DD; the slide's own, else the mission's D-day
    std::string phase; // phase id; empty: all
    bool mission = true, operations = false, graticule = false, labels = false, mgrs = false;
    std::vector<std::string> alliances;
    std::vector<std::string> risk_files; // absolute or asset paths
    std::optional<float> risk_threshold;
    SlideFrame frame; // on, with title, subtitle, marking, legend and attributions
};
// `mission_path` locates relative risk paths (beside the mission file, else in the shipped assets).
SlideSettings slide_settings(const missions::Mission& m, const missions::Slide& s,
                             const std::string& mission_path);
// A slide by number (1 = first) or id; throws geo::InputError naming `what` when there is none.
const missions::Slide& find_slide(const missions::Mission& m, const std::string& number_or_id,
                                  const std::string& what);

// The lon/lat box a view shows (west > east when it crosses the antimeridian).
geo::Bbox view_lonlat_box(const geo::Projection& proj, const render::View& view);
// The view, date, phase and visible layers as a slide (id, title and notes are left to the caller). Risk
// layers under `mission_dir` or the assets are kept relative, so the mission file travels with them.
missions::Slide capture_slide(const MapScene& scene, const render::View& view, const std::string& phase,
                              bool mission_shown, const std::string& mission_dir);
// The presenter view (a second monitor's window): slide number and title, the next slide's title, the clock
// and the time since the briefing began, the speaker notes word-wrapped to the width. Framebuffer pixels.
std::vector<render::TextItem> presenter_text(const missions::Mission& m, size_t index,
                                             const std::string& clock, double elapsed_s, int width,
                                             int height, float scale = 1);

} // namespace entente::app
