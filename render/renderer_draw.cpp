// Drawing (renderer.hpp): a frame's fills, lines, points, rasters, highlight, text and screen shapes (see
// renderer.cpp for the renderer's files).
#include "renderer_gpu.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace entente::render {

using namespace gpu;

// ---- drawing

void Renderer::begin_frame(const View& view, bool clear) {
    impl_->view = view;
    impl_->stats = {};
    impl_->signer.reset();
    impl_->signer.add(view), impl_->signer.add(clear);
    impl_->frame_cleared = clear;
    impl_->sign_highlight();       // set before the frame, it still colours its draws
    impl_->pending_shapes.clear(); // what a frame cut short (an exception) left
    impl_->sliced = std::exchange(impl_->slice_asked, false) && !impl_->sign_only;
    impl_->pieces = 0, impl_->slice_stop = Impl::kAllDrawn;
    impl_->slice_deadline =
        std::chrono::steady_clock::now() + std::chrono::microseconds(int64_t(impl_->slice_budget_ms * 1e3));
    if (impl_->sign_only) return;
    glViewport(0, 0, view.width, view.height);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    if (clear && impl_->take_piece()) {
        glClearColor(view.background.r, view.background.g, view.background.b, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    impl_->stencil_ref = 0xff; // the stencil is cleared by the frame's first translucent outline, if any
}

void Renderer::draw_fill(LayerHandle h, const FillStyle& s, float opacity) {
    impl_->signer.add(1), impl_->sign_layer(h), impl_->signer.add(s), impl_->signer.add(opacity);
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    auto& l = impl_->layers.at(h);
    if (!l.fill.count) return;
    GpuBuffer* level =
        s.skip_subpixel ? fill_level(l, pick_fill_level(l.fill_extent, impl_->view.units_per_px)) : &l.fill;
    if (!level) return; // every polygon under a pixel: the outlines draw them
    auto& p = impl_->fill;
    // An opaque fill replaces what is under it: without blending the rasteriser writes covered pixels
    // without reading them first (llvmpipe's fast path for whole blocks).
    const bool opaque = !s.by_feature && s.hatch_px <= 0 && s.colour.a * opacity >= 1.0f &&
                        (impl_->highlight < 0 || impl_->highlight_colour.a >= 1.0f);
    if (opaque) glDisable(GL_BLEND);
    for (double off : impl_->wrap_offsets()) {
        impl_->set_common(p, off);
        impl_->set_colour(p, s.colour, s.by_feature, l.fill_table);
        glUniform1f(p.u("u_opacity"), opacity);
        glUniform1f(p.u("u_hatch"), s.hatch_px * impl_->view.pixel_ratio);
        impl_->set_pattern(p);
        const GpuBuffer* fill = &impl_->for_copy(*level, off, impl_->view.units_per_px, false, &l.fill);
        glBindVertexArray(fill->vao.get());
        impl_->visible_runs(*fill, off, impl_->view.units_per_px, [&](size_t chunk, GLsizei count) {
            const size_t first = fill->chunks.empty() ? 0 : size_t(fill->chunks[chunk].first);
            glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT, (void*)(first * 4));
            impl_->stats.triangles += size_t(count) / 3;
        });
    }
    if (opaque) glEnable(GL_BLEND);
    glBindVertexArray(0);
    ENTENTE_GL_CHECK("draw_fill");
}

void Renderer::draw_lines(LayerHandle h, const LineStyle& s, float opacity) {
    impl_->signer.add(2), impl_->sign_layer(h), impl_->signer.add(s), impl_->signer.add(opacity);
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    auto& l = impl_->layers.at(h);
    if (!l.lines.count || s.width_px <= 0) return;
    auto& p = impl_->line;
    const int level = pick_line_level(l.line_tolerance, impl_->view.units_per_px);
    GpuBuffer& strips = line_level(l, level);
    impl_->begin_single_coverage(opacity * s.colour.a < 0.999f || s.by_feature);
    for (double off : impl_->wrap_offsets()) {
        impl_->set_common(p, off);
        impl_->set_colour(p, s.colour, s.by_feature, l.stroke_table);
        glUniform1f(p.u("u_width"), s.width_px * impl_->view.pixel_ratio);
        glUniform1f(p.u("u_opacity"), opacity);
        const double margin = (s.width_px * impl_->view.pixel_ratio * 0.5 + 2) * impl_->view.units_per_px;
        GpuBuffer& copy = impl_->for_copy(strips, off, margin, true);
        impl_->visible_runs(copy, off, margin, [&](size_t chunk, GLsizei count) {
            glBindVertexArray(chunk_vao(copy, chunk));
            glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
            impl_->stats.segments += size_t(count);
        });
    }
    impl_->end_single_coverage();
    glBindVertexArray(0);
    ENTENTE_GL_CHECK("draw_lines");
}

void Renderer::draw_points(LayerHandle h, const PointStyle& s, float opacity) {
    impl_->signer.add(3), impl_->sign_layer(h), impl_->signer.add(s), impl_->signer.add(opacity);
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    auto& l = impl_->layers.at(h);
    if (!l.points.count) return;
    const auto& v = impl_->view;
    const float pr = v.pixel_ratio;
    const bool sized = s.size_by_feature && l.size_table;
    // One vertex a symbol where the rasteriser takes its size: a quarter of the vertex work and half the
    // primitives of a strip, which on a software rasteriser is most of what a million points cost.
    // A point whose centre is off the viewport is dropped whole (llvmpipe does), so the viewport reaches
    // half a symbol beyond the framebuffer on each side: symbols cut by the edge stay, as quads do.
    const float guard = std::ceil((s.size_px * pr + 3) / 2) + 1;
    const bool sprite = impl_->sprites && !sized && s.size_px * pr + 3 <= impl_->max_point_size &&
                        float(std::max(v.width, v.height)) + 2 * guard <= impl_->max_viewport;
    auto& p = sprite ? impl_->sprite : impl_->point;
    for (double off : impl_->wrap_offsets()) {
        impl_->set_common(p, off);
        impl_->set_colour(p, s.fill, s.by_feature, l.fill_table);
        glUniform1f(p.u("u_size"), s.size_px * pr);
        glUniform1f(p.u("u_outline"), s.outline_px * pr);
        glUniform4f(p.u("u_outline_colour"), s.outline.r, s.outline.g, s.outline.b, s.outline.a);
        glUniform1i(p.u("u_shape"), int(s.shape));
        glUniform1i(p.u("u_size_by_feature"), sized ? 1 : 0);
        glActiveTexture(GL_TEXTURE3);
        glBindTexture(GL_TEXTURE_2D, sized ? l.size_table.get() : impl_->empty_table.get());
        glUniform1i(p.u("u_sizes"), 3);
        glUniform1f(p.u("u_opacity"), opacity);
        // Points scaled per feature (operations sized by strength) may be any size: not culled.
        const double margin = sized ? INFINITY : (s.size_px * pr * 0.5 + 3) * v.units_per_px;
        // Thinned only when every point has the one size: a large point must not hide under a small one.
        const bool thin = impl_->thin_points && !sized && l.point_extent > 0;
        GpuBuffer& pts = impl_->for_copy(
            point_level(l, thin ? pick_point_level(l.point_extent, v.units_per_px) : -1), off, margin, false);
        if (sprite) {
            glUniform1f(p.u("u_guard"), guard);
            glEnable(GL_PROGRAM_POINT_SIZE);
            glViewport(-GLint(guard), -GLint(guard), v.width + 2 * GLint(guard), v.height + 2 * GLint(guard));
            glBindVertexArray(sprite_vao(pts));
        }
        // Zoomed in on a big layer (or a pan's strip of it): the points of the tiles in view, in the file's
        // order.
        const geo::Bbox cb = impl_->cull_bounds();
        const gpu::PointTiles::Range* near =
            sprite && impl_->culling && pts.count >= gpu::kEdgeFrom
                ? gpu::points_in_box(pts, cb.minx - off - margin, cb.miny - margin, cb.maxx - off + margin,
                                     cb.maxy + margin)
                : nullptr;
        if (near) {
            glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, near->ibo.get()); // into the sprites' vertex array
            impl_->element_runs(
                near->count,
                [&](GLsizei first, GLsizei count) {
                    glDrawElements(GL_POINTS, count, GL_UNSIGNED_INT, (void*)(size_t(first) * 4));
                    impl_->stats.points += size_t(count);
                },
                3);
        } else
            impl_->visible_runs(
                pts, off, margin,
                [&](size_t chunk, GLsizei count) {
                    if (sprite) {
                        glDrawArrays(GL_POINTS, pts.chunks.empty() ? 0 : pts.chunks[chunk].first, count);
                    } else {
                        glBindVertexArray(chunk_vao(pts, chunk));
                        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
                    }
                    impl_->stats.points += size_t(count);
                },
                3);
        if (sprite) {
            glDisable(GL_PROGRAM_POINT_SIZE);
            glViewport(0, 0, v.width, v.height);
        }
    }
    glBindVertexArray(0);
    ENTENTE_GL_CHECK("draw_points");
}

void Renderer::draw_raster(LayerHandle h, const RasterStyle& s) {
    impl_->signer.add(4), impl_->sign_layer(h), impl_->signer.add(s);
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    auto& l = impl_->layers.at(h);
    if (l.raster.empty()) return;
    // The ramp is a 256x1 texture so colour changes cost nothing per pixel on the CPU.
    std::vector<uint8_t> ramp(256 * 4, 0);
    if (!s.ramp.empty()) {
        for (int i = 0; i < 256; ++i) {
            const float t = i / 255.f * float(s.ramp.size() - 1);
            const int a = std::min(int(t), int(s.ramp.size()) - 1),
                      b = std::min(a + 1, int(s.ramp.size()) - 1);
            const float f = t - a;
            const Rgba ca = s.ramp[a], cb = s.ramp[b];
            const Rgba c{ca.r + (cb.r - ca.r) * f, ca.g + (cb.g - ca.g) * f, ca.b + (cb.b - ca.b) * f,
                         ca.a + (cb.a - ca.a) * f};
            const uint32_t px = pack(c);
            std::memcpy(&ramp[i * 4], &px, 4);
        }
    }
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_2D, impl_->ramp_tex.get());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, ramp.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    auto& p = impl_->raster;
    for (double off : impl_->wrap_offsets()) {
        impl_->set_common(p, off);
        glUniform1i(p.u("u_ramp"), 2);
        glUniform1f(p.u("u_min"), s.min);
        glUniform1f(p.u("u_max"), s.max);
        glUniform1f(p.u("u_opacity"), s.opacity);
        glUniform4f(p.u("u_nodata"), s.nodata.r, s.nodata.g, s.nodata.b, s.nodata.a);
        glUniform1f(p.u("u_threshold"), s.threshold);
        impl_->set_pattern(p);
        for (auto& t : l.raster) {
            glActiveTexture(GL_TEXTURE0);
            glBindTexture(GL_TEXTURE_2D, t.tex.get());
            glUniform1i(p.u("u_tex"), 0);
            glUniform1i(p.u("u_rgba"), t.rgba ? 1 : 0);
            if (!impl_->take_piece()) continue;
            glBindVertexArray(t.mesh.vao.get());
            glDrawElements(GL_TRIANGLES, t.mesh.count, GL_UNSIGNED_INT, nullptr);
        }
    }
    glBindVertexArray(0);
    ENTENTE_GL_CHECK("draw_raster");
}

void Renderer::set_highlight(int64_t feature, Rgba colour) {
    impl_->highlight = feature;
    impl_->highlight_colour = colour;
    impl_->signer.add(6);
    impl_->sign_highlight();
}

void Renderer::draw_text(const std::vector<TextItem>& items) {
    impl_->underlay_on_screen |= impl_->in_underlay; // fixed on the screen: not moved by a pan
    impl_->signer.add(7), impl_->signer.add(items.size());
    for (const TextItem& t : items)
        impl_->signer.add(t);
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    std::vector<float> halo, body;
    auto quad = [](std::vector<float>& v, float x0, float y0, float x1, float y1, const Glyph& g, Rgba c) {
        const float q[6][4] = {{x0, y0, g.u0, g.v0}, {x1, y0, g.u1, g.v0}, {x1, y1, g.u1, g.v1},
                               {x0, y0, g.u0, g.v0}, {x1, y1, g.u1, g.v1}, {x0, y1, g.u0, g.v1}};
        for (auto& r : q)
            v.insert(v.end(), {r[0], r[1], r[2], r[3], c.r, c.g, c.b, c.a});
    };
    std::string clipped;
    for (const TextItem& t : items) {
        // Only an over-long label is copied: this runs every drawn frame.
        const std::string& text = t.text.size() <= kMaxLabelChars ? t.text : (clipped = clip_label(t.text));
        const Font& f = impl_->atlas.nearest(t.size_px);
        const float scale = t.size_px / f.size_px;
        const float w = f.text_width(text) * scale;
        const float h = (f.ascent - f.descent) * scale;
        float x = float(t.pos.x) - w * t.anchor_x;
        const float y = float(t.pos.y) - h * t.anchor_y;
        // The halo's eight offsets (kHaloFS), whole pixels towards the points of the compass, once a label.
        float off[16];
        float reach = 0;
        if (t.halo.a > 0) {
            const float r = std::max(1.0f, t.size_px / 10.f);
            for (int k = 0; k < 8; ++k) {
                const float a = float(k) * 0.785398f;
                off[2 * k] = std::round(std::cos(a) * r), off[2 * k + 1] = std::round(std::sin(a) * r);
                reach = std::max({reach, std::abs(off[2 * k]), std::abs(off[2 * k + 1])});
            }
        }
        for (size_t i = 0; i < text.size();) {
            const Glyph* g = f.find(next_codepoint(text, i));
            if (!g) continue;
            const float x0 = std::round(x + g->x0 * scale), y0 = std::round(y + g->y0 * scale);
            const float x1 = x0 + (g->x1 - g->x0) * scale, y1 = y0 + (g->y1 - g->y0) * scale;
            if (t.halo.a > 0 && x1 > x0 && y1 > y0) {
                // An outline in eight directions keeps labels legible over any fill: one quad a glyph.
                const float su = (g->u1 - g->u0) / (x1 - x0), sv = (g->v1 - g->v0) / (y1 - y0);
                const float q[6][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 0}, {1, 1}, {0, 1}};
                for (auto& c : q) {
                    const float px = c[0] ? x1 + reach : x0 - reach, py = c[1] ? y1 + reach : y0 - reach;
                    halo.insert(halo.end(), {px, py, x0, y0, t.halo.r, t.halo.g, t.halo.b, t.halo.a, g->u0,
                                             g->v0, su, sv, x1 - x0, y1 - y0});
                    halo.insert(halo.end(), std::begin(off), std::end(off));
                }
            }
            quad(body, x0, y0, x1, y1, *g, t.colour);
            x += g->advance * scale;
        }
    }
    impl_->halo_triangles(halo);
    impl_->screen_triangles(body, 1);
}

void Renderer::draw_screen_lines(const std::vector<geo::XY>& strip, Rgba c, float width_px) {
    impl_->underlay_on_screen |= impl_->in_underlay; // fixed on the screen: not moved by a pan
    impl_->signer.add(8), impl_->signer.add(strip.size());
    for (const geo::XY& p : strip)
        impl_->signer.add(p);
    impl_->signer.add(c), impl_->signer.add(width_px);
    if (impl_->sign_only) return;
    std::vector<float>& v = impl_->pending_shapes;
    // Each side a pixel wider than the line, its coverage computed from the distance to the centre line, so
    // the line is smooth without multisampling (software renderers draw with one sample).
    const float half = width_px * 0.5f, hw = half + 1.f;
    for (size_t i = 0; i + 1 < strip.size(); ++i) {
        const float ax = float(strip[i].x), ay = float(strip[i].y), bx = float(strip[i + 1].x),
                    by = float(strip[i + 1].y);
        float dx = bx - ax, dy = by - ay;
        const float len = std::sqrt(dx * dx + dy * dy);
        if (len < 1e-6f) continue;
        dx /= len, dy /= len;
        const float nx = -dy * hw, ny = dx * hw;
        // Extend by half the width so consecutive segments meet without notches.
        const float ex = dx * half, ey = dy * half;
        const float p[4][2] = {{ax - ex + nx, ay - ey + ny},
                               {bx + ex + nx, by + ey + ny},
                               {bx + ex - nx, by + ey - ny},
                               {ax - ex - nx, ay - ey - ny}};
        const float side[4] = {hw, hw, -hw, -hw};
        for (int k : {0, 1, 2, 0, 2, 3})
            v.insert(v.end(), {p[k][0], p[k][1], half, side[k], c.r, c.g, c.b, c.a});
    }
}

void Renderer::draw_screen_rect(geo::XY a, geo::XY b, Rgba c) {
    impl_->underlay_on_screen |= impl_->in_underlay; // fixed on the screen: not moved by a pan
    impl_->signer.add(9), impl_->signer.add(a), impl_->signer.add(b), impl_->signer.add(c);
    if (impl_->sign_only) return;
    std::vector<float>& v = impl_->pending_shapes;
    const float p[4][2] = {{float(a.x), float(a.y)},
                           {float(b.x), float(a.y)},
                           {float(b.x), float(b.y)},
                           {float(a.x), float(b.y)}};
    // Drawn as a line's inside: kScreenFS mode 2 gives full coverage this far from the edge.
    constexpr float kInside = 1e4f;
    for (int k : {0, 1, 2, 0, 2, 3})
        v.insert(v.end(), {p[k][0], p[k][1], kInside, 0.f, c.r, c.g, c.b, c.a});
}

void Renderer::end_frame() {
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    impl_->sliced = false;
    impl_->drop_fences();
    glBindVertexArray(0);
    glUseProgram(0);
    ENTENTE_GL_CHECK("end_frame");
}

} // namespace entente::render
