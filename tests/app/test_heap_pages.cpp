// When the launcher gives a command's heap 2 MiB pages (app/cli/heap_pages.hpp): the decision as a table of
// inputs, environment and kernel modes. The effect is checked through the binary in tests/cli.
#include "cli/heap_pages.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using entente::app::HeapEnvironment;
using entente::app::huge_page_tunables;

namespace {
constexpr std::uint64_t MiB = std::uint64_t{1} << 20;
const std::string kMadvise = "always [madvise] never\n";
} // namespace

TEST_CASE("large inputs get huge pages and an arena a core, small ones and a refusing kernel do not") {
    struct Case {
        const char* what;
        std::uint64_t bytes;
        std::optional<std::string> setting, tunables;
        std::string thp;
        unsigned cores;
        std::optional<std::string> expect;
        bool user_arena_max = false;
    };
    const Case cases[] = {
        {"16 MiB of input, madvise mode",
         16 * MiB,
         {},
         {},
         kMadvise,
         2,
         "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2"},
        {"one byte under 16 MiB", 16 * MiB - 1, {}, {}, kMadvise, 2, {}},
        {"no input files", 0, {}, {}, kMadvise, 2, {}},
        {"THP always: the kernel gives huge pages unasked, glibc ignores the tunable",
         100 * MiB,
         {},
         {},
         "[always] madvise never\n",
         8,
         {}},
        {"eight cores, eight arenas",
         100 * MiB,
         {},
         {},
         kMadvise,
         8,
         "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=8"},
        {"the kernel refuses huge pages", 100 * MiB, {}, {}, "always madvise [never]\n", 2, {}},
        {"no transparent huge pages in this kernel", 100 * MiB, {}, {}, "", 2, {}},
        {"one core still gets two arenas",
         100 * MiB,
         {},
         {},
         kMadvise,
         1,
         "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2"},
        {"ENTENTE_HUGE_PAGES=0 on a large input", 100 * MiB, "0", {}, kMadvise, 2, {}},
        {"ENTENTE_HUGE_PAGES=1 on no input, even where the kernel is unknown",
         0,
         "1",
         {},
         "",
         2,
         "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2"},
        {"the user's other tunables are kept",
         100 * MiB,
         {},
         "glibc.malloc.check=3",
         kMadvise,
         2,
         "glibc.malloc.check=3:glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2"},
        {"the user's arena count is kept",
         100 * MiB,
         {},
         "glibc.malloc.arena_max=6",
         kMadvise,
         2,
         "glibc.malloc.arena_max=6:glibc.malloc.hugetlb=1"},
        {"the user's MALLOC_ARENA_MAX is kept",
         100 * MiB,
         {},
         {},
         kMadvise,
         2,
         "glibc.malloc.hugetlb=1",
         true},
        {"the user chose no huge pages", 100 * MiB, "1", "glibc.malloc.hugetlb=0", kMadvise, 2, {}},
        {"already set by the launcher",
         100 * MiB,
         {},
         "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2",
         kMadvise,
         2,
         {}},
        {"an empty tunables value",
         100 * MiB,
         {},
         "",
         kMadvise,
         2,
         "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        HeapEnvironment e;
        e.setting = c.setting;
        e.tunables = c.tunables;
        e.thp_enabled = c.thp;
        e.cores = c.cores;
        e.user_arena_max = c.user_arena_max;
        CHECK(huge_page_tunables(c.bytes, e) == c.expect);
    }
}
