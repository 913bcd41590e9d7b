// GPU buffers: shaders, vertex streams cut into chunks with their boxes, uploads and read-backs (see
// renderer.cpp for the renderer's files).
#include "renderer_gpu.hpp"

#include <algorithm>
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
}
} // namespace

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

} // namespace entente::render::gpu
