// Private to the renderer (renderer.cpp, renderer_draw.cpp, renderer_gpu.cpp): the GPU side of a layer and
// the GL state of one renderer. See renderer.cpp for which file holds what.
#pragma once

#include "renderer.hpp"

#include "fill_lod.hpp"
#include "frame_signature.hpp"
#include "gl.hpp"
#include "gl_handle.hpp"
#include "line_lod.hpp"
#include "shaders.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace entente::render {

// ---- GPU buffers

namespace gpu {

gl::Shader compile(GLenum type, const std::string& src);

struct Program {
    gl::Program id;
    std::map<std::string, GLint> loc;
    void build(const std::string& vs, const std::string& fs) {
        // The shaders are deleted when they go out of scope; the linked program keeps what it needs.
        const gl::Shader v = compile(GL_VERTEX_SHADER, vs), f = compile(GL_FRAGMENT_SHADER, fs);
        id = gl::Program(glCreateProgram());
        glAttachShader(id.get(), v.get());
        glAttachShader(id.get(), f.get());
        glLinkProgram(id.get());
        GLint ok = 0;
        glGetProgramiv(id.get(), GL_LINK_STATUS, &ok);
        if (!ok) {
            char log[2048];
            glGetProgramInfoLog(id.get(), sizeof log, nullptr, log);
            throw std::runtime_error(std::string("shader link failed: ") + log);
        }
    }
    GLint u(const char* name) {
        auto it = loc.find(name);
        if (it != loc.end()) return it->second;
        return loc[name] = glGetUniformLocation(id.get(), name);
    }
};

// One mesh: assigning `{}` frees its GL objects.
// A run of a mesh's instances (or fill indices) and the box it covers, so a view draws only the runs it can
// see: zoomed in on a 10 m basemap, most of the world's outlines are off screen. An instanced run has its own
// vertex array, its attributes starting at the run's first instance (GL 3.3 has no base instance).
struct Box {
    float minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    void add(float x, float y) {
        if (std::isnan(x)) return;
        minx = std::min(minx, x), maxx = std::max(maxx, x), miny = std::min(miny, y),
        maxy = std::max(maxy, y);
    }
};
struct Chunk {
    Box box;
    GLint first = 0; // instance, or index into the element buffer
    GLsizei count = 0;
    gl::VertexArray vao; // instanced streams, chunks after the first (made on first use; see chunk_vao)
};
constexpr GLsizei kChunk = 4096; // instances or indices a chunk, at most

struct PointTiles;

struct GpuBuffer {
    gl::VertexArray vao;
    gl::Buffer vbo, ibo;
    GLsizei count = 0;
    size_t bytes = 0;
    std::vector<Chunk> chunks;
    Box extent; // of the items cut into chunks
    bool segments =
        false; // an instanced stream of line segments (chunk vertex arrays read a third attribute)
    gl::VertexArray sprite_vao; // points: the same stream a vertex each, for GL_POINTS (see sprite_vao)
    // Of a stream of points or segments: the items that reach within kEdgeBand of the world's left (0) or
    // right (1) edge, in order, made the first time a wrapped copy shows only that edge (edge_items).
    std::unique_ptr<GpuBuffer> edge[2];
    double edge_of_width = 0; // of such a subset: the world width it was made for
    // Of a big stream of points: its points by tile, made the first time a view shows a small part of it.
    std::unique_ptr<PointTiles> tiles;
};

// A big stream of points stays in the file's order (symbols that overlap keep it), so its chunks each span
// the data when the file is in no spatial order, and culling by chunk keeps nothing out. Zoomed in, or for a
// pan's strip, the points of the tiles in view are drawn instead, in the file's order, through an element
// buffer: what drawing them all gives, for a fraction of the work.
struct PointTiles {
    static constexpr int kSide = 64;
    Box extent;
    std::vector<uint32_t> start; // per tile, row by row, then the end: where its points begin in `ids`
    std::vector<uint32_t> ids;   // the points by tile, in the file's order within each
    // The elements of the last few tile ranges drawn (x0, y0, x1, y1 inclusive), most recent first.
    struct Range {
        int x0, y0, x1, y1;
        gl::Buffer ibo;
        GLsizei count = 0;
    };
    std::deque<Range> ranges;
};
// The points of `b` (a stream of kEdgeFrom points or more) in the tiles the map box touches, as an element
// buffer over its stream; null where the box covers none or most of the points' extent, or holds more than
// half of them: then drawn as before, by chunk. Makes the tiles on first use (three passes reading the stream
// back).
const PointTiles::Range* points_in_box(GpuBuffer& b, double x0, double y0, double x1, double y1);

// A world view shows a strip of the copies either side. Random data's chunks each span the map, so culling by
// chunk would draw those copies whole (two thirds of a world view's points and segments at 1920x1080); a copy
// whose visible part lies within this share of the world width from an edge draws the items near that edge.
constexpr double kEdgeBand = 1.0 / 4;
// Streams with fewer items draw their copies whole.
constexpr GLsizei kEdgeFrom = 20000;
// The items of `b` (points, or segments when `segments`) that reach within kEdgeBand * world_width of the
// world's left (side 0) or right (side 1) edge, made on first use from its GPU buffer (renderer.cpp).
GpuBuffer& edge_items(GpuBuffer& b, int side, double world_width, bool segments);
// The same for a fill's triangles (`b`: the fill or one of its levels) over the layer's vertices.
GpuBuffer& edge_triangles(GpuBuffer& b, const GpuBuffer& vertices, int side, double world_width);
// Gives `b` a vertex array over `vbo` (interleaved xy + feature) with `tris` as its triangles, chunked.
void triangles_over(GpuBuffer& b, GLuint vbo, const std::vector<float>& xy,
                    const std::vector<uint32_t>& tris);

struct GpuRasterTile {
    GpuBuffer mesh;
    gl::Texture tex;
    bool rgba = false;
};

struct GpuLayer {
    GpuBuffer fill, lines, points;
    uint64_t changed_at = 0; // Impl::uploads at this layer's last upload or drop (Impl::changed)
    // Coarser outlines for zoomed-out views (line_lod.hpp): tolerance in map units, and the strips.
    // Made on first use (line_level) from the layer's GPU buffer, per tolerance tried
    // (line_level_tolerances): a render or a session that stays at one zoom pays for one level, not a dozen
    // (180 MB for 100,000 polygons).
    // line_kept[k]: the tolerance of the level drawn for tried tolerance k (0: the full strips; NaN: not
    // known before a level's first use, which learns all of them); tried tolerances whose own level was not
    // worth keeping share the kept level's buffer, made the first time a view needs it.
    std::vector<float> line_tolerance, line_kept;
    std::map<float, GpuBuffer> line_lods;
    // Thinned points for zoomed-out views, per pick_point_level level: made on first use (point_lod_made),
    // left empty when thinning dropped too few points to be worth it.
    float point_extent = 0;
    std::vector<GpuBuffer> point_lods;
    std::vector<bool> point_lod_made;
    // Fills without the polygons under a pixel and drawn from simplified rings, per pick_fill_level level,
    // made on first use: 0 not yet, 1 drawn from fill_lods, 2 the full fill (too few left out to be worth a
    // copy).
    float fill_extent = 0;
    FillRings fill_rings;    // the fill's polygons, kept for its levels (fill_lod.hpp)
    bool fill_tiled = false; // the fill's triangles are in tile order (triangles_by_tile), so are its levels'
    std::vector<GpuBuffer> fill_lods;
    std::vector<int8_t> fill_lod_state;
    std::vector<GpuRasterTile> raster;
    gl::Texture fill_table, stroke_table, size_table;
    size_t table_bytes = 0, size_table_bytes = 0;
    GpuBuffer icons;
    gl::Texture icon_tex;
    int icon_w = 0, icon_h = 0;
};

// Big outlines and fills go up in tile order: the data's extent cut into 32 x 32 tiles, taken in Morton
// order, each tile's strips or polygons in the file's order. Files hold features in any order (a national
// dataset by id; the benchmark's at random), and a chunk of them in that order spans the map and culls
// nothing: a view zoomed in, or the strip a pan uncovered (Renderer::draw_underlay), drew them all. In tile
// order a chunk holds a tile or two. As MapLibre draws a layer tile by tile, polygons that overlap across a
// tile's edge may be drawn in the other order; within a tile, and in layers under kTileFrom items, the
// file's order stands. Points keep the file's order: in a dense cloud of symbols the tiles' order showed as
// a lattice, and thinned levels (which keep each cell's last point) matched the full set less well.
constexpr size_t kTileFrom = size_t(1) << 16;
// In a stream's vertex order: the NaN vertex that ends a strip.
constexpr uint32_t kStripBreak = UINT32_MAX;
// The vertex order of strips separated by NaN vertices: each strip's vertices, kStripBreak between strips.
std::vector<uint32_t> strips_by_tile(const std::vector<float>& xy, const std::vector<uint32_t>& feature);
// Triangles (3 indices each) in tile order, each polygon's (a run with one feature) kept together; empty
// under kTileFrom unless `any_size`.
std::vector<uint32_t> triangles_by_tile(const std::vector<float>& xy, const std::vector<uint32_t>& feature,
                                        std::span<const uint32_t> tris, bool any_size = false);

// Gives the mesh a new VAO and vertex buffer holding `bytes` of data, both left bound for attribute setup.
void upload_vertices(GpuBuffer& b, const void* data, size_t bytes);
// Uploads an interleaved xy + feature stream into a new VAO (renderer_gpu.cpp), its vertices in `order`
// (source indices or kStripBreak; empty: as they are).
void upload_stream(GpuBuffer& b, const std::vector<float>& xy, const std::vector<uint32_t>& feature,
                   GLuint divisor, std::span<const uint32_t> order = {});

// Calls fn(i, x, y, feature) for each of the first n vertices of a buffer laid out by upload_stream, read
// back a piece at a time (a whole copy of a big layer's buffer was a render's peak).
template <class Fn> void each_stream_vertex(GLuint vbo, size_t n, Fn fn) {
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    constexpr size_t kPiece = 1 << 16;
    std::vector<uint8_t> data(std::min(n, kPiece) * 12);
    for (size_t at = 0; at < n; at += kPiece) {
        const size_t m = std::min(kPiece, n - at);
        glGetBufferSubData(GL_ARRAY_BUFFER, GLintptr(at * 12), GLsizeiptr(m * 12), data.data());
        for (size_t i = 0; i < m; ++i) {
            float xy[2];
            uint32_t f;
            std::memcpy(xy, &data[i * 12], 8);
            std::memcpy(&f, &data[i * 12 + 8], 4);
            fn(at + i, xy[0], xy[1], f);
        }
    }
}
void read_stream(const GpuBuffer& b, std::vector<float>& xy, std::vector<uint32_t>& feature);
// `order`: the stream's vertex order, as given to upload_stream.
void chunk_instances(GpuBuffer& b, const std::vector<float>& xy, size_t n, bool segments,
                     std::span<const uint32_t> order = {});
void chunk_triangles(GpuBuffer& b, const std::vector<float>& xy, std::span<const uint32_t> tris);
GLuint chunk_vao(GpuBuffer& b, size_t chunk);
GLuint sprite_vao(GpuBuffer& b);
gl::Texture make_table(std::span<const uint32_t> colours);

// A layer's levels of detail, made on first use (renderer.cpp).
GpuBuffer* fill_level(GpuLayer& l, int k);
GpuBuffer& line_level(GpuLayer& l, int k);
GpuBuffer& point_level(GpuLayer& l, int k);

} // namespace gpu

using gpu::Box;
using gpu::Chunk;
using gpu::GpuBuffer;
using gpu::GpuLayer;
using gpu::Program;

// ---- Renderer::Impl

struct Renderer::Impl {
    ~Impl() { drop_fences(); } // a frame cut short (an exception) leaves its fences
    Program fill, line, point, sprite, raster, screen, icon, halo;
    std::map<LayerHandle, GpuLayer> layers;
    LayerHandle next = 1;
    View view;
    int64_t highlight = -1;
    Rgba highlight_colour{1, 1, 0, 1};
    gl::Texture ramp_tex, atlas_tex;
    GlyphAtlas atlas;
    gl::VertexArray screen_vao, halo_vao;
    gl::Buffer screen_vbo, halo_vbo;
    gl::Texture empty_table;
    gl::Texture captured; // the last full frame (capture_view)
    View captured_view;   // what it shows
    bool has_captured = false;
    // A frame drawn in slices goes to this framebuffer (Renderer::bind_offscreen): its colour, and the
    // stencil the outlines' single coverage reads, are kept between the calls that draw it.
    gl::Framebuffer slice_fbo;
    gl::Texture slice_colour;
    gl::Renderbuffer slice_stencil;
    int slice_w = 0, slice_h = 0;
    GLint before_draw_fb = 0, before_read_fb = 0; // bound before bind_offscreen
    // draw_captured_view: a framebuffer to copy the captured image from, and the image moved to a view
    // asked for twice running, kept while the captured image stays (`captures` counts the images).
    gl::Framebuffer captured_fbo, moved_fbo;
    gl::Texture moved_tex;
    View moved_view, asked_view;
    uint64_t captures = 0, moved_for = uint64_t(-1), asked_for = uint64_t(-1);
    bool culling = true;
    bool thin_points = true;
    double single_upp = 0;    // set_single_view: the one view's map units a pixel (0: any view)
    FrameSigner signer;       // what the frame since begin_frame was asked to draw
    uint64_t uploads = 0;     // changes to what draws read (geometry, tables, atlases, settings), counted
    bool sign_only = false;   // set_sign_only
    uint64_t settings_at = 0; // uploads at the last change of a setting or the glyph atlas
    // Counted per layer too, so a frame part (Renderer::draw_underlay) is signed by its own layers' changes
    // and not by an upload to a layer drawn after it.
    void changed(LayerHandle h) {
        ++uploads;
        if (auto it = layers.find(h); it != layers.end()) it->second.changed_at = uploads;
    }
    void settings_changed() { settings_at = ++uploads; }
    void sign_layer(LayerHandle h) {
        const auto it = layers.find(h);
        signer.add(h), signer.add(it != layers.end() ? it->second.changed_at : 0);
    }
    // The frame's underlay kept as an image (Renderer::draw_underlay): its signature, its view, and the
    // image. The signatures are of the part alone, without its view (underlay_view), so a pan finds the same
    // part and copies the image moved, drawing only the strips it uncovers.
    gl::Framebuffer underlay_fbo;
    gl::Texture underlay_tex;
    int underlay_w = 0, underlay_h = 0;
    uint64_t underlay_kept = 0;
    uint64_t last_part = 0; // the part the last frame signed or drew (sign_part)
    View underlay_view;
    bool has_underlay = false, keep_underlay = true;
    bool slice_reuses_underlay = false; // decided by a sliced frame's first slice
    bool frame_cleared = false;      // begin_frame cleared to the background (the uncovered strips need it)
    bool in_underlay = false;        // inside draw_underlay's draws
    bool underlay_on_screen = false; // ...which drew in screen pixels: it stays where the view puts it
    // Patterns (hatching, the raster's threshold stripes) are laid from the framebuffer's pixels, offset by
    // this much (GL pixels, y up): a pan that moves the kept image moves them with it, so the strips drawn
    // beside the moved image continue its pattern. Zero until the first such pan: a one-view render or a
    // first frame lays them as before.
    int64_t pattern_x = 0, pattern_y = 0, underlay_pattern_x = 0, underlay_pattern_y = 0;
    // Draws narrowed to this map area (a strip a pan uncovered, drawn under a scissor); else the view's.
    std::optional<geo::Bbox> cull_to;
    geo::Bbox cull_bounds() const { return cull_to ? *cull_to : view.map_bounds(); }
    // Calls draws() as draw_underlay's part: signed on its own (its draw calls, the view's scale and size,
    // not its centre), then added to the frame's signer. Returns the part's signature.
    uint64_t sign_part(const std::function<void()>& draws);
    void sign_highlight() {
        signer.add(highlight);
        if (highlight >= 0) signer.add(highlight_colour); // no highlight draws the same whatever its colour
    }
    bool sprites = true;      // points as GL_POINTS where their size allows (set_point_sprites)
    float max_point_size = 0; // the largest gl_PointSize the driver draws (llvmpipe: 255)
    float max_viewport = 0;   // the driver's largest viewport side
    FrameStats stats;

    void set_common(Program& p, double offset_x) {
        glUseProgram(p.id.get());
        // Shift by the wrap offset in double, then split so the GPU subtracts in two float steps.
        const double cx = view.center.x - offset_x, cy = view.center.y;
        const float hx = float(cx), hy = float(cy);
        glUniform2f(p.u("u_center_hi"), hx, hy);
        glUniform2f(p.u("u_center_lo"), float(cx - hx), float(cy - hy));
        glUniform1f(p.u("u_upp"), float(view.units_per_px));
        glUniform2f(p.u("u_viewport"), float(view.width), float(view.height));
        glUniform1i(p.u("u_highlight"), int(highlight));
        glUniform4f(p.u("u_highlight_colour"), highlight_colour.r, highlight_colour.g, highlight_colour.b,
                    highlight_colour.a);
    }

    void set_pattern(Program& p) {
        // Within a float's exact integers; past them (8 M pixels of panning) the pattern jumps once.
        const auto wrap = [](int64_t v) { return float(v % (int64_t(1) << 23)); };
        glUniform2f(p.u("u_pattern"), wrap(pattern_x), wrap(pattern_y));
    }

    void set_colour(Program& p, Rgba c, bool by_feature, const gl::Texture& table) {
        glUniform4f(p.u("u_colour"), c.r, c.g, c.b, c.a);
        const bool use = by_feature && table;
        glUniform1i(p.u("u_by_feature"), use ? 1 : 0);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, use ? table.get() : empty_table.get());
        glUniform1i(p.u("u_table"), 1);
    }

    // World-wrap copies of the map that intersect the view.
    std::vector<double> wrap_offsets() const {
        if (view.world_width <= 0) return {0.0};
        geo::Bbox b = cull_bounds();
        if (cull_to) { // a strip: a copy just beyond it may reach into it (a wide stroke, a large symbol)
            const double reach = 128 * view.units_per_px;
            b.minx -= reach, b.maxx += reach;
        }
        const double w = view.world_width;
        // Data spans [-w/2, w/2] around the central meridian.
        const int k0 = int(std::floor((b.minx + w / 2) / w)), k1 = int(std::floor((b.maxx + w / 2) / w));
        std::vector<double> out;
        for (int k = std::max(k0, -8); k <= std::min(k1, 8); ++k)
            out.push_back(k * w);
        return out;
    }

    // The stream to draw at wrap offset `off`: the items near an edge (edge_items) when the copy there shows
    // only a strip within kEdgeBand of that edge, `margin` map units included; else `b`.
    // `fill`: b is a fill's triangles over the vertices of `fill`.
    GpuBuffer& for_copy(GpuBuffer& b, double off, double margin, bool segments,
                        const GpuBuffer* fill = nullptr) {
        const double w = view.world_width;
        if (!culling || w <= 0 || b.count < gpu::kEdgeFrom || !std::isfinite(margin)) return b;
        const geo::Bbox v = cull_bounds();
        const double x0 = v.minx - off - margin, x1 = v.maxx - off + margin;
        const int side = x1 <= -w / 2 + w * gpu::kEdgeBand ? 0 : x0 >= w / 2 - w * gpu::kEdgeBand ? 1 : -1;
        if (side < 0) return b;
        return fill ? gpu::edge_triangles(b, *fill, side, w) : gpu::edge_items(b, side, w, segments);
    }

    // Calls draw(first chunk, count) for each run of consecutive chunks that can reach the view at wrap
    // offset `off`, `margin` map units beyond it (half a stroke, a point's size); the whole mesh when not
    // chunked.
    // weight: llvmpipe's binned memory per instance or index relative to a fill's index (a point sprite's
    // setup is a primitive per instance, a fill's a primitive per three indices).
    template <class Draw>
    void visible_runs(const GpuBuffer& b, double off, double margin, Draw draw, size_t weight = 1) {
        if (b.chunks.empty() || !culling) { // one piece: a draw starts at a chunk (its own vertex array)
            if (b.count && take_piece()) draw(size_t(0), b.count), throttle(size_t(b.count) * weight);
            return;
        }
        // Runs end at chunks out of view, on a software rasteriser at piece_units() (see throttle), and in a
        // sliced frame at kSlicePiece, so a slice ends close to its time.
        const size_t most = sliced     ? kSlicePiece
                            : software ? piece_units()
                                       : size_t(std::numeric_limits<GLsizei>::max());
        const GLsizei piece = GLsizei(std::max<size_t>(most / weight, 1));
        const geo::Bbox v = cull_bounds();
        const double x0 = v.minx - off - margin, x1 = v.maxx - off + margin;
        const double y0 = v.miny - margin, y1 = v.maxy + margin;
        auto seen = [&](const Chunk& c) {
            return c.box.maxx >= x0 && c.box.minx <= x1 && c.box.maxy >= y0 && c.box.miny <= y1;
        };
        for (size_t i = 0; i < b.chunks.size();) {
            if (!seen(b.chunks[i])) {
                ++i;
                continue;
            }
            GLsizei count = 0;
            size_t j = i;
            for (; j < b.chunks.size() && seen(b.chunks[j]) && count < piece; ++j)
                count += b.chunks[j].count;
            if (take_piece()) draw(i, count), throttle(size_t(count) * weight);
            i = j;
        }
    }

    // Draws `count` elements in pieces as visible_runs draws runs: draw(first element, count).
    template <class Draw> void element_runs(GLsizei count, Draw draw, size_t weight) {
        const size_t most = sliced     ? kSlicePiece
                            : software ? piece_units()
                                       : size_t(std::numeric_limits<GLsizei>::max());
        const GLsizei piece = GLsizei(std::max<size_t>(most / weight, 1));
        for (GLsizei first = 0; first < count; first += piece) {
            const GLsizei n = std::min(piece, count - first);
            if (take_piece()) draw(first, n), throttle(size_t(n) * weight);
        }
    }

    // llvmpipe bins what the main thread submits faster than its threads draw it, and keeps every binned
    // scene until drawn: a million points at 1024² held 150 MB of them. On a software rasteriser draws are
    // cut into pieces of piece_units() instances or indices, a fence goes in after each, and the main thread
    // waits for the fence two pieces back, so at most two pieces are binned and not yet drawn. A GPU keeps
    // its own queue: no pieces or fences there.
    // A piece is kPiece units, fewer for a small picture: one unit for every eight pixels. Binned, a point
    // symbol costs about 300 bytes (llvmpipe 22.3), so a small map of a big layer (a 256² render of a million
    // points, 56,000 of them drawn after thinning) held 16 MB of bins for a 0.25 MB image, and its
    // rasteriser gains nothing from a deeper queue. From 524,288 pixels (a 1024 × 512 map) up it is whole.
    static constexpr size_t kPiece = 1 << 16, kLeastPiece = 1 << 12;
    size_t piece_units() const {
        return std::clamp(size_t(std::max(view.width, 0)) * size_t(std::max(view.height, 0)) / 8, kLeastPiece,
                          kPiece);
    }
    bool software = false;
    size_t unfenced = 0;
    std::deque<GLsync> fences;
    void throttle(size_t submitted) {
        if (!software || (unfenced += submitted) < piece_units()) return;
        unfenced = 0;
        fences.push_back(glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0));
        if (fences.size() <= 2) return;
        glClientWaitSync(fences.front(), GL_SYNC_FLUSH_COMMANDS_BIT, GLuint64(10'000'000'000));
        glDeleteSync(fences.front());
        fences.pop_front();
    }
    void drop_fences() {
        for (GLsync f : fences)
            glDeleteSync(f);
        fences.clear();
        unfenced = 0;
    }

    // A frame drawn over several calls (Renderer::set_slice). Its GL work is counted in pieces: a clear, one
    // draw of up to kSlicePiece items, a raster tile, a batch of labels or screen shapes. A call draws the
    // pieces from slice_first on until its time is spent, at least one; the frame is the same call after
    // call, so the pieces are too, and the next call goes on from where this one stopped.
    static constexpr size_t kSlicePiece = 1 << 14;
    static constexpr size_t kAllDrawn = Renderer::kAllDrawn;
    bool sliced = false, slice_asked = false;
    size_t slice_first = 0, slice_stop = kAllDrawn, pieces = 0;
    double slice_budget_ms = 0;
    std::chrono::steady_clock::time_point slice_deadline;
    bool take_piece() {
        const size_t i = pieces++;
        if (!sliced) return true;
        if (i < slice_first || slice_stop != kAllDrawn) return false;
        if (i > slice_first && std::chrono::steady_clock::now() >= slice_deadline) {
            slice_stop = i;
            return false;
        }
        return true;
    }

    // Draws non-overlapping strokes so translucent lines do not darken at their joins.
    // A translucent draw marks the pixels it covers with its own stencil value and skips those already
    // marked, so joins and overlaps are blended once. A new value per draw, not a cleared stencil: a clear
    // is a pass over the whole buffer, which on a software rasteriser costs as much as a layer of lines.
    int stencil_ref = 0xff; // the last value used since the stencil was cleared; 0xff: clear it first
    void begin_single_coverage(bool translucent) {
        if (!translucent) return;
        if (stencil_ref == 0xff) {
            if (take_piece()) {
                glClearStencil(0);
                glClear(GL_STENCIL_BUFFER_BIT);
            }
            stencil_ref = 0;
        }
        ++stencil_ref;
        glEnable(GL_STENCIL_TEST);
        glStencilFunc(GL_NOTEQUAL, stencil_ref, 0xff);
        glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
    }
    void end_single_coverage() { glDisable(GL_STENCIL_TEST); }

    // mode: 0 plain colour, 1 glyph atlas coverage, 2 an antialiased line (uv: half width, signed distance),
    // 3 the captured frame's colours.
    void screen_triangles(const std::vector<float>& verts, int mode) {
        if (verts.empty() || !take_piece()) return;
        glUseProgram(screen.id.get());
        glUniform2f(screen.u("u_viewport"), float(view.width), float(view.height));
        glUniform1i(screen.u("u_use_tex"), mode);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, mode == 3 ? captured.get() : atlas_tex.get());
        glUniform1i(screen.u("u_atlas"), 0);
        glBindVertexArray(screen_vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, screen_vbo.get());
        glBufferData(GL_ARRAY_BUFFER, verts.size() * sizeof(float), verts.data(), GL_STREAM_DRAW);
        glDrawArrays(GL_TRIANGLES, 0, GLsizei(verts.size() / 8));
        ENTENTE_GL_CHECK("screen_triangles");
    }
    // Screen rectangles and lines wait here, in the order they were asked for, until something else is drawn
    // (flush_shapes): one draw call for a legend's hundred swatches, ticks and frames instead of one each,
    // each of which costs a software rasteriser's main thread as much as a small layer.
    std::vector<float> pending_shapes;
    void flush_shapes() {
        screen_triangles(pending_shapes, 2);
        pending_shapes.clear();
    }
    // Label halos, kHaloVS's vertices (kHaloFloats each).
    void halo_triangles(const std::vector<float>& verts) {
        if (verts.empty() || !take_piece()) return;
        glUseProgram(halo.id.get());
        glUniform2f(halo.u("u_viewport"), float(view.width), float(view.height));
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, atlas_tex.get());
        glUniform1i(halo.u("u_atlas"), 0);
        glBindVertexArray(halo_vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, halo_vbo.get());
        glBufferData(GL_ARRAY_BUFFER, verts.size() * sizeof(float), verts.data(), GL_STREAM_DRAW);
        glDrawArrays(GL_TRIANGLES, 0, GLsizei(verts.size() / kHaloFloats));
        ENTENTE_GL_CHECK("halo_triangles");
    }
    static constexpr size_t kHaloFloats = 30;
};

} // namespace entente::render
