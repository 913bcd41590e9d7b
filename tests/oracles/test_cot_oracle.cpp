// CoT exports and types checked with the TAK ecosystem's own library, @tak-ps/node-cot: its schema
// validation (what TAK servers and ATAK plugins built on it accept) and its CoT type tree (cot-types.xml).
#include "cli_run.hpp"
#include "missions/cot.hpp"
#include "missions/persistence.hpp"
#include "missions/sidc.hpp"
#include "oracle.hpp"
#include "random_mission.hpp"
#include "scene/overlay_export.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace entente;
using entente::test::run_oracle;

namespace {

fs::path out_dir(const std::string& name) {
    const fs::path d = fs::path(ENTENTE_CLI_OUT) / name;
    fs::create_directories(d);
    return d;
}

// "sidc type verdict deepest" lines from the oracle, keyed by sidc.
struct TreeVerdict {
    std::string type, verdict, deepest;
};
std::map<std::string, TreeVerdict> tree_verdicts(const std::vector<std::string>& sidcs,
                                                 const std::string& name) {
    const fs::path f = out_dir("cot-types") / (name + ".txt");
    {
        std::ofstream o(f);
        for (const auto& s : sidcs)
            o << s << " " << missions::cot_type(s) << "\n";
    }
    const auto r = run_oracle("check_cot.mjs", "types", f.string());
    INFO(r.output);
    REQUIRE(r.status == 0);
    std::map<std::string, TreeVerdict> v;
    std::istringstream is(r.output);
    for (std::string sidc, type, verdict, deepest; is >> sidc >> type >> verdict >> deepest;)
        v[sidc] = {type, verdict, deepest};
    REQUIRE(v.size() == std::set<std::string>(sidcs.begin(), sidcs.end()).size());
    return v;
}

// The oracle's JSON lines (one per event), keyed by uid.
std::map<std::string, nlohmann::json> events_by_uid(const std::string& output) {
    std::map<std::string, nlohmann::json> by_uid;
    std::istringstream is(output);
    for (std::string l; std::getline(is, l);)
        if (!l.empty() && l[0] == '{') {
            auto j = nlohmann::json::parse(l);
            by_uid[j["uid"].get<std::string>()] = j;
        }
    return by_uid;
}

// Event uids are "entente.<mission>.<unit id>".
bool is_event_of(const std::string& uid, const std::string& unit_id) {
    return uid.size() > unit_id.size() &&
           uid.compare(uid.size() - unit_id.size(), unit_id.size(), unit_id) == 0 &&
           uid[uid.size() - unit_id.size() - 1] == '.';
}

std::string d_code(const char* entity, char identity = '3', char context = '0') {
    return std::string("10") + context + identity + "1000" + "00" + entity + "0000";
}

} // namespace

TEST_CASE(
    "every land-unit entity gets a CoT type that node-cot's type tree has, as specific as the tree goes") {
    std::vector<std::string> codes;
    for (const auto& f : missions::land_unit_functions())
        codes.push_back(d_code(f.entity));
    std::vector<std::string> legacy;
    for (const auto& lf : missions::legacy_land_unit_functions())
        legacy.push_back(std::string("SF") + lf.dimension + "P" + lf.function + "-----");
    std::vector<std::string> all = codes;
    all.insert(all.end(), legacy.begin(), legacy.end());
    const auto v = tree_verdicts(all, "entities");
    for (const auto& c : all) {
        INFO(c << " -> " << v.at(c).type << " (tree's deepest: " << v.at(c).deepest << ")");
        CHECK(v.at(c).verdict == "ok");
        if (c.size() == 20) CHECK(v.at(c).type != "a-f-G"); // a 2525D land unit is at least a ground unit
    }
    // A 2525C ground code spells its own type, and the tree has nothing more specific for it.
    for (const auto& lf : missions::legacy_land_unit_functions()) {
        if (lf.dimension != 'G' || std::string(lf.function) == "------") continue;
        const std::string c = std::string("SFGP") + lf.function + "-----";
        INFO(c << " -> " << v.at(c).type);
        CHECK(v.at(c).deepest == v.at(c).type.substr(0, 2) + "." + v.at(c).type.substr(3));
    }
}

TEST_CASE("a 2525D land unit gets the CoT type of its most specific 2525C equivalent") {
    // The case partners reported: rotary-wing aviation was a-f-G-U-C-V from 2525D, -R from 2525C.
    CHECK(missions::cot_type(d_code("120600")) == "a-f-G-U-C-V-R");
    CHECK(missions::cot_type("SFGPUCVR-------") == "a-f-G-U-C-V-R");
    CHECK(missions::cot_type(d_code("121100")) == missions::cot_type("SFGPUCI--------"));
    CHECK(missions::cot_type(d_code("121102")) == missions::cot_type("SFGPUCIZ-------"));
    // No 2525C equivalent anywhere up the entity's chain: the ground-unit branch of its entity group.
    CHECK(missions::cot_type(d_code("110000")).rfind("a-f-G-U-", 0) == 0);
    CHECK(missions::cot_type(d_code("000000")) == "a-f-G-U");
}

TEST_CASE("codes of other symbol sets keep their own CoT dimension, never a land unit's type") {
    CHECK(missions::cot_type("10030100001101000000") == "a-f-A"); // air, military fixed wing
    CHECK(missions::cot_type("10063000001201000000") == "a-h-S"); // sea surface
    CHECK(missions::cot_type("10033500001101000000") == "a-f-U"); // subsurface
    CHECK(missions::cot_type("10031500001101000000") == "a-f-G"); // land equipment
    CHECK(missions::cot_type("SFAPMF---------") == "a-f-A-M-F");  // 2525C air spells its own type
    CHECK(missions::cot_type("SHSPCLFF-------") == "a-h-S-C-L-F-F");
    CHECK(missions::cot_type("SFFPGS---------") == missions::cot_type(d_code("121700"))); // SOF via 2525D
}

TEST_CASE("CoT affiliations follow the standard identity, joker and faker included") {
    CHECK(missions::cot_type(d_code("121100", '3')).rfind("a-f-G-U-C-I", 0) == 0);
    CHECK(missions::cot_type(d_code("121100", '6')).rfind("a-h-", 0) == 0);
    CHECK(missions::cot_type(d_code("121100", '4')).rfind("a-n-", 0) == 0);
    CHECK(missions::cot_type(d_code("121100", '0')).rfind("a-p-", 0) == 0);
    CHECK(missions::cot_type(d_code("121100", '5', '1')).rfind("a-j-", 0) == 0); // joker
    CHECK(missions::cot_type(d_code("121100", '6', '1')).rfind("a-k-", 0) == 0); // faker
    CHECK(missions::cot_type("not a code") == "a-u-G");
}

TEST_CASE("node-cot accepts every event of the demo mission's CoT export, at the units' own positions") {
    const auto m = missions::load_mission(ENTENTE_DEMO_MISSION);
    REQUIRE(!m.phases.empty());
    for (std::string phase : {std::string(), m.phases.front().id, m.phases.back().id}) {
        const std::string out = (out_dir("cot-demo") / ("demo-" + phase + ".cot")).string();
        std::vector<std::string> args = {"export", ENTENTE_DEMO_MISSION, "--format", "cot", "-o", out};
        if (!phase.empty()) args.insert(args.end(), {"--phase", phase});
        const auto e = cli_test::run(args);
        INFO(e.err);
        REQUIRE(e.code == 0);
        const auto r = run_oracle("check_cot.mjs", "events", out);
        INFO(r.output);
        REQUIRE(r.status == 0);
        const auto by_uid = events_by_uid(r.output);
        size_t units = 0;
        for (const auto& u : m.units) {
            const geo::LonLat p = u.position_in(phase);
            bool found = false;
            for (const auto& [uid, j] : by_uid) {
                if (!is_event_of(uid, u.id)) continue;
                found = true;
                INFO(u.id);
                CHECK(j["lon"].get<double>() == Approx(p.lon).margin(1e-7));
                CHECK(j["lat"].get<double>() == Approx(p.lat).margin(1e-7));
                CHECK(j["type"] == missions::cot_type(u.sidc));
                CHECK(j["milsym"] == u.sidc);
            }
            CHECK(found);
            units += found;
        }
        CHECK(units == m.units.size());
    }
}

TEST_CASE("node-cot's check rejects a broken event (the oracle can fail)") {
    const std::string bad = (out_dir("cot-bad") / "bad.cot").string();
    std::ofstream(bad)
        << R"(<events><event version="2.0" uid="x" type="a-f-G" how="h-g-i-g-o"><point lat="1"/>)"
           R"(</event></events>)";
    const auto r = run_oracle("check_cot.mjs", "events", bad);
    INFO(r.output);
    CHECK(r.status == 1);
    CHECK(r.output.find("1 rejected") != std::string::npos);
}

TEST_CASE("node-cot accepts random missions' CoT: every unit once, where it is in the phase") {
    // Random missions (tests/missions/random_mission.hpp): units on the antimeridian and near the poles,
    // legacy and broken symbol codes, markup and non-ASCII text in names.
    test::MissionGenerator gen(20261205);
    const fs::path dir = out_dir("cot-random");
    size_t events = 0;
    for (int i = 0; i < 12; ++i) {
        const missions::Mission m = gen.next();
        app::ExportRequest rq;
        rq.format = missions::ExportFormat::CoT;
        if (!m.phases.empty()) rq.phase = m.phases.front().id;
        rq.output = (dir / ("random-" + std::to_string(i) + ".cot")).string();
        const auto res = app::export_overlay(m, rq);
        if (res.features == 0) continue;
        const auto r = run_oracle("check_cot.mjs", "events", rq.output);
        INFO(rq.output << "\n" << r.output);
        REQUIRE(r.status == 0);
        const auto by_uid = events_by_uid(r.output);
        events += by_uid.size();
        for (const auto& u : m.units) {
            size_t hits = 0;
            for (const auto& [uid, j] : by_uid) {
                if (!is_event_of(uid, u.id)) continue;
                ++hits;
                const geo::LonLat p = u.position_in(rq.phase);
                INFO(u.id << " " << u.sidc);
                CHECK(j["lon"].get<double>() == Approx(p.lon).margin(1e-7));
                CHECK(j["lat"].get<double>() == Approx(p.lat).margin(1e-7));
                CHECK(j["type"] == missions::cot_type(u.sidc));
                CHECK(j["callsign"] == (u.designation.empty() ? u.id : u.designation));
            }
            CHECK(hits == 1);
        }
    }
    CHECK(events > 50);
}

TEST_CASE("node-cot and togeojson accept CoT and KML whose names held XML-illegal characters") {
    // U+FFFE, U+FFFF and C0 controls in names made ill-formed files (exit 0) before; now they are dropped.
    missions::Mission m;
    m.name = "Illegal \xEF\xBF\xBE mission\x01";
    missions::Unit u;
    u.id = "u1", u.sidc = "10031000151211000000", u.position = {18.5, 4.4};
    u.designation = "BN \xEF\xBF\xBE\xEF\xBF\xBF\x0B\x1F end";
    m.units.push_back(u);
    for (const auto f :
         {missions::ExportFormat::CoT, missions::ExportFormat::KML, missions::ExportFormat::KMZ}) {
        app::ExportRequest rq;
        rq.format = f;
        rq.output = (out_dir("xml-illegal") / (std::string("illegal.") + missions::to_string(f))).string();
        app::export_overlay(m, rq);
        const auto r = f == missions::ExportFormat::CoT ? run_oracle("check_cot.mjs", "events", rq.output)
                                                        : run_oracle("togeojson_check.mjs", rq.output);
        INFO(missions::to_string(f) << "\n" << r.output.substr(0, 2000));
        CHECK(r.status == 0);
        if (f == missions::ExportFormat::CoT) {
            const auto by_uid = events_by_uid(r.output);
            REQUIRE(by_uid.size() == 1);
            CHECK(by_uid.begin()->second["callsign"] == "BN  end");
        } else {
            const auto j = nlohmann::json::parse(r.output)[0];
            CHECK(j["issues"].empty());
            CHECK(j["features"][0]["properties"]["name"] == "BN  end");
        }
    }
}
