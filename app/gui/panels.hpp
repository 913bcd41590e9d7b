// One class per panel (ImHex style): each draws its content from AppState and changes it through its methods;
// the Panel base (panel.hpp) owns the window, its place in the tiled layout and its title-bar menu.
#pragma once
#include "panel.hpp"
#include "session/app_state.hpp"
#include "session/map_tools.hpp"
#include "session/measure_tool.hpp"
#include "session/validation_view.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace entente::app {

class LayersPanel : public Panel {
  public:
    const char* title() const override { return "Layers"; }
    void content(AppState& s) override;
};

class StylePanel : public Panel {
  public:
    const char* title() const override { return "Style"; }
    void content(AppState& s) override;
};

class OpenPanel : public Panel {
  public:
    const char* title() const override { return "Open"; }
    void content(AppState& s) override;
    std::string path;
};

class AttributePanel : public Panel {
  public:
    const char* title() const override { return "Attributes"; }
    void content(AppState& s) override;

  private:
    std::string filter_;
    uint64_t layer_ = 0;
    std::vector<uint32_t> rows_; // filtered, sorted feature indices
    std::string built_filter_;
    int sort_col_ = -1;
    bool sort_desc_ = false;
    size_t built_count_ = 0;
};

class IdentifyPanel : public Panel {
  public:
    const char* title() const override { return "Identify"; }
    void content(AppState& s) override;
};

class MessagesPanel : public Panel {
  public:
    const char* title() const override { return "Messages"; }
    void content(AppState& s) override;
    void always(AppState& s) override;
    size_t seen = 0;
};

class ProjectionPanel : public Panel {
  public:
    const char* title() const override { return "Projection"; }
    void content(AppState& s) override;
    std::string custom;
};

// The one "as of" date for the whole map: slider 1945..today, a date field, steps and play.
class TimePanel : public Panel {
  public:
    const char* title() const override { return "Date"; }
    void content(AppState& s) override;
    void always(AppState& s) override;
    // Seconds until Play takes its next step (infinity when not playing): the window sleeps until then.
    double next_step_in(double now) const;
    static constexpr double kStep = 0.25;
    bool playing = false;
    double last_step = 0;

  private:
    std::string text_;
    std::string shown_;
};

// Which organisations' footprints to show (up to three), peace operations, legend.
class AlliancesPanel : public Panel {
  public:
    const char* title() const override { return "Alliances and operations"; }
    void content(AppState& s) override;

  private:
    // Counts per organisation on the date, recomputed only when the date or the tables change.
    std::string counts_key_;
    std::vector<std::string> counts_; // "(51, 4 suspended, 2 ?)" in organisations.csv order
};

// All peace operations with filters; click one to zoom to it and open its card.
class PeaceOpsPanel : public Panel {
  public:
    const char* title() const override { return "Peace operations"; }
    void content(AppState& s) override;
    void always(AppState& s) override;
    std::optional<size_t> card; // operation whose card is open

  private:
    std::string org_filter_, host_filter_;
    bool active_only_ = true;
};

// Bottom bar: cursor position (decimal and DMS), scale, projection, loading.
class StatusBar {
  public:
    static float height(); // logical pixels at the bottom of the window
    // `activity`: work in the background to mention at the right (an export and its progress).
    void draw(AppState& s, std::optional<geo::LonLat> cursor, float fps, const std::string& activity = "");
};

// Measuring on the map: distance and bearings along a path, area, range rings. While active it takes plain
// map clicks (the window asks it first); the tool draws through the scene's "measure" tool layer.
class MeasurePanel : public Panel {
  public:
    const char* title() const override { return "Measure"; }
    void content(AppState& s) override;
    bool active() const { return visible && taking_clicks; }
    // The map's input while active: `click_released` is a left click (press and release without a drag) on
    // the map; mouse_on_map / keys_on_map say ImGui does not want them.
    void map_input(std::optional<geo::LonLat> cursor, bool click_released, bool mouse_on_map,
                   bool keys_on_map);
    MeasureTool tool;
    bool taking_clicks = true;

  private:
    std::string radii_text_ = "5, 10, 25 km", radii_error_;
    bool double_pending_ = false; // the press of a double-click, finished at its release
};

// The plan's diagnostics (missions::validate), re-run when the mission changes; click one to select its
// element and zoom to it; routes' risk profiles as plots.
class DiagnosticsPanel : public Panel {
  public:
    const char* title() const override { return "Validation"; }
    void content(AppState& s) override;
    void always(AppState& s) override;
    // A change waits to be re-validated (after a short pause): the window wakes for it.
    bool waiting() const { return visible && validated_revision_ != seen_revision_; }

  private:
    void run(AppState& s);
    missions::ValidationResult result_;
    uint64_t validated_revision_ = 0; // mission revision the result is for (0: none yet)
    const void* validated_mission_ = nullptr;
    missions::Mission validated_copy_; // what was validated, so selection changes do not re-run it
    std::optional<RiskChoice> risk_;
    std::string risk_error_;
    std::string focus_route_; // route whose diagnostic was clicked last
    double changed_at_ = 0;
    uint64_t seen_revision_ = 0;
};

// Mission editing. The map tools do the editing; these panels choose the tool and show and change the
// mission through MissionEditor::apply (never by touching the mission directly).

// Tool choice (select, place unit, point, line, area), the kind drawn, the unit's SIDC, snapping, undo/redo.
class EditToolbar : public Panel {
  public:
    explicit EditToolbar(MapTools& t) : tools_(t) {}
    const char* title() const override { return "Edit tools"; }
    void content(AppState& s) override;
    bool available(const AppState& s) const override { return s.mission.mission() != nullptr; }

  private:
    MapTools& tools_;
};

// The selection's properties (unit, control measure, or the mission itself when nothing is selected), with
// typed coordinates for unit positions and vertices.
class PropertiesPanel : public Panel {
  public:
    explicit PropertiesPanel(MapTools& t) : tools_(t) {}
    const char* title() const override { return "Properties"; }
    void content(AppState& s) override;
    bool available(const AppState& s) const override { return s.mission.mission() != nullptr; }

  private:
    struct Edit;
    void refresh(const Edit& e);
    void commit(Edit& e, const std::string& key, const nlohmann::json& value);
    std::pair<std::string*, bool> text(const char* label, const std::string& key, bool multiline = false);
    void text_field(Edit& e, const char* label, const std::string& key, bool multiline = false);
    void coordinate(Edit& e, int vertex, geo::LonLat at, const char* label);
    void format_choice();
    void unit_fields(Edit& e);
    void measure_fields(Edit& e);
    void mission_fields(Edit& e);
    MapTools& tools_;
    std::string shown_;                 // id whose fields the buffers hold
    uint64_t shown_rev_ = 0;            // mission revision they were read at
    nlohmann::json fields_;             // text buffers by field name
    int coord_format_ = 0;              // decimal, DMS, MGRS
    std::map<int, std::string> coords_; // typed coordinate per vertex (-1: the unit's position)
    std::map<int, std::string> coord_errors_;
};

// Units as a tree by parent; drag one onto another to re-parent it; click selects and centres.
class OrbatPanel : public Panel {
  public:
    explicit OrbatPanel(MapTools& t) : tools_(t) {}
    const char* title() const override { return "Order of battle"; }
    void content(AppState& s) override;
    bool available(const AppState& s) const override { return s.mission.mission() != nullptr; }

  private:
    MapTools& tools_;
};

// Control measures by kind; click selects and zooms to it.
class ControlMeasuresPanel : public Panel {
  public:
    explicit ControlMeasuresPanel(MapTools& t) : tools_(t) {}
    const char* title() const override { return "Control measures"; }
    void content(AppState& s) override;
    bool available(const AppState& s) const override { return s.mission.mission() != nullptr; }

  private:
    MapTools& tools_;
};

// A button per phase, previous/next, and play (a phase every two seconds).
class PhaseBar : public Panel {
  public:
    const char* title() const override { return "Phases"; }
    void content(AppState& s) override;
    void always(AppState& s) override;
    double next_step_in(double now) const; // as TimePanel's
    bool available(const AppState& s) const override { return s.mission.mission() != nullptr; }
    bool playing = false;
    double seconds_per_phase = 2;

  private:
    double last_step_ = 0;
    std::string name_; // a phase being renamed
};

// Mission files in the window: New / Open / Save / Save as in the File menu, the title, the recovery copy
// (autosaved while unsaved; offered back after a crash) and the unsaved-changes question on quitting.
class MissionFiles {
  public:
    void menu(AppState& s); // items inside the File menu
    void draw(AppState& s); // the Open and Save as path windows, once per frame
    // The questions (unsaved changes, recovery), after every other window of the frame: ImGui 1.86 asserts
    // when a window is created after a modal in the same frame.
    void draw_modals(AppState& s);
    void shortcuts(AppState& s); // Ctrl+S, with the map focused
    // The app wants to quit: true when it may now (nothing unsaved, or the planner already answered).
    bool may_quit(AppState& s);
    bool quit_confirmed = false; // answered Save or Discard: the window closes
    // Offers a recovery copy left by a crash, if there is one (call once at start); true when it asks.
    bool offer_recovery();
    // Autosave while unsaved (every MissionEditor::autosave_seconds).
    void tick(AppState& s, double now_seconds);
    std::string window_title(const AppState& s) const;

  private:
    // What waits for the answer about unsaved changes (and, after Save, for the save to succeed).
    enum class Then { Nothing, Quit, New, Open, Close };
    void ask(AppState& s, Then then, const std::string& path = "");
    void proceed(AppState& s);
    bool save(AppState& s, bool ask_path); // false when it asked for a path or failed
    Then then_ = Then::Nothing;
    std::string then_path_;
    bool ask_unsaved_ = false, ask_recovery_ = false, overwrite_ = false;
    bool show_open_ = false, show_save_as_ = false;
    std::string open_path_, save_path_;
    std::vector<std::string>
        recent_missions_; // recent files that are missions, looked at as the dialog opens
    std::string recovery_info_;
};

// The open mission's briefing slides: add from the current view, update, delete, reorder, edit title and
// notes, go to one; every change is an edit operation, so it undoes. "Present" asks the window for briefing
// mode.
class SlidesPanel : public Panel {
  public:
    const char* title() const override { return "Slides"; }
    void content(AppState& s) override;
    bool available(const AppState& s) const override { return s.mission.mission() != nullptr; }
    std::optional<size_t> present; // the window enters briefing mode from this slide, then clears it
    size_t selected = 0;

  private:
    std::string title_, notes_;
    std::string edited_id_;
};

// Exports from the window on a worker thread: overlays (export_overlay), a slide image (render_map) and the
// briefing PDF (write_briefing_pdf, with progress per slide), the same library calls the command line makes,
// on a saved copy of the mission; the worker draws in a headless GL context of its own.
class ExportPanel : public Panel {
  public:
    ExportPanel();
    ~ExportPanel() override;
    const char* title() const override { return "Export"; }
    void content(AppState& s) override;
    void always(AppState& s) override;
    enum class Kind { Overlay, SlideImage, Deck };
    Kind kind = Kind::Overlay;
    bool busy() const;
    // "exporting, 40 %" while busy, else empty (for the status bar).
    std::string activity() const;

  private:
    struct Job;
    std::shared_ptr<Job> job_;
    int format_ = 0;
    std::string recipient_, phase_, output_;
    bool allow_empty_ = false; // write an overlay that holds nothing (else refused, with the reasons)
    int slide_ = 0;
    int size_ = 0;
    std::string result_;
    std::vector<std::string> withheld_;
    int layer_ = 0, layer_format_ = 0;
    std::string layer_output_;
    void draw_mission(AppState& s, const missions::Mission* m);
    void draw_layer(AppState& s);
};

} // namespace entente::app
