// The restart onto 2 MiB heap pages as a user meets it: `entente load` of a file of 16 MiB or more runs with
// glibc's huge-page tunable, a smaller file does not, ENTENTE_HUGE_PAGES and the user's own GLIBC_TUNABLES
// win, and the restarted process reads its arguments, loads and reports exactly as without the restart.
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using cli_test::run;
namespace fs = std::filesystem;

namespace {

fs::path dir() {
    const fs::path d = fs::path(ENTENTE_CLI_OUT) / ("heap-" + std::to_string(getpid()));
    fs::create_directories(d);
    return d;
}

// Three points, then blanks up to `bytes`: JSON allows trailing white space, so the file loads in moments.
std::string padded_geojson(const std::string& name, std::uint64_t bytes) {
    const std::string path = (dir() / name).string();
    std::ofstream f(path, std::ios::binary);
    const std::string body =
        R"({"type":"FeatureCollection","features":[)"
        R"({"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[1,2]}},)"
        R"({"type":"Feature","properties":{"n":2},"geometry":{"type":"Point","coordinates":[3,4]}},)"
        R"({"type":"Feature","properties":{"n":3},"geometry":{"type":"Point","coordinates":[5,6]}}]})";
    f << body;
    f << std::string(bytes - body.size(), ' ');
    return path;
}

// Whether this machine can take the restart at all: glibc's allocator (not a sanitizer's) and a kernel that
// does not refuse transparent huge pages.
bool restart_possible() {
    if (std::getenv("ENTENTE_SANITIZED")) return false;
    std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string mode;
    std::getline(f, mode);
    return f && mode.find("[never]") == std::string::npos;
}

nlohmann::json load(const std::string& file, const std::string& env = "") {
    // GLIBC_TUNABLES is cleared so that the environment ctest runs in cannot decide for the test.
    const auto r = run({"load", file}, "env -u GLIBC_TUNABLES " + env + " ");
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
    const std::string big = padded_geojson("big.geojson", 16 * MiB),
                      small = padded_geojson("small.geojson", 15 * MiB);
    const bool possible = restart_possible();
    CHECK(load(big)["huge_pages"] == possible);
    CHECK(load(small)["huge_pages"] == false);
    // The user decides: 0 never, 1 always; tunables of their own that name the huge-page setting are kept.
    CHECK(load(big, "ENTENTE_HUGE_PAGES=0")["huge_pages"] == false);
    CHECK(load(small, "ENTENTE_HUGE_PAGES=1")["huge_pages"] == !std::getenv("ENTENTE_SANITIZED"));
    CHECK(load(big, "GLIBC_TUNABLES=glibc.malloc.hugetlb=0")["huge_pages"] == false);
    // The restarted process has the same arguments: the same file, the same report.
    const auto a = load(big, "ENTENTE_HUGE_PAGES=1"), b = load(big, "ENTENTE_HUGE_PAGES=0");
    CHECK(a["file"] == b["file"]);
    CHECK(a["reader"] == b["reader"]);
    CHECK(a["vertices"] == b["vertices"]);
    fs::remove_all(dir());
}
