// Briefing mode in the window: full screen on the window's monitor, the clicker's keys, and the presenter
// window (slide, next slide, clock, notes) on a second monitor, drawn as map text in its own GL context
// (ImGui 1.86 has one window per context).
#include "event_log.hpp"
#include "gui.hpp"
#include "scene/fonts.hpp"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <imgui.h>

#include <cstdlib>
#include <ctime>
#include <initializer_list>

namespace entente::app {

BriefingView::~BriefingView() {
    close_presenter();
}

void BriefingView::log_slide() const {
    const missions::Mission* m = state_.mission.mission();
    log_event({{"event", "briefing"},
               {"on", true},
               {"slide", mode_.index + 1},
               {"of", m ? m->slides.size() : 0},
               {"title", m && mode_.index < m->slides.size() ? m->slides[mode_.index].title : ""}});
}

void BriefingView::open_presenter(GLFWmonitor* audience) {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    GLFWmonitor* other = nullptr;
    for (int i = 0; i < count; ++i)
        if (monitors[i] != audience) other = monitors[i];
    const char* forced = std::getenv("ENTENTE_PRESENTER");
    if (!other && !(forced && std::string(forced) == "1")) return;
    // The clicker's keys must stay with the audience window: the presenter window takes no focus.
    glfwWindowHint(GLFW_FOCUSED, GLFW_FALSE);
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_FALSE);
    const GLFWvidmode* vm = other ? glfwGetVideoMode(other) : nullptr;
    presenter_ = vm ? glfwCreateWindow(vm->width, vm->height, "Entente presenter", other, nullptr)
                    : glfwCreateWindow(640, 360, "Entente presenter", nullptr, nullptr);
    glfwWindowHint(GLFW_FOCUSED, GLFW_TRUE);
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_TRUE);
    if (!presenter_) return;
    if (!vm) {
        // Forced with one monitor: out of the way in the bottom-right corner.
        if (const GLFWvidmode* m = audience ? glfwGetVideoMode(audience) : nullptr)
            glfwSetWindowPos(presenter_, m->width - 660, m->height - 380);
    }
    // Keys pressed while it has focus anyway still step the slides.
    glfwSetWindowUserPointer(presenter_, win_);
    glfwSetKeyCallback(presenter_, [](GLFWwindow* w, int key, int sc, int action, int mods) {
        ImGui_ImplGlfw_KeyCallback(static_cast<GLFWwindow*>(glfwGetWindowUserPointer(w)), key, sc, action,
                                   mods);
    });
    glfwMakeContextCurrent(presenter_);
    glfwSwapInterval(0); // the audience window's swap paces the loop
    presenter_renderer_ = std::make_unique<render::Renderer>();
    presenter_renderer_->set_glyph_atlas(bake_map_font(2));
    glfwMakeContextCurrent(win_);
    log_event({{"event", "presenter"}, {"on", true}});
}

void BriefingView::draw_presenter() {
    const missions::Mission* m = state_.mission.mission();
    if (!presenter_ || !m) return;
    glfwMakeContextCurrent(presenter_);
    int pw = 0, ph = 0, lw = 0, lh = 0;
    glfwGetFramebufferSize(presenter_, &pw, &ph);
    glfwGetWindowSize(presenter_, &lw, &lh);
    if (pw > 0 && ph > 0) {
        render::View pv;
        pv.width = pw, pv.height = ph, pv.pixel_ratio = lw > 0 ? float(pw) / float(lw) : 1.0f;
        pv.background = {0.08f, 0.1f, 0.13f, 1};
        const std::time_t t = std::time(nullptr);
        std::tm tm{};
        localtime_r(&t, &tm);
        char clock[16];
        std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        presenter_renderer_->begin_frame(pv, true);
        const double elapsed = ImGui::GetTime() - started_;
        const float text_scale = pv.pixel_ratio * std::min(1.0f, pw / 1280.0f * 2);
        presenter_renderer_->draw_text(presenter_text(*m, mode_.index, clock, elapsed, pw, ph, text_scale));
        glfwSwapBuffers(presenter_);
    }
    glfwMakeContextCurrent(win_);
}

void BriefingView::close_presenter() {
    if (!presenter_) return;
    glfwMakeContextCurrent(presenter_);
    presenter_renderer_.reset(); // its GL objects go with its own context
    glfwMakeContextCurrent(win_);
    glfwDestroyWindow(presenter_);
    presenter_ = nullptr;
    log_event({{"event", "presenter"}, {"on", false}});
}

void BriefingView::enter(size_t from) {
    // The slide fills the screen: no panel margins for its fit or its legends.
    state_.inset_left = state_.inset_right = state_.inset_top = state_.inset_bottom = 0;
    state_.scene.legend_margin_left = state_.scene.legend_margin_right = state_.scene.legend_margin_bottom =
        0;
    if (!mode_.enter(state_, from, ImGui::GetTime())) return;
    glfwGetWindowPos(win_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(win_, &windowed_[2], &windowed_[3]);
    // The monitor holding the window's centre (GLFW only knows a full-screen window's monitor).
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    GLFWmonitor* mon = glfwGetPrimaryMonitor();
    const int cx = windowed_[0] + windowed_[2] / 2, cy = windowed_[1] + windowed_[3] / 2;
    for (int i = 0; i < count; ++i) {
        int mx = 0, my = 0;
        glfwGetMonitorPos(monitors[i], &mx, &my);
        const GLFWvidmode* vm = glfwGetVideoMode(monitors[i]);
        if (vm && cx >= mx && cx < mx + vm->width && cy >= my && cy < my + vm->height) mon = monitors[i];
    }
    if (const GLFWvidmode* vm = mon ? glfwGetVideoMode(mon) : nullptr)
        glfwSetWindowMonitor(win_, mon, 0, 0, vm->width, vm->height, vm->refreshRate);
    // The editing overlays stay out of the slide.
    hidden_tools_ = std::move(state_.scene.tool_layers);
    state_.scene.tool_layers.clear();
    fb_ = {0, 0};
    started_ = ImGui::GetTime();
    log_slide();
    open_presenter(mon);
}

void BriefingView::leave() {
    mode_.leave(state_);
    close_presenter();
    glfwSetWindowMonitor(win_, nullptr, windowed_[0], windowed_[1], windowed_[2], windowed_[3],
                         GLFW_DONT_CARE);
    state_.scene.tool_layers = std::move(hidden_tools_);
    log_event({{"event", "briefing"}, {"on", false}});
}

bool BriefingView::frame(render::Renderer& renderer) {
    const double now = ImGui::GetTime();
    auto pressed = [](std::initializer_list<int> keys) {
        for (int k : keys) // one slide per press: clickers do not repeat, held keys should not
            if (ImGui::IsKeyPressed(k, false)) return true;
        return false;
    };
    const size_t n = mode_.count(state_);
    if (std::pair{state_.fb_width, state_.fb_height} != fb_) {
        // Full screen arrived (or the size changed): fit the slide again.
        fb_ = {state_.fb_width, state_.fb_height};
        mode_.go(state_, mode_.index, now, false);
    }
    if (n == 0 || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
        leave();
    } else if (pressed({GLFW_KEY_RIGHT, GLFW_KEY_DOWN, GLFW_KEY_PAGE_DOWN, GLFW_KEY_SPACE, GLFW_KEY_N})) {
        if (mode_.index + 1 < n && mode_.go(state_, mode_.index + 1, now)) log_slide();
    } else if (pressed({GLFW_KEY_LEFT, GLFW_KEY_UP, GLFW_KEY_PAGE_UP, GLFW_KEY_BACKSPACE, GLFW_KEY_P})) {
        if (mode_.index > 0 && mode_.go(state_, mode_.index - 1, now)) log_slide();
    }
    const bool moving = mode_.tick(state_, now); // loads were polled before the frame began
    state_.scene.mission_layer().set(mode_.show_mission ? state_.mission.mission() : nullptr,
                                     state_.mission.phase, {}, state_.mission.revision);
    ImGui::Render();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    state_.scene.draw(renderer, state_.view());
    glfwSwapBuffers(win_);
    draw_presenter(); // the loop wakes at least once a second in briefing mode, so its clock ticks
    return moving;
}

} // namespace entente::app
