// The panel base and the tiled layout. A panel only draws its content; the base owns its window (Begin/End,
// place, size, fold state, the title-bar menu), and PanelLayout places every panel in a left column, a right
// column or the bottom bar so that none covers another, the map's legends or the screen's edge.
#pragma once
#include "session/app_state.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace entente::app {

enum class Dock { Left, Right, Bottom };

class Panel {
  public:
    virtual ~Panel() = default;
    virtual const char* title() const = 0;
    // The panel's widgets, inside its window (only while shown and unfolded).
    virtual void content(AppState& s) = 0;
    // Work each frame whether shown or not: a finished export collected, a new error opening Messages.
    virtual void always(AppState&) {}
    // False leaves the panel out for now without forgetting that the planner wants it (the mission's panels
    // while no mission is open).
    virtual bool available(const AppState&) const { return true; }

    bool visible = true;
    bool collapsed = false; // folded to its title bar by the planner

    // What the title bar's menu asked for; the layout carries it out after the frame.
    enum class Request { None, Up, Down, ToLeft, ToRight, ToBottom };
    Request request = Request::None;
    // The height its content took at the last frame it was drawn (window pixels, title bar included).
    float content_height = 0;

    // The window at its tile. `folded`: only the title fits there now.
    void draw(AppState& s, const ImVec2& pos, const ImVec2& size, bool folded);
};

// Toolbars in a column: the next item of `width` pixels goes on the same line when it fits, else on the next.
void flow(float width);
float button_width(const char* label);
float check_width(const char* label); // a checkbox or radio button with its label
// Hint text wrapped to the panel's width, in the disabled colour.
void hint(const char* text);

// One tile of the layout, in ImGui's logical pixels.
struct Tile {
    Panel* panel = nullptr;
    ImVec2 pos, size;
    bool folded = false;
};

// What the panels cover, in logical pixels from each edge of the display (for legends and "zoom to").
struct Covered {
    float left = 0, right = 0, top = 0, bottom = 0;
};

class PanelLayout {
  public:
    static constexpr float kFit = 0;
    // Registers a panel with its default place (the order of calls is the default order in each column) and
    // its preferred height in logical pixels at scale 1; kFit: as tall as its content (toolbars).
    void add(Panel& p, Dock dock, float height, bool visible = true);
    // Places the shown panels for a display of `display` logical pixels, between the menu bar (`top`) and the
    // status bar (`bottom` high); `scale` is the UI scale.
    void arrange(const AppState& s, ImVec2 display, float top, float bottom, float scale);
    // Every panel's always(), then the shown ones at their tiles; then the moves asked for.
    void draw(AppState& s);
    // The Panels menu: show or hide each, and put the layout back as it first was.
    void menu();
    const Covered& covered() const { return covered_; }
    const std::vector<Tile>& tiles() const { return tiles_; }

    // Order, place, shown and folded state of every panel, by title (kept with the session).
    nlohmann::json save() const;
    void restore(const nlohmann::json& j);
    void reset();

  private:
    struct Entry {
        Panel* panel;
        Dock dock;
        float height;
        Dock default_dock;
        bool default_visible;
        size_t default_index; // order of registration
    };
    std::vector<Entry> entries_; // in column order
    std::vector<Tile> tiles_;
    Covered covered_;
    void apply_request(size_t i);
    void arrange_column(const std::vector<size_t>& shown, float x, float width, float y0, float y1);
};

} // namespace entente::app
