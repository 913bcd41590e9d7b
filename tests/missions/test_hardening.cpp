// Hostile input in the missions layer: releasability as a closed grammar, limits on what a mission holds,
// operations files, mission files changed behind our back, and outputs that are never torn.
#include "geo/error.hpp"
#include "geo/gdal_ptr.hpp"
#include "missions/document.hpp"
#include "missions/export.hpp"
#include "missions/output_file.hpp"
#include "missions/persistence.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace entente;
using namespace entente::missions;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// One field set on a valid element: the reader must refuse it, as a limit (LimitExceeded) or as a bad value,
// with a message that says `says`.
struct Refusal {
    const char* what;
    nlohmann::json set;
    bool limit; // LimitExceeded (refused) rather than a plain bad value
    const char* says;
};

template <class Reader>
void check_refusals(const nlohmann::json& base, const std::vector<Refusal>& cases, Reader read) {
    for (const auto& c : cases) {
        INFO(c.what);
        nlohmann::json j = base;
        j.update(c.set);
        try {
            read(j);
            FAIL("accepted");
        } catch (const LimitExceeded& e) {
            CHECK(c.limit);
            CHECK_THAT(e.what(), Catch::Contains(c.says));
        } catch (const std::invalid_argument& e) {
            CHECK_FALSE(c.limit);
            CHECK_THAT(e.what(), Catch::Contains(c.says));
        }
    }
}

fs::path scratch(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("entente-hardening-" + std::to_string(getpid()));
    fs::create_directories(d);
    return d / name;
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void spit(const fs::path& p, const std::string& s) {
    std::ofstream(p, std::ios::binary) << s;
}

geo::ErrorKind kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const geo::InputError& e) {
        return e.kind();
    }
    FAIL("no geo::InputError thrown");
    return geo::ErrorKind::Failed;
}

// Files in `dir` whose names start with ".~" (temporaries of our writes).
size_t temporaries_in(const fs::path& dir) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        n += e.path().filename().string().rfind(".~", 0) == 0;
    return n;
}

Mission small() {
    Mission m;
    m.name = "Hardening";
    m.d_day = "2027-03-01";
    m.releasability = {"UN"};
    Unit u;
    u.id = "u1", u.designation = "1 BN", u.nation = "GHA", u.position = {18.5, 4.4};
    m.units.push_back(u);
    return m;
}

// A tmpfs of `kib` KiB mounted at `dir` (only as root, where mounting is allowed); false otherwise.
bool mount_tmpfs(const fs::path& dir, int kib, bool read_only = false) {
    fs::create_directories(dir);
    const std::string opts = "size=" + std::to_string(kib) + "k";
    return ::mount("tmpfs", dir.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, opts.c_str()) == 0;
}

} // namespace

TEST_CASE("markings and recipients compare after one normalisation: case, spaces, Unicode spaces") {
    const std::pair<std::string, std::string> cases[] = {
        {" NATO ", "NATO"},
        {"nato", "NATO"},
        {"\xC2\xA0NATO\xE3\x80\x80", "NATO"},     // no-break space, ideographic space
        {"\xE2\x80\x8BNATO\xEF\xBB\xBF", "NATO"}, // zero-width space, BOM
        {"\xEF\xBC\xAE\xEF\xBC\xA1TO", "NATO"},   // full-width N and A
        {"  Five \t Eyes ", "FIVE EYES"},         // inner runs become one space
        {"", ""},
        {" \xE2\x80\x83 ", ""},                     // an em space alone is blank
        {"R\xC3\xA9publique", "R\xC3\xA9PUBLIQUE"}, // other letters are kept as they are
    };
    for (const auto& [in, want] : cases) {
        INFO(in);
        CHECK(normalise_marking(in) == want);
    }
}

TEST_CASE("a blank or unknown recipient is refused, never taken as everyone") {
    const Mission m = small();
    for (const char* blank : {"", " ", "\xC2\xA0", "\t\n"}) {
        INFO(blank);
        CHECK(kind_of([&] { canonical_recipient(blank, m, nullptr); }) == geo::ErrorKind::RefusedForSafety);
    }
    // Whitespace-only reaches releasable_to (an empty string there still means "no filter", the API's own).
    CHECK(kind_of([&] { releasable_to(m, "  ", nullptr); }) == geo::ErrorKind::RefusedForSafety);
    CHECK(kind_of([&] { canonical_recipient("NO SUCH 1", m, nullptr); }) == geo::ErrorKind::NotFound);
    CHECK(canonical_recipient(" un ", m, nullptr) == "UN");   // a marking the mission uses
    CHECK(canonical_recipient("fvey", m, nullptr) == "FVEY"); // a code, without a table to check it
}

TEST_CASE("an element marked \" NATO \" goes to NATO and nobody else, whatever the spelling") {
    Mission m = small();
    m.units[0].releasability = {" NATO "};
    CHECK(withheld_reason(m.units[0].releasability, m, "NATO", nullptr).empty());
    CHECK(withheld_reason(m.units[0].releasability, m, " nato\xC2\xA0", nullptr).empty());
    CHECK_FALSE(withheld_reason(m.units[0].releasability, m, "AU", nullptr).empty());
    CHECK_FALSE(withheld_reason({"NATO"}, m, "NATO EU", nullptr).empty()); // not a prefix match
}

TEST_CASE("a released element keeps no trace of a withheld one: parent, higher formation, notes, names") {
    Mission m = small();
    m.units[0].id = "zz-secret-parent", m.units[0].designation = "Hidden Parent Bn";
    m.units[0].releasability = {"FVEY"};
    Unit child;
    child.id = "child", child.designation = "A Coy (Hidden Parent Bn)", child.parent = "zz-secret-parent";
    child.higher_formation = "HPB", child.notes = "reports to zz-secret-parent, i.e. Hidden Parent Bn";
    child.releasability = {"NATO"}, child.position = {1, 1};
    m.units.push_back(child);
    ControlMeasure c;
    c.id = "ao", c.name = "AO of Hidden Parent Bn", c.kind = MeasureKind::AreaOfOperations;
    c.points = {{0, 0}, {1, 0}, {1, 1}}, c.assigned_unit = "zz-secret-parent", c.releasability = {"NATO"};
    m.measures.push_back(c);
    const Releasable r = releasable_to(m, "NATO", nullptr);
    REQUIRE(r.mission.units.size() == 1);
    REQUIRE(r.withheld.size() == 1);
    const Unit& u = r.mission.units[0];
    CHECK(u.parent.empty());
    CHECK(u.higher_formation.empty()); // its parent is withheld, so it named the parent whatever it says
    CHECK(u.designation == "A Coy ([withheld])");
    CHECK(u.notes == "reports to [withheld], i.e. [withheld]");
    CHECK(r.mission.measures[0].name == "AO of [withheld]");
    CHECK(r.mission.measures[0].assigned_unit.empty());
    const std::string all = to_json(r.mission).dump();
    CHECK(all.find("zz-secret-parent") == std::string::npos);
    CHECK(all.find("Hidden Parent") == std::string::npos);
}

TEST_CASE("limits: oversized text, strengths and dates are refused with the field and the limit") {
    using nlohmann::json;
    const json base = {{"id", "u1"}, {"position", {1, 1}}};
    check_refusals(
        base,
        {
            {"strength 2^40", {{"strength", 1LL << 40}}, true, "limit of 10000000"},
            {"strength 2^64-1", {{"strength", 18446744073709551615ULL}}, true, "limit of 10000000"},
            {"negative strength", {{"strength", -1}}, false, "cannot be negative"},
            {"strength as text", {{"strength", "many"}}, false, "whole number"},
            {"strength 1.5", {{"strength", 1.5}}, false, "whole number"},
            {"designation 1 KiB + 1", {{"designation", std::string(1025, 'x')}}, true, "limit of 1024"},
            {"notes 64 KiB + 1", {{"notes", std::string(65537, 'x')}}, true, "limit of 65536"},
            {"id 257 bytes", {{"id", std::string(257, 'i')}}, true, "limit of 256"},
            {"1001 releasability entries",
             {{"releasability", json(std::vector<std::string>(1001, "UN"))}},
             true,
             "limit of 1000"},
            {"designation a number", {{"designation", 5}}, false, "expected text"},
            // Text that is not UTF-8 (Latin-1, a cut sequence, a surrogate, an overlong form): no save or
            // export could carry it, so it is refused where it enters, with the field and the byte.
            {"designation in Latin-1",
             {{"designation", "Bataillon \xE9tranger"}},
             false,
             "designation: not UTF-8 text (byte 0xE9 at offset 10)"},
            {"notes cut mid-sequence", {{"notes", "ok \xE5\x8C"}}, false, "notes: not UTF-8 text (byte 0xE5"},
            {"nation a surrogate", {{"nation", "\xED\xA0\x80"}}, false, "nation: not UTF-8 text"},
            {"parent overlong", {{"parent", "\xC0\xAF"}}, false, "parent: not UTF-8 text"},
            {"releasability 0xFF", {{"releasability", {"NATO", "\xFF"}}}, false, "releasability: not UTF-8"},
            // A fuzz finding: a NUL ends the text in GDAL, so an id of NULs came back empty from a GeoJSON
            // export.
            {"id of NULs",
             {{"id", std::string(3, '\0')}},
             false,
             "id: contains a NUL character (at offset 0)"},
            {"notes with a NUL",
             {{"notes", std::string("ab\0c", 4)}},
             false,
             "notes: contains a NUL character (at offset 2)"},
        },
        unit_from_json);
    // At the limits: accepted.
    json ok = base;
    ok.update({{"strength", 10000000},
               {"designation", std::string(1024, 'x')},
               {"notes", std::string(65536, 'n')}});
    CHECK(unit_from_json(ok).strength == 10000000);
}

TEST_CASE("a phase day beyond a century from D-day, or not a whole number, is refused naming it") {
    // A fuzz finding: "end_day": 1.8e34 was converted to int with undefined behaviour.
    const json base = {{"id", "p1"}};
    check_refusals(base,
                   {
                       {"end day 1.8e34",
                        {{"end_day", 1.8444e34}},
                        false,
                        "phase p1: end_day: expected a whole number, not"},
                       {"end day 2^64-1",
                        {{"end_day", 18446744073709551615ULL}},
                        true,
                        "end_day: 18446744073709551615 is more than"},
                       {"start day -36501",
                        {{"start_day", -36501}},
                        true,
                        "start_day: -36501 is less than the limit of -36500"},
                       {"start day as text",
                        {{"start_day", "D+3"}},
                        false,
                        "start_day: expected a whole number, not \"D+3\""},
                       {"ends before it starts",
                        {{"start_day", 5}, {"end_day", 2}},
                        false,
                        "ends (day 2) before it starts (day 5)"},
                   },
                   phase_from_json);
    json ok = base;
    ok.update({{"start_day", -36500}, {"end_day", 36500}});
    const Phase p = phase_from_json(ok);
    CHECK(p.start_day == -36500);
    CHECK(p.end_day == 36500);
}

TEST_CASE("a mission with two elements of one id is refused, in JSON and in a saved file") {
    // A fuzz finding: two measures sharing an id exported as two features, and a partner's import kept one.
    const json m = {{"name", "Op"},
                    {"measures",
                     {{{"id", "m1"}, {"kind", "route"}, {"points", {{1, 1}, {2, 2}}}},
                      {{"id", "m1"}, {"kind", "observation_post"}, {"points", {{3, 3}}}}}}};
    CHECK_THROWS_WITH(mission_from_json(m),
                      Catch::Contains("measure m1: the id is used by more than one measure"));
    const json u = {{"units", {{{"id", "u1"}, {"position", {1, 1}}}, {{"id", "u1"}, {"position", {2, 2}}}}}};
    CHECK_THROWS_WITH(mission_from_json(u), Catch::Contains("unit u1: the id is used by more than one unit"));
    // The same id for a unit and a measure is fine: they are different kinds of element.
    const json mixed = {{"units", {{{"id", "x"}, {"position", {1, 1}}}}},
                        {"measures", {{{"id", "x"}, {"kind", "observation_post"}, {"points", {{3, 3}}}}}}};
    CHECK_NOTHROW(mission_from_json(mixed));
}

TEST_CASE("an edit with text that is not UTF-8 is refused and the plan stays as it was, savable") {
    Document doc;
    doc.execute(
        {{"op", "add_unit"}, {"unit", {{"id", "u1"}, {"position", {10, 5}}, {"designation", "1 Bn"}}}});
    const std::string before = to_json(doc.mission()).dump();
    CHECK_THROWS_WITH(doc.execute({{"op", "update_unit"}, {"id", "u1"}, {"set", {{"designation", "\xFF"}}}}),
                      Catch::Contains("designation: not UTF-8 text (byte 0xFF at offset 0)"));
    CHECK_THROWS_WITH(doc.execute({{"op", "set_mission"}, {"name", "Op \xC3"}}),
                      Catch::Contains("not UTF-8"));
    CHECK(to_json(doc.mission()).dump() == before);
    // Valid UTF-8 in any script goes through.
    doc.execute({{"op", "update_unit"},
                 {"id", "u1"},
                 {"set", {{"designation", "1er Bataillon \xC3\xA9tranger \xE5\x8C\x97"}}}});
    CHECK(doc.mission().units[0].designation == "1er Bataillon \xC3\xA9tranger \xE5\x8C\x97");
}

TEST_CASE("a D-day must be a calendar date") {
    const std::pair<const char*, bool> cases[] = {{"1800-13-45", false},
                                                  {"2027-02-30", false},
                                                  {"2027-00-10", false},
                                                  {"27-03-01", false},
                                                  {"2027-03-01", true},
                                                  {"2028-02-29", true},
                                                  {"", true}};
    for (const auto& [d, ok] : cases) {
        INFO(d);
        if (ok)
            CHECK(mission_from_json({{"d_day", d}}).d_day == d);
        else
            CHECK_THROWS_AS(mission_from_json({{"d_day", d}}), std::invalid_argument);
    }
}

TEST_CASE("an operations file nested too deep, too large, not JSON or not a file is refused by name") {
    auto nested = [](int depth) {
        std::string s;
        for (int i = 0; i < depth; ++i)
            s += "{\"op\":\"group\",\"ops\":[";
        s += "{\"op\":\"set_mission\",\"name\":\"x\"}";
        for (int i = 0; i < depth; ++i)
            s += "]}";
        return s;
    };
    const fs::path deep = scratch("deep.json"), fine = scratch("fine.json"), bad = scratch("bad.json");
    spit(deep, nested(100000)); // the crash: 100k groups
    spit(fine, nested(20));
    spit(bad, "[{\"op\":");
    CHECK(kind_of([&] { read_ops_file(deep.string()); }) == geo::ErrorKind::OutOfRange);
    try {
        read_ops_file(deep.string());
    } catch (const geo::InputError& e) {
        CHECK(std::string(e.what()).find(deep.string()) != std::string::npos);
        CHECK(std::string(e.what()).find("64") != std::string::npos);
    }
    CHECK(kind_of([&] { read_ops_file(bad.string()); }) == geo::ErrorKind::Corrupt);
    CHECK(kind_of([&] { read_ops_file(scratch("missing.json").string()); }) == geo::ErrorKind::NotFound);
    CHECK(kind_of([&] { read_ops_file("/dev/zero"); }) == geo::ErrorKind::RefusedForSafety);
    Document doc(small());
    doc.execute(read_ops_file(fine.string())); // 20 levels: fine
    CHECK(doc.mission().name == "x");
}

TEST_CASE("outputs: non-regular targets are refused and left as they were") {
    struct stat before {};
    REQUIRE(::stat("/dev/null", &before) == 0);
    CHECK(kind_of([] { write_file_atomically("/dev/null", "x"); }) == geo::ErrorKind::RefusedForSafety);
    struct stat after {};
    REQUIRE(::stat("/dev/null", &after) == 0);
    CHECK(S_ISCHR(after.st_mode));
    const fs::path dir = scratch("a-directory");
    fs::create_directories(dir);
    CHECK(kind_of([&] { write_file_atomically(dir.string(), "x"); }) == geo::ErrorKind::RefusedForSafety);
    CHECK(fs::is_directory(dir));
    CHECK_FALSE(fs::exists(dir.string() + ".part"));
    const fs::path fifo = scratch("a-fifo");
    fs::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(kind_of([&] { write_file_atomically(fifo.string(), "x"); }) == geo::ErrorKind::RefusedForSafety);
    CHECK(fs::is_fifo(fifo));
    CHECK(kind_of([&] { write_file_atomically("/no/such/dir/x.geojson", "x"); }) == geo::ErrorKind::NotFound);
}

TEST_CASE("outputs replace the earlier file whole and leave no temporary") {
    const fs::path f = scratch("replace.txt");
    spit(f, "old");
    ::chmod(f.c_str(), 0640);
    write_file_atomically(f.string(), "new contents");
    CHECK(slurp(f) == "new contents");
    CHECK((fs::status(f).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(temporaries_in(f.parent_path()) == 0);
}

TEST_CASE("leftovers of interrupted writes are removed when their writer is gone, not while it lives") {
    const fs::path target = scratch("left.entente.gpkg");
    // A PID that is certainly gone: a child that has exited and been reaped.
    const pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, nullptr, 0);
    const fs::path dead = target.parent_path() / (".~left.entente.gpkg." + std::to_string(child));
    const fs::path dead_journal = fs::path(dead.string() + "-journal");
    const fs::path live = target.parent_path() / (".~left.entente.gpkg." + std::to_string(getppid()));
    const fs::path other = target.parent_path() / ".~other.entente.gpkg.1";
    for (const auto& p : {dead, dead_journal, live, other})
        spit(p, "partial");
    save_mission(small(), target.string());
    CHECK_FALSE(fs::exists(dead));
    CHECK_FALSE(fs::exists(dead_journal));
    CHECK(fs::exists(live));  // its writer (our parent) still runs
    CHECK(fs::exists(other)); // another file's
    CHECK(load_mission(target.string()) == small());
    for (const auto& p : {live, other})
        fs::remove(p);
}

TEST_CASE(
    "a full or read-only disk: the write fails naming the cause, the earlier file stays, nothing is left") {
    const fs::path mnt = scratch("small-disk");
    if (!mount_tmpfs(mnt, 512)) {
        WARN("skipped: cannot mount a small tmpfs here (needs root); the full-disk path is not exercised");
        return;
    }
    struct Unmount {
        fs::path p;
        ~Unmount() { ::umount(p.c_str()); }
    } unmount{mnt};
    const fs::path f = mnt / "overlay.geojson";
    write_file_atomically(f.string(), "{\"earlier\": true}");
    try {
        write_file_atomically(f.string(), std::string(1 << 20, 'x'));
        FAIL("a 1 MiB write fitted on a 512 KiB disk");
    } catch (const geo::InputError& e) {
        CHECK(std::string(e.what()).find("disk is full") != std::string::npos);
    }
    CHECK(slurp(f) == "{\"earlier\": true}");
    CHECK(temporaries_in(mnt) == 0);
    // A mission save, too (GeoPackage through memory, then the same write).
    Mission big = small();
    big.description = std::string(60000, 'd');
    for (int i = 0; i < 40; ++i) {
        Unit u = big.units[0];
        u.id = "u" + std::to_string(i + 2), u.notes = std::string(60000, 'n');
        big.units.push_back(u);
    }
    const fs::path mission = mnt / "m.entente.gpkg";
    save_mission(small(), mission.string());
    try {
        save_mission(big, mission.string());
        FAIL("a 2.4 MB mission fitted on a 512 KiB disk");
    } catch (const geo::InputError& e) {
        CHECK(std::string(e.what()).find("disk is full") != std::string::npos);
    }
    CHECK(load_mission(mission.string()) == small());
    CHECK(temporaries_in(mnt) == 0);
    // A streamed GDAL output (a large layer export) fails the same way, at the write that did not fit.
    {
        StreamedOutput stream(f.string());
        VSILFILE* fp = VSIFOpenL(stream.path().c_str(), "wb");
        REQUIRE(fp);
        const std::string block(64 << 10, 'y');
        for (int i = 0; i < 32; ++i)
            VSIFWriteL(block.data(), 1, block.size(), fp);
        VSIFCloseL(fp);
        try {
            stream.commit();
            FAIL("a 2 MiB stream fitted on a 512 KiB disk");
        } catch (const geo::InputError& e) {
            CHECK(std::string(e.what()).find("disk is full") != std::string::npos);
        }
    }
    CHECK(slurp(f) == "{\"earlier\": true}");
    CHECK(temporaries_in(mnt) == 0);
    // Read-only: the cause named too.
    REQUIRE(::mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0);
    try {
        write_file_atomically(f.string(), "new");
        FAIL("wrote on a read-only file system");
    } catch (const geo::InputError& e) {
        CHECK(std::string(e.what()).find("read-only") != std::string::npos);
    }
    CHECK(slurp(f) == "{\"earlier\": true}");
}

TEST_CASE("a mission file changed behind our back: generated or foreign columns, big cells, bad values") {
    const fs::path f = scratch("tampered.entente.gpkg");
    struct Case {
        const char* what;
        const char* sql;
        geo::ErrorKind kind;
    };
    const Case cases[] = {
        {"generated column in entente_meta",
         "ALTER TABLE entente_meta ADD COLUMN g TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) "
         "VIRTUAL",
         geo::ErrorKind::RefusedForSafety},
        {"stored generated column in a table of ours",
         "CREATE TABLE entente_extra (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) STORED)",
         geo::ErrorKind::RefusedForSafety},
        {"foreign column in entente_units", "ALTER TABLE entente_units ADD COLUMN secret TEXT",
         geo::ErrorKind::RefusedForSafety},
        {"a view", "CREATE VIEW entente_v AS SELECT 1", geo::ErrorKind::RefusedForSafety},
        {"strength 2^40 in the unit's JSON",
         "UPDATE entente_units SET json = '{\"id\":\"u1\",\"strength\":1099511627776,\"position\":[1,1]}'",
         geo::ErrorKind::OutOfRange},
        {"a 5 MiB cell", "UPDATE entente_meta SET value = zeroblob(5242880) WHERE key = 'description'",
         geo::ErrorKind::OutOfRange},
        {"D-day 1800-13-45", "UPDATE entente_meta SET value = '1800-13-45' WHERE key = 'd_day'",
         geo::ErrorKind::Corrupt},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        save_mission(small(), f.string());
        {
            geo::DatasetPtr ds(GDALDataset::Open(f.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            REQUIRE(ds);
            CPLErrorReset();
            ds->ExecuteSQL(c.sql, nullptr, nullptr);
            REQUIRE(CPLGetLastErrorType() != CE_Failure);
        }
        CHECK(kind_of([&] { load_mission(f.string()); }) == c.kind);
    }
}
