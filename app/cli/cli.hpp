// The `entente` command line: subcommands share one parser; no subcommand opens the window.
#pragma once
#include "geo/error.hpp"

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

// The exit code for a failure, so scripts can tell a missing file from a damaged one without reading stderr
// (the table is in `entente --help`). Anything that is not a geo::InputError is a plain failure (1).
int exit_code(geo::ErrorKind kind);
int exit_code(const std::exception& e);

} // namespace entente::app
