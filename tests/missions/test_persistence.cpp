// Mission files: save and reopen give the same mission; damaged and hostile files are refused with a reason
// naming the file, never a crash; a save replaces the file in one step.
#include "missions/persistence.hpp"

#include "geo/error.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

using namespace entente::missions;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("entente-missions-" + std::to_string(getpid()));
    fs::create_directories(dir);
    fs::remove(dir / name);
    return dir / name;
}

Mission sample() {
    return mission_from_json(nlohmann::json::parse(R"J({
      "name": "Exercise BLUE SAHEL (fictional)", "classification": "NATO RESTRICTED", "d_day": "2027-03-01",
      "releasability": ["NATO", "AU"], "description": "Training scenario; ünïcode kept.",
      "phases": [{"id": "p1", "name": "Deploy", "start_day": 0, "end_day": 10},
                 {"id": "p2", "name": "Protect", "start_day": 11, "end_day": 60}],
      "units": [
        {"id": "hq", "sidc": "10031002181211000000", "designation": "JTF HQ", "nation": "SEN",
         "organisation": "UN", "position": [18.5583123456789, 4.3666987654321], "releasability": ["UN"]},
        {"id": "inf1", "sidc": "SFGPUCI----F---", "designation": "1 INF BN", "nation": "RWA", "parent": "hq",
         "strength": 850, "command_relationship": "OPCON", "position": [18.6, 4.4], "notes": "line 1\nline 2",
         "phase_position": {"p2": [19.2, 5.1]}}],
      "measures": [
        {"id": "ao", "name": "AO FALCON", "kind": "area_of_operations", "assigned_unit": "inf1",
         "points": [[18, 4], [20, 4], [20, 6], [18, 6]], "phases": ["p1", "p2"]},
        {"id": "msr", "name": "MSR ALPHA", "kind": "main_supply_route", "points": [[18.5, 4.3], [19.5, 5.5]]},
        {"id": "op1", "name": "OP 1", "kind": "observation_post", "points": [[19.1, 4.9]]}],
      "slides": [
        {"id": "s1", "title": "Situation", "notes": "Start here.\nThen the threat.", "view": [14, 2, 24, 9],
         "date": "2027-03-01", "phase": "p1", "layers": ["mission", "alliance:AU", "risk:risk.tif@60"]},
        {"id": "s2", "title": "Concept", "projection": "laea:19,5", "view": [16, 3, 22, 7], "phase": "p2"}]
    })J"));
}

void sql(const fs::path& file, const std::string& statement) {
    GDALAllRegister();
    auto* ds = static_cast<GDALDataset*>(
        GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    ds->ExecuteSQL(statement.c_str(), nullptr, nullptr);
    GDALClose(ds);
}

std::string refusal(const fs::path& file) {
    try {
        load_mission(file.string());
    } catch (const entente::geo::InputError& e) {
        return e.what();
    }
    return "";
}

using entente::geo::ErrorKind;

std::optional<ErrorKind> refusal_kind(const fs::path& file) {
    try {
        load_mission(file.string());
    } catch (const entente::geo::InputError& e) {
        return e.kind();
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("briefing slides are saved in the mission file, in order") {
    const Mission m = sample();
    REQUIRE(m.slides.size() == 2);
    const fs::path f = scratch("slides.entente.gpkg");
    save_mission(m, f.string());
    const Mission back = load_mission(f.string());
    REQUIRE(back.slides.size() == 2);
    CHECK(back.slides[0] == m.slides[0]);
    CHECK(back.slides[1].projection == "laea:19,5");
    CHECK(back.slides[0].layers == std::vector<std::string>{"mission", "alliance:AU", "risk:risk.tif@60"});
}

TEST_CASE("a mission file of the previous schema (no slides) still opens") {
    Mission m = sample();
    m.slides.clear();
    const fs::path f = scratch("v1.entente.gpkg");
    save_mission(m, f.string());
    sql(f, "DROP TABLE entente_slides");
    sql(f, "DELETE FROM gpkg_contents WHERE table_name = 'entente_slides'");
    sql(f, "UPDATE entente_meta SET value = '1' WHERE key = 'schema_version'");
    const Mission back = load_mission(f.string());
    CHECK(back.slides.empty());
    CHECK(back.units == m.units);
}

TEST_CASE("a saved mission reopens equal, every field and list order included") {
    const fs::path f = scratch("roundtrip.entente.gpkg");
    save_mission(sample(), f.string());
    const Mission back = load_mission(f.string());
    CHECK(back == sample());
    CHECK(to_json(back) == to_json(sample()));
    // Saving again over it (atomic replace) leaves no temporary file behind.
    Mission changed = sample();
    changed.name = "Second version";
    save_mission(changed, f.string());
    CHECK(load_mission(f.string()).name == "Second version");
    size_t files = 0;
    for (auto& e : fs::directory_iterator(f.parent_path()))
        files += e.path().filename().string().find("roundtrip") != std::string::npos;
    CHECK(files == 1);
}

TEST_CASE("a mission file opens in other GIS tools as ordinary layers") {
    const fs::path f = scratch("layers.entente.gpkg");
    save_mission(sample(), f.string());
    GDALAllRegister();
    auto* ds = static_cast<GDALDataset*>(
        GDALOpenEx(f.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    REQUIRE(ds->GetLayerByName("entente_units"));
    CHECK(ds->GetLayerByName("entente_units")->GetFeatureCount() == 2);
    CHECK(ds->GetLayerByName("entente_measures")->GetFeatureCount() == 3);
    GDALClose(ds);
}

TEST_CASE("hostile and damaged mission files are refused with the reason") {
    const fs::path good = scratch("good.entente.gpkg");
    save_mission(sample(), good.string());
    struct Case {
        const char* name;
        std::string statement;
        const char* reason;
        ErrorKind kind;
    };
    const Case cases[] = {
        {"view", "CREATE VIEW leak AS SELECT * FROM entente_units", "view 'leak'",
         ErrorKind::RefusedForSafety},
        {"trigger", "CREATE TRIGGER wipe AFTER INSERT ON entente_meta BEGIN DELETE FROM entente_units; END",
         "trigger 'wipe'", ErrorKind::RefusedForSafety},
        {"table", "CREATE TABLE payload (x TEXT)", "table 'payload'", ErrorKind::RefusedForSafety},
        {"newer", "UPDATE entente_meta SET value = '99' WHERE key = 'schema_version'", "newer Entente",
         ErrorKind::Unsupported},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const fs::path f = scratch(std::string(c.name) + ".entente.gpkg");
        fs::copy_file(good, f);
        sql(f, c.statement);
        const std::string why = refusal(f);
        CHECK(why.find(f.string()) == 0);
        CHECK(why.find(c.reason) != std::string::npos);
        CHECK(refusal_kind(f) == c.kind);
    }
    // Truncated and garbage files.
    const fs::path cut = scratch("cut.entente.gpkg");
    {
        std::ifstream in(good, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
    }
    CHECK_FALSE(refusal(cut).empty());
    CHECK(refusal_kind(cut) == ErrorKind::Corrupt);
    const fs::path junk = scratch("junk.entente.gpkg");
    std::ofstream(junk) << "not a database";
    CHECK(refusal(junk).find(junk.string()) == 0);
    CHECK(refusal_kind(junk) == ErrorKind::Unsupported);
    CHECK(refusal(scratch("missing.entente.gpkg")).find("no such file") != std::string::npos);
    CHECK(refusal_kind(scratch("missing.entente.gpkg")) == ErrorKind::NotFound);
    // The untouched original still opens.
    CHECK(load_mission(good.string()) == sample());
}

TEST_CASE("a mission file is known by its content, whatever its name") {
    const fs::path named = scratch("plan.entente.gpkg"), renamed = scratch("plan-copy.gpkg");
    save_mission(sample(), named.string());
    fs::copy_file(named, renamed);
    CHECK(is_mission_file(named.string()));
    CHECK(is_mission_file(renamed.string())); // a mission mailed as .gpkg still opens as a mission

    // An ordinary GeoPackage is a layer source, even under a mission's name.
    const fs::path plain = scratch("layers.entente.gpkg");
    fs::copy_file(std::string(ENTENTE_TEST_DATA) + "/multi.gpkg", plain);
    CHECK_FALSE(is_mission_file(plain.string()));
    CHECK_FALSE(is_mission_file(std::string(ENTENTE_TEST_DATA) + "/multi.gpkg"));
    CHECK_FALSE(is_mission_file(std::string(ENTENTE_TEST_DATA) + "/points.geojson"));

    // Unreadable: the name decides, so opening it says why the mission cannot be read.
    const fs::path junk = scratch("junk.entente.gpkg");
    std::ofstream(junk) << "not a database";
    CHECK(is_mission_file(junk.string()));
    CHECK(is_mission_file(scratch("new.entente.gpkg").string()));
    CHECK_FALSE(is_mission_file(scratch("missing.gpkg").string()));
}
