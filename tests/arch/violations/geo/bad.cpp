// Planted for the include check's self-test (scripts/check_layers.py --self-test); never built.
#include "render/renderer.hpp"
#include <epoxy/gl.h>
