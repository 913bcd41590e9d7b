// The window's loop: sleep until something happens, then draw one frame. An untouched map draws nothing:
// the loop waits for events, with a timeout only while something moves on its own (a load, a flight, Play, an
// export's progress, a pending autosave or re-validation).
#include "event_log.hpp"
#include "gui.hpp"
#include "scene/fonts.hpp"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>
#include <imgui.h>

#include <atomic>
#include <cmath>
#include <limits>

namespace entente::app {

extern std::atomic<bool> g_terminate;

namespace {
// After the wheel's last turn, how long (seconds) zooms keep showing the moved image before a full frame.
constexpr double kWheelSettle = 0.25;
} // namespace

bool Gui::busy() const {
    return busy_frames_ > 0 || tools_.dragging() || tools_.drawing();
}

void Gui::wait_for_events() {
    if (busy() || input_.pending()) { // queued input is handed to ImGui over the next frames
        glfwPollEvents();
        return;
    }
    // Work in the background (files, basemap scales and raster tiles loading, an export, a pending
    // re-validation): a few frames a second show its progress and pick up its result.
    double timeout = std::numeric_limits<double>::infinity();
    if (state_.loader.busy() || state_.scene.busy() || export_.busy() || diagnostics_.waiting())
        timeout = 0.1;
    if (briefing_.on()) timeout = std::min(timeout, 1.0);           // the presenter's clock
    if (showed_preview_) timeout = std::min(timeout, kWheelSettle); // the full frame after the gesture
    const double now = ImGui::GetTime();
    // Play (date or phases) and the next autosave: asleep until their time comes.
    timeout = std::min({timeout, time_.next_step_in(now), phase_bar_.next_step_in(now),
                        state_.mission.autosave_due(now) + 0.05});
    if (std::isinf(timeout))
        glfwWaitEvents();
    else
        glfwWaitEventsTimeout(timeout);
}

int Gui::run() {
    while (!g_terminate && !mission_files_.quit_confirmed) {
        // Quitting with unsaved mission changes asks first (SIGTERM does not: the recovery copy covers it).
        if (glfwWindowShouldClose(win_) || want_quit_) {
            if (mission_files_.may_quit(state_)) break;
            log_event({{"event", "ask"}, {"question", "unsaved"}});
            glfwSetWindowShouldClose(win_, GLFW_FALSE);
            want_quit_ = false;
            busy_frames_ = 3;
        }
        wait_for_events();
        busy_frames_ = std::max(0, busy_frames_ - 1);
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(win_, &fw, &fh);
        if (fw <= 0 || fh <= 0) {
            glfwWaitEvents(); // minimised: nothing to draw until it comes back
            continue;
        }
        frame();
        // Input in this frame: a few more frames, so ImGui sees a button or key come up again (a click whose
        // press and release arrived together), hover and popups settle, and held keys repeat.
        if (input_in_frame()) busy_frames_ = 3;
    }
    state_.loader.cancel_all();
    if (briefing_.on()) briefing_.leave(); // the presenter window closes before the session is saved
    // Killed with unsaved changes: leave a fresh recovery copy to offer next time. A clean exit (the planner
    // saved or discarded) leaves none.
    if (g_terminate && state_.mission.dirty())
        state_.mission.autosave(1e300);
    else
        state_.mission.discard_recovery();
    state_.ui_layout = layout_.save();
    state_.save_session();
    log_event({{"event", "quit"},
               {"map_frames_drawn",
                map_frames_ ? map_frames_->counts().whole + map_frames_->counts().sliced_frames : 0},
               {"map_frames_repeated", map_frames_ ? map_frames_->counts().repeated : 0},
               {"map_slices", map_frames_ ? map_frames_->counts().slices : 0},
               {"map_frames_over_kept_map", map_frames_ ? map_frames_->counts().over_kept_map : 0},
               {"map_frames_moved_kept_map", map_frames_ ? map_frames_->counts().moved_map : 0},
               {"map_frames_moved_last_frame", map_frames_ ? map_frames_->counts().moved : 0},
               {"map_full_ms", map_frames_ ? map_frames_->full_map_ms() : 0},
               {"map_moved_ms", map_frames_ ? map_frames_->moved_map_ms() : 0}});
    return 0;
}

bool Gui::input_in_frame() const {
    const ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < IM_ARRAYSIZE(io.MouseDown); ++i)
        if (io.MouseDown[i] || io.MouseReleased[i]) return true;
    for (int i = 0; i < IM_ARRAYSIZE(io.KeysDown); ++i)
        if (io.KeysDown[i]) return true;
    return io.MouseWheel != 0 || io.MouseWheelH != 0 || io.MouseDelta.x != 0 || io.MouseDelta.y != 0;
}

// Sizes, fonts and loads, before ImGui's frame starts.
void Gui::before_frame() {
    int ww = 0, wh = 0;
    glfwGetWindowSize(win_, &ww, &wh);
    glfwGetFramebufferSize(win_, &state_.fb_width, &state_.fb_height);
    state_.pixel_ratio = ww > 0 ? float(state_.fb_width) / float(ww) : 1.0f;
    const float label_ratio = state_.style_ratio() * ui_scale_;
    if (label_ratio != baked_ratio_) {
        renderer_.set_glyph_atlas(bake_map_font(label_ratio));
        baked_ratio_ = label_ratio;
    }
    const size_t before = state_.scene.layers().size();
    state_.poll_loads();
    if (state_.scene.layers().size() != before)
        for (auto& l : state_.scene.layers())
            log_event({{"event", "layer"},
                       {"title", l->title},
                       {"features", l->vector ? l->vector->feature_count() : 0}});
}

void Gui::frame() {
    const double now = glfwGetTime();
    const float dt = float(now - last_frame_);
    last_frame_ = now;
    if (map_frames_) map_frames_->window_frame_took(double(dt) * 1e3); // paces the map's slices
    fps_ = fps_ * 0.95f + (dt > 0 ? 1.0f / dt : 0) * 0.05f;
    before_frame();
    ImGui_ImplOpenGL3_NewFrame();
    input_.feed();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (briefing_.on()) {
        if (briefing_.frame(renderer_)) busy_frames_ = 3;
        return;
    }
    menus();
    draw_panels();
    const std::optional<geo::LonLat> cursor = map_input();
    after_panels(cursor);
    ImGui::Render();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    draw_map(state_.view());
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(win_);
    // Start-up figures (bench/run.sh): the first frame, the first with a basemap, the first with every
    // basemap scale and hydro detail the view wants.
    // On screen, not half drawn offscreen.
    const bool basemap = state_.scene.basemap_shown() && !(map_frames_ && map_frames_->slicing());
    const bool complete = basemap && !state_.scene.basemap_loading();
    if (event_log_on() && (!first_frame_logged_ || (basemap && !basemap_frame_logged_) ||
                           (complete && !complete_frame_logged_))) {
        glFinish(); // the frame on screen, not just queued
        log_event({{"event", "frame"},
                   {"first", !first_frame_logged_},
                   {"basemap", basemap},
                   {"basemap_complete", complete},
                   {"seconds_since_start", seconds_since_process_start()}});
        first_frame_logged_ = true;
        basemap_frame_logged_ = basemap_frame_logged_ || basemap;
        complete_frame_logged_ = complete_frame_logged_ || complete;
    }
}

// The map under the panels (scene/map_frames.hpp): in full, or on a slow renderer the last full frame moved
// during a pan or zoom, shown again when only the panels changed, and a changed map drawn a slice a frame.
void Gui::draw_map(const render::View& view) {
    if (!map_frames_) {
        // Keeping the frame as an image needs a single-sampled framebuffer (the software rasteriser's, see
        // window.cpp).
        GLint samples = 0;
        glGetIntegerv(GL_SAMPLES, &samples);
        map_frames_.emplace(samples == 0);
    }
    const bool gesture =
        (pointer_.dragging && pointer_.moved) || ImGui::GetTime() - last_wheel_ < kWheelSettle;
    const MapFrames::Shown shown = map_frames_->frame(
        renderer_, [&] { state_.scene.draw(renderer_, view); }, view, gesture);
    showed_preview_ = shown == MapFrames::Shown::Moved;
    if (map_frames_->slicing()) busy_frames_ = std::max(busy_frames_, 1); // the next slice without waiting
}

// The tiled panels, and what they cover: "zoom to" and the map's legends keep clear of it.
void Gui::draw_panels() {
    const ImGuiIO& io = ImGui::GetIO();
    const float status_h = StatusBar::height();
    layout_.arrange(state_, io.DisplaySize, ImGui::GetFrameHeight(), status_h, ui_scale_);
    const Covered& c = layout_.covered();
    const float px = state_.pixel_ratio; // logical to framebuffer pixels
    state_.inset_left = c.left * px, state_.inset_right = c.right * px;
    state_.inset_top = c.top * px, state_.inset_bottom = c.bottom * px;
    state_.scene.legend_margin_left = state_.inset_left;
    state_.scene.legend_margin_right = state_.inset_right;
    state_.scene.legend_margin_bottom = state_.inset_bottom;
    if (state_.zoom_when_laid_out) {
        state_.zoom_to_bbox(*state_.zoom_when_laid_out);
        state_.zoom_when_laid_out.reset();
    }
    layout_.draw(state_);
    mission_files_.draw(state_);
    if (export_.busy()) busy_frames_ = std::max(busy_frames_, 1);
}

// The status bar, the title, autosave, the event log, the mission on the map and the questions.
void Gui::after_panels(std::optional<geo::LonLat> cursor) {
    // An export's progress, or a map being drawn in slices (the old frame shown moved meanwhile).
    std::string activity = export_.activity();
    if (activity.empty() && map_frames_ && map_frames_->slicing())
        activity = "drawing the map: " + std::to_string(int(map_frames_->progress() * 100)) + " %";
    status_.draw(state_, cursor, fps_, activity);
    std::string title = "Entente";
    if (!state_.scene.layers().empty()) title += " \xE2\x80\x94 " + state_.scene.layers().front()->title;
    if (const std::string mt = mission_files_.window_title(state_); !mt.empty()) title = mt;
    // Only on a change: setting it is an X property change whose event would wake the loop again.
    if (title != title_) glfwSetWindowTitle(win_, (title_ = title).c_str());
    mission_files_.tick(state_, ImGui::GetTime());
    if (tools_.dragging() || tools_.drawing()) busy_frames_ = 3;
    log_changes();
    state_.scene.mission_layer().set(state_.mission.mission(), state_.mission.phase, state_.mission.selection,
                                     state_.mission.revision);
    mission_files_.draw_modals(state_);
}

void Gui::log_changes() {
    if (logged_messages_ > state_.messages.size()) logged_messages_ = 0; // the list was cleared
    for (; logged_messages_ < state_.messages.size(); ++logged_messages_)
        if (state_.messages[logged_messages_].level == Message::Error)
            log_event({{"event", "error"}, {"text", state_.messages[logged_messages_].text}});
    if (state_.mission.revision != logged_mission_) {
        logged_mission_ = state_.mission.revision;
        const missions::Mission* m = state_.mission.mission();
        const missions::Document* doc = state_.mission.doc();
        log_event({{"event", "mission_state"},
                   {"open", m != nullptr},
                   {"name", m ? m->name : ""},
                   {"units", m ? m->units.size() : 0},
                   {"measures", m ? m->measures.size() : 0},
                   {"phase", state_.mission.phase},
                   {"selected", state_.mission.selection.size()},
                   {"dirty", state_.mission.dirty()},
                   {"undo", doc ? doc->undo_label() : ""}});
    }
    if (tools_.tool() != logged_tool_) {
        logged_tool_ = tools_.tool();
        log_event({{"event", "tool"}, {"tool", to_string(logged_tool_)}});
    }
    if (event_log_on()) log_view();
    // The panels' tiles, when they change: the end-to-end layout check reads them.
    if (event_log_on()) {
        Event tiles = Event::array();
        for (const Tile& t : layout_.tiles())
            tiles.push_back({{"title", t.panel->title()},
                             {"x", t.pos.x},
                             {"y", t.pos.y},
                             {"w", t.size.x},
                             {"h", t.size.y},
                             {"folded", t.folded || t.panel->collapsed}});
        Event legends = Event::array();
        const float px = state_.pixel_ratio;
        for (const geo::Bbox& b : state_.scene.legend_boxes())
            legends.push_back({b.minx / px, b.miny / px, b.maxx / px, b.maxy / px});
        const ImGuiIO& io = ImGui::GetIO();
        Event e{{"event", "layout"},
                {"display", {io.DisplaySize.x, io.DisplaySize.y}},
                {"tiles", tiles},
                {"legends", legends}};
        const std::string line = e.dump();
        if (line != logged_layout_) {
            logged_layout_ = line;
            log_event(e);
        }
    }
}

// Where the map looks, in degrees, when it changes: the end-to-end tests check "zoom to" with it. West and
// east are read at the centre's latitude; across the date line east is less than west.
void Gui::log_view() {
    const render::View v = state_.view();
    const geo::Bbox b = v.map_bounds();
    const geo::Projection& p = state_.scene.projection();
    const auto wrap = [&](double x) { return v.world_width > 0 ? std::remainder(x, v.world_width) : x; };
    const auto w = p.inverse({wrap(b.minx), v.center.y}), e = p.inverse({wrap(b.maxx), v.center.y}),
               c = p.inverse({wrap(v.center.x), v.center.y});
    if (!w || !e || !c) return;
    char key[160];
    std::snprintf(key, sizeof key, "%.2f %.2f %.2f %.2f", w->lon, e->lon, c->lon, c->lat);
    if (key == logged_view_) return;
    logged_view_ = key;
    log_event({{"event", "view"}, {"west", w->lon}, {"east", e->lon}, {"centre", {c->lon, c->lat}}});
}

} // namespace entente::app
