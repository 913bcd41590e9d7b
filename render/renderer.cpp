// The renderer (renderer.hpp): GL state over plain scene data. Its code, by file (search for "---- NAME"):
//   renderer_gpu.hpp   GPU buffers and layers, Renderer::Impl (the GL state of one renderer: programs,
//                      layers, the view, culling, throttling, the screen-space batch)
//   renderer_gpu.cpp   GPU buffers: shaders, buffers cut into chunks with their boxes, uploads, read-backs
//   renderer.cpp       text; layers and fills; outlines; points, icons (in that order)
//   renderer_view.cpp  one view, the kept frame and its capture, signing, slices, the offscreen framebuffer,
//                      the kept underlay (draw_underlay)
//   renderer_draw.cpp  drawing: a frame's fills, lines, points, rasters, highlight, text, screen shapes

#include "renderer_gpu.hpp"

#include "headless.hpp"

#include <atomic>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <utility>

namespace entente::render {

using namespace gpu;

// ---- text

float Font::text_width(const std::string& s) const {
    float w = 0;
    for (size_t i = 0; i < s.size();) {
        const uint32_t cp = next_codepoint(s, i);
        if (const Glyph* g = find(cp)) w += g->advance;
    }
    return w;
}

const Font& GlyphAtlas::nearest(float size_px) const {
    static const Font empty;
    if (fonts.empty()) return empty;
    const Font* best = &fonts[0];
    for (auto& f : fonts)
        if (std::abs(f.size_px - size_px) < std::abs(best->size_px - size_px)) best = &f;
    return *best;
}

uint32_t next_codepoint(const std::string& s, size_t& i) {
    const unsigned char c = s[i];
    auto cont = [&](size_t k) { return i + k < s.size() ? (uint32_t(s[i + k]) & 0x3f) : 0u; };
    uint32_t cp;
    if (c < 0x80)
        cp = c, i += 1;
    else if ((c >> 5) == 6)
        cp = ((c & 0x1f) << 6) | cont(1), i += 2;
    else if ((c >> 4) == 14)
        cp = ((c & 0x0f) << 12) | (cont(1) << 6) | cont(2), i += 3;
    else
        cp = ((c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), i += 4;
    return cp;
}

std::string clip_label(const std::string& s) {
    size_t i = 0, n = 0;
    while (i < s.size() && n < kMaxLabelChars)
        next_codepoint(s, i), ++n;
    return i >= s.size() ? s : s.substr(0, i) + "...";
}

namespace {
// Starts at 1 so that 0 can mean "no renderer yet" to callers.
std::atomic<uint64_t> next_renderer_id{1};
} // namespace

Renderer::Renderer() : impl_(std::make_unique<Impl>()), id_(next_renderer_id.fetch_add(1)) {
    using namespace shaders;
    const std::string common = kCommon;
    impl_->fill.build(common + kFillVS, kFillFS);
    impl_->line.build(common + kLineVS, kLineFS);
    impl_->point.build(common + kPointVS, std::string("#version 330 core\n") + kPointFS);
    impl_->sprite.build(common + "#define SPRITE\n" + kPointVS,
                        std::string("#version 330 core\n#define SPRITE\n") + kPointFS);
    GLfloat point_range[2] = {0, 0};
    glGetFloatv(GL_POINT_SIZE_RANGE, point_range);
    impl_->max_point_size = point_range[1];
    const auto* gl_renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    impl_->software = is_software_renderer(gl_renderer ? gl_renderer : "");
    GLint viewport_dims[2] = {0, 0};
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, viewport_dims);
    impl_->max_viewport = float(std::min(viewport_dims[0], viewport_dims[1]));
    impl_->raster.build(common + kRasterVS, kRasterFS);
    impl_->screen.build(kScreenVS, kScreenFS);
    impl_->icon.build(common + kIconVS, kIconFS);
    impl_->screen_vao = gl::VertexArray::generate();
    impl_->screen_vbo = gl::Buffer::generate();
    glBindVertexArray(impl_->screen_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, impl_->screen_vbo.get());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 32, (void*)0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 32, (void*)8);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, 32, (void*)16);
    impl_->halo.build(kHaloVS, kHaloFS);
    impl_->halo_vao = gl::VertexArray::generate();
    impl_->halo_vbo = gl::Buffer::generate();
    glBindVertexArray(impl_->halo_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, impl_->halo_vbo.get());
    constexpr GLsizei stride = Impl::kHaloFloats * sizeof(float);
    const GLint halo_sizes[] = {2, 2, 4, 4, 2, 4, 4, 4, 4};
    for (GLuint i = 0, at = 0; i < std::size(halo_sizes); at += GLuint(halo_sizes[i]), ++i) {
        glEnableVertexAttribArray(i);
        glVertexAttribPointer(i, halo_sizes[i], GL_FLOAT, GL_FALSE, stride, (void*)(at * sizeof(float)));
    }
    glBindVertexArray(0);
    const uint32_t white = 0xffffffffu;
    impl_->empty_table = make_table(std::span<const uint32_t>(&white, 1));
    impl_->ramp_tex = gl::Texture::generate();
    impl_->atlas_tex = gl::Texture::generate();
    ENTENTE_GL_CHECK("Renderer()");
}

// The GL objects are freed by their owners in Impl (the context must still be current).
Renderer::~Renderer() = default;

// ---- layers and fills

LayerHandle Renderer::create_layer() {
    ++impl_->uploads;
    const LayerHandle h = impl_->next++;
    impl_->layers[h] = GpuLayer{};
    return h;
}

void Renderer::destroy_layer(LayerHandle h) {
    ++impl_->uploads;
    auto it = impl_->layers.find(h);
    if (it == impl_->layers.end()) return;
    impl_->layers.erase(it);
}

namespace {
// The larger side of the box of xy (2 floats a vertex), 0 when there is none: what levels of detail scale by.
float larger_side(const std::vector<float>& xy) {
    Box box;
    for (size_t i = 0; i + 1 < xy.size(); i += 2)
        box.add(xy[i], xy[i + 1]);
    const float side = std::max(box.maxx - box.minx, box.maxy - box.miny);
    return std::isfinite(side) ? side : 0;
}
// Fills with fewer triangles are always drawn whole.
constexpr GLsizei kFillLevelsFrom = 3 * 20000;

// The triangles fill level k draws (fill_lod.hpp): polygons under its cell left out, the rest from their
// rings simplified to within half its cell. The tolerance and cut are pick_fill_level's: a view draws level k
// when its cell is at most a pixel, so no edge moves by more than half a pixel. None when it would leave out
// less than a sixth of the `count` indices of the full fill (not worth its memory).
std::optional<std::vector<uint32_t>> level_triangles(std::span<const float> xy,
                                                     std::span<const uint32_t> feature,
                                                     const FillRings& rings, float extent, int k,
                                                     size_t count, const TriangleSource& full) {
    const float cell = point_level_cell(extent, k);
    return fill_level_triangles(xy, feature, rings, cell, cell / 2, full, count * 5 / 6);
}

FillRings rings_of(const FillMesh& mesh) {
    return mesh.rings.fits(mesh.feature.size()) ? mesh.rings : FillRings{};
}

// The one view's fill level (set_fill with skip_subpixel), or none when the view draws every polygon or the
// level is not worth making.
std::optional<std::vector<uint32_t>> one_view_level(const FillMesh& mesh, double units_per_px) {
    const auto tris = mesh.triangles();
    const float extent = larger_side(mesh.xy);
    const int k = pick_fill_level(extent, units_per_px);
    if (k < 0 || tris.size() < size_t(kFillLevelsFrom)) return std::nullopt;
    return level_triangles(mesh.xy, mesh.feature, mesh.rings, extent, k, tris.size(),
                           [&](const auto& take) { take(tris); });
}

// Uploads a fill of `tris` over the mesh's vertices; `levels`: whether coarser levels may be made later;
// `full`: the number of indices of the layer's full fill (`tris` may be a level of it).
void upload_fill(GpuLayer& l, const FillMesh& mesh, std::span<const uint32_t> tris, bool levels,
                 size_t full) {
    auto& b = l.fill;
    b = {};
    l.fill_lods.clear();
    l.fill_lod_state.clear();
    l.fill_rings = {};
    l.fill_tiled = false;
    l.fill_extent = larger_side(mesh.xy);
    if (tris.empty()) return; // none, or every polygon under a pixel: the outlines draw them
    // A one-view render's level too, whatever its size, so that it draws what the window's level does.
    const std::vector<uint32_t> tiled = triangles_by_tile(mesh.xy, mesh.feature, tris, full / 3 >= kTileFrom);
    if (!tiled.empty()) tris = tiled;
    l.fill_tiled = !tiled.empty();
    upload_stream(b, mesh.xy, mesh.feature, 0);
    b.ibo = gl::Buffer::generate();
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b.ibo.get());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(tris.size() * 4), tris.data(), GL_STATIC_DRAW);
    b.count = GLsizei(tris.size());
    b.bytes += tris.size() * 4;
    glBindVertexArray(0);
    chunk_triangles(b, mesh.xy, tris);
    if (levels) {
        l.fill_rings = rings_of(mesh);
        l.fill_lods.resize(kPointLevels);
        l.fill_lod_state.assign(kPointLevels, 0);
    }
}
} // namespace

// One view whose draws leave sub-pixel polygons to their outlines (set_single_view, skip_subpixel): only the
// triangles it draws go up, and there are no levels to make (fill_level finds none and draws the fill).
void Renderer::set_fill(LayerHandle h, const FillMesh& mesh, bool skip_subpixel) {
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    const bool one_view = impl_->single_upp > 0 && skip_subpixel;
    const auto level = one_view ? one_view_level(mesh, impl_->single_upp) : std::nullopt;
    // One view with no level worth making: the full fill is what it draws, and no level is read back.
    if (level)
        upload_fill(l, mesh, *level, false, mesh.triangles().size());
    else
        upload_fill(l, mesh, mesh.triangles(), !one_view, mesh.triangles().size());
    ENTENTE_GL_CHECK("set_fill");
}

void Renderer::set_fill(LayerHandle h, FillMesh&& mesh, bool skip_subpixel) {
    if (impl_->single_upp <= 0 || !skip_subpixel || mesh.indices.empty())
        return set_fill(h, std::as_const(mesh), skip_subpixel);
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    // The view's level, or the full fill when none is worth it; the full triangles go before the upload.
    const size_t full = mesh.indices.size();
    if (auto level = one_view_level(mesh, impl_->single_upp)) mesh.indices = std::move(*level);
    upload_fill(l, mesh, mesh.indices, false, full);
    ENTENTE_GL_CHECK("set_fill");
}

namespace {
void store_fill_level(GpuLayer& l, int k, const std::vector<float>& xy, std::vector<uint32_t>&& kept);
} // namespace

namespace gpu {
void triangles_over(GpuBuffer& b, GLuint vbo, const std::vector<float>& xy,
                    const std::vector<uint32_t>& tris) {
    b = {};
    if (tris.empty()) return;
    // The vertex buffer, under a vertex array of its own with these triangles.
    b.vao = gl::VertexArray::generate();
    glBindVertexArray(b.vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 12, (void*)0);
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 12, (void*)8);
    b.ibo = gl::Buffer::generate();
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b.ibo.get());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(tris.size() * 4), tris.data(), GL_STATIC_DRAW);
    b.count = GLsizei(tris.size());
    b.bytes = tris.size() * 4;
    glBindVertexArray(0);
    chunk_triangles(b, xy, tris);
}

GpuBuffer& edge_triangles(GpuBuffer& b, const GpuBuffer& vertices, int side, double world_width) {
    std::unique_ptr<GpuBuffer>& e = b.edge[side];
    if (e && e->edge_of_width == world_width) return *e;
    e = std::make_unique<GpuBuffer>();
    const size_t n = (vertices.bytes - size_t(vertices.count) * 4) / 12;
    std::vector<float> xy(2 * n);
    each_stream_vertex(vertices.vbo.get(), n,
                       [&](size_t i, float x, float y, uint32_t) { xy[2 * i] = x, xy[2 * i + 1] = y; });
    const float edge = float(side == 0 ? -world_width / 2 + world_width * kEdgeBand
                                       : world_width / 2 - world_width * kEdgeBand);
    std::vector<uint32_t> kept;
    constexpr size_t kPiece = 3 << 16;
    std::vector<uint32_t> tris(std::min(size_t(b.count), kPiece));
    glBindVertexArray(b.vao.get());
    for (size_t at = 0; at < size_t(b.count); at += tris.size()) {
        const size_t m = std::min(tris.size(), size_t(b.count) - at);
        glGetBufferSubData(GL_ELEMENT_ARRAY_BUFFER, GLintptr(at * 4), GLsizeiptr(m * 4), tris.data());
        for (size_t t = 0; t + 2 < m; t += 3) {
            const float x0 = xy[2 * tris[t]], x1 = xy[2 * tris[t + 1]], x2 = xy[2 * tris[t + 2]];
            if (side == 0 ? std::min({x0, x1, x2}) <= edge : std::max({x0, x1, x2}) >= edge)
                kept.insert(kept.end(), &tris[t], &tris[t] + 3);
        }
    }
    glBindVertexArray(0);
    triangles_over(*e, vertices.vbo.get(), xy, kept);
    e->edge_of_width = world_width; // after the upload, which starts the buffer afresh
    ENTENTE_GL_CHECK("edge_triangles");
    return *e;
}
} // namespace gpu

namespace gpu {

// The triangles to draw for fill level `k` of the layer: its own fill, or a copy without the features under
// point_level_cell(extent, k) (null when that leaves nothing). Made from the layer's GPU buffers, read back:
// no CPU copy is kept for levels that may never be needed.

GpuBuffer* fill_level(GpuLayer& l, int k) {
    if (k < 0 || l.fill.count < kFillLevelsFrom || l.fill_lod_state.empty()) return &l.fill;
    GpuBuffer& b = l.fill_lods[size_t(k)];
    int8_t& state = l.fill_lod_state[size_t(k)];
    if (state == 0) {
        state = 2;
        // Read back a piece at a time (the whole vertex and index buffers at once were this render's peak).
        constexpr size_t kPiece = 1 << 16;
        const size_t n = (size_t(l.fill.bytes) - size_t(l.fill.count) * 4) / 12;
        std::vector<float> xy(2 * n);
        std::vector<uint32_t> feature(n);
        each_stream_vertex(l.fill.vbo.get(), n, [&](size_t i, float x, float y, uint32_t f) {
            xy[2 * i] = x, xy[2 * i + 1] = y, feature[i] = f;
        });
        const size_t count = size_t(l.fill.count);
        auto kept =
            level_triangles(xy, feature, l.fill_rings, l.fill_extent, k, count, [&](const auto& take) {
                std::vector<uint32_t> tris(std::min(count, 3 * kPiece));
                glBindVertexArray(l.fill.vao.get());
                for (size_t at = 0; at < count; at += tris.size()) {
                    const size_t m = std::min(tris.size(), count - at);
                    glGetBufferSubData(GL_ELEMENT_ARRAY_BUFFER, GLintptr(at * 4), GLsizeiptr(m * 4),
                                       tris.data());
                    take(std::span<const uint32_t>(tris.data(), m));
                }
                glBindVertexArray(0);
            });
        if (kept) {
            // A level of a fill in tile order is too, whatever its size: made from rings, it comes out partly
            // in the polygons' order.
            std::vector<uint32_t> tiled =
                l.fill_tiled ? triangles_by_tile(xy, feature, *kept, true) : std::vector<uint32_t>{};
            store_fill_level(l, k, xy, tiled.empty() ? std::move(*kept) : std::move(tiled));
        }
        ENTENTE_GL_CHECK("fill_level");
    }
    if (state == 2) return &l.fill;
    return b.count ? &b : nullptr;
}

} // namespace gpu

namespace {
// Keeps `kept`, the triangles of level k (at most five sixths of the layer's), as that level (state 1).
void store_fill_level(GpuLayer& l, int k, const std::vector<float>& xy, std::vector<uint32_t>&& kept) {
    l.fill_lod_state[size_t(k)] = 1;
    triangles_over(l.fill_lods[size_t(k)], l.fill.vbo.get(), xy, kept);
}
} // namespace

// ---- outlines

namespace {
// One strip buffer: segment i reads vertex i (attributes 0, 1) and vertex i+1 (attribute 2), per instance.
// `tile`: in tile order when big enough (a layer's strips and their levels, in a one-view render too; not a
// subset of strips already in that order).
void upload_strips(GpuBuffer& b, const LineStrips& lines, bool tile) {
    b = {};
    if (lines.feature.size() < 2) return;
    const std::vector<uint32_t> order =
        tile ? strips_by_tile(lines.xy, lines.feature) : std::vector<uint32_t>{};
    upload_stream(b, lines.xy, lines.feature, 1, order);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, 12, (void*)12);
    glVertexAttribDivisor(2, 1);
    b.count = GLsizei((order.empty() ? lines.feature.size() : order.size()) - 1);
    glBindVertexArray(0);
    chunk_instances(b, lines.xy, size_t(b.count), true, order);
}
} // namespace

namespace gpu {
// The outlines to draw at tried tolerance k: the level line_levels keeps last at or below it, made from a
// read-back of the full strips the first time a view needs it; the full strips when no level is kept there.
GpuBuffer& line_level(GpuLayer& l, int k) {
    if (k < 0) return l.lines;
    const float drawn = l.line_kept[size_t(k)];
    if (std::isnan(drawn) || (drawn > 0 && !l.line_lods.count(drawn))) {
        LineLevel kept;
        {
            LineStrips full;
            read_stream(l.lines, full.xy, full.feature);
            kept = line_level_drawn(std::move(full), l.line_tolerance[size_t(k)], l.line_kept);
        }
        l.line_kept.resize(l.line_tolerance.size(), NAN); // the same data gives the same tolerances
        if (kept.tolerance > 0) upload_strips(l.line_lods[kept.tolerance], kept.strips, true);
    }
    const auto it = l.line_lods.find(l.line_kept[size_t(k)]);
    return it != l.line_lods.end() && it->second.count ? it->second : l.lines;
}
} // namespace gpu

void Renderer::set_lines(LayerHandle h, const LineStrips& lines) {
    impl_->changed(h);
    if (impl_->single_upp > 0) return set_lines(h, LineStrips(lines));
    auto& l = impl_->layers.at(h);
    upload_strips(l.lines, lines, true);
    l.line_tolerance = line_level_tolerances(lines);
    l.line_lods.clear();
    l.line_kept.assign(l.line_tolerance.size(), NAN);
    ENTENTE_GL_CHECK("set_lines");
}

void Renderer::set_lines(LayerHandle h, LineStrips&& lines) {
    impl_->changed(h);
    if (impl_->single_upp <= 0) return set_lines(h, std::as_const(lines));
    // One view: only its level goes to the GPU, and draw_lines finds no other (pick_line_level gives -1).
    auto& l = impl_->layers.at(h);
    const std::vector<float> tolerances = line_level_tolerances(lines);
    const int k = pick_line_level(tolerances, impl_->single_upp);
    if (k < 0)
        upload_strips(l.lines, lines, true); // (a conditional expression would copy them)
    else
        upload_strips(l.lines, line_level_for(std::move(lines), tolerances[size_t(k)]), true);
    l.line_tolerance.clear();
    l.line_lods.clear();
    l.line_kept.clear();
    ENTENTE_GL_CHECK("set_lines");
}

// ---- points, icons

namespace {
void upload_points(GpuBuffer& b, const PointCloud& points) {
    b = {};
    if (points.feature.empty()) return;
    upload_stream(b, points.xy, points.feature, 1);
    b.count = GLsizei(points.feature.size());
    glBindVertexArray(0);
    chunk_instances(b, points.xy, points.feature.size(), false);
}

// Layers with fewer points are always drawn whole: thinning them saves little.
constexpr GLsizei kThinFrom = 20000;
} // namespace

namespace gpu {
GpuBuffer& edge_items(GpuBuffer& b, int side, double world_width, bool segments) {
    std::unique_ptr<GpuBuffer>& e = b.edge[side];
    if (e && e->edge_of_width == world_width) return *e;
    e = std::make_unique<GpuBuffer>();
    const double edge =
        side == 0 ? -world_width / 2 + world_width * kEdgeBand : world_width / 2 - world_width * kEdgeBand;
    auto near = [&](double minx, double maxx) { return side == 0 ? minx <= edge : maxx >= edge; };
    // Read back a piece at a time, keeping only what is near the edge.
    if (!segments) {
        PointCloud kept;
        each_stream_vertex(b.vbo.get(), b.bytes / 12, [&](size_t, float x, float y, uint32_t f) {
            if (std::isfinite(x) && near(x, x))
                kept.xy.push_back(x), kept.xy.push_back(y), kept.feature.push_back(f);
        });
        upload_points(*e, kept);
    } else {
        LineStrips kept; // consecutive segments kept stay one strip
        float px = NAN, py = NAN;
        uint32_t pf = 0;
        size_t last = SIZE_MAX;
        each_stream_vertex(b.vbo.get(), b.bytes / 12, [&](size_t i, float x, float y, uint32_t f) {
            // Segment i - 1: from the vertex before to this one.
            if (i > 0 && std::isfinite(px) && std::isfinite(x) && near(std::min(px, x), std::max(px, x))) {
                if (last != i - 2 || kept.xy.empty()) kept.begin_strip(), kept.add(px, py, pf);
                kept.add(x, y, f);
                last = i - 1;
            }
            px = x, py = y, pf = f;
        });
        upload_strips(*e, kept, false);
    }
    e->edge_of_width = world_width; // after the upload, which starts the buffer afresh
    ENTENTE_GL_CHECK("edge_items");
    return *e;
}

// The points to draw for level `k` of the layer (its full set when thinning is not worth it there).
GpuBuffer& point_level(GpuLayer& l, int k) {
    if (k < 0 || l.points.count < kThinFrom) return l.points;
    GpuBuffer& b = l.point_lods[size_t(k)];
    if (!l.point_lod_made[size_t(k)]) {
        l.point_lod_made[size_t(k)] = true;
        // Read back from the layer's own buffer, a piece at a time in each of thin_points' passes: no CPU
        // copy of the layer is kept for levels that may never be needed, nor made while one is.
        const size_t n = l.points.bytes / 12;
        const GLuint vbo = l.points.vbo.get();
        const PointCloud thin = thin_points(
            n,
            [&](const PointSink& sink) {
                each_stream_vertex(vbo, n, [&](size_t, float x, float y, uint32_t f) { sink(x, y, f); });
            },
            point_level_cell(l.point_extent, k));
        if (thin.feature.size() * 6 <= n * 5) upload_points(b, thin); // dropped a sixth or more
    }
    return b.count ? b : l.points;
}
} // namespace gpu

void Renderer::set_points(LayerHandle h, const PointCloud& points, bool one_size) {
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    l.point_extent = larger_side(points.xy);
    l.point_lods.clear();
    l.point_lods.resize(kPointLevels);
    l.point_lod_made.assign(kPointLevels, false);
    // One view: its level thinned from the caller's points, not read back. The full set goes up too unless
    // every draw has one size (a sized draw is not thinned).
    const int k = impl_->single_upp > 0 ? pick_point_level(l.point_extent, impl_->single_upp) : -1;
    if (k >= 0 && impl_->thin_points && points.feature.size() >= size_t(kThinFrom) && l.point_extent > 0) {
        PointCloud thin = thin_points(points.xy, points.feature, point_level_cell(l.point_extent, k));
        if (thin.feature.size() * 6 <= points.feature.size() * 5) {
            if (one_size) {
                // The level is the layer's points: drawn as they are (no extent, so not thinned again).
                upload_points(l.points, thin);
                l.point_extent = 0;
                ENTENTE_GL_CHECK("set_points");
                return;
            }
            upload_points(l.point_lods[size_t(k)], thin);
        }
        l.point_lod_made[size_t(k)] = true;
    }
    upload_points(l.points, points);
    ENTENTE_GL_CHECK("set_points");
}

void Renderer::set_icons(LayerHandle h, const IconAtlas& atlas, std::span<const IconInstance> instances) {
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    l.icons = {};
    if (instances.empty() || atlas.entries.empty()) return;
    std::vector<float> data;
    data.reserve(instances.size() * 8);
    for (const auto& in : instances) {
        const auto& e = atlas.entries.at(in.icon);
        data.insert(data.end(), {float(in.pos.x), float(in.pos.y), float(e.x), float(e.y), float(e.w),
                                 float(e.h), e.anchor_x - in.dx, e.anchor_y - in.dy});
    }
    auto& b = l.icons;
    upload_vertices(b, data.data(), data.size() * sizeof(float));
    const GLsizei stride = 8 * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, (void*)0);
    glVertexAttribDivisor(0, 1);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, stride, (void*)(2 * sizeof(float)));
    glVertexAttribDivisor(1, 1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, stride, (void*)(6 * sizeof(float)));
    glVertexAttribDivisor(2, 1);
    b.count = GLsizei(instances.size());
    b.bytes = data.size() * sizeof(float) + atlas.rgba.size();
    glBindVertexArray(0);
    if (!l.icon_tex) l.icon_tex = gl::Texture::generate();
    glBindTexture(GL_TEXTURE_2D, l.icon_tex.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, atlas.width, atlas.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 atlas.rgba.data());
    // Texels land 1:1 on pixels, so nearest sampling is exact and keeps edges sharp.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    l.icon_w = atlas.width, l.icon_h = atlas.height;
    ENTENTE_GL_CHECK("set_icons");
}

void Renderer::draw_icons(LayerHandle h, float opacity) {
    impl_->signer.add(5), impl_->sign_layer(h), impl_->signer.add(opacity);
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    auto& l = impl_->layers.at(h);
    if (!l.icons.count) return;
    auto& p = impl_->icon;
    for (double off : impl_->wrap_offsets()) {
        impl_->set_common(p, off);
        glUniform2f(p.u("u_atlas_size"), float(l.icon_w), float(l.icon_h));
        glUniform1f(p.u("u_opacity"), opacity);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, l.icon_tex.get());
        glUniform1i(p.u("u_icons"), 0);
        if (!impl_->take_piece()) continue;
        glBindVertexArray(l.icons.vao.get());
        glDrawArraysInstanced(GL_TRIANGLES, 0, 6, l.icons.count);
    }
    glBindVertexArray(0);
    ENTENTE_GL_CHECK("draw_icons");
}

void Renderer::set_raster(LayerHandle h, std::vector<RasterTile> tiles) {
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    l.raster.clear();
    for (RasterTile& t : tiles) {
        GpuRasterTile g;
        std::vector<uint32_t> idx;
        // Cells with a corner outside the projection are left out rather than stretched across the map.
        for (int y = 0; y + 1 < t.grid_h; ++y)
            for (int x = 0; x + 1 < t.grid_w; ++x) {
                const uint32_t a = y * t.grid_w + x, b = a + 1, c = a + t.grid_w, d = c + 1;
                bool ok = true;
                for (uint32_t v : {a, b, c, d})
                    ok = ok && std::isfinite(t.xyuv[4 * v]);
                if (!ok) continue;
                idx.insert(idx.end(), {a, b, d, a, d, c});
            }
        if (idx.empty()) continue;
        upload_vertices(g.mesh, t.xyuv.data(), t.xyuv.size() * 4);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 16, (void*)0);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 16, (void*)8);
        g.mesh.ibo = gl::Buffer::generate();
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.mesh.ibo.get());
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, idx.size() * 4, idx.data(), GL_STATIC_DRAW);
        g.mesh.count = GLsizei(idx.size());
        glBindVertexArray(0);
        g.tex = gl::Texture::generate();
        glBindTexture(GL_TEXTURE_2D, g.tex.get());
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        g.rgba = !t.rgba.empty();
        if (g.rgba) {
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, t.tex_w, t.tex_h, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                         t.rgba.data());
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        } else {
            // NaN does not survive every driver's float path; a huge sentinel does.
            for (auto& x : t.values)
                if (!std::isfinite(x)) x = 3.0e38f;
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, t.tex_w, t.tex_h, 0, GL_RED, GL_FLOAT, t.values.data());
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        }
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        g.mesh.bytes = t.xyuv.size() * 4 + idx.size() * 4 + size_t(t.tex_w) * t.tex_h * 4;
        l.raster.push_back(std::move(g));
    }
    ENTENTE_GL_CHECK("set_raster");
}

void Renderer::set_feature_sizes(LayerHandle h, std::span<const float> factors) {
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    l.size_table = {};
    l.size_table_bytes = 0;
    if (factors.empty()) return;
    const int w = 4096, hgt = int((factors.size() + w - 1) / w);
    l.size_table_bytes = size_t(w) * size_t(hgt) * sizeof(float);
    std::vector<float> data(size_t(w) * hgt, 0.f);
    std::copy(factors.begin(), factors.end(), data.begin());
    l.size_table = gl::Texture::generate();
    glBindTexture(GL_TEXTURE_2D, l.size_table.get());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, hgt, 0, GL_RED, GL_FLOAT, data.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    ENTENTE_GL_CHECK("set_feature_sizes");
}

void Renderer::set_feature_colours(LayerHandle h, std::span<const uint32_t> fill,
                                   std::span<const uint32_t> stroke) {
    impl_->changed(h);
    auto& l = impl_->layers.at(h);
    l.fill_table = make_table(fill);
    l.stroke_table = make_table(stroke);
    l.table_bytes = (fill.size() + stroke.size()) * 4;
    ENTENTE_GL_CHECK("set_feature_colours");
}

size_t Renderer::gpu_bytes(LayerHandle h) const {
    const auto& l = impl_->layers.at(h);
    // A buffer's own bytes and those of the items near the world's edges made from it (for_copy).
    auto with_edges = [](const GpuBuffer& b) {
        size_t n = b.bytes;
        for (const auto& e : b.edge)
            n += e ? e->bytes : 0;
        return n;
    };
    size_t n = with_edges(l.fill) + with_edges(l.lines) + with_edges(l.points) + l.icons.bytes +
               l.table_bytes + l.size_table_bytes;
    for (const auto& [tolerance, level] : l.line_lods)
        n += with_edges(level);
    for (const auto& level : l.fill_lods)
        n += with_edges(level); // indices only: a fill level draws from the layer's vertices
    for (const auto& level : l.point_lods)
        n += with_edges(level);
    for (auto& t : l.raster)
        n += t.mesh.bytes;
    return n;
}

void Renderer::set_glyph_atlas(const GlyphAtlas& atlas) {
    impl_->settings_changed();
    impl_->atlas = atlas;
    glBindTexture(GL_TEXTURE_2D, impl_->atlas_tex.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, atlas.width, atlas.height, 0, GL_RED, GL_UNSIGNED_BYTE,
                 atlas.alpha.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    ENTENTE_GL_CHECK("set_glyph_atlas");
}

const GlyphAtlas& Renderer::glyph_atlas() const {
    return impl_->atlas;
}

} // namespace entente::render
