// KMZ files read by libkml (Google's reference implementation of KML, with its own zip reader): the archive
// opens, its KML is doc.kml, parses without errors, and every icon its styles name is in the archive as a
// PNG.
#include "cli_run.hpp"
#include "missions/export.hpp"
#include "random_mission.hpp"
#include "scene/overlay_export.hpp"

#include <catch2/catch.hpp>
#include <kml/dom.h>
#include <kml/engine.h>

#include <filesystem>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace entente;

namespace {

// Empty when libkml reads the KMZ as described above; else what went wrong.
std::string libkml_problem(const std::string& path) {
    kmlengine::KmzFilePtr kmz(kmlengine::KmzFile::OpenFromFile(path.c_str()));
    if (!kmz) return "libkml cannot open the KMZ";
    std::string kml, kml_path, errors;
    if (!kmz->ReadKmlAndGetPath(&kml, &kml_path)) return "libkml finds no KML in the KMZ";
    if (kml_path != "doc.kml") return "the KML is " + kml_path;
    const kmldom::ElementPtr root = kmldom::Parse(kml, &errors);
    if (!root || !errors.empty()) return "libkml: " + errors;
    std::vector<std::string> listed;
    kmz->List(&listed);
    const std::set<std::string> names(listed.begin(), listed.end());
    static const std::regex href("<href>([^<]*)</href>");
    for (auto it = std::sregex_iterator(kml.begin(), kml.end(), href); it != std::sregex_iterator(); ++it) {
        const std::string h = (*it)[1];
        if (!names.count(h)) return "icon " + h + " is not in the KMZ";
        std::string png;
        if (!kmz->ReadFile(h.c_str(), &png) || png.rfind("\x89PNG\r\n\x1a\n", 0) != 0)
            return h + " is no PNG";
    }
    return "";
}

} // namespace

TEST_CASE("libkml opens the demo mission's KMZ and every random mission's, icons and all") {
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / "kmz-libkml";
    fs::create_directories(dir);
    const std::string demo = (dir / "demo.kmz").string();
    const auto r = cli_test::run({"export", ENTENTE_DEMO_MISSION, "-o", demo});
    REQUIRE(r.code == 0);
    CHECK(libkml_problem(demo) == "");
    std::mt19937 rng(99);
    for (int i = 0; i < 10; ++i) {
        app::ExportRequest rq;
        rq.format = missions::ExportFormat::KMZ;
        rq.output = (dir / ("r" + std::to_string(i) + ".kmz")).string();
        rq.allow_empty = true;
        app::export_overlay(test::random_mission(rng), rq);
        INFO(rq.output);
        CHECK(libkml_problem(rq.output) == "");
    }
}
