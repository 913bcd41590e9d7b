// Everything the window shows and edits about the map: the scene, the camera, loading, messages, the session.
// Panels read and change it; nothing here draws ImGui.
#pragma once
#include "loader.hpp"
#include "mission_editor.hpp"
#include "scene/camera.hpp"
#include "scene/map_scene.hpp"
#include "scene/picking.hpp"

#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace entente::app {

struct Message {
    enum Level { Info, Warning, Error } level = Info;
    std::string text;
};

class AppState {
  public:
    AppState();
    MapScene scene;
    Camera camera;
    Loader loader;
    MissionEditor mission; // the mission being planned, if one is open
    std::vector<Message> messages;
    std::deque<std::string> recent; // most recent first
    std::optional<Pick> identified;
    std::optional<RasterProbe> probed; // raster value under the last click
    uint64_t active_layer = 0;         // the layer the style and attribute panels show
    int fb_width = 1280, fb_height = 800;
    float pixel_ratio = 1; // framebuffer pixels per window coordinate (input mapping)
    // What text, symbols and lines scale by: the pixel ratio, and in briefing mode at least what a slide of
    // the framebuffer's size needs (a 4K projector shows the slide as a 1080p one with twice the pixels).
    float style_ratio() const;
    // Framebuffer pixels the window's panels cover at each edge: "zoom to" fits into the rest.
    float inset_left = 0, inset_right = 0, inset_top = 0, inset_bottom = 0;
    std::optional<geo::Bbox> zoom_after_load; // where to look once the pending files have loaded
    // Opening a file or a mission zooms to it (a setting, kept with the session).
    bool zoom_on_open = true;
    // A zoom to make once the window has laid its panels out (a mission opened before the first frame would
    // otherwise be framed under them).
    std::optional<geo::Bbox> zoom_when_laid_out;
    nlohmann::json ui_layout; // the window's panel layout, kept with the session

    // Opens a file: a mission file (.entente.gpkg) goes to the mission editor, anything else loads as layers.
    void open(const std::string& path);
    // Opens a mission file in the editor, replacing the open mission; false with a message when it cannot.
    // When the open mission has unsaved changes and `force` is false, the file waits in `mission_waiting`
    // until the window has asked the planner whether to save them.
    bool open_mission(const std::string& path, bool force = false);
    std::string mission_waiting;
    // Opens a file to be shown as a risk layer (optionally emphasising values at or above a threshold).
    void open(const std::string& path, std::optional<float> risk_threshold);
    // Moves finished loads into the scene; call once per frame.
    void poll_loads();
    void set_projection(const geo::ProjectionSpec& spec);
    render::View view() const;
    void zoom_to_world();
    void zoom_to_bbox(const geo::Bbox& lonlat);
    void zoom_to_layer(uint64_t id);
    void zoom_to_feature(uint64_t layer, uint32_t feature);
    void zoom_to_mission();
    // Keeps the camera between about 0.1 m per pixel and the whole world in a third of the window.
    void clamp_zoom();
    void select(uint64_t layer, uint32_t feature);
    void remove_layer(uint64_t id);

    // Loads the alliance and peace-operation tables if needed; false (with a message) when they cannot be
    // read.
    bool ensure_reference_data();

    void error(const std::string& text);
    void warn(const std::string& text);
    void info(const std::string& text);

    // Session: open files, styles, projection and view, recent files. Styles are restored by file and layer.
    static std::string session_path();
    void load_session(bool reopen_files);
    void save_session() const;
    void restyle(MapLayer& l); // apply a saved style for this layer, if any

  private:
    // Set while a session's files reopen: the session's own view is kept, not replaced by zooms to them.
    bool restoring_view_ = false;
    geo::Bbox opened_extent_; // what the files loading now cover, to zoom to once they are in
    std::map<std::string, nlohmann::json> saved_styles_;
    std::map<std::string, std::optional<float>> risk_paths_; // files opened as risk layers
};

} // namespace entente::app
