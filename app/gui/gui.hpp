// The window's parts, split by feature (Tracy's View_*.cpp style):
//   window.cpp       GLFW and ImGui set-up and tear-down, the first start, the no-display demo PNG
//   window_loop.cpp  the loop: wait for events (sleeping when nothing changes), one frame, quitting
//   input_queue.cpp  GLFW input handed to ImGui a frame at a time: no tap or click lost to a slow frame
//   menus.cpp        the main menu bar
//   map_input.cpp    mouse and keys on the map, hover tooltips
//   presenter.cpp    briefing mode full screen and the presenter window
//   panel.cpp        the panel base and the tiled layout; the panels themselves in *_panel.cpp
//   event_log.cpp    the JSON event log that scripts and the end-to-end tests read
#pragma once
#include "cli/cli.hpp"
#include "input_queue.hpp"
#include "panel.hpp"
#include "panels.hpp"
#include "render/renderer.hpp"
#include "scene/map_frames.hpp"
#include "session/briefing_mode.hpp"

#include <memory>
#include <optional>

struct GLFWwindow;
struct GLFWmonitor;

namespace entente::app {

// Briefing mode in the window: full screen on the window's monitor, the clicker's keys, and a presenter
// window on a second monitor (or with ENTENTE_PRESENTER=1).
class BriefingView {
  public:
    BriefingView(GLFWwindow* win, AppState& state) : win_(win), state_(state) {}
    ~BriefingView();
    bool on() const { return mode_.on; }
    void enter(size_t from);
    void leave();
    // One frame in briefing mode (the map alone). True while something moves (a flight).
    bool frame(render::Renderer& renderer);

  private:
    void log_slide() const;
    void open_presenter(GLFWmonitor* audience);
    void draw_presenter();
    void close_presenter();
    GLFWwindow* win_;
    AppState& state_;
    BriefingMode mode_;
    int windowed_[4] = {0, 0, 1600, 1000};
    std::pair<int, int> fb_{0, 0};
    std::map<std::string, std::function<void(render::Renderer&, const render::View&)>> hidden_tools_;
    GLFWwindow* presenter_ = nullptr; // owned: destroyed by close_presenter
    std::unique_ptr<render::Renderer> presenter_renderer_;
    double started_ = 0;
};

// Where a press on the map went.
struct MapPointer {
    bool dragging = false; // panning
    bool editing = false;  // the map tools took the press (a move, a vertex drag)
    bool moved = false;
    double press_x = 0, press_y = 0, last_x = 0, last_y = 0;
};

class Gui {
  public:
    Gui(GLFWwindow* win, float ui_scale, const WindowOptions& opt);
    // Runs until the window closes; returns the exit status.
    int run();
    ~Gui();

  private:
    // window.cpp
    void first_start(const WindowOptions& opt);
    void register_panels();
    // window_loop.cpp
    void wait_for_events();
    void frame();
    void before_frame();
    void draw_panels();
    void after_panels(std::optional<geo::LonLat> cursor);
    void log_view();
    void log_changes();
    bool busy() const;
    bool input_in_frame() const;
    // menus.cpp
    void menus();
    void file_menu();
    void edit_menu();
    // map_input.cpp
    std::optional<geo::LonLat> map_input();
    void map_press(const render::View& view, geo::XY cursor_fb, double mx, double my);
    void map_release(const render::View& view, geo::XY cursor_fb);
    void map_keys(const render::View& view);
    void hover(const render::View& view, geo::XY cursor_fb, const std::optional<geo::LonLat>& cursor);

    GLFWwindow* win_;
    float ui_scale_;
    AppState state_;
    render::Renderer renderer_;
    float baked_ratio_ = 0;

    LayersPanel layers_;
    StylePanel style_;
    OpenPanel open_;
    AttributePanel attributes_;
    IdentifyPanel identify_;
    MessagesPanel messages_;
    TimePanel time_;
    AlliancesPanel alliances_;
    PeaceOpsPanel peace_ops_;
    ProjectionPanel projection_;
    StatusBar status_;
    MapTools tools_{state_};
    MissionFiles mission_files_;
    EditToolbar edit_toolbar_{tools_};
    PropertiesPanel properties_{tools_};
    OrbatPanel orbat_{tools_};
    ControlMeasuresPanel measures_{tools_};
    PhaseBar phase_bar_;
    MeasurePanel measure_;
    DiagnosticsPanel diagnostics_;
    SlidesPanel slides_;
    ExportPanel export_;
    PanelLayout layout_;
    BriefingView briefing_{win_, state_};

    MapPointer pointer_;
    bool want_quit_ = false;
    int busy_frames_ = 3; // frames still to draw after input, so ImGui settles (hover, popups)
    InputQueue input_;    // GLFW input handed to ImGui a frame at a time (input_queue.hpp)
    double last_frame_ = 0;
    float fps_ = 0;
    // What the map shows each frame: the whole frame, or on a software rasteriser the last one kept as an
    // image, moved during a gesture and shown again when only the panels change, and a slow map drawn in
    // slices (scene/map_frames.hpp). Made at the first frame, when the framebuffer's sampling is known.
    std::optional<MapFrames> map_frames_;
    double last_wheel_ = -1e9;
    bool showed_preview_ = false;
    void draw_map(const render::View& view);
    // Start-up figures for the event log: the first frame, and the first with the basemap in place.
    bool first_frame_logged_ = false, basemap_frame_logged_ = false, complete_frame_logged_ = false;
    uint64_t logged_mission_ = 0;
    MapTool logged_tool_;
    std::string logged_layout_;
    std::string logged_view_; // the view's lon/lat edges last logged, rounded
    std::string title_;
    size_t logged_messages_ = 0;
    // The country under the cursor, found again only when the lon/lat under it or the date changed.
    struct HoverCache {
        double x = 1e9, y = 1e9; // lon, lat
        std::string date, text;
    } country_hover_;
};

} // namespace entente::app
