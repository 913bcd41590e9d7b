// The renderer (renderer.hpp): GL state over plain scene data. Sections, in order (search for "---- NAME"):
//   GPU buffers        shader programs, buffers cut into chunks with their boxes, uploads and read-backs
//   text               fonts, glyph atlases and label clipping
//   Renderer::Impl     the GL state of one renderer: programs, layers, the view, culling, throttling
//   layers and fills   layers made and destroyed; fills, the view's cut and fill levels of detail
//   outlines           line strips and their levels of detail
//   points, icons      point clouds and their thinned levels, icons, rasters, per-feature sizes, GPU bytes
//   drawing            a frame: fills, lines, points, rasters, highlight, text, screen-space lines
//   one view, capture  one-view renderers, drops, frame signatures, the captured last frame

#include "renderer.hpp"

#include "frame_signature.hpp"
#include "gl.hpp"
#include "gl_handle.hpp"
#include "headless.hpp"
#include "line_lod.hpp"
#include "shaders.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

namespace entente::render {

// ---- GPU buffers

namespace {

gl::Shader compile(GLenum type, const std::string& src) {
    gl::Shader s(glCreateShader(type));
    const char* p = src.c_str();
    glShaderSource(s.get(), 1, &p, nullptr);
    glCompileShader(s.get());
    GLint ok = 0;
    glGetShaderiv(s.get(), GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetShaderInfoLog(s.get(), sizeof log, nullptr, log);
        throw std::runtime_error(std::string("shader compile failed: ") + log);
    }
    return s;
}

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

struct GpuBuffer {
    gl::VertexArray vao;
    gl::Buffer vbo, ibo;
    GLsizei count = 0;
    size_t bytes = 0;
    std::vector<Chunk> chunks;
    bool segments =
        false; // an instanced stream of line segments (chunk vertex arrays read a third attribute)
    gl::VertexArray sprite_vao; // points: the same stream a vertex each, for GL_POINTS (see sprite_vao)
};

struct GpuRasterTile {
    GpuBuffer mesh;
    gl::Texture tex;
    bool rgba = false;
};

struct GpuLayer {
    GpuBuffer fill, lines, points;
    // Coarser outlines for zoomed-out views (line_lod.hpp): tolerance in map units, and the strips.
    // Made on first use (line_level) from the layer's GPU buffer, per tolerance tried
    // (line_level_tolerances): a render or a session that stays at one zoom pays for one level, not a dozen
    // (180 MB for 100,000 polygons).
    // line_kept[k]: the tolerance of the level drawn for tried tolerance k (0: the full strips; NaN: not made
    // yet); tried tolerances whose own level was not worth keeping share the kept level's buffer.
    std::vector<float> line_tolerance, line_kept;
    std::map<float, GpuBuffer> line_lods;
    // Thinned points for zoomed-out views, per pick_point_level level: made on first use (point_lod_made),
    // left empty when thinning dropped too few points to be worth it.
    float point_extent = 0;
    std::vector<GpuBuffer> point_lods;
    std::vector<bool> point_lod_made;
    // Fills without the polygons under a pixel, per pick_fill_level level, made on first use: 0 not yet,
    // 1 drawn from fill_lods, 2 the full fill (too few left out to be worth a copy).
    float fill_extent = 0;
    std::vector<GpuBuffer> fill_lods;
    std::vector<int8_t> fill_lod_state;
    std::vector<GpuRasterTile> raster;
    gl::Texture fill_table, stroke_table, size_table;
    size_t table_bytes = 0;
    GpuBuffer icons;
    gl::Texture icon_tex;
    int icon_w = 0, icon_h = 0;
};

// Interleaves xy + feature for one vertex stream.
std::vector<uint8_t> interleave(std::span<const float> xy, std::span<const uint32_t> feature) {
    const size_t n = feature.size();
    std::vector<uint8_t> out(n * 12);
    for (size_t i = 0; i < n; ++i) {
        std::memcpy(&out[i * 12], &xy[2 * i], 8);
        std::memcpy(&out[i * 12 + 8], &feature[i], 4);
    }
    return out;
}

// Gives the mesh a new VAO and vertex buffer holding `bytes` of data, both left bound for attribute setup.
void upload_vertices(GpuBuffer& b, const void* data, size_t bytes) {
    b.vao = gl::VertexArray::generate();
    glBindVertexArray(b.vao.get());
    b.vbo = gl::Buffer::generate();
    glBindBuffer(GL_ARRAY_BUFFER, b.vbo.get());
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(bytes), data, GL_STATIC_DRAW);
}

// Uploads an interleaved xy + feature stream into a new VAO: attribute 0 = xy, 1 = feature, each advancing
// per vertex (divisor 0) or per instance (divisor 1). Interleaved a piece at a time, so the upload of
// millions of vertices needs no second full copy beside the caller's and the GPU's.
void upload_stream(GpuBuffer& b, const std::vector<float>& xy, const std::vector<uint32_t>& feature,
                   GLuint divisor) {
    const size_t n = feature.size();
    upload_vertices(b, nullptr, n * 12);
    constexpr size_t kPiece = 1 << 16;
    for (size_t at = 0; at < n; at += kPiece) {
        const size_t m = std::min(kPiece, n - at);
        const auto data = interleave(std::span(xy).subspan(2 * at, 2 * m), std::span(feature).subspan(at, m));
        glBufferSubData(GL_ARRAY_BUFFER, GLintptr(at * 12), GLsizeiptr(data.size()), data.data());
    }
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 12, (void*)0);
    glVertexAttribDivisor(0, divisor);
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 12, (void*)8);
    glVertexAttribDivisor(1, divisor);
    b.bytes = n * 12;
}

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

// The inverse of upload_stream: a stream's xy and features read back from its buffer.
void read_stream(const GpuBuffer& b, std::vector<float>& xy, std::vector<uint32_t>& feature) {
    const size_t n = b.bytes / 12;
    xy.resize(2 * n), feature.resize(n);
    each_stream_vertex(b.vbo.get(), n, [&](size_t i, float x, float y, uint32_t f) {
        xy[2 * i] = x, xy[2 * i + 1] = y, feature[i] = f;
    });
}

// Cuts a mesh into chunks as it runs: a chunk closes at kChunk items, or, once it has kMinChunk, when the
// next item would stretch its box past a sixteenth of the mesh's extent. Data whose features are each compact
// (countries, districts, tracks) gets chunks that follow the features; data in random order gets chunks of
// kMinChunk that span the map, which cost nothing but cull nothing. `point(i, add)` adds item i's points.
template <class Points> void cut_chunks(GpuBuffer& b, size_t n, GLint unit, Points point) {
    constexpr size_t kMinChunk = 64;
    b.chunks.clear();
    Box all;
    for (size_t i = 0; i < n; ++i)
        point(i, [&](float x, float y) { all.add(x, y); });
    const float limit_x = (all.maxx - all.minx) / 16, limit_y = (all.maxy - all.miny) / 16;
    Chunk c;
    for (size_t i = 0; i < n; ++i) {
        Box grown = c.box;
        point(i, [&](float x, float y) { grown.add(x, y); });
        const bool full = size_t(c.count) >= size_t(kChunk) ||
                          (size_t(c.count) >= kMinChunk &&
                           (grown.maxx - grown.minx > limit_x || grown.maxy - grown.miny > limit_y));
        if (full) {
            b.chunks.push_back(std::move(c));
            c = Chunk{};
            c.first = GLint(i * size_t(unit));
            point(i, [&](float x, float y) { c.box.add(x, y); });
        } else {
            c.box = grown;
        }
        c.count += unit;
    }
    if (c.count) b.chunks.push_back(std::move(c));
}

// Chunks of an instanced stream of `n` instances: instance i covers vertex i (and i + 1 for line segments).
void chunk_instances(GpuBuffer& b, const std::vector<float>& xy, size_t n, bool segments) {
    b.segments = segments;
    cut_chunks(b, n, 1, [&](size_t i, auto add) {
        add(xy[2 * i], xy[2 * i + 1]);
        if (segments && 2 * i + 3 < xy.size()) add(xy[2 * i + 2], xy[2 * i + 3]);
    });
}

// Chunks of a fill's triangles, in index order (counts and firsts in indices).
void chunk_triangles(GpuBuffer& b, const std::vector<float>& xy, std::span<const uint32_t> tris) {
    cut_chunks(b, tris.size() / 3, 3, [&](size_t t, auto add) {
        for (size_t k = 3 * t; k < 3 * t + 3; ++k)
            if (size_t(tris[k]) * 2 + 1 < xy.size()) add(xy[2 * tris[k]], xy[2 * tris[k] + 1]);
    });
}

// The vertex array that starts at a chunk of an instanced stream, made the first time a view needs it (a
// layer may have tens of thousands of chunks; a view starts runs at a few).
GLuint chunk_vao(GpuBuffer& b, size_t chunk) {
    if (chunk == 0 || b.chunks.empty()) return b.vao.get();
    Chunk& c = b.chunks[chunk];
    if (!c.vao) {
        c.vao = gl::VertexArray::generate();
        glBindVertexArray(c.vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, b.vbo.get());
        const size_t at = size_t(c.first) * 12;
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 12, (void*)at);
        glVertexAttribDivisor(0, 1);
        glEnableVertexAttribArray(1);
        glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 12, (void*)(at + 8));
        glVertexAttribDivisor(1, 1);
        if (b.segments) {
            glEnableVertexAttribArray(2);
            glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, 12, (void*)(at + 12));
            glVertexAttribDivisor(2, 1);
        }
    }
    return c.vao.get();
}

// Points' stream read a vertex each rather than an instance each, made on first use: drawn as GL_POINTS,
// where a chunk starts at its first vertex and needs no vertex array of its own.
GLuint sprite_vao(GpuBuffer& b) {
    if (!b.sprite_vao) {
        b.sprite_vao = gl::VertexArray::generate();
        glBindVertexArray(b.sprite_vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, b.vbo.get());
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 12, (void*)0);
        glEnableVertexAttribArray(1);
        glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 12, (void*)8);
    }
    return b.sprite_vao.get();
}

gl::Texture make_table(std::span<const uint32_t> colours) {
    if (colours.empty()) return {};
    const int w = 4096, h = int((colours.size() + w - 1) / w);
    std::vector<uint32_t> data(size_t(w) * h, 0);
    std::copy(colours.begin(), colours.end(), data.begin());
    gl::Texture t = gl::Texture::generate();
    glBindTexture(GL_TEXTURE_2D, t.get());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, data.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    return t;
}

} // namespace

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
    bool culling = true;
    bool thin_points = true;
    double single_upp = 0;  // set_single_view: the one view's map units a pixel (0: any view)
    FrameSigner signer;     // what the frame since begin_frame was asked to draw
    uint64_t uploads = 0;   // changes to what draws read (geometry, tables, atlases, settings), counted
    bool sign_only = false; // set_sign_only
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
        const geo::Bbox b = view.map_bounds();
        const double w = view.world_width;
        // Data spans [-w/2, w/2] around the central meridian.
        const int k0 = int(std::floor((b.minx + w / 2) / w)), k1 = int(std::floor((b.maxx + w / 2) / w));
        std::vector<double> out;
        for (int k = std::max(k0, -8); k <= std::min(k1, 8); ++k)
            out.push_back(k * w);
        return out;
    }

    // Calls draw(first chunk, count) for each run of consecutive chunks that can reach the view at wrap
    // offset `off`, `margin` map units beyond it (half a stroke, a point's size); the whole mesh when not
    // chunked.
    // weight: llvmpipe's binned memory per instance or index relative to a fill's index (a point sprite's
    // setup is a primitive per instance, a fill's a primitive per three indices).
    template <class Draw>
    void visible_runs(const GpuBuffer& b, double off, double margin, Draw draw, size_t weight = 1) {
        if (b.chunks.empty() || !culling) {
            if (b.count) draw(size_t(0), b.count), throttle(size_t(b.count) * weight);
            return;
        }
        const geo::Bbox v = view.map_bounds();
        const double x0 = v.minx - off - margin, x1 = v.maxx - off + margin;
        const double y0 = v.miny - margin, y1 = v.maxy + margin;
        auto seen = [&](const Chunk& c) {
            return c.box.maxx >= x0 && c.box.minx <= x1 && c.box.maxy >= y0 && c.box.miny <= y1;
        };
        // Runs end at chunks out of view, and on a software rasteriser at kPiece (see throttle).
        const GLsizei piece = software ? GLsizei(kPiece / weight) : std::numeric_limits<GLsizei>::max();
        for (size_t i = 0; i < b.chunks.size();) {
            if (!seen(b.chunks[i])) {
                ++i;
                continue;
            }
            GLsizei count = 0;
            size_t j = i;
            for (; j < b.chunks.size() && seen(b.chunks[j]) && count < piece; ++j)
                count += b.chunks[j].count;
            draw(i, count);
            throttle(size_t(count) * weight);
            i = j;
        }
    }

    // llvmpipe bins what the main thread submits faster than its threads draw it, and keeps every binned
    // scene until drawn: a million points at 1024² held 150 MB of them. On a software rasteriser draws are
    // cut into pieces of kPiece instances or indices, a fence goes in after each, and the main thread waits
    // for the fence two pieces back, so at most two pieces are binned and not yet drawn. A GPU keeps its own
    // queue: no pieces or fences there.
    static constexpr size_t kPiece = 1 << 16;
    bool software = false;
    size_t unfenced = 0;
    std::deque<GLsync> fences;
    void throttle(size_t submitted) {
        if (!software || (unfenced += submitted) < kPiece) return;
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

    // Draws non-overlapping strokes so translucent lines do not darken at their joins.
    // A translucent draw marks the pixels it covers with its own stencil value and skips those already
    // marked, so joins and overlaps are blended once. A new value per draw, not a cleared stencil: a clear
    // is a pass over the whole buffer, which on a software rasteriser costs as much as a layer of lines.
    int stencil_ref = 0; // the last value used since the stencil was cleared
    void begin_single_coverage(bool translucent) {
        if (!translucent) return;
        if (stencil_ref == 0xff) {
            glClear(GL_STENCIL_BUFFER_BIT);
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
        if (verts.empty()) return;
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
    // Label halos, kHaloVS's vertices (12 floats each).
    void halo_triangles(const std::vector<float>& verts) {
        if (verts.empty()) return;
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
    static constexpr size_t kHaloFloats = 15;
};

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
    const GLint halo_sizes[] = {2, 2, 4, 4, 3};
    for (GLuint i = 0, at = 0; i < 5; at += GLuint(halo_sizes[i]), ++i) {
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

// The fill level a view at `units_per_px` draws, as fill_level makes it from the GPU copy: features (whole,
// so a multipolygon of specks spread wide keeps them all) whose box reaches `cut`; none when the level would
// leave out less than a sixth of the triangles.
struct FillCut {
    std::vector<Box> boxes; // per feature
    float cut = 0;
    size_t kept = 0; // indices of the triangles kept
    bool keeps(const FillMesh& m, uint32_t vertex) const {
        const Box& b = boxes[m.feature[vertex]];
        return std::max(b.maxx - b.minx, b.maxy - b.miny) >= cut;
    }
};
std::optional<FillCut> view_fill_cut(float extent, const FillMesh& mesh, double units_per_px) {
    const auto tris = mesh.triangles();
    const int k = pick_fill_level(extent, units_per_px);
    if (k < 0 || tris.size() < size_t(kFillLevelsFrom)) return std::nullopt;
    FillCut c;
    for (size_t i = 0; i < mesh.feature.size(); ++i) {
        const uint32_t f = mesh.feature[i];
        if (f >= c.boxes.size()) c.boxes.resize(size_t(f) + 1);
        if (std::isfinite(mesh.xy[2 * i])) c.boxes[f].add(mesh.xy[2 * i], mesh.xy[2 * i + 1]);
    }
    c.cut = point_level_cell(extent, k);
    for (size_t t = 0; t + 2 < tris.size(); t += 3)
        if (c.keeps(mesh, tris[t])) c.kept += 3;
    if (c.kept * 6 > tris.size() * 5) return std::nullopt;
    return c;
}

// Uploads a fill of `tris` over the mesh's vertices; `levels`: whether coarser levels may be made later.
void upload_fill(GpuLayer& l, const FillMesh& mesh, std::span<const uint32_t> tris, bool levels) {
    auto& b = l.fill;
    b = {};
    l.fill_lods.clear();
    l.fill_lod_state.clear();
    l.fill_extent = larger_side(mesh.xy);
    if (tris.empty()) return; // none, or every polygon under a pixel: the outlines draw them
    upload_stream(b, mesh.xy, mesh.feature, 0);
    b.ibo = gl::Buffer::generate();
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b.ibo.get());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(tris.size() * 4), tris.data(), GL_STATIC_DRAW);
    b.count = GLsizei(tris.size());
    b.bytes += tris.size() * 4;
    glBindVertexArray(0);
    chunk_triangles(b, mesh.xy, tris);
    if (levels) {
        l.fill_lods.resize(kPointLevels);
        l.fill_lod_state.assign(kPointLevels, 0);
    }
}
} // namespace

// One view whose draws leave sub-pixel polygons to their outlines (set_single_view, skip_subpixel): only the
// triangles it draws go up, and there are no levels to make (fill_level finds none and draws the fill).
void Renderer::set_fill(LayerHandle h, const FillMesh& mesh, bool skip_subpixel) {
    ++impl_->uploads;
    auto& l = impl_->layers.at(h);
    const auto cut = impl_->single_upp > 0 && skip_subpixel
                         ? view_fill_cut(larger_side(mesh.xy), mesh, impl_->single_upp)
                         : std::nullopt;
    if (!cut) {
        // One view with no level worth making: the full fill is what it draws, and no level is read back.
        upload_fill(l, mesh, mesh.triangles(), !(impl_->single_upp > 0 && skip_subpixel));
    } else {
        const auto tris = mesh.triangles();
        std::vector<uint32_t> kept;
        kept.reserve(cut->kept);
        for (size_t t = 0; t + 2 < tris.size(); t += 3)
            if (cut->keeps(mesh, tris[t])) kept.insert(kept.end(), &tris[t], &tris[t] + 3);
        upload_fill(l, mesh, kept, false);
    }
    ENTENTE_GL_CHECK("set_fill");
}

void Renderer::set_fill(LayerHandle h, FillMesh&& mesh, bool skip_subpixel) {
    if (impl_->single_upp <= 0 || !skip_subpixel || mesh.indices.empty())
        return set_fill(h, std::as_const(mesh), skip_subpixel);
    ++impl_->uploads;
    auto& l = impl_->layers.at(h);
    const auto cut = view_fill_cut(larger_side(mesh.xy), mesh, impl_->single_upp);
    if (cut) { // the kept triangles moved to the front of the mesh's own: no second copy of them
        std::vector<uint32_t>& tris = mesh.indices;
        size_t to = 0;
        for (size_t t = 0; t + 2 < tris.size(); t += 3)
            if (cut->keeps(mesh, tris[t])) std::copy_n(&tris[t], 3, &tris[to]), to += 3;
        tris.resize(to);
    }
    upload_fill(l, mesh, mesh.indices, false); // the view's level, or the full fill when none is worth it
    ENTENTE_GL_CHECK("set_fill");
}

namespace {

void store_fill_level(GpuLayer& l, int k, const std::vector<float>& xy, std::vector<uint32_t>&& kept);

// The triangles to draw for fill level `k` of the layer: its own fill, or a copy without the features under
// point_level_cell(extent, k) (null when that leaves nothing). Made from the layer's GPU buffers, read back:
// no CPU copy is kept for levels that may never be needed.

const GpuBuffer* fill_level(GpuLayer& l, int k) {
    if (k < 0 || l.fill.count < kFillLevelsFrom || l.fill_lod_state.empty()) return &l.fill;
    GpuBuffer& b = l.fill_lods[size_t(k)];
    int8_t& state = l.fill_lod_state[size_t(k)];
    if (state == 0) {
        state = 2;
        // Read back a piece at a time (the whole vertex and index buffers at once were this render's peak):
        // the positions, each feature's box, then which vertices belong to features big enough to keep.
        constexpr size_t kPiece = 1 << 16;
        const size_t n = (size_t(l.fill.bytes) - size_t(l.fill.count) * 4) / 12;
        std::vector<float> xy(2 * n);
        std::vector<Box> boxes; // per feature
        each_stream_vertex(l.fill.vbo.get(), n, [&](size_t i, float x, float y, uint32_t f) {
            xy[2 * i] = x, xy[2 * i + 1] = y;
            if (f >= boxes.size()) boxes.resize(size_t(f) + 1);
            if (std::isfinite(x)) boxes[f].add(x, y);
        });
        // A feature's size is its whole box: a multipolygon of specks spread wide keeps them all.
        const float cut = point_level_cell(l.fill_extent, k);
        std::vector<bool> big(n);
        each_stream_vertex(l.fill.vbo.get(), n, [&](size_t i, float, float, uint32_t f) {
            big[i] = std::max(boxes[f].maxx - boxes[f].minx, boxes[f].maxy - boxes[f].miny) >= cut;
        });
        std::vector<uint32_t> kept;
        const size_t count = size_t(l.fill.count);
        kept.reserve(count); // address space only: no copies as it grows, pages as they are written
        {
            std::vector<uint32_t> tris(std::min(count, 3 * kPiece));
            glBindVertexArray(l.fill.vao.get());
            for (size_t at = 0; at < count; at += tris.size()) {
                const size_t m = std::min(tris.size(), count - at);
                glGetBufferSubData(GL_ELEMENT_ARRAY_BUFFER, GLintptr(at * 4), GLsizeiptr(m * 4), tris.data());
                for (size_t t = 0; t + 2 < m; t += 3)
                    if (big[tris[t]]) kept.insert(kept.end(), &tris[t], &tris[t] + 3);
            }
            glBindVertexArray(0);
        }
        store_fill_level(l, k, xy, std::move(kept));
        ENTENTE_GL_CHECK("fill_level");
    }
    if (state == 2) return &l.fill;
    return b.count ? &b : nullptr;
}

// Keeps `kept`, the triangles of level k's features, as that level when it leaves out a sixth or more of the
// layer's (state 1), else marks the level as the full fill (state 2).
void store_fill_level(GpuLayer& l, int k, const std::vector<float>& xy, std::vector<uint32_t>&& kept) {
    GpuBuffer& b = l.fill_lods[size_t(k)];
    int8_t& state = l.fill_lod_state[size_t(k)];
    state = 2;
    if (kept.size() * 6 > size_t(l.fill.count) * 5) return; // left out less than a sixth
    state = 1;
    if (kept.empty()) return;
    // The layer's vertex buffer, under a vertex array of its own with these triangles.
    b.vao = gl::VertexArray::generate();
    glBindVertexArray(b.vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, l.fill.vbo.get());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 12, (void*)0);
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 12, (void*)8);
    b.ibo = gl::Buffer::generate();
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b.ibo.get());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(kept.size() * 4), kept.data(), GL_STATIC_DRAW);
    b.count = GLsizei(kept.size());
    b.bytes = kept.size() * 4;
    glBindVertexArray(0);
    chunk_triangles(b, xy, kept);
}
} // namespace

// ---- outlines

namespace {
// One strip buffer: segment i reads vertex i (attributes 0, 1) and vertex i+1 (attribute 2), per instance.
void upload_strips(GpuBuffer& b, const LineStrips& lines) {
    b = {};
    if (lines.feature.size() < 2) return;
    upload_stream(b, lines.xy, lines.feature, 1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, 12, (void*)12);
    glVertexAttribDivisor(2, 1);
    b.count = GLsizei(lines.feature.size() - 1);
    glBindVertexArray(0);
    chunk_instances(b, lines.xy, size_t(b.count), true);
}
} // namespace

namespace {
// The outlines to draw at tried tolerance k: the level line_levels keeps last at or below it, built from a
// read-back of the full strips the first time a view needs it; the full strips when no level is kept there.
GpuBuffer& line_level(GpuLayer& l, int k) {
    if (k < 0) return l.lines;
    if (std::isnan(l.line_kept[size_t(k)])) {
        LineLevel kept;
        {
            LineStrips full;
            read_stream(l.lines, full.xy, full.feature);
            kept = each_line_level(
                std::move(full), [](const LineLevel&) {}, l.line_tolerance[size_t(k)]);
        }
        l.line_kept[size_t(k)] = kept.tolerance;
        if (kept.tolerance > 0 && !l.line_lods.count(kept.tolerance))
            upload_strips(l.line_lods[kept.tolerance], kept.strips);
    }
    const auto it = l.line_lods.find(l.line_kept[size_t(k)]);
    return it != l.line_lods.end() && it->second.count ? it->second : l.lines;
}
} // namespace

void Renderer::set_lines(LayerHandle h, const LineStrips& lines) {
    ++impl_->uploads;
    if (impl_->single_upp > 0) return set_lines(h, LineStrips(lines));
    auto& l = impl_->layers.at(h);
    upload_strips(l.lines, lines);
    l.line_tolerance = line_level_tolerances(lines);
    l.line_lods.clear();
    l.line_kept.assign(l.line_tolerance.size(), NAN);
    ENTENTE_GL_CHECK("set_lines");
}

void Renderer::set_lines(LayerHandle h, LineStrips&& lines) {
    ++impl_->uploads;
    if (impl_->single_upp <= 0) return set_lines(h, std::as_const(lines));
    // One view: only its level goes to the GPU, and draw_lines finds no other (pick_line_level gives -1).
    auto& l = impl_->layers.at(h);
    const std::vector<float> tolerances = line_level_tolerances(lines);
    const int k = pick_line_level(tolerances, impl_->single_upp);
    if (k < 0)
        upload_strips(l.lines, lines); // (a conditional expression would copy them)
    else
        upload_strips(l.lines, line_level_for(std::move(lines), tolerances[size_t(k)]));
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
} // namespace

void Renderer::set_points(LayerHandle h, const PointCloud& points, bool one_size) {
    ++impl_->uploads;
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
    ++impl_->uploads;
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
    impl_->signer.add(5), impl_->signer.add(h), impl_->signer.add(opacity);
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
        glBindVertexArray(l.icons.vao.get());
        glDrawArraysInstanced(GL_TRIANGLES, 0, 6, l.icons.count);
    }
    glBindVertexArray(0);
    ENTENTE_GL_CHECK("draw_icons");
}

void Renderer::set_raster(LayerHandle h, std::vector<RasterTile> tiles) {
    ++impl_->uploads;
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
    ++impl_->uploads;
    auto& l = impl_->layers.at(h);
    l.size_table = {};
    if (factors.empty()) return;
    const int w = 4096, hgt = int((factors.size() + w - 1) / w);
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
    ++impl_->uploads;
    auto& l = impl_->layers.at(h);
    l.fill_table = make_table(fill);
    l.stroke_table = make_table(stroke);
    l.table_bytes = (fill.size() + stroke.size()) * 4;
    ENTENTE_GL_CHECK("set_feature_colours");
}

size_t Renderer::gpu_bytes(LayerHandle h) const {
    const auto& l = impl_->layers.at(h);
    size_t n = l.fill.bytes + l.lines.bytes + l.points.bytes + l.icons.bytes + l.table_bytes;
    for (const auto& [tolerance, level] : l.line_lods)
        n += level.bytes;
    for (const auto& level : l.fill_lods)
        n += level.bytes; // indices only: a fill level draws from the layer's vertices
    for (const auto& level : l.point_lods)
        n += level.bytes;
    for (auto& t : l.raster)
        n += t.mesh.bytes;
    return n;
}

void Renderer::set_glyph_atlas(const GlyphAtlas& atlas) {
    ++impl_->uploads;
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

// ---- drawing

void Renderer::begin_frame(const View& view, bool clear) {
    impl_->view = view;
    impl_->stats = {};
    impl_->signer.reset();
    impl_->signer.add(view), impl_->signer.add(clear);
    impl_->sign_highlight();       // set before the frame, it still colours its draws
    impl_->pending_shapes.clear(); // what a frame cut short (an exception) left
    if (impl_->sign_only) return;
    glViewport(0, 0, view.width, view.height);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glClearColor(view.background.r, view.background.g, view.background.b, 1.0f);
    glClearStencil(0);
    glClear((clear ? GL_COLOR_BUFFER_BIT : 0) | GL_STENCIL_BUFFER_BIT);
    impl_->stencil_ref = 0;
}

void Renderer::draw_fill(LayerHandle h, const FillStyle& s, float opacity) {
    impl_->signer.add(1), impl_->signer.add(h), impl_->signer.add(s), impl_->signer.add(opacity);
    if (impl_->sign_only) return;
    impl_->flush_shapes();
    auto& l = impl_->layers.at(h);
    if (!l.fill.count) return;
    const GpuBuffer* fill =
        s.skip_subpixel ? fill_level(l, pick_fill_level(l.fill_extent, impl_->view.units_per_px)) : &l.fill;
    if (!fill) return; // every polygon under a pixel: the outlines draw them
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
    impl_->signer.add(2), impl_->signer.add(h), impl_->signer.add(s), impl_->signer.add(opacity);
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
        impl_->visible_runs(strips, off, margin, [&](size_t chunk, GLsizei count) {
            glBindVertexArray(chunk_vao(strips, chunk));
            glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
            impl_->stats.segments += size_t(count);
        });
    }
    impl_->end_single_coverage();
    glBindVertexArray(0);
    ENTENTE_GL_CHECK("draw_lines");
}

void Renderer::draw_points(LayerHandle h, const PointStyle& s, float opacity) {
    impl_->signer.add(3), impl_->signer.add(h), impl_->signer.add(s), impl_->signer.add(opacity);
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
        GpuBuffer& pts = point_level(l, thin ? pick_point_level(l.point_extent, v.units_per_px) : -1);
        if (sprite) {
            glUniform1f(p.u("u_guard"), guard);
            glEnable(GL_PROGRAM_POINT_SIZE);
            glViewport(-GLint(guard), -GLint(guard), v.width + 2 * GLint(guard), v.height + 2 * GLint(guard));
            glBindVertexArray(sprite_vao(pts));
        }
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
    impl_->signer.add(4), impl_->signer.add(h), impl_->signer.add(s);
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
        for (auto& t : l.raster) {
            glActiveTexture(GL_TEXTURE0);
            glBindTexture(GL_TEXTURE_2D, t.tex.get());
            glUniform1i(p.u("u_tex"), 0);
            glUniform1i(p.u("u_rgba"), t.rgba ? 1 : 0);
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
        for (size_t i = 0; i < text.size();) {
            const Glyph* g = f.find(next_codepoint(text, i));
            if (!g) continue;
            const float x0 = std::round(x + g->x0 * scale), y0 = std::round(y + g->y0 * scale);
            const float x1 = x0 + (g->x1 - g->x0) * scale, y1 = y0 + (g->y1 - g->y0) * scale;
            if (t.halo.a > 0 && x1 > x0 && y1 > y0) {
                // An outline in eight directions keeps labels legible over any fill (kHaloFS).
                const float r = std::max(1.0f, t.size_px / 10.f), reach = std::ceil(r) + 1;
                const float su = (g->u1 - g->u0) / (x1 - x0), sv = (g->v1 - g->v0) / (y1 - y0);
                const float q[6][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 0}, {1, 1}, {0, 1}};
                for (auto& c : q) {
                    const float px = c[0] ? x1 + reach : x0 - reach, py = c[1] ? y1 + reach : y0 - reach;
                    halo.insert(halo.end(),
                                {px, py, g->u0 + (px - x0) * su, g->v0 + (py - y0) * sv, t.halo.r, t.halo.g,
                                 t.halo.b, t.halo.a, g->u0, g->v0, g->u1, g->v1, su, sv, r});
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
    impl_->drop_fences();
    glBindVertexArray(0);
    glUseProgram(0);
    ENTENTE_GL_CHECK("end_frame");
}

// ---- one view, capture

const View& Renderer::view() const {
    return impl_->view;
}

void Renderer::capture_view(const View& drawn) {
    auto& m = *impl_;
    m.flush_shapes();
    // A new texture only when there is none or the framebuffer's size changed.
    if (!m.captured || m.captured_view.width != drawn.width || m.captured_view.height != drawn.height) {
        m.captured = gl::Texture::generate();
        glBindTexture(GL_TEXTURE_2D, m.captured.get());
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, drawn.width, drawn.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glBindTexture(GL_TEXTURE_2D, m.captured.get());
    glCopyTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 0, 0, drawn.width, drawn.height);
    m.captured_view = drawn;
    m.has_captured = true;
    ENTENTE_GL_CHECK("capture_view");
}

void Renderer::set_culling(bool on) {
    ++impl_->uploads;
    impl_->culling = on;
}

void Renderer::set_point_sprites(bool on) {
    ++impl_->uploads;
    impl_->sprites = on;
}

void Renderer::set_point_thinning(bool on) {
    ++impl_->uploads;
    impl_->thin_points = on;
}

void Renderer::set_single_view(const View& view) {
    ++impl_->uploads;
    impl_->single_upp = view.units_per_px;
}

bool Renderer::draws_one_view() const {
    return impl_->single_upp > 0;
}

void Renderer::drop_fill(LayerHandle h) {
    ++impl_->uploads;
    auto& l = impl_->layers.at(h);
    l.fill = {};
    l.fill_lods.clear();
    l.fill_lod_state.clear();
}

void Renderer::drop_raster(LayerHandle h) {
    ++impl_->uploads;
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

bool Renderer::has_captured_view() const {
    return impl_->has_captured;
}

void Renderer::drop_captured_view() {
    impl_->has_captured = false;
}

void Renderer::draw_captured_view(const View& now) {
    begin_frame(now);
    if (!impl_->has_captured) return;
    // The captured image's corners, from its map area into the new view's pixels (y down); texture rows run
    // bottom up.
    const geo::Bbox b = impl_->captured_view.map_bounds();
    const geo::XY tl = now.to_screen({b.minx, b.maxy}), br = now.to_screen({b.maxx, b.miny});
    const float x0 = float(tl.x), y0 = float(tl.y), x1 = float(br.x), y1 = float(br.y);
    std::vector<float> v;
    const float corner[4][4] = {{x0, y0, 0, 1}, {x1, y0, 1, 1}, {x1, y1, 1, 0}, {x0, y1, 0, 0}};
    for (int k : {0, 1, 2, 0, 2, 3})
        v.insert(v.end(), {corner[k][0], corner[k][1], corner[k][2], corner[k][3], 1.f, 1.f, 1.f, 1.f});
    glDisable(GL_BLEND); // the image replaces what is under it
    impl_->screen_triangles(v, 3);
    glEnable(GL_BLEND);
    end_frame();
}

} // namespace entente::render
