// `entente`, the launcher: sets up the program's heap for its inputs (cli/heap_pages.hpp), then starts the
// program, `entente-app` beside it (app/main.cpp), in this same process. It links nothing but the C++
// library, so deciding costs a millisecond instead of a second start of a program that links 127 libraries.
// Tools that do not follow exec (valgrind without --trace-children=yes) should be given `entente-app` itself.
#include "cli/heap_pages.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sys/auxv.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Beside this launcher, as the build and an installation put it. argv[0]'s folder only where /proc cannot
// say where this launcher is or names the dynamic loader (`ld.so entente ...`), and never in a setuid or
// capability-bearing process, whose caller chooses argv[0]. Last, the program this launcher was built with,
// so that a launcher copied elsewhere still starts it.
fs::path program_path(const char* argv0) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (!ec) candidates.push_back(exe.parent_path() / "entente-app");
    const bool loader = !ec && exe.filename().string().rfind("ld-", 0) == 0;
    if ((ec || loader) && getauxval(AT_SECURE) == 0 && argv0 && std::strchr(argv0, '/'))
        candidates.push_back(fs::path(argv0).parent_path() / "entente-app");
    candidates.push_back(ENTENTE_APP_BUILT);
    for (const fs::path& p : candidates)
        if (fs::exists(p, ec)) return p;
    return {};
}

} // namespace

int main(int argc, char** argv) {
    const char* self = argc > 0 ? argv[0] : "entente";
    const fs::path program = program_path(self);
    if (program.empty()) {
        std::fprintf(stderr, "entente: cannot start: entente-app is neither beside %s nor at %s\n", self,
                     ENTENTE_APP_BUILT);
        return 127;
    }
    entente::app::prepare_heap_environment(argc, argv);
    execv(program.c_str(), argv);
    const int err = errno;
    std::fprintf(stderr, "entente: cannot start %s: %s\n", program.c_str(), std::strerror(err));
    return err == EACCES || err == ENOEXEC ? 126 : 127;
}
