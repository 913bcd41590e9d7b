// The one place render/ includes OpenGL. In debug builds every draw checks glGetError so a bad call is caught
// where it happens rather than as a black image later.
#pragma once
#include <epoxy/gl.h>

#include <string>

#include "gl_handle.hpp"

namespace entente::render {
void check_gl(const char* where);
// A stencil buffer of w x h (stencil-only where the driver takes it) attached to the bound framebuffer,
// which must then be complete (headless.cpp); throws when it is not.
gl::Renderbuffer attach_stencil(int w, int h, int samples);
} // namespace entente::render

#ifndef NDEBUG
#define ENTENTE_GL_CHECK(where) ::entente::render::check_gl(where)
#else
#define ENTENTE_GL_CHECK(where) ((void)0)
#endif
