#include "heap_pages.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace entente::app {

namespace {

constexpr std::uint64_t kMinInputBytes = std::uint64_t{16} << 20;
constexpr std::string_view kTunable = "glibc.malloc.hugetlb=1";

// A sanitizer's allocator ignores glibc's tunables, and glibc before 2.35 has no such tunable.
constexpr bool glibc_has_tunable() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
    return false;
#endif
#endif
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
    return true;
#else
    return false;
#endif
}

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

} // namespace

std::optional<std::string> huge_page_tunables(std::uint64_t input_bytes, const HeapEnvironment& e) {
    if (e.tunables && e.tunables->find("glibc.malloc.hugetlb=") != std::string::npos) return std::nullopt;
    if (e.setting == "0") return std::nullopt;
    if (e.setting != "1") {
        // "[never]" is the kernel refusing huge pages to every process; no file, no transparent huge pages.
        if (e.thp_enabled.empty() || e.thp_enabled.find("[never]") != std::string::npos) return std::nullopt;
        if (input_bytes < kMinInputBytes) return std::nullopt;
    }
    std::string t = e.tunables ? *e.tunables : std::string();
    auto add = [&t](const std::string& tunable) {
        if (!t.empty()) t += ':';
        t += tunable;
    };
    add(std::string(kTunable));
    if (t.find("glibc.malloc.arena_max=") == std::string::npos)
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

void restart_with_huge_pages_if_worth_it(int argc, char** argv) {
    if constexpr (!glibc_has_tunable()) {
        return;
    } else {
        HeapEnvironment e;
        e.setting = env("ENTENTE_HUGE_PAGES");
        e.tunables = env("GLIBC_TUNABLES");
        e.cores = std::thread::hardware_concurrency();
        if (std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled"); f) {
            std::stringstream ss;
            ss << f.rdbuf();
            e.thp_enabled = ss.str();
        }
        // The file sizes are read only when the rest allows a restart: most commands stop at the first test.
        if (!huge_page_tunables(kMinInputBytes, e)) return;
        const auto tunables = huge_page_tunables(input_file_bytes(argc, argv), e);
        if (!tunables) return;
        if (setenv("GLIBC_TUNABLES", tunables->c_str(), 1) != 0) return;
        execv("/proc/self/exe", argv);
        // The restart failed (no /proc, say): run as we are, with the user's environment as it was.
        if (e.tunables)
            setenv("GLIBC_TUNABLES", e.tunables->c_str(), 1);
        else
            unsetenv("GLIBC_TUNABLES");
    }
}

bool heap_on_huge_pages() {
    const char* t = std::getenv("GLIBC_TUNABLES");
    return glibc_has_tunable() && t && std::string_view(t).find(kTunable) != std::string_view::npos;
}

} // namespace entente::app
