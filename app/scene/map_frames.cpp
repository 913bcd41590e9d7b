// What the map part of each window frame shows (map_frames.hpp).
#include "map_frames.hpp"

#include <algorithm>
#include <utility>

namespace entente::app {

namespace {
double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

MapFrames::MapFrames(bool software, Pacing pacing)
    : software_(software), pacing_(pacing),
      budget_ms_(std::clamp(25.0, pacing.min_slice_ms, pacing.max_slice_ms)) {}

MapFrames::MapFrames(bool software) : MapFrames(software, Pacing{}) {}

MapFrames::Shown MapFrames::whole(render::Renderer& r, const std::function<void()>& draw,
                                  const render::View& view) {
    const auto t0 = Clock::now();
    draw();
    ++counts_.whole;
    slicing_ = false;
    if (software_) {
        captured_signature_ = r.frame_signature();
        r.capture_view(view); // reads the frame, so the time below includes its rasterisation
        took(r, ms_since(t0));
    }
    return Shown::Whole;
}

void MapFrames::start_slicing(uint64_t signature) {
    if (slicing_)
        ++restarts_, ++counts_.restarts;
    else
        restarts_ = 0;
    slicing_ = true, slicing_signature_ = signature, slice_from_ = 0, slice_pieces_ = 0, sliced_ms_ = 0;
}

uint64_t MapFrames::signed_only(render::Renderer& r, const std::function<void()>& draw) {
    struct SignOnly { // back to drawing however the scene's draw ends
        render::Renderer& r;
        ~SignOnly() { r.set_sign_only(false); }
    } guard{r};
    r.set_sign_only(true);
    draw();
    return r.frame_signature();
}

MapFrames::Shown MapFrames::frame(render::Renderer& r, const std::function<void()>& draw,
                                  const render::View& view, bool gesture) {
    paced_ = false;
    if (!software_ || !r.has_captured_view()) return whole(r, draw, view); // a GPU, or the first frame
    // A pan by whole pixels whose frames move the kept map and draw the strips it uncovered: drawn, during a
    // drag too where such frames are quick (the planner sees the map itself, not the last frame moved over
    // blank strips), and drawn whole rather than in slices where they are quicker than slices pay off. The
    // first such frame of a drag is tried; the scene is signed first, so a map changed since it was kept is
    // not drawn whole in the middle of a drag.
    if (gesture && (moved_ == 0 || moved_map_ms() < pacing_.slow_ms) && r.underlay_moves_to(view)) {
        signed_only(r, draw);
        if (r.underlay_moves_to(view)) return whole(r, draw, view); // asks for the part kept
    }
    if (gesture && full_map_ms() > pacing_.slow_ms) {
        slicing_ =
            false; // the frame being sliced was of another view: the next starts afresh, not as a restart
        r.draw_captured_view(view);
        ++counts_.moved;
        return Shown::Moved;
    }
    // A frame part drawn goes on without signing first: the slice signs what it draws, and a frame that
    // changed in between is caught there (a slice of a scene walk less each window frame).
    if (slicing_) return slice(r, draw, view);
    // Only the panels changed (a hover, a menu, typing): the map would come out as the image, so the image
    // is shown again. Signing costs the scene's own work, not the rasteriser's.
    const uint64_t signature = signed_only(r, draw);
    if (signature == captured_signature_) return repeated(r, view);
    if (full_map_ms() < pacing_.whole_under_ms ||
        (r.underlay_moves_to(view) && moved_map_ms() < pacing_.whole_under_ms)) // asks for the part kept
        return whole(r, draw, view);
    start_slicing(signature);
    return slice(r, draw, view);
}

MapFrames::Shown MapFrames::repeated(render::Renderer& r, const render::View& view) {
    slicing_ = false;
    r.draw_captured_view(view);
    ++counts_.repeated;
    return Shown::Repeated;
}

MapFrames::Shown MapFrames::slice(render::Renderer& r, const std::function<void()>& draw,
                                  const render::View& view) {
    // A frame that keeps changing before it is whole (tiles streaming in, Play) is drawn whole now and
    // then, or the map would show an old image for as long as the changes come.
    if (restarts_ >= pacing_.most_restarts) return whole(r, draw, view);

    const auto t0 = Clock::now();
    r.bind_offscreen(view.width, view.height);
    {
        struct Back { // to the caller's framebuffer however the scene's draw ends
            render::Renderer& r;
            ~Back() { r.end_offscreen(); }
        } back{r};
        r.set_slice(slice_from_, budget_ms_);
        draw();
    }
    const size_t end = r.slice_end();
    const uint64_t drawn = r.frame_signature();
    slice_pieces_ = r.frame_pieces();
    sliced_ms_ += ms_since(t0);
    ++counts_.slices;
    if (drawn == captured_signature_) {
        // Changed back to the kept image (a layer hidden and shown again) before the new frame was whole.
        return repeated(r, view);
    } else if (drawn != slicing_signature_) {
        // The frame changed since its last slice (an edit, a layer shown, a tile or basemap scale arriving
        // while it drew): the pieces before this slice were another frame's. Start over with the frame as it
        // now is.
        start_slicing(drawn);
    } else if (end == render::Renderer::kAllDrawn) {
        captured_signature_ = drawn;
        r.capture_offscreen(view);
        slicing_ = false;
        took(r, sliced_ms_);
        ++counts_.sliced_frames;
    } else {
        slice_from_ = end;
        paced_ = true;
    }
    r.draw_captured_view(view);
    return Shown::Slice;
}

void MapFrames::took(const render::Renderer& r, double ms) {
    // A frame drawn over the map kept under the mission (a unit dragged: Renderer::draw_underlay) says
    // nothing of how long the map takes: counted, a pan after an edit would draw a slow map whole.
    if (r.frame_stats().underlay_reused) {
        ++counts_.over_kept_map;
        return;
    }
    // Nor one that moved it and drew the strips a pan uncovered: a zoom after a drag draws the whole map.
    // Timed apart, whatever their strips (the frame after a long drag draws wider ones than the drag's own),
    // so a map whose moved frames are slow shows a drag as before.
    if (r.frame_stats().underlay_moved) {
        ++counts_.moved_map;
        moved_ms_[moved_++ % 3] = ms;
        return;
    }
    recent_ms_[recent_++ % 3] = ms;
}

namespace {
// The median of the last three of `n` times kept in a ring of three: one slow frame (the first, with its
// uploads; the machine busy) neither slices a quick map nor draws a slow one whole.
double median_of_three(const double (&ring)[3], size_t n) {
    if (n == 0) return 0;
    if (n < 3) return ring[(n - 1) % 3];
    const double a = ring[0], b = ring[1], c = ring[2];
    return std::max(std::min(a, b), std::min(std::max(a, b), c));
}
} // namespace

double MapFrames::full_map_ms() const {
    return median_of_three(recent_ms_, recent_);
}

double MapFrames::moved_map_ms() const {
    return median_of_three(moved_ms_, moved_);
}

void MapFrames::window_frame_took(double ms) {
    if (!std::exchange(paced_, false)) return; // an idle wait or a whole frame says nothing of slices
    budget_ms_ =
        std::clamp(budget_ms_ + 0.5 * (pacing_.frame_ms - ms), pacing_.min_slice_ms, pacing_.max_slice_ms);
}

} // namespace entente::app
