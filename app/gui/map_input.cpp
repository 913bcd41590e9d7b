// Mouse and keys on the map (only what ImGui does not want), and the hover tooltips.
#include "event_log.hpp"
#include "gui.hpp"
#include "scene/picking.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cmath>

namespace entente::app {

// A press on the map: the mission takes one on its elements or handles; otherwise the map pans.
void Gui::map_press(const render::View& view, geo::XY cursor_fb, double mx, double my) {
    const Mods mods{ImGui::GetIO().KeyShift, ImGui::GetIO().KeyCtrl};
    const bool dbl = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
    if (!measure_.active() && tools_.press(view, cursor_fb, mods, dbl)) {
        pointer_.editing = true;
        return;
    }
    pointer_.dragging = true, pointer_.moved = false;
    pointer_.press_x = pointer_.last_x = mx, pointer_.press_y = pointer_.last_y = my;
    if (dbl && !measure_.active()) state_.camera.zoom_at(view, cursor_fb, 2.0);
}

// The end of a press that panned or clicked: placing and drawing tools use a click; Select clears the
// selection and identifies what is under the cursor (a peace operation's symbol opens its card).
void Gui::map_release(const render::View& view, geo::XY cursor_fb) {
    pointer_.dragging = false;
    const Mods mods{ImGui::GetIO().KeyShift, ImGui::GetIO().KeyCtrl};
    const bool used = measure_.active() || tools_.click(view, cursor_fb, mods, pointer_.moved);
    if (used || pointer_.moved) return;
    std::optional<size_t> op;
    if (state_.scene.reference.peace_ops && state_.scene.reference_data)
        op = state_.scene.reference_layer().pick_operation(view, cursor_fb, state_.scene.projection(),
                                                           *state_.scene.reference_data);
    if (op) {
        peace_ops_.card = *op;
        log_event({{"event", "mission"}, {"acronym", state_.scene.reference_data->operations[*op].acronym}});
    } else if (auto p = pick_feature(state_.scene, view, cursor_fb)) {
        state_.select(p->layer, p->feature);
        state_.probed.reset();
        identify_.visible = true, identify_.collapsed = false;
        MapLayer* l = state_.scene.find(p->layer);
        log_event({{"event", "identify"},
                   {"layer", l ? l->title : ""},
                   {"fid", l ? l->vector->fids[p->feature] : -1}});
    } else {
        state_.identified.reset();
        state_.scene.selection.reset();
        state_.probed = probe_raster(state_.scene, view, cursor_fb);
        if (state_.probed) identify_.visible = true, identify_.collapsed = false;
        log_event({{"event", "identify"}, {"layer", nullptr}});
    }
}

// Keys with the map focused. ImGui 1.86 indexes keys by the GLFW backend's key codes.
void Gui::map_keys(const render::View& view) {
    const ImGuiIO& io = ImGui::GetIO();
    const double step = 120 * state_.pixel_ratio;
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) state_.camera.pan_px(step, 0);
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) state_.camera.pan_px(-step, 0);
    if (ImGui::IsKeyPressed(GLFW_KEY_UP)) state_.camera.pan_px(0, step);
    if (ImGui::IsKeyPressed(GLFW_KEY_DOWN)) state_.camera.pan_px(0, -step);
    const geo::XY mid{view.width * 0.5, view.height * 0.5};
    if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD))
        state_.camera.zoom_at(view, mid, 1.5);
    if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT))
        state_.camera.zoom_at(view, mid, 1 / 1.5);
    if (ImGui::IsKeyPressed(GLFW_KEY_HOME)) state_.zoom_to_world();
    if (!io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z) && state_.active_layer)
        state_.zoom_to_layer(state_.active_layer);
    if (!io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_M, false)) state_.zoom_to_mission();
    // Mission editing.
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z))
        tools_.key(io.KeyShift ? EditKey::Redo : EditKey::Undo, view);
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Y)) tools_.key(EditKey::Redo, view);
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_C, false)) tools_.key(EditKey::Copy, view);
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_V, false)) tools_.key(EditKey::Paste, view);
    if (ImGui::IsKeyPressed(GLFW_KEY_DELETE, false) || ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, false))
        tools_.key(EditKey::Delete, view);
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) tools_.key(EditKey::Escape, view);
    if (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false))
        tools_.key(EditKey::Enter, view);
    if (!io.KeyCtrl) {
        if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) tools_.key(EditKey::ToggleSnap, view);
        if (ImGui::IsKeyPressed(GLFW_KEY_V)) tools_.set_tool(MapTool::Select);
        if (ImGui::IsKeyPressed(GLFW_KEY_U)) tools_.set_tool(MapTool::PlaceUnit);
        if (ImGui::IsKeyPressed(GLFW_KEY_P)) tools_.set_tool(MapTool::DrawPoint);
        if (ImGui::IsKeyPressed(GLFW_KEY_L)) tools_.set_tool(MapTool::DrawLine);
        if (ImGui::IsKeyPressed(GLFW_KEY_A)) tools_.set_tool(MapTool::DrawArea);
    }
    mission_files_.shortcuts(state_);
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O)) open_.visible = true, open_.collapsed = false;
    // Briefing mode: F5 with the map focused, or the Slides panel's Present.
    if (ImGui::IsKeyPressed(GLFW_KEY_F5, false) && state_.mission.mission())
        slides_.present = slides_.selected;
}

// Mouse, keys and the zoom limits; returns the cursor's place on the map (none over a panel).
std::optional<geo::LonLat> Gui::map_input() {
    const ImGuiIO& io = ImGui::GetIO();
    double mx = 0, my = 0;
    glfwGetCursorPos(win_, &mx, &my);
    const geo::XY cursor_fb{mx * state_.pixel_ratio, my * state_.pixel_ratio};
    const render::View view = state_.view();
    std::optional<geo::LonLat> cursor;
    if (!io.WantCaptureMouse) {
        geo::XY m = view.to_map(cursor_fb);
        if (view.world_width > 0) m.x = std::remainder(m.x, view.world_width);
        cursor = state_.scene.projection().inverse(m);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) map_press(view, cursor_fb, mx, my);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) tools_.right_click(view, cursor_fb);
        if (!pointer_.editing && !pointer_.dragging) tools_.hover(view, cursor_fb);
        if (io.MouseWheel != 0) {
            state_.camera.zoom_at(view, cursor_fb, std::pow(1.25, io.MouseWheel));
            last_wheel_ = ImGui::GetTime();
        }
    }
    // The Measure panel, while active, takes plain map clicks (add a point), the double-click and Enter
    // (finish) and Esc (clear) before the editing tools and identify; a drag still pans.
    if (measure_.active())
        measure_.map_input(cursor,
                           pointer_.dragging && !pointer_.moved && !ImGui::IsMouseDown(ImGuiMouseButton_Left),
                           !io.WantCaptureMouse, !io.WantCaptureKeyboard);
    if (pointer_.editing) {
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            tools_.drag(view, cursor_fb);
        } else {
            tools_.release(view, cursor_fb);
            pointer_.editing = false;
        }
    }
    if (pointer_.dragging) {
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            if (std::abs(mx - pointer_.press_x) + std::abs(my - pointer_.press_y) > 3) pointer_.moved = true;
            if (pointer_.moved)
                state_.camera.pan_px((mx - pointer_.last_x) * state_.pixel_ratio,
                                     (my - pointer_.last_y) * state_.pixel_ratio);
            pointer_.last_x = mx, pointer_.last_y = my;
        } else {
            map_release(view, cursor_fb);
        }
    }
    if (!io.WantCaptureKeyboard) map_keys(view);
    // Quit works wherever the keyboard is, as in any desktop application, unless a text field is being typed
    // in.
    if (io.KeyCtrl && !io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) want_quit_ = true;
    if (slides_.present) {
        briefing_.enter(*slides_.present);
        slides_.present.reset();
    }
    state_.clamp_zoom();
    hover(view, cursor_fb, cursor);
    return cursor;
}

// Hovering a unit or control measure says what it is; hovering a country while alliance footprints are
// shown says what it belongs to on the date. While placing or drawing no tooltip gets in the way.
void Gui::hover(const render::View& view, geo::XY cursor_fb, const std::optional<geo::LonLat>& cursor) {
    if (!cursor || pointer_.dragging || pointer_.editing || tools_.tool() != MapTool::Select) return;
    const std::string unit = tools_.hit(view, cursor_fb);
    if (!unit.empty()) {
        ImGui::SetTooltip("%s", tools_.describe(unit).c_str());
        return;
    }
    if (!state_.scene.reference.any() || !state_.scene.reference_data) return;
    // The point-in-country test runs only when the place under the cursor or what is shown there changed (a
    // pan or zoom by keys moves the map under a still cursor), not every frame.
    std::string key = state_.scene.reference.date.str() + (state_.scene.reference.peace_ops ? "+ops" : "");
    for (const auto& a : state_.scene.reference.alliances)
        key += "," + a;
    if (cursor->lon != country_hover_.x || cursor->lat != country_hover_.y || key != country_hover_.date)
        country_hover_ = {cursor->lon, cursor->lat, key, state_.scene.describe_country_at(*cursor)};
    if (!country_hover_.text.empty()) ImGui::SetTooltip("%s", country_hover_.text.c_str());
}

} // namespace entente::app
