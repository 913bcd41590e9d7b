// What the map part of each window frame shows. On a GPU (a multisampled framebuffer) every frame is drawn
// whole. On a software rasteriser, where a full frame of a million points takes a second:
//   - the last complete frame is kept as an image (render::Renderer::capture_view) and shown moved and scaled
//     during a pan or zoom, and shown again when only the panels changed (the scene signed, not drawn);
//   - a pan by whole pixels draws the map moved from the image kept under the mission, only the strips it
//     uncovered drawn (render::Renderer::draw_underlay): where such frames are quick, a drag draws them
//     instead of moving the last frame, and a slow map panned is drawn so, not in slices;
//   - a changed map whose frames take over whole_under_ms is drawn in slices, one a window frame, into the
//     renderer's own framebuffer (Renderer::set_slice), each slice as long as keeps the window frame near
//     frame_ms, while the last complete frame is shown moved to the view; the whole then becomes the image.
// The window (app/gui/window_loop.cpp) and the frame benchmark (bench/bench_frame.cpp) both drive this, so
// the benchmark times what the window does; tests/render/test_sliced_frame.cpp holds it to frames drawn at
// once.
#pragma once
#include "render/renderer.hpp"

#include <chrono>
#include <cstdint>
#include <functional>

namespace entente::app {

class MapFrames {
  public:
    struct Pacing {
        double frame_ms = 45; // a window frame this long is 22 frames a second: input and menus answer
        // A map whose frames took less than this of late is drawn whole: its slices would cost more than they
        // save (at 1920x1080 on llvmpipe the demo's 45 ms frame in slices is whole after 90 ms).
        double whole_under_ms = 80;
        double slow_ms = 30; // a map slower than this shows its image moved during a gesture
        double min_slice_ms = 5, max_slice_ms = 40;
        int most_restarts = 8; // a frame that changes this often before it is whole is then drawn whole
    };
    enum class Shown { Whole, Repeated, Moved, Slice };

    // software: the framebuffer is single-sampled (a software rasteriser): images, slices and moves.
    MapFrames(bool software, Pacing pacing);
    explicit MapFrames(bool software);

    // Shows the map for `view` in the bound framebuffer. draw() issues the scene's frame through `r`; it is
    // called to sign the frame and again to draw it or a slice of it. gesture: a drag or a wheel turn is on.
    Shown frame(render::Renderer& r, const std::function<void()>& draw, const render::View& view,
                bool gesture);
    // The window frame that showed the last slice took `ms` in all (slice, panels and all): the next slice
    // gets what it left over, or gives back what it overran. Ignored after any other kind of frame.
    void window_frame_took(double ms);

    bool slicing() const { return slicing_; } // a frame is part drawn: the next window frame should follow
    // How much of the frame in slices is drawn, 0 to 1 (the status bar says it while the map completes).
    double progress() const {
        if (!slicing_) return 1;
        return slice_pieces_ ? double(slice_from_) / double(slice_pieces_) : 0; // 0: started, or started over
    }
    double full_map_ms() const; // the median of the last three complete frames, whole or in slices
    // The median of the last three frames that moved the kept map and drew the strips a pan uncovered (0:
    // none yet).
    double moved_map_ms() const;
    double slice_budget_ms() const { return budget_ms_; }
    struct Counts {
        size_t whole = 0, repeated = 0, moved = 0, slices = 0, sliced_frames = 0, restarts = 0;
        size_t over_kept_map =
            0; // complete frames, whole or in slices, drawn over the map kept under the mission
        size_t moved_map = 0; // frames that moved the map kept under the mission (a pan by whole pixels)
    };
    const Counts& counts() const { return counts_; }

  private:
    using Clock = std::chrono::steady_clock;
    Shown whole(render::Renderer& r, const std::function<void()>& draw, const render::View& view);
    Shown repeated(render::Renderer& r, const render::View& view);
    Shown slice(render::Renderer& r, const std::function<void()>& draw, const render::View& view);
    void took(const render::Renderer& r, double ms);
    static uint64_t signed_only(render::Renderer& r,
                                const std::function<void()>& draw); // the frame's signature
    void start_slicing(uint64_t signature);

    bool software_;
    Pacing pacing_;
    uint64_t captured_signature_ = 0; // of the image kept (render::Renderer::frame_signature)
    // The last complete frames' times, whole or the sum of their slices: their median (full_map_ms), so one
    // slow frame (a first use, the machine busy) does not send a quick map into slices.
    double recent_ms_[3] = {0, 0, 0};
    size_t recent_ = 0;
    double moved_ms_[3] = {0, 0, 0}; // the same of frames that moved the kept map (moved_map_ms)
    size_t moved_ = 0;
    bool slicing_ = false, paced_ = false;
    uint64_t slicing_signature_ = 0;
    size_t slice_from_ = 0, slice_pieces_ = 0;
    int restarts_ = 0;
    double sliced_ms_ = 0, budget_ms_ = 25;
    Counts counts_;
};

} // namespace entente::app
