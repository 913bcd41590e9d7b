// The heap on 2 MiB pages for commands given large inputs.
//
// Loading and drawing millions of features touches hundreds of megabytes of fresh heap; with 4 KiB pages each
// first touch is a page fault, and in a virtual machine a fault costs microseconds (a sixth of a render's CPU
// went to them; docs/PERFORMANCE.md). glibc puts its heap on transparent huge pages when the tunable
// glibc.malloc.hugetlb=1 is set, but it reads tunables only when a process starts, so a command whose input
// files add up to 16 MiB or more starts itself once more with it set. Small commands (the basemap, the demo,
// a slide) skip the restart, whose cost is a second dynamic link (about 0.08 s). Each malloc arena's partly
// used 2 MiB pages are resident in full, so the restart also caps the arenas at one per core, at least two
// (glibc's default is eight per core): at 4096² that keeps `entente render` under Mapnik's memory. One arena
// is too few: two threads allocating at once then wait on its lock (a GeoJSON export took 4x as long).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace entente::app {

// What the environment says, read once: ENTENTE_HUGE_PAGES ("0" never, "1" always, unset or anything else:
// by input size), GLIBC_TUNABLES as the user set it, and the kernel's transparent-huge-page mode (the text of
// /sys/kernel/mm/transparent_hugepage/enabled, empty where there is none).
struct HeapEnvironment {
    std::optional<std::string> setting;
    std::optional<std::string> tunables;
    std::string thp_enabled;
    unsigned cores = 1;
};

// The GLIBC_TUNABLES value to restart with, or nothing to go on as is. A tunables value that already names
// glibc.malloc.hugetlb is the user's choice (or the restart's own) and is kept, and so is one that names
// glibc.malloc.arena_max.
std::optional<std::string> huge_page_tunables(std::uint64_t input_bytes, const HeapEnvironment& env);

// The bytes of the command line's arguments that name regular files (argv[0] excluded).
std::uint64_t input_file_bytes(int argc, char** argv);

// Restarts this process with the tunable when huge_page_tunables says so; returns when it does not (or when
// the restart failed: the command then runs as before).
void restart_with_huge_pages_if_worth_it(int argc, char** argv);

// Whether this process's heap was asked for huge pages (the tunable is set), for `entente load`'s report.
bool heap_on_huge_pages();

} // namespace entente::app
