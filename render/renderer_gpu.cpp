// GPU buffers: shaders, vertex streams cut into chunks with their boxes, uploads and read-backs (see
// renderer.cpp for the renderer's files).
#include "renderer_gpu.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace entente::render::gpu {

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
                   GLuint divisor, std::span<const uint32_t> order) {
    const size_t n = order.empty() ? feature.size() : order.size();
    upload_vertices(b, nullptr, n * 12);
    constexpr size_t kPiece = 1 << 16;
    std::vector<uint8_t> data(std::min(n, kPiece) * 12);
    const float gap[2] = {NAN, NAN};
    const uint32_t none = 0;
    for (size_t at = 0; at < n; at += kPiece) {
        const size_t m = std::min(kPiece, n - at);
        for (size_t i = 0; i < m; ++i) {
            const size_t v = order.empty() ? at + i : order[at + i];
            const bool gone = v == kStripBreak;
            std::memcpy(&data[i * 12], gone ? gap : &xy[2 * v], 8);
            std::memcpy(&data[i * 12 + 8], gone ? &none : &feature[v], 4);
        }
        glBufferSubData(GL_ARRAY_BUFFER, GLintptr(at * 12), GLsizeiptr(m * 12), data.data());
    }
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 12, (void*)0);
    glVertexAttribDivisor(0, divisor);
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 12, (void*)8);
    glVertexAttribDivisor(1, divisor);
    b.bytes = n * 12;
}

// The inverse of upload_stream: a stream's xy and features read back from its buffer.
void read_stream(const GpuBuffer& b, std::vector<float>& xy, std::vector<uint32_t>& feature) {
    const size_t n = b.bytes / 12;
    xy.resize(2 * n), feature.resize(n);
    each_stream_vertex(b.vbo.get(), n, [&](size_t i, float x, float y, uint32_t f) {
        xy[2 * i] = x, xy[2 * i + 1] = y, feature[i] = f;
    });
}

namespace {
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
    b.extent = all;
}
} // namespace

// Chunks of an instanced stream of `n` instances: instance i covers vertex i (and i + 1 for line segments).
void chunk_instances(GpuBuffer& b, const std::vector<float>& xy, size_t n, bool segments,
                     std::span<const uint32_t> order) {
    b.segments = segments;
    const size_t vertices = order.empty() ? xy.size() / 2 : order.size();
    const auto add_vertex = [&](size_t i, auto add) {
        const size_t v = order.empty() ? i : order[i];
        if (v != kStripBreak) add(xy[2 * v], xy[2 * v + 1]);
    };
    cut_chunks(b, n, 1, [&](size_t i, auto add) {
        add_vertex(i, add);
        if (segments && i + 1 < vertices) add_vertex(i + 1, add);
    });
}

namespace {
// Tiles of the data's extent (see kTileFrom), numbered in Morton order so neighbouring tiles come together.
struct Tiles {
    static constexpr int kSide = 32;
    Box extent;
    explicit Tiles(const std::vector<float>& xy) {
        for (size_t i = 0; i + 1 < xy.size(); i += 2)
            if (std::isfinite(xy[i]) && std::isfinite(xy[i + 1])) extent.add(xy[i], xy[i + 1]);
    }
    uint32_t of(float x, float y) const {
        const auto cell = [](float v, float lo, float hi) {
            const float t = hi > lo ? (v - lo) / (hi - lo) * kSide : 0;
            return uint32_t(std::clamp(std::isfinite(t) ? int(t) : 0, 0, kSide - 1));
        };
        const uint32_t tx = cell(x, extent.minx, extent.maxx), ty = cell(y, extent.miny, extent.maxy);
        uint32_t key = 0;
        for (int bit = 0; bit < 5; ++bit)
            key |= ((tx >> bit) & 1u) << (2 * bit) | ((ty >> bit) & 1u) << (2 * bit + 1);
        return key;
    }
};

// Items 0..n-1 sorted by tile(i), then by feature(i), then as they are: the file's order within a tile
// whatever order they came in, so a level made from a layer's full set read back (in this order) and one made
// from the caller's (in the file's) are drawn alike.
template <class Tile, class Feature> std::vector<uint32_t> by_tile(size_t n, Tile tile, Feature feature) {
    std::vector<uint32_t> start(Tiles::kSide * Tiles::kSide + 1, 0);
    std::vector<uint16_t> key(n);
    for (size_t i = 0; i < n; ++i)
        ++start[(key[i] = uint16_t(tile(i))) + 1];
    for (size_t k = 1; k < start.size(); ++k)
        start[k] += start[k - 1];
    std::vector<uint32_t> out(n);
    for (size_t i = 0; i < n; ++i)
        out[start[key[i]]++] = uint32_t(i);
    size_t from = 0;
    for (size_t k = 0; k + 1 < start.size(); ++k) { // start[k], once placed: where tile k ends
        std::stable_sort(out.begin() + ptrdiff_t(from), out.begin() + ptrdiff_t(start[k]),
                         [&](uint32_t a, uint32_t b) { return feature(a) < feature(b); });
        from = start[k];
    }
    return out;
}
} // namespace

std::vector<uint32_t> strips_by_tile(const std::vector<float>& xy, const std::vector<uint32_t>& feature) {
    const size_t n = xy.size() / 2;
    if (n < kTileFrom) return {};
    // Each strip: a run of vertices between NaN ones, placed by its box's centre.
    struct Strip {
        uint32_t first, count;
        Box box;
    };
    std::vector<Strip> strips;
    for (size_t i = 0; i < n; ++i) {
        if (std::isnan(xy[2 * i])) continue;
        if (i == 0 || std::isnan(xy[2 * i - 2])) strips.push_back({uint32_t(i), 0, {}});
        strips.back().count++, strips.back().box.add(xy[2 * i], xy[2 * i + 1]);
    }
    const Tiles tiles(xy);
    std::vector<uint32_t> order;
    order.reserve(n);
    const auto tile = [&](size_t k) {
        const Box& b = strips[k].box;
        return tiles.of((b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2);
    };
    for (uint32_t s : by_tile(strips.size(), tile, [&](size_t k) { return feature[strips[k].first]; })) {
        if (!order.empty()) order.push_back(kStripBreak);
        for (uint32_t v = strips[s].first; v < strips[s].first + strips[s].count; ++v)
            order.push_back(v);
    }
    return order;
}

std::vector<uint32_t> triangles_by_tile(const std::vector<float>& xy, const std::vector<uint32_t>& feature,
                                        std::span<const uint32_t> tris, bool any_size) {
    if (tris.size() / 3 < kTileFrom && !any_size) return {};
    // Each polygon: a run of triangles of one feature, placed by its box's centre.
    struct Run {
        size_t first, count;
        Box box;
    };
    std::vector<Run> runs;
    for (size_t t = 0; t + 2 < tris.size(); t += 3) {
        if (std::max({tris[t], tris[t + 1], tris[t + 2]}) >= feature.size()) return {}; // left as they are
        const uint32_t f = feature[tris[t]];
        if (runs.empty() || feature[tris[runs.back().first]] != f) runs.push_back({t, 0, {}});
        Run& r = runs.back();
        r.count += 3;
        for (size_t k = t; k < t + 3; ++k)
            r.box.add(xy[2 * tris[k]], xy[2 * tris[k] + 1]);
    }
    const Tiles tiles(xy);
    std::vector<uint32_t> out;
    out.reserve(tris.size());
    const auto tile = [&](size_t i) {
        const Box& b = runs[i].box;
        return tiles.of((b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2);
    };
    for (uint32_t k : by_tile(runs.size(), tile, [&](size_t i) { return feature[tris[runs[i].first]]; }))
        out.insert(out.end(), tris.begin() + ptrdiff_t(runs[k].first),
                   tris.begin() + ptrdiff_t(runs[k].first + runs[k].count));
    return out;
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

namespace {
PointTiles make_point_tiles(const GpuBuffer& b) {
    PointTiles t;
    const size_t n = b.bytes / 12;
    each_stream_vertex(b.vbo.get(), n, [&](size_t, float x, float y, uint32_t) {
        if (std::isfinite(x) && std::isfinite(y)) t.extent.add(x, y);
    });
    constexpr int S = PointTiles::kSide;
    const auto tile = [&t](float x, float y) {
        const auto cell = [](float v, float lo, float hi) {
            const float u = hi > lo ? (v - lo) / (hi - lo) * S : 0;
            return std::clamp(std::isfinite(u) ? int(u) : 0, 0, S - 1);
        };
        return size_t(cell(y, t.extent.miny, t.extent.maxy)) * S +
               size_t(cell(x, t.extent.minx, t.extent.maxx));
    };
    t.start.assign(size_t(S) * S + 1, 0);
    each_stream_vertex(b.vbo.get(), n, [&](size_t, float x, float y, uint32_t) {
        if (std::isfinite(x) && std::isfinite(y)) ++t.start[tile(x, y) + 1];
    });
    std::partial_sum(t.start.begin(), t.start.end(), t.start.begin());
    t.ids.resize(t.start.back());
    std::vector<uint32_t> at(t.start.begin(), t.start.end() - 1);
    each_stream_vertex(b.vbo.get(), n, [&](size_t i, float x, float y, uint32_t) {
        if (std::isfinite(x) && std::isfinite(y)) t.ids[at[tile(x, y)]++] = uint32_t(i);
    });
    return t;
}
} // namespace

const PointTiles::Range* points_in_box(GpuBuffer& b, double x0, double y0, double x1, double y1) {
    // Not for a box over most of the points' extent (a world view), which would draw them all: the test the
    // same whether the tiles are made yet or not, so a sliced frame draws the same pieces call after call.
    const Box& all = b.extent;
    const double w = std::min<double>(x1, all.maxx) - std::max<double>(x0, all.minx),
                 h = std::min<double>(y1, all.maxy) - std::max<double>(y0, all.miny);
    if (!(w > 0 && h > 0) || w * h * 2 > double(all.maxx - all.minx) * double(all.maxy - all.miny))
        return nullptr; // none of it, or most: drawn as it is
    if (!b.tiles) b.tiles = std::make_unique<PointTiles>(make_point_tiles(b));
    PointTiles& t = *b.tiles;
    constexpr int S = PointTiles::kSide;
    const Box& e = t.extent;
    // Points were put in tiles in floats: the box a little wider, so none by a tile's edge is missed.
    const double ex = 1e-5 * (double(e.maxx) - e.minx), ey = 1e-5 * (double(e.maxy) - e.miny);
    x0 -= ex, x1 += ex, y0 -= ey, y1 += ey;
    const auto cell = [](double v, float lo, float hi) {
        const double u = hi > lo ? (v - lo) / (hi - lo) * S : 0;
        return int(std::clamp(u, 0.0, double(S - 1)));
    };
    const int tx0 = cell(x0, e.minx, e.maxx), tx1 = cell(x1, e.minx, e.maxx);
    const int ty0 = cell(y0, e.miny, e.maxy), ty1 = cell(y1, e.miny, e.maxy);
    for (auto it = t.ranges.begin(); it != t.ranges.end(); ++it)
        if (it->x0 == tx0 && it->y0 == ty0 && it->x1 == tx1 && it->y1 == ty1) {
            std::rotate(t.ranges.begin(), it, std::next(it)); // to the front, the others kept in order
            return &t.ranges.front();
        }
    const auto row = [&](int y) {
        return std::pair(t.start[size_t(y) * S + size_t(tx0)], t.start[size_t(y) * S + size_t(tx1) + 1]);
    };
    size_t count = 0;
    for (int y = ty0; y <= ty1; ++y)
        count += row(y).second - row(y).first;
    if (count * 2 > t.ids.size()) return nullptr;
    std::vector<uint32_t> ids;
    ids.reserve(count);
    for (int y = ty0; y <= ty1; ++y)
        ids.insert(ids.end(), t.ids.begin() + row(y).first, t.ids.begin() + row(y).second);
    std::sort(ids.begin(), ids.end()); // the file's order
    PointTiles::Range r{tx0, ty0, tx1, ty1, gl::Buffer::generate(), GLsizei(ids.size())};
    // Filled through the copy target: the element binding belongs to whichever vertex array is bound.
    glBindBuffer(GL_COPY_WRITE_BUFFER, r.ibo.get());
    glBufferData(GL_COPY_WRITE_BUFFER, GLsizeiptr(ids.size() * 4), ids.data(), GL_STATIC_DRAW);
    t.ranges.push_front(std::move(r));
    if (t.ranges.size() > 4) t.ranges.pop_back();
    return &t.ranges.front();
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

} // namespace entente::render::gpu
