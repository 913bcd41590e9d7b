// Planted for the include check's self-test (scripts/check_layers.py --self-test); never built.
#include "gui/panels.hpp"
#include "../session/app_state.hpp"
#include <GLFW/glfw3.h>
#include "app/style.hpp"
