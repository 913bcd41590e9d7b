// An OpenGL 3.3 core context with no display, through EGL (Mesa llvmpipe on CPU, NVIDIA EGL on a GPU).
#pragma once
#include "gl_handle.hpp"

#include <memory>
#include <string>
#include <vector>

namespace entente::render {

class HeadlessContext {
  public:
    // Prefers a hardware EGL device when `prefer_hardware`, else the software one (bit-exact golden images).
    // Throws std::runtime_error with the reason when no context can be made.
    explicit HeadlessContext(bool prefer_hardware = false);
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;
    std::string description() const; // GL_RENDERER and GL_VERSION

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// An offscreen framebuffer with 4x multisampling, resolved for read-back. Owns its GL objects: movable, not
// copyable.
class OffscreenTarget {
  public:
    // Throws std::runtime_error naming the size when the current context cannot make a target of it.
    static void check_size(int width, int height);
    OffscreenTarget(int width, int height, int samples = 4);
    void bind();
    // Resolves and returns RGBA8 rows top-down.
    std::vector<unsigned char> read_rgba();
    int width() const { return w_; }
    int height() const { return h_; }

  private:
    int w_, h_;
    // The multisampled pair is empty when the target has a single sample.
    gl::Framebuffer fbo_ms_, fbo_;
    gl::Renderbuffer rb_ms_, rb_, rb_stencil_;
};

// True for Mesa's software rasterisers (llvmpipe, softpipe, swrast): every multisample costs there (4x
// multisampling took the demo frame at 1920x1080 from 81 to 190 ms, and a 4096x4096 export's memory doubles),
// while lines and points antialias in their own shaders. `gl_renderer` is GL_RENDERER.
bool is_software_renderer(const std::string& gl_renderer);
// Samples for a target on the current context: 4 on a GPU, 1 on a software rasteriser.
int default_samples();

bool write_png(const std::string& path, int width, int height, const std::vector<unsigned char>& rgba);
// The same PNG in memory; empty when encoding failed.
std::vector<unsigned char> png_bytes(int width, int height, const std::vector<unsigned char>& rgba);

} // namespace entente::render
