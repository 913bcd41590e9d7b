// Input on a slow frame: a key pressed and released between two frames (software GL draws a frame in 0.3-1 s)
// must still be seen down for one frame and up the next, as ImGui 1.86 reads keys once per frame.
#include "gui/input_queue.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using entente::app::InputEvent;
using entente::app::InputQueue;
using K = InputEvent::Kind;

namespace {

// One frame's deliveries, written as "K+Q" (key Q pressed), "K-Q", "C:q" (text), "B+0" (left button)...
std::vector<std::string> frame(InputQueue& q) {
    std::vector<std::string> got;
    q.feed([&](const InputEvent& e) {
        const std::string sign = e.action == GLFW_PRESS ? "+" : e.action == GLFW_RELEASE ? "-" : "~";
        switch (e.kind) {
        case K::Key:
            got.push_back("K" + sign + char(e.code));
            break;
        case K::MouseButton:
            got.push_back("B" + sign + std::to_string(e.code));
            break;
        case K::Char:
            got.push_back(std::string("C:") + char(e.code));
            break;
        case K::Scroll:
            got.push_back("S" + std::to_string(int(e.dy)));
            break;
        default:
            got.push_back("?");
        }
    });
    return got;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("a key pressed and released between two frames is down for one frame and up the next") {
    InputQueue q;
    // Ctrl+Q tapped while a frame was drawn: all four events arrive in one poll.
    q.push({K::Key, GLFW_KEY_LEFT_CONTROL, GLFW_PRESS});
    q.push({K::Key, 'Q', GLFW_PRESS, 0, GLFW_MOD_CONTROL});
    q.push({K::Key, 'Q', GLFW_RELEASE, 0, GLFW_MOD_CONTROL});
    q.push({K::Key, GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE});
    CHECK(frame(q) == V{std::string("K+") + char(GLFW_KEY_LEFT_CONTROL), "K+Q"}); // Ctrl and Q down together
    CHECK(q.pending());
    CHECK(frame(q) == V{"K-Q", std::string("K-") + char(GLFW_KEY_LEFT_CONTROL)});
    CHECK_FALSE(q.pending());
    CHECK(frame(q).empty());
}

TEST_CASE("a shortcut whose Ctrl comes up first keeps Ctrl down in the frame its key goes down") {
    const std::string ctrl_down = std::string("K+") + char(GLFW_KEY_LEFT_CONTROL);
    const std::string ctrl_up = std::string("K-") + char(GLFW_KEY_LEFT_CONTROL);
    // xdotool and many clickers: Ctrl down, Q down, Ctrl up, Q up, all in one poll.
    InputQueue q;
    q.push({K::Key, GLFW_KEY_LEFT_CONTROL, GLFW_PRESS});
    q.push({K::Key, 'Q', GLFW_PRESS, 0, GLFW_MOD_CONTROL});
    q.push({K::Key, GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE, 0, GLFW_MOD_CONTROL});
    q.push({K::Key, 'Q', GLFW_RELEASE});
    CHECK(frame(q) == V{ctrl_down, "K+Q"});
    CHECK(frame(q) == V{ctrl_up, "K-Q"});
    // The same with Ctrl read a frame earlier (a fast frame between the two key presses).
    q.push({K::Key, GLFW_KEY_LEFT_CONTROL, GLFW_PRESS});
    CHECK(frame(q) == V{ctrl_down});
    q.push({K::Key, 'Q', GLFW_PRESS, 0, GLFW_MOD_CONTROL});
    q.push({K::Key, GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE, 0, GLFW_MOD_CONTROL});
    q.push({K::Key, 'Q', GLFW_RELEASE});
    CHECK(frame(q) == V{"K+Q"}); // was K+Q and Ctrl up together: a plain Q
    CHECK(frame(q) == V{ctrl_up, "K-Q"});
    CHECK_FALSE(q.pending());
}

TEST_CASE("a double click between two frames is two clicks, one per pair of frames") {
    InputQueue q;
    for (int i = 0; i < 2; ++i) {
        q.push({K::MouseButton, 0, GLFW_PRESS});
        q.push({K::MouseButton, 0, GLFW_RELEASE});
    }
    CHECK(frame(q) == V{"B+0"});
    CHECK(frame(q) == V{"B-0"});
    CHECK(frame(q) == V{"B+0"});
    CHECK(frame(q) == V{"B-0"});
    CHECK_FALSE(q.pending());
}

TEST_CASE("typed text and scrolling pass in order, held keys repeat, other keys are not held back") {
    InputQueue q;
    q.push({K::Key, 'A', GLFW_PRESS});
    q.push({K::Char, 'a'});
    q.push({K::Key, 'A', GLFW_REPEAT});
    q.push({K::Char, 'a'});
    q.push({K::Key, 'B', GLFW_PRESS});
    q.push({K::Char, 'b'});
    InputEvent wheel{K::Scroll};
    wheel.dy = -1;
    q.push(wheel);
    q.push({K::Key, 'A', GLFW_RELEASE});
    q.push({K::Char, 'c'}); // typed after A came up: waits with it
    CHECK(frame(q) == V{"K+A", "C:a", "K~A", "C:a", "K+B", "C:b", "S-1"});
    CHECK(frame(q) == V{"K-A", "C:c"});
    CHECK_FALSE(q.pending());
}
