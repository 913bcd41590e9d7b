// Huge heap pages as a user meets them: `entente load` of a file of 16 MiB or more runs with its heap on huge
// pages (the kernel's flag on the heap's mappings, read by the program itself), a smaller file does not,
// ENTENTE_HUGE_PAGES and the user's own GLIBC_TUNABLES win, the program reads its arguments, loads and
// reports exactly as without, and a launcher copied elsewhere still starts the program it was built with.
#include "cli/heap_pages.hpp"
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using cli_test::run;
namespace fs = std::filesystem;

namespace {

// The test is built as the binary is: a sanitizer's allocator ignores glibc's tunables.
constexpr bool kGlibcMalloc = entente::app::kGlibcTunablesApply;

struct Scratch {
    fs::path dir = fs::path(ENTENTE_CLI_OUT) / ("heap-" + std::to_string(getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    // Three points, then blanks up to `bytes`: JSON allows trailing white space, so the file loads in
    // moments.
    std::string padded_geojson(const std::string& name, std::uint64_t bytes) const {
        const std::string path = (dir / name).string();
        std::ofstream f(path, std::ios::binary);
        const std::string body =
            R"({"type":"FeatureCollection","features":[)"
            R"({"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[1,2]}},)"
            R"({"type":"Feature","properties":{"n":2},"geometry":{"type":"Point","coordinates":[3,4]}},)"
            R"({"type":"Feature","properties":{"n":3},"geometry":{"type":"Point","coordinates":[5,6]}}]})";
        f << body << std::string(bytes - body.size(), ' ');
        return path;
    }
};

// Whether glibc acts on the tunable here: its own allocator, and the kernel in "madvise" mode.
bool glibc_takes_huge_pages() {
    std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string mode;
    std::getline(f, mode);
    return kGlibcMalloc && mode.find("[madvise]") != std::string::npos;
}

nlohmann::json load(const std::string& file, const std::string& env = "") {
    // The environment ctest runs in must not decide for the test.
    const auto r =
        run({"load", file},
            "env -u GLIBC_TUNABLES -u ENTENTE_HUGE_PAGES -u MALLOC_ARENA_MAX -u ENTENTE_HEAP_RESTART " + env +
                " ");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["features"] == 3);
    CHECK(j[0]["warnings"].empty());
    return j[0];
}

} // namespace

TEST_CASE("a file of 16 MiB or more loads with the heap on huge pages, a smaller one without") {
    const std::uint64_t MiB = std::uint64_t{1} << 20;
    const Scratch s;
    const std::string big = s.padded_geojson("big.geojson", 16 * MiB),
                      small = s.padded_geojson("small.geojson", 15 * MiB);
    const bool possible = glibc_takes_huge_pages();
    CHECK(load(big)["huge_pages"] == possible);
    CHECK(load(small)["huge_pages"] == false);
    // The user decides: 0 never, 1 always; tunables of their own that name the huge-page setting are kept.
    CHECK(load(big, "ENTENTE_HUGE_PAGES=0")["huge_pages"] == false);
    CHECK(load(small, "ENTENTE_HUGE_PAGES=1")["huge_pages"] == possible);
    CHECK(load(big, "GLIBC_TUNABLES=glibc.malloc.hugetlb=0")["huge_pages"] == false);
    // The program has the launcher's arguments: the same file, the same report.
    const auto a = load(big, "ENTENTE_HUGE_PAGES=1"), b = load(big, "ENTENTE_HUGE_PAGES=0");
    CHECK(a["file"] == b["file"]);
    CHECK(a["reader"] == b["reader"]);
    CHECK(a["vertices"] == b["vertices"]);
}

TEST_CASE("a copy of the launcher elsewhere starts the program it was built with") {
    const Scratch s;
    const fs::path copy = s.dir / "entente";
    fs::copy_file(ENTENTE_BIN, copy);
    const std::string cmd = cli_test::quote(copy.string()) + " --version > " +
                            cli_test::quote((s.dir / "out.txt").string()) + " 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(cli_test::slurp((s.dir / "out.txt").string()).find("entente 0.1.0") != std::string::npos);
}
