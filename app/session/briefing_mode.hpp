// Briefing mode in the window: a slide applied to the session, the flight between slides, and what to restore
// when it ends. No ImGui or GLFW, so the tests drive it as the window does.
#pragma once
#include "app_state.hpp"
#include "scene/slide_settings.hpp"

#include <map>
#include <optional>
#include <string>

namespace entente::app {

// Shows a slide in the window's state: projection, view (the box whole in the framebuffer), date, phase,
// alliances and peace operations, grids and labels; risk layers it names are shown (opened when not loaded),
// others hidden.
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
        ReferenceSettings reference;
        std::string phase;
        std::map<uint64_t, bool> visible;
    } saved_;
};

} // namespace entente::app
