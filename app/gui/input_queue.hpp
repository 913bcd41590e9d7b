// GLFW input, handed to ImGui one frame at a time so that no key press or click is lost at any frame rate.
//
// ImGui 1.86 reads a key's state once per frame. When a frame takes longer than a key is held (software GL on
// a busy machine draws a frame in 0.3-1 s), GLFW delivers the press and the release in the same poll and
// ImGui never sees the key down. The queue takes GLFW's callbacks, and each frame forwards events to ImGui's
// GLFW backend in order until one would change a key or mouse button that already changed in this frame; the
// rest wait for the next frame. Text, scrolling and focus pass in order with them.
#pragma once
#include <deque>
#include <functional>

struct GLFWwindow;

namespace entente::app {

struct InputEvent {
    enum class Kind { Key, Char, MouseButton, Scroll, Focus, CursorEnter } kind;
    int code = 0;   // key, mouse button, character, focused or entered
    int action = 0; // GLFW_PRESS, GLFW_RELEASE, GLFW_REPEAT (keys and buttons)
    int scancode = 0, mods = 0;
    double dx = 0, dy = 0; // scroll
};

class InputQueue {
  public:
    // Takes the window's input callbacks (ImGui's backend initialised with install_callbacks = false). One
    // window per process: the callbacks reach the queue through a static pointer.
    void install(GLFWwindow* win);
    void push(const InputEvent& e) { queue_.push_back(e); }
    // Hands this frame's events to `deliver` (default: ImGui's GLFW backend for the installed window).
    void feed(const std::function<void(const InputEvent&)>& deliver);
    void feed();
    // Events still waiting: the loop draws another frame rather than sleep.
    bool pending() const { return !queue_.empty(); }

  private:
    std::deque<InputEvent> queue_;
    GLFWwindow* win_ = nullptr;
};

} // namespace entente::app
