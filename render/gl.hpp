// The one place render/ includes OpenGL. In debug builds every draw checks glGetError so a bad call is caught
// where it happens rather than as a black image later.
#pragma once
#include <epoxy/gl.h>

#include <string>

namespace entente::render {
void check_gl(const char* where);
}

#ifndef NDEBUG
#define ENTENTE_GL_CHECK(where) ::entente::render::check_gl(where)
#else
#define ENTENTE_GL_CHECK(where) ((void)0)
#endif
