#include "heap_pages.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sched.h>
#include <sstream>
#include <sys/auxv.h>
#include <unistd.h>

namespace entente::app {

namespace {

constexpr std::uint64_t kMinInputBytes = std::uint64_t{16} << 20;
constexpr const char* kTunable = "glibc.malloc.hugetlb=1";
// Set by the launcher for the program only: "-" where the user had no GLIBC_TUNABLES, else "=" and their
// value.
constexpr const char* kMarker = "ENTENTE_HEAP_RESTART";

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

std::string read_text(const char* path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The cores this process may run on (its affinity, as a container's CPU set limits it).
unsigned usable_cores() {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return unsigned(std::max(1, CPU_COUNT(&set)));
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? unsigned(n) : 1u;
}

} // namespace

std::optional<std::string> huge_page_tunables(std::uint64_t input_bytes, const HeapEnvironment& e) {
    if (e.tunables && e.tunables->find("glibc.malloc.hugetlb=") != std::string::npos) return std::nullopt;
    if (e.setting == "0") return std::nullopt;
    if (e.setting != "1") {
        // glibc acts on the tunable in "madvise" mode only; "[always]" gives huge pages unasked, "[never]"
        // refuses them, and no file means no transparent huge pages.
        if (e.thp_enabled.find("[madvise]") == std::string::npos) return std::nullopt;
        if (input_bytes < kMinInputBytes) return std::nullopt;
    }
    std::string t = e.tunables ? *e.tunables : std::string();
    auto add = [&t](const std::string& tunable) {
        if (!t.empty()) t += ':';
        t += tunable;
    };
    add(kTunable);
    if (!e.user_arena_max && t.find("glibc.malloc.arena_max=") == std::string::npos)
        add("glibc.malloc.arena_max=" + std::to_string(std::max(2u, e.cores)));
    return t;
}

std::uint64_t input_file_bytes(int argc, char** argv) {
    std::uint64_t total = 0;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        const auto st = std::filesystem::status(argv[i], ec);
        if (ec || !std::filesystem::is_regular_file(st)) continue;
        const auto n = std::filesystem::file_size(argv[i], ec);
        if (!ec) total += n;
    }
    return total;
}

void prepare_heap_environment(int argc, char** argv) {
    if constexpr (!kGlibcTunablesApply) {
        return;
    } else {
        unsetenv(kMarker); // only ever this launcher's to set
        if (getauxval(AT_SECURE) != 0) return;
        HeapEnvironment e;
        e.setting = env("ENTENTE_HUGE_PAGES");
        e.tunables = env("GLIBC_TUNABLES");
        e.user_arena_max = env("MALLOC_ARENA_MAX").has_value();
        e.thp_enabled = read_text("/sys/kernel/mm/transparent_hugepage/enabled");
        e.cores = usable_cores();
        const auto tunables = huge_page_tunables(input_file_bytes(argc, argv), e);
        if (!tunables) return;
        const std::string marker = e.tunables ? "=" + *e.tunables : "-";
        if (setenv(kMarker, marker.c_str(), 1) == 0) setenv("GLIBC_TUNABLES", tunables->c_str(), 1);
    }
}

void restore_user_environment() {
    const auto marker = env(kMarker);
    if (!marker) return;
    if (marker->rfind("=", 0) == 0)
        setenv("GLIBC_TUNABLES", marker->c_str() + 1, 1);
    else
        unsetenv("GLIBC_TUNABLES");
    unsetenv(kMarker);
}

bool heap_on_huge_pages() {
    std::ifstream f("/proc/self/smaps");
    for (std::string line; std::getline(f, line);)
        if (line.rfind("VmFlags:", 0) == 0 && (line + " ").find(" hg ") != std::string::npos) return true;
    return false;
}

} // namespace entente::app
