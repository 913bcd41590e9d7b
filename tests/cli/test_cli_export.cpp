// `entente export` and `entente import` as a staff officer runs them: overlays for partners, what was
// withheld and why, and clear refusals.
#include "cli_run.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <regex>

using cli_test::run;
namespace fs = std::filesystem;

namespace {
const std::string kDemo = std::string(ENTENTE_TEST_DATA) + "/../../assets/demo/shared_shield.entente.gpkg";
std::string out(const std::string& name) {
    const fs::path d = fs::path(ENTENTE_CLI_OUT) / ("export-" + std::to_string(getpid()));
    fs::create_directories(d);
    return (d / name).string();
}
// stdout and stderr of a shell command (zipinfo, ogrinfo: the tools a partner checks a file with).
std::string sh(const std::string& cmd) {
    std::string o;
    if (FILE* p = popen((cmd + " 2>&1").c_str(), "r")) {
        char buf[4096];
        for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;)
            o.append(buf, n);
        pclose(p);
    }
    return o;
}
} // namespace

TEST_CASE("entente export writes a KMZ overlay and says how many features") {
    const auto r = run({"export", kDemo, "--format", "kmz", "-o", out("demo.kmz")});
    CHECK(r.code == 0);
    CHECK(r.out.find("exported") != std::string::npos);
    CHECK(fs::file_size(out("demo.kmz")) > 1000);
}

TEST_CASE("entente export for a recipient lists what it withheld and why") {
    // The demonstration mission is releasable to UN and AU: NATO gets nothing (refused, see below), Ghana (in
    // both) everything.
    const auto gha =
        run({"export", kDemo, "--releasable-to", "GHA", "--phase", "2", "-o", out("gha.geojson")});
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

TEST_CASE("entente export takes the format from the output file's extension") {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"plan.geojson", "geojson"}, {"plan.json", "geojson"}, {"plan.kml", "kml"},     {"plan.KMZ", "kmz"},
        {"plan.gpkg", "gpkg"},       {"plan.cot", "cot"},      {"plan.cot.xml", "cot"}, {"plan.csv", "csv"}};
    for (const auto& [name, format] : cases) {
        const std::string o = out(name);
        fs::remove(o);
        const auto r = run({"export", kDemo, "-o", o});
        INFO(name << ": " << r.err);
        CHECK(r.code == 0);
        CHECK(r.out.find("(" + format) != std::string::npos);
        REQUIRE(fs::exists(o));
    }
    // What is inside is what the extension says: the issue was GeoJSON written into a .kml file.
    const std::string kml = cli_test::slurp(out("plan.kml"));
    CHECK(kml.rfind("<?xml", 0) == 0);
    CHECK(kml.find("<kml xmlns=\"http://www.opengis.net/kml/2.2\">") != std::string::npos);
    CHECK(cli_test::slurp(out("plan.geojson")).rfind("{", 0) == 0);
    CHECK(cli_test::slurp(out("plan.KMZ")).rfind("PK\x03\x04", 0) == 0);
    // With --format and no extension, the format given is written.
    const auto bare = run({"export", kDemo, "--format", "kml", "-o", out("plan-no-extension")});
    CHECK(bare.code == 0);
    CHECK(cli_test::slurp(out("plan-no-extension")).rfind("<?xml", 0) == 0);
}

TEST_CASE("entente export refuses a --format the extension contradicts, and an extension it cannot place") {
    const std::string kml = out("mismatch.kml");
    fs::remove(kml);
    const auto r = run({"export", kDemo, "--format", "geojson", "-o", kml});
    CHECK(r.code == 2);
    CHECK(r.err.find("--format geojson") != std::string::npos);
    CHECK(r.err.find(".kml") != std::string::npos);
    CHECK_FALSE(fs::exists(kml)); // nothing written
    const auto kmz = run({"export", kDemo, "--format", "kmz", "-o", out("mismatch.kml")});
    CHECK(kmz.code == 2);
    CHECK(kmz.err.find("--format kmz") != std::string::npos);
    const std::string txt = out("plan.txt");
    const auto unknown = run({"export", kDemo, "-o", txt});
    CHECK(unknown.code == 2);
    CHECK(unknown.err.find(".txt") != std::string::npos);
    CHECK(unknown.err.find("--format") != std::string::npos);
    CHECK_FALSE(fs::exists(txt));
    const auto given = run({"export", kDemo, "--format", "kml", "-o", txt});
    CHECK(given.code == 2);
    CHECK(given.err.find("--format kml") != std::string::npos);
    CHECK(given.err.find(".txt") != std::string::npos);
    // The same rule for any other vector file.
    const auto layer = run(
        {"export", std::string(ENTENTE_TEST_DATA) + "/polygons.shp", "--format", "csv", "-o", out("p.kml")});
    CHECK(layer.code == 2);
}

TEST_CASE("an export in which releasability withholds everything is refused, unless --allow-empty") {
    // The demonstration mission is releasable to UN and AU only: NATO would receive an empty overlay.
    const std::string o = out("nato.geojson");
    fs::remove(o);
    const auto nato = run({"export", kDemo, "--releasable-to", "NATO", "-o", o});
    CHECK(nato.code == 6); // refused (see entente --help)
    CHECK(nato.err.find("nothing to export to NATO") != std::string::npos);
    CHECK(nato.err.find("--allow-empty") != std::string::npos);
    CHECK(nato.err.find("does not include NATO") != std::string::npos); // the reasons, on stderr
    CHECK_FALSE(fs::exists(o));                                         // nothing written
    // An older file of that name is left alone.
    std::ofstream(o) << "older";
    CHECK(run({"export", kDemo, "--releasable-to", "NATO", "-o", o}).code == 6);
    CHECK(cli_test::slurp(o) == "older");
    const auto empty = run({"export", kDemo, "--releasable-to", "NATO", "--allow-empty", "-o", o});
    CHECK(empty.code == 0);
    CHECK(empty.out.find("exported 0 feature") != std::string::npos);
    CHECK(empty.out.find("does not include NATO") != std::string::npos);
    CHECK(cli_test::slurp(o).find("FeatureCollection") != std::string::npos);
    const auto help = run({"--help"});
    CHECK(help.out.find("releasability withholds everything") != std::string::npos);
}

TEST_CASE("plain KML says on stderr that unit symbols need KMZ, whose zip entries are validly dated") {
    const auto kml = run({"export", kDemo, "-o", out("pins.kml")});
    CHECK(kml.code == 0);
    CHECK(kml.err.find("--format kmz") != std::string::npos);
    const std::string kmz = out("dated.kmz");
    const std::time_t before = std::time(nullptr);
    const auto r = run({"export", kDemo, "-o", kmz});
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    // zipinfo -T: one line per entry with its date as yyyymmdd.hhmmss; all of them today's (the export's).
    char today[16];
    std::tm tm{};
    localtime_r(&before, &tm);
    std::strftime(today, sizeof today, "%Y%m%d", &tm);
    const std::string info = sh("zipinfo -T " + cli_test::quote(kmz));
    INFO(info);
    const std::regex entry(R"(\s(\d{8})\.(\d{6})\s+(\S+)\n)");
    size_t entries = 0;
    bool doc_first = false;
    for (auto it = std::sregex_iterator(info.begin(), info.end(), entry); it != std::sregex_iterator();
         ++it) {
        if (entries == 0) doc_first = (*it)[3] == "doc.kml";
        ++entries;
        CHECK((*it)[1] == std::string(today));
    }
    CHECK(entries > 5);
    CHECK(doc_first);
    CHECK(sh("unzip -tq " + cli_test::quote(kmz)).find("No errors detected") != std::string::npos);
    // GDAL reads the KML inside through /vsizip/: a layer per phase, all 15 units in phase 1.
    const std::string og = sh("ogrinfo -ro -al -so " + cli_test::quote("/vsizip/" + kmz + "/doc.kml"));
    INFO(og);
    CHECK(og.find("Layer name: Phase 1") != std::string::npos);
    CHECK(og.find("Feature Count:") != std::string::npos);
    CHECK(og.find("ERROR") == std::string::npos);
}
