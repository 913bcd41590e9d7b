// Move-only owners of OpenGL object names, so each object is deleted exactly once, by its owner, and nothing
// in render/ frees GL objects by hand. An owner must be destroyed while its GL context is current.
// This header includes no GL so that public headers (OffscreenTarget) can hold handles without pulling epoxy
// into code that includes another GL loader.
#pragma once
#include <utility>

namespace entente::render::gl {

enum class Kind { Buffer, VertexArray, Texture, Framebuffer, Renderbuffer, Shader, Program };

// Defined in gl_handle.cpp, where epoxy is included. `generate` is for the glGen* kinds only.
unsigned generate(Kind kind);
void destroy(Kind kind, unsigned name);

template <Kind K> class Handle {
  public:
    Handle() = default;
    // Takes ownership of a name just created (glCreateShader, glCreateProgram).
    explicit Handle(unsigned name) : name_(name) {}
    static Handle generate() requires(K != Kind::Shader && K != Kind::Program) {
        return Handle(gl::generate(K));
    }
    ~Handle() { reset(); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : name_(std::exchange(other.name_, 0u)) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            name_ = std::exchange(other.name_, 0u);
        }
        return *this;
    }

    unsigned get() const { return name_; }
    explicit operator bool() const { return name_ != 0; }
    void reset() {
        if (name_) destroy(K, std::exchange(name_, 0u));
    }

  private:
    unsigned name_ = 0;
};

using Buffer = Handle<Kind::Buffer>;
using VertexArray = Handle<Kind::VertexArray>;
using Texture = Handle<Kind::Texture>;
using Framebuffer = Handle<Kind::Framebuffer>;
using Renderbuffer = Handle<Kind::Renderbuffer>;
using Shader = Handle<Kind::Shader>;
using Program = Handle<Kind::Program>;

} // namespace entente::render::gl
