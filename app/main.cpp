// `entente-app`, the program that `entente` (app/launch.cpp) starts: the command line and the window.
#include "cli/cli.hpp"
#include "cli/heap_pages.hpp"
#include "gui/window.hpp"

int main(int argc, char** argv) {
    // The launcher's heap settings stay with this process, not with anything it starts.
    entente::app::restore_user_environment();
    return entente::app::run_cli(argc, argv, &entente::app::run_window);
}
