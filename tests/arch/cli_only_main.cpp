// The `entente` command line with no window linked in (tests/arch): proves app/cli and app/scene need
// neither ImGui nor GLFW.
#include "cli/cli.hpp"

int main(int argc, char** argv) {
    return entente::app::run_cli(argc, argv, nullptr);
}
