#include "input_queue.hpp"
#include <cstdio>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

#include <set>
#include <utility>

namespace entente::app {

namespace {
InputQueue* g_queue = nullptr;
} // namespace

void InputQueue::install(GLFWwindow* win) {
    win_ = win;
    g_queue = this;
    using K = InputEvent::Kind;
    glfwSetKeyCallback(win, [](GLFWwindow*, int key, int sc, int action, int mods) {
        g_queue->push({K::Key, key, action, sc, mods});
    });
    glfwSetCharCallback(win, [](GLFWwindow*, unsigned c) { g_queue->push({K::Char, int(c)}); });
    glfwSetMouseButtonCallback(win, [](GLFWwindow*, int button, int action, int mods) {
        g_queue->push({K::MouseButton, button, action, 0, mods});
    });
    glfwSetScrollCallback(win, [](GLFWwindow*, double dx, double dy) {
        InputEvent e{K::Scroll};
        e.dx = dx, e.dy = dy;
        g_queue->push(e);
    });
    glfwSetWindowFocusCallback(win, [](GLFWwindow*, int focused) { g_queue->push({K::Focus, focused}); });
    glfwSetCursorEnterCallback(win, [](GLFWwindow*, int entered) {
        g_queue->push({K::CursorEnter, entered});
    });
    glfwSetMonitorCallback(ImGui_ImplGlfw_MonitorCallback);
}

void InputQueue::feed(const std::function<void(const InputEvent&)>& deliver) {
    // Keys and buttons that changed in this frame; a second change of one waits for the next frame.
    // A modifier let go in the frame a key went down also waits: Ctrl+Q whose Ctrl comes up before the Q is
    // read would be a plain Q (a clicker or xdotool releases Ctrl first).
    std::set<std::pair<bool, int>> changed;
    bool key_went_down = false;
    while (!queue_.empty()) {
        const InputEvent e = queue_.front();
        if (e.kind == InputEvent::Kind::Key || e.kind == InputEvent::Kind::MouseButton) {
            const std::pair<bool, int> id{e.kind == InputEvent::Kind::Key, e.code};
            if (e.action != GLFW_REPEAT && !changed.insert(id).second) break;
        }
        if (e.kind == InputEvent::Kind::Key) {
            const bool modifier = e.code >= GLFW_KEY_LEFT_SHIFT && e.code <= GLFW_KEY_RIGHT_SUPER;
            if (modifier && e.action == GLFW_RELEASE && key_went_down) break;
            if (!modifier && e.action == GLFW_PRESS) key_went_down = true;
        }
        queue_.pop_front();
        deliver(e);
    }
}

void InputQueue::feed() {
    feed([w = win_](const InputEvent& e) {
        switch (e.kind) {
        case InputEvent::Kind::Key:
            ImGui_ImplGlfw_KeyCallback(w, e.code, e.scancode, e.action, e.mods);
            break;
        case InputEvent::Kind::Char:
            ImGui_ImplGlfw_CharCallback(w, unsigned(e.code));
            break;
        case InputEvent::Kind::MouseButton:
            ImGui_ImplGlfw_MouseButtonCallback(w, e.code, e.action, e.mods);
            break;
        case InputEvent::Kind::Scroll:
            ImGui_ImplGlfw_ScrollCallback(w, e.dx, e.dy);
            break;
        case InputEvent::Kind::Focus:
            ImGui_ImplGlfw_WindowFocusCallback(w, e.code);
            break;
        case InputEvent::Kind::CursorEnter:
            ImGui_ImplGlfw_CursorEnterCallback(w, e.code);
            break;
        }
    });
}

} // namespace entente::app
