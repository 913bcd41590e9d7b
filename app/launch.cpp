// `entente`, the launcher: sets up the program's heap for its inputs (cli/heap_pages.hpp), then starts the
// program, `entente-app` beside it (app/main.cpp), in this same process. It links nothing but the C++
// library, so deciding costs a millisecond instead of a second start of a program that links 127 libraries.
#include "cli/heap_pages.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// Beside this launcher, as the build and an installation put it; argv[0]'s folder where /proc is missing or
// names the dynamic loader (`ld.so entente ...`).
fs::path program_beside(const char* argv0) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    for (const fs::path& dir :
         {ec ? fs::path() : exe.parent_path(), fs::path(argv0 ? argv0 : "").parent_path()}) {
        if (dir.empty()) continue;
        const fs::path p = dir / "entente-app";
        if (access(p.c_str(), X_OK) == 0) return p;
    }
    return {};
}

} // namespace

int main(int argc, char** argv) {
    const fs::path program = program_beside(argc > 0 ? argv[0] : nullptr);
    if (program.empty()) {
        std::fprintf(stderr, "entente: cannot start: entente-app is not beside this launcher (%s)\n",
                     argc > 0 ? argv[0] : "entente");
        return 127;
    }
    entente::app::prepare_heap_environment(argc, argv);
    execv(program.c_str(), argv);
    std::fprintf(stderr, "entente: cannot start %s: %s\n", program.c_str(), std::strerror(errno));
    return 127;
}
