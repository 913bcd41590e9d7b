#pragma once
#include "cli/cli.hpp"

namespace entente::app {
int run_window(const WindowOptions& options);
}
