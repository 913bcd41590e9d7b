// How a slow map frame is drawn over several window frames (render::Renderer::set_slice): the window
// (app/gui/window_loop.cpp draw_map) and the frame benchmark (bench/bench_frame.cpp) pace their slices with
// this, so the benchmark times what the window does.
#pragma once
#include <algorithm>

namespace entente::app {

struct SlicePacer {
    // A window frame this long, slice, panels and all, is 22 frames a second: input, menus and hover answer
    // while a million points take llvmpipe a second or more.
    static constexpr double kFrameMs = 45;
    // A map whose last frame took less than this is drawn whole: its slices would cost more than they save.
    static constexpr double kWholeUnderMs = 60;
    static constexpr double kMinMs = 5, kMaxMs = 40;

    double budget_ms = 25; // the next slice's time (Renderer::set_slice)
    // After a window frame that drew a slice and took `frame_ms` in all: the next slice gets what this one
    // left over or gives back what it overran (the pieces still being rasterised, the frame's fixed costs).
    void after(double frame_ms) {
        budget_ms = std::clamp(budget_ms + 0.5 * (kFrameMs - frame_ms), kMinMs, kMaxMs);
    }
};

} // namespace entente::app
