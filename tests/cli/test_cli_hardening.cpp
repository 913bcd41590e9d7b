// `entente export` and `entente edit` against hostile requests, as a user meets them: releasability that is
// refused rather than opened, output targets that are not files, operations files nested too deep. Each
// refusal has its exit code and a message naming the input and the reason; nothing is written.
#include "cli_run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using cli_test::run;
namespace fs = std::filesystem;

namespace {
const std::string kDemo = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg";
fs::path dir() {
    const fs::path d = fs::path(ENTENTE_CLI_OUT) / ("hardening-" + std::to_string(getpid()));
    fs::create_directories(d);
    return d;
}
} // namespace

TEST_CASE("export refuses blank, unknown and non-file requests with their exit codes, writing nothing") {
    const std::string out = (dir() / "x.geojson").string();
    struct Case {
        std::vector<std::string> args;
        int code;
        const char* says;
    };
    const Case cases[] = {
        {{"--releasable-to", "", "-o", out}, 6, "an empty recipient would release everything"},
        {{"--releasable-to", "   ", "-o", out}, 6, "an empty recipient"},
        {{"--releasable-to", "\xC2\xA0", "-o", out}, 6, "an empty recipient"},
        {{"--releasable-to", "NOT A NATION", "-o", out}, 3, "unknown recipient"},
        {{"-o", "/dev/null", "--format", "geojson"}, 6, "character device, not a regular file"},
        {{"-o", dir().string(), "--format", "csv"}, 6, "it is a directory"},
        {{"-o", (dir() / "no" / "such" / "x.geojson").string()}, 3, "no such directory"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"export", kDemo};
        args.insert(args.end(), c.args.begin(), c.args.end());
        INFO(args[2] << " '" << args[3] << "'");
        fs::remove(out);
        const auto r = run(args);
        CHECK(r.code == c.code);
        CHECK(r.err.find(c.says) != std::string::npos);
        CHECK_FALSE(fs::exists(out));
    }
    struct stat st {};
    REQUIRE(::stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK_FALSE(fs::exists(dir().string() + ".part"));
}

TEST_CASE("export to a blank-padded un is export to UN, and the earlier file is replaced whole") {
    const std::string out = (dir() / "un.geojson").string();
    std::ofstream(out) << "earlier";
    const auto spaced = run({"export", kDemo, "--releasable-to", " un ", "-o", out});
    REQUIRE(spaced.code == 0);
    std::ifstream f(out);
    const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    CHECK(text.find("\"recipient\": \"UN\"") != std::string::npos);
    CHECK(text.find("earlier") == std::string::npos);
    for (const auto& e : fs::directory_iterator(dir()))
        CHECK(e.path().filename().string().rfind(".~", 0) != 0); // no temporary left
}

TEST_CASE("edit refuses an operations file of 100k nested groups (it crashed) and leaves the mission") {
    const fs::path ops = dir() / "deep.json", mission = dir() / "deep.entente.gpkg";
    {
        std::ofstream o(ops);
        for (int i = 0; i < 100000; ++i)
            o << "{\"op\":\"group\",\"ops\":[";
        for (int i = 0; i < 100000; ++i)
            o << "]}";
    }
    fs::remove(mission);
    const auto r = run({"edit", mission.string(), "--apply", ops.string()});
    CHECK(r.code == 7);
    CHECK(r.err.find(ops.string()) != std::string::npos);
    CHECK(r.err.find("64 levels") != std::string::npos);
    CHECK_FALSE(fs::exists(mission));
}

TEST_CASE("a layer exports to CSV as one file with its header and rows, through the same safe write") {
    const std::string out = (dir() / "points.csv").string();
    const auto r = run({"export", std::string(ENTENTE_TEST_DATA) + "/points.geojson", "-o", out});
    REQUIRE(r.code == 0);
    std::ifstream f(out);
    std::string header;
    std::getline(f, header);
    CHECK(header.rfind("X,Y,", 0) == 0);
    size_t rows = 0;
    for (std::string l; std::getline(f, l);)
        rows += !l.empty();
    CHECK(rows == 5);
}
