// Editing the mission on the map: select, multi-select and move; drag, insert and delete vertices; place
// units; draw points, lines and areas; snapping; copy/paste; delete; undo/redo. No ImGui and no GLFW: the
// window feeds mouse positions (framebuffer pixels) and keys, the tests drive it the same way. Every change
// goes through MissionEditor::apply, so it is one command of the document's vocabulary and can be undone.
#pragma once
#include "app_state.hpp"
#include "missions/model.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace entente::app {

enum class MapTool { Select, PlaceUnit, DrawPoint, DrawLine, DrawArea };
const char* to_string(MapTool t);

struct Mods {
    bool shift = false, ctrl = false;
};

enum class EditKey { Undo, Redo, Delete, Copy, Paste, Escape, Enter, ToggleSnap };

// Where the cursor snaps to: a vertex (of the mission or a loaded layer), or the nearest point of an edge.
struct SnapTarget {
    geo::LonLat at;
    geo::XY screen;
    bool vertex = true;
};

// A vertex handle (or, with `midpoint`, the handle in the middle of edge index -> index+1) of the selected
// line or area.
struct VertexHandle {
    int index = -1;
    bool midpoint = false;
};

class MapTools {
  public:
    static constexpr const char* kDefaultSidc = "10031000001211000000"; // friendly land unit, infantry

    explicit MapTools(AppState& s) : s_(s) {}

    MapTool tool() const { return tool_; }
    void set_tool(MapTool t); // cancels a drawing in progress
    bool snapping = true;
    missions::MeasureKind point_kind = missions::MeasureKind::Base;
    missions::MeasureKind line_kind = missions::MeasureKind::Route;
    missions::MeasureKind area_kind = missions::MeasureKind::AreaOfOperations;
    std::string unit_sidc = kDefaultSidc;
    // Tolerances in logical pixels (scaled by the view's pixel ratio).
    float pick_px = 7, snap_px = 10, handle_px = 5;
    // Half size of a unit symbol for the fallback hit test (symbols are ~36 px tall, up to 1.5 times as
    // wide).
    float unit_half_w = 26, unit_half_h = 18;

    // Mouse, in framebuffer pixels. press() is true when the mission took the press: the window then neither
    // pans nor zooms on a double-click. release() is true when it used the click (the window then does not
    // identify); `moved` says the window panned since the press.
    bool press(const render::View& v, geo::XY screen, Mods mods, bool double_click = false);
    void drag(const render::View& v, geo::XY screen); // the button is held after a press() that returned true
    void release(const render::View& v, geo::XY screen);
    bool click(const render::View& v, geo::XY screen, Mods mods, bool moved); // a press press() declined
    void hover(const render::View& v, geo::XY screen);                        // no button held
    bool right_click(const render::View& v, geo::XY screen);
    // A key with the map focused; true when it did something.
    bool key(EditKey k, const render::View& v);
    bool dragging() const { return gesture_ != Gesture::None; }
    bool drawing() const { return !pending_.empty(); }
    const std::vector<geo::LonLat>& pending() const { return pending_; }
    // Screen-space feedback: handles, rubber band, snap cue. Register as a MapScene tool layer.
    void draw(render::Renderer& r, const render::View& v) const;

    // The unit or control measure under a screen position ("" for none): units first, then points, lines
    // near the stroke, areas containing the position (the smallest wins; *interior is then true). Pressing
    // inside an area that is not selected pans the map; clicking there selects it.
    std::string hit(const render::View& v, geo::XY screen, bool* interior = nullptr) const;
    // The vertex or edge to snap to within snap_px, vertices first; elements in `exclude` are ignored, and
    // so is vertex `exclude_vertex` of measure `exclude_measure`.
    std::optional<SnapTarget> snap_target(const render::View& v, geo::XY screen,
                                          const std::vector<std::string>& exclude = {},
                                          const std::string& exclude_measure = "",
                                          int exclude_vertex = -1) const;
    // The handle of the single selected line or area under a screen position.
    std::optional<VertexHandle> handle_at(const render::View& v, geo::XY screen) const;
    std::optional<SnapTarget> last_snap() const { return snap_; }

    std::optional<geo::LonLat> to_lonlat(const render::View& v, geo::XY screen) const;
    geo::XY to_screen(const render::View& v, geo::LonLat p) const;

    // The selected line's or area's vertex that Delete removes (set by clicking a handle), or -1.
    int active_vertex = -1;

    // Edits (also used by the panels). Each is one undo step; false with a message in the Messages panel when
    // refused.
    bool place_unit(geo::LonLat at);
    bool add_measure(missions::MeasureKind kind, const std::vector<geo::LonLat>& points);
    bool delete_selection();
    bool delete_vertex(const std::string& id, int index);
    void copy();
    bool paste(const render::View& v);
    bool has_clipboard() const { return !clipboard_.empty(); }
    // Moves a unit (in the shown phase) or vertex `vertex` of a control measure to a typed coordinate
    // (decimal degrees, DMS, MGRS, UTM). False with a one-line reason in *error.
    bool move_to_text(const std::string& id, int vertex, const std::string& text, std::string* error);
    // A few lines saying what an element is (for the map's tooltip): designation, formation, nation, the
    // symbol's meaning; a measure's name, kind and phases.
    std::string describe(const std::string& id) const;
    // Where an element is in the shown phase (the first vertex for a measure).
    std::optional<geo::LonLat> position_of(const std::string& id, int vertex = 0) const;
    // The lon/lat box of the elements, for zooming to them.
    geo::Bbox bbox_of(const std::vector<std::string>& ids) const;
    bool finish_drawing();
    void cancel_drawing();

  private:
    enum class Gesture { None, Taken, MoveSelection, MoveVertex, InsertVertex };
    const missions::Mission* mission() const { return s_.mission.mission(); }
    bool applies(const missions::ControlMeasure& c) const; // shown in the current phase
    bool apply(const nlohmann::json& op);
    // Replaces the drag's previous step with `op`, so a whole drag is one undo step.
    void apply_drag(const nlohmann::json& op);
    std::optional<geo::LonLat> snapped(const render::View& v, geo::XY screen);
    std::string fresh_id(const std::string& prefix, std::set<std::string>& taken) const;
    void ensure_mission();
    const missions::ControlMeasure* single_selected_shape() const; // one line or area selected

    AppState& s_;
    MapTool tool_ = MapTool::Select;
    Gesture gesture_ = Gesture::None;
    geo::XY press_screen_;
    bool moved_ = false;
    bool drag_applied_ = false, drag_failed_ = false;
    geo::LonLat anchor_;               // the grabbed element's point at the press
    geo::XY grab_offset_;              // from the cursor to that point on screen
    std::string pressed_id_;           // the element pressed on
    nlohmann::json drag_start_;        // selected elements as they were at the press
    std::string drag_measure_;         // measure whose vertex is dragged
    int drag_vertex_ = -1;             // index of that vertex (the inserted one while inserting)
    std::vector<geo::LonLat> pending_; // vertices of the line or area being drawn
    std::optional<geo::LonLat> cursor_;
    std::optional<SnapTarget> snap_;
    nlohmann::json clipboard_; // {"units": [...], "measures": [...]} as copied
    int pastes_ = 0;
};

} // namespace entente::app
