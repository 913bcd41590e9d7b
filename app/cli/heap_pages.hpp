// The heap on 2 MiB pages for commands given large inputs.
//
// Loading and drawing millions of features touches hundreds of megabytes of fresh heap; with 4 KiB pages each
// first touch is a page fault, and in a virtual machine a fault costs microseconds (a sixth to a third of a
// large command's CPU; docs/PERFORMANCE.md). glibc puts its heap on transparent huge pages when the tunable
// glibc.malloc.hugetlb=1 is set and the kernel's mode is "madvise" (in "always" mode the kernel does so
// unasked), but it reads tunables only when a process starts. So `entente` is a small launcher
// (app/launch.cpp, linking nothing but this file) that sets the tunable when the positional arguments name
// files adding up to 16 MiB or more (folders, archives' contents and `--option=FILE` are not counted), then
// starts the program (app/main.cpp, `entente-app`) in the same process. Deciding in the program itself would
// mean starting it twice, a second dynamic link of 127 libraries (0.08 s). Small commands (the basemap, the
// demo, a slide) keep 4 KiB pages. Each malloc arena's partly used 2 MiB pages are resident in full, so the
// launcher also caps the arenas at one per core, at least two (glibc's default is eight per core): at 4096²
// that keeps `entente render` under Mapnik's memory. One arena is too few: two threads allocating at once
// then wait on its lock (a GeoJSON export took four times as long).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

// A sanitizer's allocator replaces glibc's and ignores its tunables; glibc before 2.35 has no such tunable.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ENTENTE_OWN_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                                   \
    __has_feature(memory_sanitizer) || __has_feature(hwaddress_sanitizer)
#define ENTENTE_OWN_MALLOC 0
#endif
#endif
#if !defined(ENTENTE_OWN_MALLOC)
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
#define ENTENTE_OWN_MALLOC 1
#else
#define ENTENTE_OWN_MALLOC 0
#endif
#endif

namespace entente::app {

// Whether glibc's malloc tunables apply to this build (neither a sanitizer's allocator nor an old glibc).
inline constexpr bool kGlibcTunablesApply = ENTENTE_OWN_MALLOC == 1;

// What the environment says, read once: ENTENTE_HUGE_PAGES ("0" never, "1" always, unset or anything else:
// by input size), GLIBC_TUNABLES and MALLOC_ARENA_MAX as the user set them, and the kernel's
// transparent-huge-page mode (the text of /sys/kernel/mm/transparent_hugepage/enabled, empty where there is
// none).
struct HeapEnvironment {
    std::optional<std::string> setting;
    std::optional<std::string> tunables;
    bool user_arena_max = false;
    std::string thp_enabled;
    unsigned cores = 1;
};

// The GLIBC_TUNABLES value to start the program with, or nothing to leave them as they are. The user's own
// choices stay: tunables that name glibc.malloc.hugetlb are left alone, and an arena count set either way is
// kept.
std::optional<std::string> huge_page_tunables(std::uint64_t input_bytes, const HeapEnvironment& env);

// The bytes of the command line's arguments that name regular files (argv[0] excluded).
std::uint64_t input_file_bytes(int argc, char** argv);

// The launcher: sets GLIBC_TUNABLES for the program when huge_page_tunables says so, and a marker holding the
// user's own value. Nothing is set in a sanitizer build (its allocator ignores the tunables) or a
// secure-execution process (setuid, capabilities: glibc drops them).
void prepare_heap_environment(int argc, char** argv);

// The program, first thing: puts the user's GLIBC_TUNABLES back (glibc has read them by then), so that
// nothing the program starts inherits the launcher's.
void restore_user_environment();

// Whether glibc put this process's heap on huge pages: a mapping of it carries the kernel's "hg" flag
// (MADV_HUGEPAGE), read from /proc/self/smaps. For `entente load`'s report.
bool heap_on_huge_pages();

} // namespace entente::app
