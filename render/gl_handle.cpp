#include "gl_handle.hpp"

#include "gl.hpp"

#include <stdexcept>
#include <type_traits>

namespace entente::render::gl {

// The handle stores `unsigned`; this keeps it honest should a platform ever define GLuint otherwise.
static_assert(std::is_same_v<GLuint, unsigned>);

unsigned generate(Kind kind) {
    GLuint name = 0;
    switch (kind) {
    case Kind::Buffer:
        glGenBuffers(1, &name);
        break;
    case Kind::VertexArray:
        glGenVertexArrays(1, &name);
        break;
    case Kind::Texture:
        glGenTextures(1, &name);
        break;
    case Kind::Framebuffer:
        glGenFramebuffers(1, &name);
        break;
    case Kind::Renderbuffer:
        glGenRenderbuffers(1, &name);
        break;
    case Kind::Shader:
    case Kind::Program:
        throw std::logic_error("shaders and programs are created with glCreate*");
    }
    return name;
}

void destroy(Kind kind, unsigned name) {
    switch (kind) {
    case Kind::Buffer:
        glDeleteBuffers(1, &name);
        break;
    case Kind::VertexArray:
        glDeleteVertexArrays(1, &name);
        break;
    case Kind::Texture:
        glDeleteTextures(1, &name);
        break;
    case Kind::Framebuffer:
        glDeleteFramebuffers(1, &name);
        break;
    case Kind::Renderbuffer:
        glDeleteRenderbuffers(1, &name);
        break;
    case Kind::Shader:
        glDeleteShader(name);
        break;
    case Kind::Program:
        glDeleteProgram(name);
        break;
    }
}

} // namespace entente::render::gl
