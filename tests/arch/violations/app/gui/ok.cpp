// Planted for the include check's self-test (scripts/check_layers.py --self-test); never built.
#include <imgui.h>
#include "session/app_state.hpp"
#include "cli/cli.hpp"
