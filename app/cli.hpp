// The `entente` command line: subcommands share one parser; no subcommand opens the window.
#pragma once
#include <string>
#include <vector>

namespace entente::app {

struct WindowOptions {
    std::vector<std::string> files;
    std::string crs;
    bool demo_if_no_display = true;
};

// Returns the process exit code. `run_window` is called when no subcommand is given.
int run_cli(int argc, char** argv, int (*run_window)(const WindowOptions&));

} // namespace entente::app
