// Exit codes a script can act on without reading stderr: a missing file, a file that is not geodata, a
// damaged one, a mission file refused for safety and a value out of range each exit with their own code
// (documented in `entente --help`), and still print one line naming the input.
#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using cli_test::Result;
using cli_test::run;
namespace fs = std::filesystem;

namespace {

constexpr int kFailed = 1, kUsage = 2, kNotFound = 3, kUnsupported = 4, kCorrupt = 5, kRefused = 6,
              kOutOfRange = 7;

const std::string kDemo = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg";

std::string data(const std::string& name) {
    return std::string(ENTENTE_TEST_DATA) + "/" + name;
}

std::string scratch(const std::string& name) {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / ("exit-" + std::to_string(getpid()));
    fs::create_directories(dir);
    fs::remove(dir / name);
    return (dir / name).string();
}

} // namespace

TEST_CASE("reading a bad file exits with a code for what is wrong with it") {
    struct Case {
        const char* file;
        int code;
    };
    for (const Case c : {Case{"no_such_file.geojson", kNotFound}, Case{"not_geo.txt", kUnsupported},
                         Case{"corrupt.geojson", kCorrupt}, Case{"corrupt.tif", kCorrupt}}) {
        for (const char* cmd : {"info", "render"}) {
            std::vector<std::string> args{cmd, data(c.file)};
            if (std::string(cmd) == "render")
                args.insert(args.end(), {"--size", "64x64", "-o", scratch("x.png")});
            const Result r = run(args);
            INFO(cmd << " " << c.file << "\nstderr: " << r.err);
            CHECK(r.code == c.code);
            REQUIRE(r.err_lines().size() == 1);
            CHECK(r.err.find(data(c.file)) != std::string::npos);
        }
    }
}

TEST_CASE("a value out of range exits with its own code, a malformed one is a usage error") {
    const std::string png = scratch("range.png");
    auto render = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"render", data("points.geojson"), "-o", png};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    };
    CHECK(render({"--bbox", "0,0,200,10"}).code == kOutOfRange); // longitude beyond 180
    CHECK(render({"--bbox", "0,-95,10,10"}).code == kOutOfRange);
    CHECK(render({"--size", "0x10"}).code == kOutOfRange);
    CHECK(render({"--size", "20000x100"}).code == kOutOfRange);
    CHECK(render({"--size", "big"}).code == kUsage);
    CHECK(render({"--bbox", "1,2,3"}).code == kUsage);
    CHECK_FALSE(fs::exists(png));
    // A phase number beyond the mission's phases.
    const Result p = run({"export", kDemo, "--phase", "9", "-o", scratch("x.geojson")});
    CHECK(p.code == kOutOfRange);
    CHECK(p.err.find("--phase 9") != std::string::npos);
}

TEST_CASE("mission commands exit with the same codes") {
    const std::string missing = scratch("missing.entente.gpkg");
    CHECK(run({"validate", missing}).code == kNotFound);
    CHECK(run({"export", missing, "-o", scratch("m.geojson")}).code == kNotFound);
    CHECK(run({"brief", missing, "-o", scratch("m.pdf")}).code == kNotFound);
    // A missing operations file for `entente edit`.
    CHECK(run({"edit", scratch("new.entente.gpkg"), "--apply", scratch("no-ops.json")}).code == kNotFound);

    // A mission file with a view (a way to smuggle queries into a trusted tool) is refused for safety.
    const std::string hostile = scratch("hostile.entente.gpkg");
    fs::copy_file(kDemo, hostile);
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(hostile.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    REQUIRE(ds);
    ds->ExecuteSQL("CREATE VIEW leak AS SELECT * FROM entente_units", nullptr, nullptr);
    ds.reset();
    const Result v = run({"validate", hostile});
    CHECK(v.code == kRefused);
    CHECK(v.err.find("view 'leak'") != std::string::npos);
    CHECK(run({"export", hostile, "-o", scratch("h.geojson")}).code == kRefused);

    // A plan with errors is a plain failure, not an input error.
    const std::string ops = scratch("orphan.json");
    std::ofstream(ops)
        << R"J({"op": "add_unit", "unit": {"id": "orphan", "parent": "nobody", "position": [1, 1]}})J";
    const std::string plan = scratch("plan.entente.gpkg");
    REQUIRE(run({"edit", plan, "--apply", ops}).code == 0);
    CHECK(run({"validate", plan}).code == kFailed);
}

TEST_CASE("entente --help lists the exit codes") {
    const Result r = run({"--help"});
    CHECK(r.code == 0);
    for (const char* line :
         {"3 not found", "4 unsupported", "5 corrupt", "6 refused for safety", "7 out of range"})
        CHECK(r.out.find(line) != std::string::npos);
}
