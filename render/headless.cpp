#include "headless.hpp"

#include "gl.hpp"

#include <epoxy/egl.h>

#include "png.hpp"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace entente::render {

void check_gl(const char* where) {
    const GLenum e = glGetError();
    if (e != GL_NO_ERROR) {
        std::fprintf(stderr, "OpenGL error 0x%04x at %s\n", e, where);
    }
}

struct HeadlessContext::Impl {
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLContext context = EGL_NO_CONTEXT;
};

namespace {
bool has_ext(const char* list, const char* ext) {
    return list && std::strstr(list, ext) != nullptr;
}

EGLDisplay open_display(bool prefer_hardware) {
    const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    // Device enumeration finds both the NVIDIA GPU and Mesa's software device.
    if (has_ext(client, "EGL_EXT_device_enumeration") && has_ext(client, "EGL_EXT_platform_device")) {
        EGLDeviceEXT devices[16];
        EGLint n = 0;
        if (eglQueryDevicesEXT(16, devices, &n) && n > 0) {
            EGLDeviceEXT chosen = nullptr;
            for (EGLint i = 0; i < n; ++i) {
                const char* exts = eglQueryDeviceStringEXT(devices[i], EGL_EXTENSIONS);
                const bool software = has_ext(exts, "EGL_MESA_device_software");
                if (software != prefer_hardware) {
                    chosen = devices[i];
                    break;
                }
            }
            if (!chosen) chosen = devices[0];
            EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, chosen, nullptr);
            if (d != EGL_NO_DISPLAY) return d;
        }
    }
    if (has_ext(client, "EGL_MESA_platform_surfaceless"))
        return eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    return EGL_NO_DISPLAY;
}
} // namespace

HeadlessContext::HeadlessContext(bool prefer_hardware) : impl_(std::make_unique<Impl>()) {
    EGLDisplay d = open_display(prefer_hardware);
    if (d == EGL_NO_DISPLAY) throw std::runtime_error("no EGL display (is Mesa's libegl-mesa0 installed?)");
    EGLint major = 0, minor = 0;
    if (!eglInitialize(d, &major, &minor)) throw std::runtime_error("eglInitialize failed");
    impl_->display = d;
    if (!eglBindAPI(EGL_OPENGL_API)) throw std::runtime_error("EGL cannot bind the OpenGL API");
    const EGLint cfg_attr[] = {EGL_SURFACE_TYPE,
                               EGL_PBUFFER_BIT,
                               EGL_RENDERABLE_TYPE,
                               EGL_OPENGL_BIT,
                               EGL_RED_SIZE,
                               8,
                               EGL_GREEN_SIZE,
                               8,
                               EGL_BLUE_SIZE,
                               8,
                               EGL_ALPHA_SIZE,
                               8,
                               EGL_NONE};
    EGLConfig cfg;
    EGLint ncfg = 0;
    if (!eglChooseConfig(d, cfg_attr, &cfg, 1, &ncfg) || ncfg < 1) {
        // Device displays may offer no pbuffer configs; a surfaceless context needs none.
        const EGLint any[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
        if (!eglChooseConfig(d, any, &cfg, 1, &ncfg) || ncfg < 1)
            throw std::runtime_error("no EGL config for OpenGL");
    }
    const EGLint ctx_attr[] = {EGL_CONTEXT_MAJOR_VERSION,
                               3,
                               EGL_CONTEXT_MINOR_VERSION,
                               3,
                               EGL_CONTEXT_OPENGL_PROFILE_MASK,
                               EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                               EGL_NONE};
    impl_->context = eglCreateContext(d, cfg, EGL_NO_CONTEXT, ctx_attr);
    if (impl_->context == EGL_NO_CONTEXT)
        throw std::runtime_error("cannot create an OpenGL 3.3 core context");
    if (!eglMakeCurrent(d, EGL_NO_SURFACE, EGL_NO_SURFACE, impl_->context))
        throw std::runtime_error("cannot make the EGL context current");
}

HeadlessContext::~HeadlessContext() {
    if (impl_->display != EGL_NO_DISPLAY) {
        eglMakeCurrent(impl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (impl_->context != EGL_NO_CONTEXT) eglDestroyContext(impl_->display, impl_->context);
        eglTerminate(impl_->display);
    }
}

std::string HeadlessContext::description() const {
    const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const char* v = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    return std::string(r ? r : "?") + ", OpenGL " + (v ? v : "?");
}

bool is_software_renderer(const std::string& gl_renderer) {
    for (const char* name : {"llvmpipe", "softpipe", "swrast", "Software Rasterizer"})
        if (gl_renderer.find(name) != std::string::npos) return true;
    return false;
}

int default_samples() {
    const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return is_software_renderer(r ? r : "") ? 1 : 4;
}

void OffscreenTarget::check_size(int width, int height) {
    GLint max_size = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
    if (width < 1 || height < 1 || width > max_size || height > max_size)
        throw std::runtime_error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                                 " is outside 1.." + std::to_string(max_size));
}

// Stencil lets translucent strokes cover each pixel once. Nothing uses depth: a stencil-only buffer is a byte
// a pixel instead of four (48 MB less at 4096²), where the driver takes one as an attachment; llvmpipe also
// clears it in a pass of its own instead of a masked read-modify-write of a packed depth-stencil buffer.
// The attempt reads glGetError: errors from before it are reported (debug builds) and cleared first, so they
// are neither taken for its failure nor swallowed by it.
gl::Renderbuffer attach_stencil(int w, int h, int samples) {
    ENTENTE_GL_CHECK("before attach_stencil");
    while (glGetError() != GL_NO_ERROR) {
    }
    gl::Renderbuffer rb;
    auto attach = [&](GLenum format, GLenum attachment) {
        rb = gl::Renderbuffer::generate();
        glBindRenderbuffer(GL_RENDERBUFFER, rb.get());
        if (samples > 1)
            glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, format, w, h);
        else
            glRenderbufferStorage(GL_RENDERBUFFER, format, w, h);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, attachment, GL_RENDERBUFFER, rb.get());
        return glGetError() == GL_NO_ERROR &&
               glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    };
    if (!attach(GL_STENCIL_INDEX8, GL_STENCIL_ATTACHMENT)) {
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_STENCIL_ATTACHMENT, GL_RENDERBUFFER, 0);
        while (glGetError() != GL_NO_ERROR) {
        }
        if (!attach(GL_DEPTH24_STENCIL8, GL_DEPTH_STENCIL_ATTACHMENT))
            throw std::runtime_error("offscreen framebuffer incomplete");
    }
    return rb;
}

OffscreenTarget::OffscreenTarget(int width, int height, int samples) : w_(width), h_(height) {
    check_size(width, height);
    GLint max_samples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    samples = std::min(samples, int(max_samples));
    fbo_ = gl::Framebuffer::generate();
    rb_ = gl::Renderbuffer::generate();
    glBindRenderbuffer(GL_RENDERBUFFER, rb_.get());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w_, h_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb_.get());
    if (samples > 1) {
        fbo_ms_ = gl::Framebuffer::generate();
        rb_ms_ = gl::Renderbuffer::generate();
        glBindRenderbuffer(GL_RENDERBUFFER, rb_ms_.get());
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, w_, h_);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo_ms_.get());
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb_ms_.get());
    }
    rb_stencil_ = attach_stencil(w_, h_, samples);
    ENTENTE_GL_CHECK("OffscreenTarget");
}

void OffscreenTarget::bind() {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_ms_ ? fbo_ms_.get() : fbo_.get());
    glViewport(0, 0, w_, h_);
}

std::vector<unsigned char> OffscreenTarget::read_rgba() {
    if (fbo_ms_) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_ms_.get());
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo_.get());
        glBlitFramebuffer(0, 0, w_, h_, 0, 0, w_, h_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_.get());
    std::vector<unsigned char> px(size_t(w_) * h_ * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w_, h_, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    ENTENTE_GL_CHECK("read_rgba");
    // GL rows run bottom-up; images run top-down.
    const size_t row = size_t(w_) * 4;
    std::vector<unsigned char> tmp(row);
    for (int y = 0; y < h_ / 2; ++y) {
        std::memcpy(tmp.data(), &px[y * row], row);
        std::memcpy(&px[y * row], &px[(h_ - 1 - y) * row], row);
        std::memcpy(&px[(h_ - 1 - y) * row], tmp.data(), row);
    }
    return px;
}

bool write_png(const std::string& path, int width, int height, const std::vector<unsigned char>& rgba) {
    const std::vector<unsigned char> png = png_bytes(width, height, rgba);
    if (png.empty()) return false;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const bool wrote = std::fwrite(png.data(), 1, png.size(), f) == png.size();
    return std::fclose(f) == 0 && wrote;
}

std::vector<unsigned char> png_bytes(int width, int height, const std::vector<unsigned char>& rgba) {
    if (rgba.size() < size_t(width) * size_t(height) * 4) return {};
    return encode_png(width, height, rgba.data());
}

} // namespace entente::render
