#include "cli/cli.hpp"
#include "cli/heap_pages.hpp"
#include "gui/window.hpp"

int main(int argc, char** argv) {
    // First, before anything is allocated: a command given large inputs restarts with its heap on 2 MiB
    // pages.
    entente::app::restart_with_huge_pages_if_worth_it(argc, argv);
    return entente::app::run_cli(argc, argv, &entente::app::run_window);
}
