// The renderer's view settings and its kept images (renderer.hpp; the file index is atop renderer.cpp): the
// image of the last complete frame, captured or drawn offscreen in slices, shown again or moved to a new
// view; and the map under the mission, kept while only what is drawn over it changes.

#include "renderer_gpu.hpp"

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace entente::render {

using namespace gpu;

// ---- one view, capture

const View& Renderer::view() const {
    return impl_->view;
}

namespace {
gl::Texture frame_texture(int w, int h) {
    gl::Texture t = gl::Texture::generate();
    glBindTexture(GL_TEXTURE_2D, t.get());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    return t;
}
} // namespace

void Renderer::capture_view(const View& drawn) {
    auto& m = *impl_;
    m.flush_shapes();
    // A new texture only when there is none or the framebuffer's size changed.
    if (!m.captured || m.captured_view.width != drawn.width || m.captured_view.height != drawn.height)
        m.captured = frame_texture(drawn.width, drawn.height);
    glBindTexture(GL_TEXTURE_2D, m.captured.get());
    glCopyTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 0, 0, drawn.width, drawn.height);
    m.captured_view = drawn;
    m.has_captured = true;
    ++m.captures;
    ENTENTE_GL_CHECK("capture_view");
}

void Renderer::set_culling(bool on) {
    impl_->settings_changed();
    impl_->culling = on;
}

void Renderer::set_point_sprites(bool on) {
    impl_->settings_changed();
    impl_->sprites = on;
}

void Renderer::set_point_thinning(bool on) {
    impl_->settings_changed();
    impl_->thin_points = on;
}

void Renderer::set_single_view(const View& view) {
    impl_->settings_changed();
    impl_->single_upp = view.units_per_px;
}

bool Renderer::draws_one_view() const {
    return impl_->single_upp > 0;
}

void Renderer::drop_fill(LayerHandle h) {
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    l.fill = {};
    l.fill_lods.clear();
    l.fill_lod_state.clear();
    l.fill_rings = {};
}

void Renderer::drop_raster(LayerHandle h) {
    impl_->changed(h);
    impl_->layers.at(h).raster.clear();
}

uint64_t Renderer::frame_signature() const {
    FrameSigner total = impl_->signer; // uploads during the frame (raster tiles arriving) count too
    total.add(impl_->uploads);
    return total.value();
}

void Renderer::set_sign_only(bool on) {
    impl_->sign_only = on;
}

const Renderer::FrameStats& Renderer::frame_stats() const {
    return impl_->stats;
}

void Renderer::set_slice(size_t first, double budget_ms) {
    impl_->slice_asked = true;
    impl_->slice_first = first;
    impl_->slice_budget_ms = budget_ms;
}

size_t Renderer::slice_end() const {
    return impl_->slice_stop;
}

size_t Renderer::frame_pieces() const {
    return impl_->pieces;
}

void Renderer::bind_offscreen(int width, int height) {
    auto& m = *impl_;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &m.before_draw_fb);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &m.before_read_fb);
    if (!m.slice_fbo || m.slice_w != width || m.slice_h != height) {
        m.slice_fbo = gl::Framebuffer::generate();
        m.slice_colour = frame_texture(width, height);
        glBindFramebuffer(GL_FRAMEBUFFER, m.slice_fbo.get());
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m.slice_colour.get(), 0);
        m.slice_stencil = attach_stencil(width, height, 1);
        m.slice_w = width, m.slice_h = height;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, m.slice_fbo.get());
    ENTENTE_GL_CHECK("bind_offscreen");
}

void Renderer::end_offscreen() {
    impl_->slice_asked = false; // a slice asked for and never begun (the scene's draw threw) ends here too
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(impl_->before_draw_fb));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(impl_->before_read_fb));
}

void Renderer::capture_offscreen(const View& drawn) {
    auto& m = *impl_;
    m.flush_shapes();
    if (!m.captured || m.captured_view.width != drawn.width || m.captured_view.height != drawn.height)
        m.captured = frame_texture(drawn.width, drawn.height);
    std::swap(m.captured, m.slice_colour);
    GLint draw_fb = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fb);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m.slice_fbo.get());
    glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m.slice_colour.get(), 0);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(draw_fb));
    m.captured_view = drawn;
    m.has_captured = true;
    ++m.captures;
    ENTENTE_GL_CHECK("capture_offscreen");
}

bool Renderer::has_captured_view() const {
    return impl_->has_captured;
}

void Renderer::drop_captured_view() {
    impl_->has_captured = false;
}

// ---- the underlay kept

void Renderer::set_keep_underlay(bool on) {
    impl_->keep_underlay = on; // the same pixels either way: not a change the signature counts
}

namespace {
bool same_view(const View& a, const View& b) {
    return a.width == b.width && a.height == b.height && a.center.x == b.center.x &&
           a.center.y == b.center.y && a.units_per_px == b.units_per_px;
}

// How far a pan from `kept` to `now` moves the map, in whole framebuffer pixels (GL's, y up), when it is a
// pan by whole pixels at the same scale; the window pans by the pointer's pixels.
std::optional<std::pair<int, int>> whole_pixel_pan(const View& kept, const View& now) {
    if (kept.width != now.width || kept.height != now.height || kept.units_per_px != now.units_per_px)
        return std::nullopt;
    double mx = kept.center.x - now.center.x;
    // A map that repeats is the same a world away: a pan across the antimeridian wraps the centre round.
    if (now.world_width > 0 && kept.world_width == now.world_width) mx = std::remainder(mx, now.world_width);
    const double dx = mx / now.units_per_px, dy = (kept.center.y - now.center.y) / now.units_per_px;
    if (!(std::abs(dx) < now.width && std::abs(dy) < now.height)) return std::nullopt;
    const double rx = std::round(dx), ry = std::round(dy);
    if (std::abs(dx - rx) > 1e-3 || std::abs(dy - ry) > 1e-3) return std::nullopt;
    return std::pair{int(rx), int(ry)};
}

struct PixelRect {
    int x0, y0, x1, y1; // GL pixels, y up, [x0, x1) x [y0, y1)
    int64_t area() const { return int64_t(x1 - x0) * (y1 - y0); }
};

// What a move of (gx, gy) GL pixels leaves uncovered of a w x h image: a strip along the side it left, and
// one along the top or bottom beside it (disjoint).
std::vector<PixelRect> uncovered(int w, int h, int gx, int gy) {
    std::vector<PixelRect> out;
    if (gx > 0) out.push_back({0, 0, gx, h});
    if (gx < 0) out.push_back({w + gx, 0, w, h});
    const int x0 = std::max(0, gx), x1 = std::min(w, w + gx);
    if (gy > 0) out.push_back({x0, 0, x1, gy});
    if (gy < 0) out.push_back({x0, h + gy, x1, h});
    return out;
}
} // namespace

uint64_t Renderer::Impl::sign_part(const std::function<void()>& draws) {
    // The part alone, without the view the frame began with: a pan asks for the same part.
    const FrameSigner frame = signer;
    signer.reset();
    sign_highlight(); // set before the part, it colours its draws
    underlay_on_screen = false;
    {
        struct Inside { // however `draws` ends
            Impl& m;
            ~Inside() { m.in_underlay = false; }
        } guard{*this};
        in_underlay = true;
        draws();
    }
    signer.add(settings_at), signer.add(view.units_per_px), signer.add(view.width), signer.add(view.height);
    signer.add(view.world_width), signer.add(view.pixel_ratio), signer.add(view.background);
    signer.add(frame_cleared);
    if (underlay_on_screen) signer.add(view.center); // screen pixels stay where they are: not moved by a pan
    const uint64_t part = signer.value();
    last_part = part;
    signer = frame;
    signer.add(part);
    return part;
}

bool Renderer::underlay_moves_to(const View& view) const {
    const auto& m = *impl_;
    if (!m.has_underlay || m.last_part != m.underlay_kept || m.pattern_x != m.underlay_pattern_x ||
        m.pattern_y != m.underlay_pattern_y)
        return false;
    const auto pan = whole_pixel_pan(m.underlay_view, view);
    if (!pan) return false;
    int64_t area = 0;
    for (const PixelRect& r : uncovered(view.width, view.height, pan->first, pan->second))
        area += r.area();
    return 2 * area <= int64_t(view.width) * view.height;
}

void Renderer::draw_underlay(const std::function<void()>& draws) {
    auto& m = *impl_;
    GLint multisampled = 0;
    if (!m.sign_only) glGetIntegerv(GL_SAMPLE_BUFFERS, &multisampled);
    if (m.sign_only || !m.keep_underlay || !m.software || multisampled || m.single_upp > 0) {
        m.sign_part(
            draws); // signed (a sign-only frame signs the same as one that draws), or drawn every time
        return;
    }
    m.flush_shapes(); // what was asked for before it goes under it
    GLint draw_fb = 0, read_fb = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fb);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fb);
    const int w = m.view.width, h = m.view.height;
    const auto copy = [&](GLuint from, GLuint to, int dx = 0, int dy = 0) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, from);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
        const int x0 = std::max(0, -dx), x1 = std::min(w, w - dx), y0 = std::max(0, -dy),
                  y1 = std::min(h, h - dy);
        glBlitFramebuffer(x0, y0, x1, y1, x0 + dx, y0 + dy, x1 + dx, y1 + dy, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(read_fb));
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(draw_fb));
    };
    const bool same_size = m.underlay_w == w && m.underlay_h == h;
    // A frame in slices counts its pieces the same in every slice: whether it draws over the image kept is
    // decided by its first slice, not changed by an image its own slices keep.
    const bool later_slice = m.sliced && m.slice_first > 0;
    const bool may_reuse = m.has_underlay && same_size && (!later_slice || m.slice_reuses_underlay);
    // Signed first, where there is an image it could be: whether the image is this part's. Otherwise drawn at
    // once (a slice of a frame that does not reuse it walks the scene once, as before).
    std::vector<PixelRect> strips;
    if (may_reuse) {
        const FrameSigner before = m.signer;
        const int64_t highlight = m.highlight;
        const Rgba highlight_colour = m.highlight_colour;
        uint64_t part = 0;
        {
            struct SignOnly { // back to drawing however `draws` ends
                Impl& m;
                ~SignOnly() { m.sign_only = false; }
            } guard{m};
            m.sign_only = true;
            part = m.sign_part(draws);
        }
        const bool same_part = part == m.underlay_kept;
        const bool same_pattern = m.pattern_x == m.underlay_pattern_x && m.pattern_y == m.underlay_pattern_y;
        const bool reuse = same_part && same_view(m.underlay_view, m.view) && same_pattern;
        if (m.sliced && !later_slice) m.slice_reuses_underlay = reuse;
        if (reuse) {
            // The signer already holds what was asked, as if drawn; a frame in slices copies it as one piece.
            if (m.take_piece()) copy(m.underlay_fbo.get(), GLuint(draw_fb));
            m.stats.underlay_reused = true, m.stats.underlay_drawn_share = 0;
            ENTENTE_GL_CHECK("draw_underlay (kept)");
            return;
        }
        // A pan by whole pixels: the image moved, the strips it uncovered drawn over the frame's clear. Not
        // in slices (each slice would move it again), nor where the strips come to half the frame (drawing it
        // whole costs as much).
        const auto pan = same_part && same_pattern && !m.sliced && m.frame_cleared
                             ? whole_pixel_pan(m.underlay_view, m.view)
                             : std::nullopt;
        if (pan && underlay_moves_to(m.view)) strips = uncovered(w, h, pan->first, pan->second);
        m.signer = before, m.highlight = highlight, m.highlight_colour = highlight_colour;
        if (!strips.empty()) {
            const int gx = pan->first, gy = pan->second;
            copy(m.underlay_fbo.get(), GLuint(draw_fb), gx, gy);
            m.pattern_x += gx, m.pattern_y += gy; // the pattern moves with the image
            int64_t area = 0;
            struct Strips { // whole frames again however `draws` ends
                Impl& m;
                ~Strips() {
                    m.cull_to.reset();
                    glDisable(GL_SCISSOR_TEST);
                }
            } strips_guard{m};
            glEnable(GL_SCISSOR_TEST);
            for (const PixelRect& r : strips) {
                glScissor(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
                const geo::XY a = m.view.to_map({double(r.x0), double(h - r.y1)}),
                              b = m.view.to_map({double(r.x1), double(h - r.y0)});
                m.cull_to = geo::Bbox{a.x, b.y, b.x, a.y};
                m.stencil_ref = 0xff; // the strip's own stencil, cleared under the scissor by its first use
                m.signer = before, m.highlight = highlight, m.highlight_colour = highlight_colour;
                m.sign_part(draws);
                m.flush_shapes();
                area += r.area();
            }
            m.cull_to.reset();
            glDisable(GL_SCISSOR_TEST); // before the copy below: a blit obeys the scissor
            m.stencil_ref = 0xff;       // the rest of the frame clears the whole stencil before it uses it
            m.stats.underlay_moved = true, m.stats.underlay_drawn_share = double(area) / (double(w) * h);
            // Kept at once: the next frame of a pan moves it on.
            copy(GLuint(draw_fb), m.underlay_fbo.get());
            m.underlay_view = m.view, m.underlay_pattern_x = m.pattern_x, m.underlay_pattern_y = m.pattern_y;
            ENTENTE_GL_CHECK("draw_underlay (moved)");
            return;
        }
    } else if (m.sliced && !later_slice) {
        m.slice_reuses_underlay = false;
    }
    // The first slice drew over the image and it is gone (another frame on this renderer kept another):
    // drawn in full, this slice's pieces are not the earlier slices'. Signed apart below, so the frame is
    // started again.
    const bool lost_image = later_slice && m.slice_reuses_underlay;
    const uint64_t drawn = m.sign_part(draws); // what was drawn: data arriving between the calls counts
    m.flush_shapes();
    if (lost_image) m.signer.add(uint64_t(0x5ea1ed));
    // Kept (a copy of rows, a fraction of a millisecond at 1920x1080), so the next frame may copy it or move
    // it. In slices, once its last piece is drawn and before any after it: then the framebuffer holds it.
    // A slice that lost the image its frame drew over holds earlier slices' pieces under its own: not kept.
    const bool whole_and_alone = !m.sliced || (m.slice_stop == Impl::kAllDrawn && m.slice_first <= m.pieces);
    if (!whole_and_alone || lost_image) return;
    if (!same_size || !m.underlay_fbo) {
        m.underlay_tex = frame_texture(w, h);
        m.underlay_fbo = gl::Framebuffer::generate();
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m.underlay_fbo.get());
        glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m.underlay_tex.get(),
                               0);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(draw_fb));
        m.underlay_w = w, m.underlay_h = h;
    }
    copy(GLuint(draw_fb), m.underlay_fbo.get());
    m.underlay_kept = drawn, m.has_underlay = true;
    m.underlay_view = m.view, m.underlay_pattern_x = m.pattern_x, m.underlay_pattern_y = m.pattern_y;
    ENTENTE_GL_CHECK("draw_underlay (keep)");
}

void Renderer::draw_captured_view(const View& now) {
    auto& m = *impl_;
    if (m.sign_only || !m.has_captured) {
        begin_frame(now);
        end_frame();
        return;
    }
    GLint draw_fb = 0, read_fb = 0, multisampled = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fb);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fb);
    glGetIntegerv(GL_SAMPLE_BUFFERS, &multisampled);
    // A copy of the rows, not a textured quad, where the image is already in place: on llvmpipe a copy costs
    // a tenth of the 10 ms a quad's sampling takes at 1920x1080, and the window shows one every frame. A
    // multisampled framebuffer takes no copy from a single-sampled one: the quad then.
    const auto copy_from = [&](GLuint from) {
        begin_frame(now, false);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, from);
        glBlitFramebuffer(0, 0, now.width, now.height, 0, 0, now.width, now.height, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(read_fb));
        end_frame();
    };
    if (same_view(m.captured_view, now) && !multisampled) { // the view it shows
        if (!m.captured_fbo) m.captured_fbo = gl::Framebuffer::generate();
        glBindFramebuffer(GL_READ_FRAMEBUFFER, m.captured_fbo.get());
        glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m.captured.get(), 0);
        copy_from(m.captured_fbo.get());
        return;
    }
    const bool moved_ready = !multisampled && m.moved_for == m.captures && same_view(m.moved_view, now);
    if (moved_ready) { // moved as it was the last time: a frame drawn in slices shows it again and again
        copy_from(m.moved_fbo.get());
        return;
    }
    // Asked for the same moved view twice running (not a gesture, whose views differ): kept for the next.
    const bool keep = !multisampled && m.asked_for == m.captures && same_view(m.asked_view, now);
    m.asked_view = now, m.asked_for = m.captures;
    if (keep) {
        if (!m.moved_fbo || m.moved_view.width != now.width || m.moved_view.height != now.height) {
            m.moved_tex = frame_texture(now.width, now.height);
            m.moved_fbo = gl::Framebuffer::generate();
            glBindFramebuffer(GL_FRAMEBUFFER, m.moved_fbo.get());
            glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m.moved_tex.get(), 0);
        }
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m.moved_fbo.get());
    }
    begin_frame(now);
    // The captured image's corners, from its map area into the new view's pixels (y down); texture rows run
    // bottom up.
    const geo::Bbox b = m.captured_view.map_bounds();
    const geo::XY tl = now.to_screen({b.minx, b.maxy}), br = now.to_screen({b.maxx, b.miny});
    const float x0 = float(tl.x), y0 = float(tl.y), x1 = float(br.x), y1 = float(br.y);
    std::vector<float> v;
    const float corner[4][4] = {{x0, y0, 0, 1}, {x1, y0, 1, 1}, {x1, y1, 1, 0}, {x0, y1, 0, 0}};
    for (int k : {0, 1, 2, 0, 2, 3})
        v.insert(v.end(), {corner[k][0], corner[k][1], corner[k][2], corner[k][3], 1.f, 1.f, 1.f, 1.f});
    glDisable(GL_BLEND); // the image replaces what is under it
    m.screen_triangles(v, 3);
    glEnable(GL_BLEND);
    end_frame();
    if (keep) {
        m.moved_view = now, m.moved_for = m.captures;
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(draw_fb));
        copy_from(m.moved_fbo.get());
    }
}

} // namespace entente::render
