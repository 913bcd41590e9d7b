// Briefing slides between the mission model and the map: what a slide shows, resolved against its mission
// (the CLI renders that, the window applies it), the window's view captured as a slide, and the flight
// between slides in briefing mode. No ImGui or GLFW, so the tests drive it as the window does.
#pragma once
#include "app_state.hpp"
#include "briefing.hpp"
#include "missions/model.hpp"

#include <map>
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
    BriefingFrame frame; // on, with title, subtitle, marking, legend and attributions
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
// Shows a slide in the window's state: projection, view (the box whole in the framebuffer), date, phase,
// domain layers, grids and labels; risk layers it names are shown (opened when not loaded), others hidden.
void apply_slide(AppState& st, const SlideSettings& s);

// Smooth start and stop for t in 0..1.
double ease_in_out(double t);

// An animated move of the camera: centre linear, zoom geometric, eased.
struct Flight {
    geo::XY from_center, to_center;
    double from_upp = 1, to_upp = 1;
    double start = 0, duration = 1.0;
    bool done(double now) const { return now >= start + duration; }
    void at(double now, Camera& cam) const;
};

// The presenter view (a second monitor's window): slide number and title, the next slide's title, the clock
// and the time since the briefing began, the speaker notes word-wrapped to the width. Framebuffer pixels.
std::vector<render::TextItem> presenter_text(const missions::Mission& m, size_t index,
                                             const std::string& clock, double elapsed_s, int width,
                                             int height, float scale = 1);

// Briefing mode's own state: which slide, the flight, and what to restore when it ends.
class BriefingMode {
  public:
    bool on = false;
    size_t index = 0;
    bool show_mission = true; // the current slide has the "mission" layer
    std::optional<Flight> flight;

    // Saves the window's state and shows slide `index`; false (with a message) when the mission has no
    // slides.
    bool enter(AppState& st, size_t index, double now);
    // Goes to a slide (clamped), flying there from the current view. False when already there.
    bool go(AppState& st, size_t index, double now, bool animate = true);
    // Restores the saved state.
    void leave(AppState& st);
    // Moves the camera along the flight; true while it is still flying.
    bool tick(AppState& st, double now);
    size_t count(const AppState& st) const;

  private:
    struct Saved {
        Camera camera;
        std::string projection;
        bool graticule = true, labels = true, mgrs = false;
        DomainSettings domain;
        std::string phase;
        std::map<uint64_t, bool> visible;
    } saved_;
};

} // namespace entente::app
