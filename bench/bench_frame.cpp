// Frame cost: composes the window's demo scene (--demo) or the given files once, uploads them once, then
// draws frames of pan and zoom and reports the time per frame, at the window's size and multisampling or
// others. It also times the frames the window shows during a pan or zoom when full frames are slow: the last
// full frame captured and drawn moved and scaled (Renderer::capture_view / draw_captured_view), and the
// frames it shows when only its panels change (the scene signed, Renderer::frame_signature, and the capture
// shown again). Run it under Mesa's no-op driver (GALLIUM_NOOP=1) to see only the CPU work of Entente and the
// GL API, without the software rasteriser: that cost must not grow with the number of features.
#include "geo/dataset.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/fonts.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_frames.hpp"
#include "scene/map_scene.hpp"

#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>

using namespace entente;

static double thread_cpu() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Frames where only what is drawn over the map changes, at one view: a route or a measurement drawn towards
// the pointer (a tool layer, as the window's measure and edit tools draw), as a unit dragged would. The map
// under the mission is kept as an image (Renderer::draw_underlay) from the second; they alternate with the
// same frames drawn in full (Renderer::set_keep_underlay off), for the ratio.
namespace {

struct EditFrames {
    std::vector<double> kept, full; // seconds, sorted
    size_t reused = 0;              // of `kept`, frames drawn over the kept image
};

EditFrames time_edit_frames(app::MapScene& scene, render::Renderer& renderer, app::MapFrames& window,
                            const std::function<void()>& draw, const render::View& v, int frames,
                            bool keep_underlay) {
    EditFrames out;
    double edit_x = 0;
    scene.tool_layers["bench"] = [&](render::Renderer& r, const render::View& view) {
        r.draw_screen_lines({{view.width * 0.2, view.height * 0.5}, {edit_x, view.height * 0.3}},
                            {0.9f, 0.2f, 0.1f, 1}, 3);
    };
    for (int f = 0; f < 2 * std::max(frames, 20) + 2; ++f) {
        edit_x = v.width * (0.3 + 0.02 * (f % 30));
        const bool keep = keep_underlay && (f < 2 || f % 2); // the first two draw the map and keep it
        renderer.set_keep_underlay(keep);
        const size_t over_before = window.counts().over_kept_map;
        const auto w0 = std::chrono::steady_clock::now();
        do {
            window.frame(renderer, draw, v, false);
            glFinish();
        } while (window.slicing());
        const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
        if (f < 2) continue;
        (f % 2 ? out.kept : out.full).push_back(took);
        out.reused += f % 2 && window.counts().over_kept_map != over_before;
    }
    renderer.set_keep_underlay(keep_underlay);
    scene.tool_layers.erase("bench");
    std::sort(out.kept.begin(), out.kept.end());
    std::sort(out.full.begin(), out.full.end());
    return out;
}

// Frames of a pan by whole pixels, as a drag or the arrow keys move the map: the map under the mission is
// the kept image moved, with the strips the pan uncovered drawn (Renderer::draw_underlay). Each view is also
// drawn in full (the kept image off), for the ratio.
struct PanFrames {
    std::vector<double> kept, full; // seconds, sorted
    size_t moved = 0;               // of `kept`, frames that moved the kept image
    double drawn_share = 0;         // of their pixels, the share drawn (the strips), summed
};

PanFrames time_pan_frames(app::MapScene& scene, render::Renderer& renderer, render::View v, int frames,
                          bool keep_underlay) {
    PanFrames out;
    const auto timed = [&](bool keep) {
        renderer.set_keep_underlay(keep);
        const auto w0 = std::chrono::steady_clock::now();
        scene.draw(renderer, v);
        glFinish();
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    };
    timed(keep_underlay); // drawn (uploads, levels), and the map kept
    for (int f = 0; f < std::max(frames, 20); ++f) {
        const double sign = (f / 10) % 2 ? -1 : 1; // back and forth over the same ground
        v.center.x += sign * 19 * v.units_per_px, v.center.y += sign * 11 * v.units_per_px;
        out.kept.push_back(timed(keep_underlay));
        out.moved += renderer.frame_stats().underlay_moved;
        if (renderer.frame_stats().underlay_moved)
            out.drawn_share += renderer.frame_stats().underlay_drawn_share;
        out.full.push_back(timed(false));
    }
    renderer.set_keep_underlay(keep_underlay);
    std::sort(out.kept.begin(), out.kept.end());
    std::sort(out.full.begin(), out.full.end());
    return out;
}

} // namespace

int main(int argc, char** argv) {
    int width = 1920, height = 1080, samples = -1, frames = 60; // samples: as the window and `render` choose
    double zoom = 1;                                            // the first view this many times closer
    bool demo = false, keep_underlay = true;
    std::vector<std::string> files, without;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--demo")
            demo = true;
        else if (a == "--samples")
            samples = std::atoi(value().c_str());
        else if (a == "--without")
            without.push_back(value());
        else if (a == "--no-kept-underlay") // the map under the mission drawn every frame (A/B)
            keep_underlay = false;
        else if (a == "--zoom")
            zoom = std::max(1.0, std::atof(value().c_str()));
        else if (a == "--frames")
            frames = std::max(3, std::atoi(value().c_str()));
        else if (a == "--size") {
            std::string why;
            if (app::parse_image_size(value(), width, height, why) != app::SizeParse::Ok) {
                std::fprintf(stderr, "bench_frame: --size: %s\n", why.c_str());
                return 2;
            }
        } else
            files.push_back(a);
    }
    if (!demo && files.empty()) {
        std::fprintf(stderr,
                     "usage: bench_frame [--demo] [--without PART]... [--samples N] [--size WxH] [--frames "
                     "N] [--zoom F] [--no-kept-underlay] [FILE...]\n"
                     "  --demo: the window's first-start scene (mission, basemap, NATO and AU, peace\n"
                     "  operations, risk raster); else the files alone, basemap off\n");
        return 2;
    }
    render::HeadlessContext ctx;
    render::Renderer renderer;
    if (samples < 0) samples = render::default_samples();
    render::OffscreenTarget target(width, height, samples);
    target.bind();
    // The demo through the same composition as `entente render`; files as plain layers.
    app::RenderRequest rq = demo ? app::demo_request() : app::RenderRequest{};
    if (demo) rq.files.push_back(app::demo_mission_path());
    if (!demo) {
        rq.files = files;
        rq.basemap = false;
    } else
        rq.files.insert(rq.files.end(), files.begin(), files.end());
    rq.width = width, rq.height = height;
    // Leaving one part out at a time says where a frame's time goes.
    for (const auto& w : without) {
        if (w == "basemap")
            rq.basemap = false;
        else if (w == "labels")
            rq.labels = false;
        else if (w == "graticule")
            rq.graticule = false;
        else if (w == "risk")
            rq.risk_files.clear();
        else if (w == "alliances")
            rq.alliances.clear();
        else if (w == "operations")
            rq.peace_ops = false;
        else if (w == "mission")
            std::erase_if(rq.files, [](const std::string& f) { return f.ends_with(".entente.gpkg"); });
        else {
            std::fprintf(stderr,
                         "bench_frame: --without %s: not one of basemap, labels, graticule, risk, "
                         "alliances, operations, mission\n",
                         w.c_str());
            return 2;
        }
    }
    app::ComposedMap map = app::compose_map(rq);
    app::MapScene& scene = *map.scene;
    scene.synchronous = true;
    render::View v = map.view;
    v.units_per_px /= zoom; // about the same centre: a planner's working view of national data
    renderer.set_glyph_atlas(app::bake_map_font(v.pixel_ratio));
    renderer.set_keep_underlay(keep_underlay);
    size_t features = 0;
    for (const auto& l : scene.layers())
        if (l->vector) features += l->vector->feature_count();
    auto t0 = std::chrono::steady_clock::now();
    scene.draw(renderer, v); // first frame: projection and upload
    glFinish();
    const double upload = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<double> wall, cpu, moved;
    render::Renderer::FrameStats submitted; // of the first frame of the run: what a full frame costs
    const render::View start = v;
    auto next = [&](int f) { // alternate pans and zooms
        v.center.x += (f % 2 ? 1 : -1) * 37 * v.units_per_px;
        v.units_per_px *= (f % 4 < 2) ? 0.9 : 1 / 0.9;
    };
    for (int f = 0; f < frames; ++f) {
        next(f);
        const auto w0 = std::chrono::steady_clock::now();
        const double c0 = thread_cpu();
        scene.draw(renderer, v);
        glFinish();
        if (f == 0) submitted = renderer.frame_stats();
        cpu.push_back(thread_cpu() - c0);
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
    }
    // The window's other frames, through the window's own logic (scene/map_frames.hpp): on a single-sampled
    // target (a software rasteriser's), one whole frame kept as an image; frames where only the panels
    // change (a hover, a menu, typing: the scene signed, not drawn, and the image shown again); the same pans
    // and zooms during a gesture (the image moved and scaled); and changed maps drawn a slice a window
    // frame. Multisampled (a GPU's), every one of them is drawn whole, as in the window.
    v = start;
    app::MapFrames window(samples <= 1);
    const auto draw = [&] { scene.draw(renderer, v); };
    window.frame(renderer, draw, v, false);
    std::vector<double> panels;
    for (int f = 0; f < std::max(frames, 20); ++f) {
        const auto w0 = std::chrono::steady_clock::now();
        window.frame(renderer, draw, v, false);
        glFinish();
        panels.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
    }
    const size_t repeated = window.counts().repeated;
    for (int f = 0; f < std::max(frames, 20); ++f) {
        next(f);
        const auto w0 = std::chrono::steady_clock::now();
        window.frame(renderer, draw, v, true);
        glFinish();
        moved.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
    }
    // A fresh view each time, so the levels of detail it needs exist already, as during a session. A map
    // whose frame is quick is drawn whole, as timed above, and has no slices.
    std::vector<double> slice_frames, completes;
    for (int f = 0; f < std::max(frames / 2, 2); ++f) {
        next(f);
        const auto c0 = std::chrono::steady_clock::now();
        do {
            const auto w0 = std::chrono::steady_clock::now();
            const app::MapFrames::Shown shown = window.frame(renderer, draw, v, false);
            glFinish();
            const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
            window.window_frame_took(took * 1e3); // the map's part: the window's frame adds its panels
            if (shown == app::MapFrames::Shown::Slice) slice_frames.push_back(took);
        } while (window.slicing());
        completes.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count());
    }
    v = start;
    const PanFrames pan = time_pan_frames(scene, renderer, v, frames, keep_underlay);
    const EditFrames edit = time_edit_frames(scene, renderer, window, draw, v, frames, keep_underlay);
    const bool in_slices = !slice_frames.empty();
    std::sort(slice_frames.begin(), slice_frames.end());
    std::sort(completes.begin(), completes.end());
    char sliced[400] = "\"in_slices\": false";
    if (in_slices)
        std::snprintf(sliced, sizeof sliced,
                      "\"in_slices\": true, \"slice_budget_last_ms\": %.1f, \"slices_per_frame\": %.1f, "
                      "\"slice_frame_median_ms\": %.3f, \"slice_frame_max_ms\": %.3f, \"slice_fps\": %.1f, "
                      "\"sliced_complete_median_ms\": %.3f",
                      window.slice_budget_ms(), double(slice_frames.size()) / double(completes.size()),
                      slice_frames[slice_frames.size() / 2] * 1e3, slice_frames.back() * 1e3,
                      1 / slice_frames[slice_frames.size() / 2], completes[completes.size() / 2] * 1e3);
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::sort(moved.begin(), moved.end());
    std::sort(panels.begin(), panels.end());
    const double med = wall[wall.size() / 2], med_moved = moved[moved.size() / 2];
    const double med_panels = panels[panels.size() / 2];
    std::string parts;
    for (const auto& w : without)
        parts += " -" + w;
    std::printf("{\"scene\": \"%s%s\", \"size\": \"%dx%d\", \"samples\": %d, \"features\": %zu, "
                "\"first_frame_s\": %.4f, \"frame_wall_median_ms\": %.3f, \"fps\": %.1f, "
                "\"frame_cpu_median_ms\": %.3f, \"gesture_frame_median_ms\": %.3f, \"gesture_fps\": %.1f, "
                "\"panel_frame_median_ms\": %.3f, \"panel_fps\": %.1f, \"panel_frames_repeated\": %zu, "
                "\"panel_frames\": %zu, \"edit_frame_median_ms\": %.3f, \"edit_fps\": %.1f, "
                "\"edit_frame_in_full_median_ms\": %.3f, "
                "\"edit_frames_over_kept_map\": %zu, \"edit_frames\": %zu, \"pan_frame_median_ms\": %.3f, "
                "\"pan_fps\": %.1f, \"pan_frame_in_full_median_ms\": %.3f, \"pan_frames_moved\": %zu, "
                "\"pan_frames\": %zu, \"pan_drawn_share\": %.3f, \"segments\": %zu, "
                "\"triangles\": %zu, \"points\": %zu, %s, \"renderer\": \"%s\"}\n",
                demo ? "demo" : "files", parts.c_str(), width, height, samples, features, upload, med * 1e3,
                1 / med, cpu[cpu.size() / 2] * 1e3, med_moved * 1e3, 1 / med_moved, med_panels * 1e3,
                1 / med_panels, repeated, panels.size(), edit.kept[edit.kept.size() / 2] * 1e3,
                1 / edit.kept[edit.kept.size() / 2], edit.full[edit.full.size() / 2] * 1e3, edit.reused,
                edit.kept.size(), pan.kept[pan.kept.size() / 2] * 1e3, 1 / pan.kept[pan.kept.size() / 2],
                pan.full[pan.full.size() / 2] * 1e3, pan.moved, pan.kept.size(),
                pan.moved ? pan.drawn_share / double(pan.moved) : 0.0, submitted.segments,
                submitted.triangles, submitted.points, sliced, ctx.description().c_str());
    return 0;
}
