#include "cli/cli.hpp"
#include "gui/window.hpp"

int main(int argc, char** argv) {
    return entente::app::run_cli(argc, argv, &entente::app::run_window);
}
