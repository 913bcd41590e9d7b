// `entente export` and `entente import` as a staff officer runs them: overlays for partners, what was withheld
// and why, and clear refusals.
#include "cli_run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using cli_test::run;
namespace fs = std::filesystem;

namespace {
const std::string kDemo = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg";
std::string out(const std::string& name) {
    const fs::path d = fs::path(ENTENTE_CLI_OUT) / ("export-" + std::to_string(getpid()));
    fs::create_directories(d);
    return (d / name).string();
}
} // namespace

TEST_CASE("entente export writes a KMZ overlay and says how many features") {
    const auto r = run({"export", kDemo, "--format", "kmz", "-o", out("demo.kmz")});
    CHECK(r.code == 0);
    CHECK(r.out.find("exported") != std::string::npos);
    CHECK(fs::file_size(out("demo.kmz")) > 1000);
}

TEST_CASE("entente export for a recipient lists what it withheld and why") {
    // The demonstration mission is releasable to UN and AU: NATO gets nothing, Ghana (in both) everything.
    const auto nato = run({"export", kDemo, "--releasable-to", "NATO", "-o", out("nato.geojson")});
    CHECK(nato.code == 0);
    CHECK(nato.out.find("exported 0 feature") != std::string::npos);
    CHECK(nato.out.find("withheld") != std::string::npos);
    CHECK(nato.out.find("does not include NATO") != std::string::npos);
    const auto gha = run({"export", kDemo, "--releasable-to", "GHA", "--phase", "2", "-o", out("gha.geojson")});
    CHECK(gha.code == 0);
    CHECK(gha.out.find("withheld") == std::string::npos);
}

TEST_CASE("entente export refuses an unknown format and a phase the mission lacks") {
    const auto f = run({"export", kDemo, "--format", "shp", "-o", out("x.shp")});
    CHECK(f.code != 0);
    CHECK(f.err.find("shp") != std::string::npos);
    const auto p = run({"export", kDemo, "--phase", "9", "-o", out("x.geojson")});
    CHECK(p.code != 0);
    CHECK(p.err.find("--phase 9") != std::string::npos);
}

TEST_CASE("entente import makes a mission from an exported overlay") {
    REQUIRE(run({"export", kDemo, "-o", out("all.geojson")}).code == 0);
    const std::string mission = out("reimported.entente.gpkg");
    fs::remove(mission);
    const auto r = run({"import", out("all.geojson"), "-o", mission});
    CHECK(r.code == 0);
    CHECK(r.out.find("imported 15 unit(s) and 20 control measure(s)") != std::string::npos);
    const auto v = run({"validate", mission});
    CHECK(v.err.find("cannot") == std::string::npos);
}

TEST_CASE("entente import of its own export keeps the mission: name, releasability, D-day, phases, slides") {
    // What the demonstration mission releases to UN, as the summary line says it ("exported N feature(s) of
    // NAME to"), before and after a round trip through each format.
    auto summary = [](const std::string& text) { return text.substr(0, text.find(" to ")); };
    const auto before = run({"export", kDemo, "--releasable-to", "UN", "-o", out("un-before.geojson")});
    REQUIRE(before.code == 0);
    CHECK(before.out.find("withheld") == std::string::npos);
    for (const char* ext : {"geojson", "gpkg", "kml", "kmz"}) {
        INFO(ext);
        const std::string overlay = out(std::string("rt.") + ext),
                          mission = out(std::string("rt-") + ext + ".entente.gpkg");
        fs::remove(mission);
        REQUIRE(run({"export", kDemo, "--format", ext, "-o", overlay}).code == 0);
        const auto imp = run({"import", overlay, "-o", mission});
        REQUIRE(imp.code == 0);
        CHECK(imp.out.find("imported 15 unit(s) and 20 control measure(s)") != std::string::npos);
        const auto after = run({"export", mission, "--releasable-to", "UN", "-o", out("un-after.geojson")});
        CHECK(after.code == 0);
        CHECK(summary(after.out) == summary(before.out)); // same count, same mission name
        CHECK(after.out.find("withheld") == std::string::npos);
        // Phases and slides came back: phase 3 and slide 6 of the demonstration exist (the slide drawn once:
        // tests/missions/test_round_trip.cpp compares every field of every format's import).
        CHECK(run({"export", mission, "--phase", "3", "-o", out("p3.geojson")}).code == 0);
        if (std::string(ext) == "geojson")
            CHECK(run({"render", mission, "--slide", "6", "--size", "64x48", "-o", out("s6.png")}).code == 0);
    }
}

TEST_CASE("entente brief writes the demonstration briefing as a PDF with a page per slide") {
    const std::string pdf = out("deck.pdf");
    const auto r = run({"brief", kDemo, "-o", pdf, "--size", "640x360", "--scale", "1"});
    CHECK(r.code == 0);
    CHECK(r.out.find("6 pages") != std::string::npos);
    // The PDF's page tree says six pages, each an image page of the slide's 16:9 size.
    const std::string data = cli_test::slurp(pdf);
    CHECK(data.rfind("%PDF-1.4", 0) == 0);
    CHECK(data.find("/Type /Pages /Count 6") != std::string::npos);
    CHECK(data.find("/MediaBox [0 0 960 540]") != std::string::npos);
    CHECK(data.find("%%EOF") != std::string::npos);
    // The frame is vector: the classification banner and the slide titles are PDF text, not pixels.
    CHECK(data.find("(UNCLASSIFIED) Tj") != std::string::npos);
    CHECK(data.find(R"((Phase 2 - Protect \(D+15 to D+90\)) Tj)") !=
          std::string::npos); // parentheses escaped
    CHECK(data.find("/BaseFont /Helvetica") != std::string::npos);
}

TEST_CASE("entente render --slide draws a briefing slide and refuses one that does not exist") {
    const std::string png = out("slide1.png");
    const auto r = run({"render", kDemo, "--slide", "1", "--size", "640x360", "-o", png});
    CHECK(r.code == 0);
    CHECK(fs::file_size(png) > 10000);
    const auto bad = run({"render", kDemo, "--slide", "9", "-o", png});
    CHECK(bad.code != 0);
    CHECK(bad.err.find("--slide 9") != std::string::npos);
}

TEST_CASE("entente export reprojects any loaded vector file to WGS84 for partners") {
    // polygons.shp is in UTM zone 33N; the GeoJSON must hold longitudes and latitudes (RFC 7946).
    const std::string gj = out("polygons.geojson");
    const auto r =
        run({"export", std::string(ENTENTE_TEST_DATA) + "/polygons.shp", "--format", "geojson", "-o", gj});
    CHECK(r.code == 0);
    CHECK(r.out.find("exported 2 feature(s)") != std::string::npos);
    const std::string text = cli_test::slurp(gj);
    CHECK(text.find("[ 15.0, 42.0020155 ]") != std::string::npos);
    CHECK(text.find("\"crs\"") == std::string::npos);
    const auto bad = run(
        {"export", std::string(ENTENTE_TEST_DATA) + "/polygons.shp", "--format", "cot", "-o", out("x.cot")});
    CHECK(bad.code != 0);
    CHECK(bad.err.find("for missions") != std::string::npos);
}
