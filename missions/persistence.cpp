#include "persistence.hpp"

#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "geo/gdal_ptr.hpp"
#include "geo/input_gate.hpp"
#include "output_file.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entente::missions {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using geo::DatasetPtr;

[[noreturn]] void fail(const std::string& path, const std::string& why, geo::ErrorKind kind) {
    throw geo::InputError(path, why, kind);
}

OGRLayer* make_layer(GDALDataset* ds, const char* name, OGRwkbGeometryType type, const std::string& path,
                     std::initializer_list<std::pair<const char*, OGRFieldType>> fields) {
    OGRSpatialReference wgs;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* l = ds->CreateLayer(name, type == wkbNone ? nullptr : &wgs, type, nullptr);
    if (!l) fail(path, std::string("cannot create table ") + name, geo::ErrorKind::Failed);
    for (auto& [n, t] : fields) {
        OGRFieldDefn fd(n, t);
        if (l->CreateField(&fd) != OGRERR_NONE)
            fail(path, std::string("cannot create field ") + n, geo::ErrorKind::Failed);
    }
    return l;
}

void add(OGRLayer* l, const std::string& path, const std::function<void(OGRFeature&)>& fill) {
    OGRFeature f(l->GetLayerDefn());
    fill(f);
    if (l->CreateFeature(&f) != OGRERR_NONE)
        fail(path, std::string("cannot write to ") + l->GetName(), geo::ErrorKind::Failed);
}

std::string str(OGRFeature* f, const char* field) {
    const int i = f->GetFieldIndex(field);
    return i >= 0 && f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
}

// Schema objects a mission file may contain: ours, GeoPackage's, and SQLite's own.
bool allowed_object(const std::string& type, const std::string& name, const std::string& tbl) {
    auto starts = [](const std::string& s, const char* p) { return s.rfind(p, 0) == 0; };
    const bool ours_or_gpkg =
        starts(tbl, "entente_") || starts(tbl, "gpkg_") || starts(tbl, "rtree_") || starts(tbl, "sqlite_");
    if (type == "table" || type == "index") return ours_or_gpkg;
    // GeoPackage and GDAL maintain spatial indexes, tile matrices and feature counts with triggers of known
    // names. (Opening read-only fires no trigger at all; refusing strangers keeps files honest for later
    // edits.)
    if (type == "trigger")
        return ours_or_gpkg && (starts(name, "rtree_entente_") || starts(name, "gpkg_tile_matrix_") ||
                                starts(name, "trigger_insert_feature_count_entente_") ||
                                starts(name, "trigger_delete_feature_count_entente_"));
    return false; // views and anything else
}

// Opened read-only with only the GeoPackage driver: a mission file is untrusted input. Quiet, since callers
// report their own error.
DatasetPtr open_geopackage(const std::string& path) {
    const char* drivers[] = {"GPKG", nullptr};
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    DatasetPtr ds = geo::open_dataset(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers);
    CPLPopErrorHandler();
    return ds;
}

// The columns our tables have (GDAL adds fid, and geom to the layers with geometry). Anything else in them
// is refused: a reader would otherwise carry (or compute) whatever a stranger put there.
const std::map<std::string, std::set<std::string>>& our_columns() {
    static const std::map<std::string, std::set<std::string>> cols{
        {"entente_meta", {"fid", "key", "value"}},
        {"entente_phases", {"fid", "id", "ord", "name", "start_day", "end_day"}},
        {"entente_slides", {"fid", "id", "ord", "json"}},
        {"entente_units",
         {"fid", "geom", "id", "ord", "sidc", "designation", "nation", "organisation", "strength", "parent",
          "json"}},
        {"entente_measures", {"fid", "geom", "id", "ord", "name", "kind", "json"}}};
    return cols;
}

// Whether a column of ours is declared with a type GeoPackage defines (its table 1, and the geometry type
// names for `geom`). GDAL 3.6 takes an unknown type ending in M or Z, such as MEDIUMINM, for a second
// geometry column, and its reader then crashes on the table: such a file is refused before GDAL opens it.
// A column of a table this version does not know (`known` false: a newer table of ours or GeoPackage's; never
// read, but GDAL may list it) may hold either kind.
bool declared_type_fits(const std::string& column, std::string type, bool known = true) {
    for (auto& c : type)
        c = char(std::toupper((unsigned char)c));
    static const std::set<std::string> geometry{
        "GEOMETRY",        "POINT",        "LINESTRING",         "POLYGON",        "MULTIPOINT",
        "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "CIRCULARSTRING", "COMPOUNDCURVE",
        "CURVEPOLYGON",    "MULTICURVE",   "MULTISURFACE",       "CURVE",          "SURFACE"};
    if (column == "geom" && known) return geometry.count(type) > 0;
    if (!known && geometry.count(type)) return true;
    static const std::set<std::string> plain{"BOOLEAN", "TINYINT", "SMALLINT", "MEDIUMINT", "INT",
                                             "INTEGER", "FLOAT",   "DOUBLE",   "REAL",      "TEXT",
                                             "BLOB",    "DATE",    "DATETIME"};
    // TEXT(n) and BLOB(n) carry a maximum length.
    const auto paren = type.find('(');
    if (paren != std::string::npos) {
        const std::string base = type.substr(0, paren);
        const std::string n = type.substr(paren + 1);
        return (base == "TEXT" || base == "BLOB") && n.size() >= 2 && n.back() == ')' &&
               n.find_first_not_of("0123456789") == n.size() - 1;
    }
    return plain.count(type) > 0;
}

// Largest value of any one cell (text or blob) a mission file may hold: a measure of limits::kPoints points
// fits; a multi-megabyte designation does not.
constexpr long long kMaxCellBytes = 4 * 1024 * 1024;

struct SqliteDb {
    sqlite3* db = nullptr;
    ~SqliteDb() { sqlite3_close(db); }
};

// Rows of a query as text; throws through `fail` on an SQLite error.
std::vector<std::vector<std::string>> query(sqlite3* db, const std::string& sql, const std::string& path) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
        fail(path, std::string("damaged: its schema cannot be read (") + sqlite3_errmsg(db) + ")",
             geo::ErrorKind::Corrupt);
    std::vector<std::vector<std::string>> rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
            const auto* t = sqlite3_column_text(st, i);
            row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
        }
        rows.push_back(std::move(row));
    }
    const std::string err = sqlite3_errmsg(db);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        fail(path, "damaged or refused: " + err + " (in: " + sql.substr(0, 80) + ")",
             geo::ErrorKind::Corrupt);
    return rows;
}

std::string sql_name(const std::string& name) {
    std::string o = "\"";
    for (char c : name)
        o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

// Looks at an untrusted mission file with SQLite itself, before GDAL (which would read generated columns and
// oversized cells) opens it: a regular file; only our tables, GeoPackage's and SQLite's; no views, foreign
// triggers or virtual tables other than GeoPackage's R-trees; no hidden or generated columns and no columns
// but ours in our tables; no cell over kMaxCellBytes; and SQLite's quick integrity check passes. The
// connection is read-only, in defensive mode, with schema functions untrusted and a length limit, so the
// file's schema cannot make SQLite compute anything large or with side effects. Files that are not SQLite at
// all are left to GDAL's message.
void inspect_mission_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail(path, "no such file", geo::ErrorKind::NotFound);
    if (!S_ISREG(st.st_mode))
        fail(path, "refused: not a regular file (a device, FIFO or directory cannot be a mission)",
             geo::ErrorKind::RefusedForSafety);
    {
        char magic[16] = {};
        FILE* f = std::fopen(path.c_str(), "rb");
        const size_t got = f ? std::fread(magic, 1, sizeof magic, f) : 0;
        if (f) std::fclose(f);
        if (got != sizeof magic || std::memcmp(magic, "SQLite format 3", 16) != 0) return;
    }
    SqliteDb s;
    if (sqlite3_open_v2(path.c_str(), &s.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK)
        fail(path, std::string("cannot open: ") + sqlite3_errmsg(s.db), geo::ErrorKind::Corrupt);
    sqlite3_db_config(s.db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(s.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(s.db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(s.db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_limit(s.db, SQLITE_LIMIT_LENGTH, int(2 * kMaxCellBytes));
    auto refuse = [&](const std::string& what) {
        fail(path, "refused: it contains " + what + " that a mission file does not have",
             geo::ErrorKind::RefusedForSafety);
    };
    std::vector<std::string> tables;
    for (const auto& r :
         query(s.db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master", path)) {
        const std::string &type = r[0], &name = r[1], &tbl = r[2], &sql = r[3];
        if (!allowed_object(type, name, tbl)) refuse("a " + type + " '" + name + "'");
        std::string head = sql.substr(0, 40);
        for (auto& c : head)
            c = char(std::toupper((unsigned char)c));
        if (head.rfind("CREATE VIRTUAL TABLE", 0) == 0) {
            std::string lower = sql;
            for (auto& c : lower)
                c = char(std::tolower((unsigned char)c));
            if (name.rfind("rtree_", 0) != 0 || lower.find("using rtree(") == std::string::npos)
                refuse("a virtual table '" + name + "'");
            continue; // R-tree columns are plain numbers, and R-tree shadow tables are listed on their own
        }
        if (type == "table") tables.push_back(name);
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> columns;
    for (const auto& t : tables) {
        const auto known = our_columns().find(t);
        std::vector<std::string> cols;
        for (const auto& c : query(s.db, "PRAGMA table_xinfo(" + sql_name(t) + ")", path)) {
            // table_xinfo: cid, name, type, notnull, dflt_value, pk, hidden (1 hidden, 2/3 generated).
            if (c.size() < 7) continue;
            if (c[6] != "0") refuse("a generated or hidden column '" + c[1] + "' in table '" + t + "'");
            if (known != our_columns().end() && !known->second.count(c[1]))
                refuse("a column '" + c[1] + "' in table '" + t + "'");
            const bool ours = known != our_columns().end();
            // Our tables, and GeoPackage's (GDAL reads any listed in gpkg_contents); not the R-tree shadow
            // tables or sqlite_sequence, whose columns have no type.
            const bool typed = ours || t.rfind("entente_", 0) == 0 || t.rfind("gpkg_", 0) == 0;
            if (typed && !declared_type_fits(c[1], c[2], ours))
                fail(path,
                     "damaged: column '" + c[1] + "' of table '" + t + "' is declared as '" +
                         c[2].substr(0, 40) + "', not a GeoPackage " +
                         (ours && c[1] == "geom" ? "geometry type" : "column type"),
                     geo::ErrorKind::Corrupt);
            cols.push_back(c[1]);
        }
        if (!cols.empty()) columns.emplace_back(t, std::move(cols));
    }
    // Only now that nothing in the schema computes values: SQLite's own check of the pages and indexes.
    const auto check = query(s.db, "PRAGMA quick_check", path);
    if (check.empty() || check[0].empty() || check[0][0] != "ok")
        fail(path,
             "damaged: SQLite's integrity check reports " +
                 (check.empty() || check[0].empty() ? std::string("nothing") : check[0][0].substr(0, 200)),
             geo::ErrorKind::Corrupt);
    for (const auto& [t, cols] : columns) {
        std::string sql = "SELECT max(";
        for (size_t i = 0; i < cols.size(); ++i)
            sql +=
                (i ? ", " : "") + std::string("coalesce(length(CAST(") + sql_name(cols[i]) + " AS BLOB)), 0)";
        if (cols.size() == 1) sql += ", 0";
        sql += ") FROM " + sql_name(t);
        for (const auto& r : query(s.db, sql, path))
            if (!r.empty() && std::atoll(r[0].c_str()) > kMaxCellBytes)
                fail(path,
                     "refused: table '" + t + "' holds a value of " + r[0] +
                         " bytes, more than the limit of " + std::to_string(kMaxCellBytes) +
                         " bytes for one value",
                     geo::ErrorKind::OutOfRange);
    }
}

} // namespace

bool is_mission_file(const std::string& path) {
    geo::init_gdal();
    // Only a regular file is opened to look inside (a FIFO would block); anything else goes by its name, and
    // load_mission then refuses it with the reason.
    struct stat st {};
    const bool regular = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (DatasetPtr ds = regular ? open_geopackage(path) : nullptr) {
        // sqlite_master rather than the layer list, so the decision matches whatever the file holds.
        OGRLayer* found =
            ds->ExecuteSQL("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'entente_meta'",
                           nullptr, nullptr);
        const bool yes = found && found->GetFeatureCount() > 0;
        if (found) ds->ReleaseResultSet(found);
        return yes;
    }
    const std::string ext = kMissionExtension;
    return path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
}

void save_mission(const Mission& m, const std::string& path) {
    geo::init_gdal();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!drv) fail(path, "GDAL has no GeoPackage driver", geo::ErrorKind::Failed);
    // Refused before any work: a device, FIFO or directory is never replaced by a mission file.
    check_output_target(path);
    // Built in memory, then written beside the target, flushed and renamed (write_file_atomically): an
    // interrupted or failed save leaves the previous file intact, and the next save removes what an
    // interrupted one left.
    const MemoryOutput mem(path);
    {
        DatasetPtr ds(drv->Create(mem.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            fail(path, std::string("cannot create the mission (") + CPLGetLastErrorMsg() + ")",
                 geo::ErrorKind::Failed);
        ds->StartTransaction();
        OGRLayer* meta =
            make_layer(ds.get(), "entente_meta", wkbNone, path, {{"key", OFTString}, {"value", OFTString}});
        const std::pair<std::string, std::string> kv[] = {{"schema_version", std::to_string(kSchemaVersion)},
                                                          {"name", m.name},
                                                          {"classification", m.classification},
                                                          {"releasability", json(m.releasability).dump()},
                                                          {"d_day", m.d_day},
                                                          {"description", m.description}};
        for (auto& item : kv) // not a structured binding: clang 14 (the sanitizer build) cannot capture one
            add(meta, path, [&](OGRFeature& f) {
                f.SetField("key", item.first.c_str());
                f.SetField("value", item.second.c_str());
            });
        OGRLayer* phases = make_layer(ds.get(), "entente_phases", wkbNone, path,
                                      {{"id", OFTString},
                                       {"ord", OFTInteger},
                                       {"name", OFTString},
                                       {"start_day", OFTInteger},
                                       {"end_day", OFTInteger}});
        for (size_t i = 0; i < m.phases.size(); ++i)
            add(phases, path, [&](OGRFeature& f) {
                const Phase& p = m.phases[i];
                f.SetField("id", p.id.c_str());
                f.SetField("ord", int(i));
                f.SetField("name", p.name.c_str());
                f.SetField("start_day", p.start_day);
                f.SetField("end_day", p.end_day);
            });
        OGRLayer* slides = make_layer(ds.get(), "entente_slides", wkbNone, path,
                                      {{"id", OFTString}, {"ord", OFTInteger}, {"json", OFTString}});
        for (size_t i = 0; i < m.slides.size(); ++i)
            add(slides, path, [&](OGRFeature& f) {
                f.SetField("id", m.slides[i].id.c_str());
                f.SetField("ord", int(i));
                f.SetField("json", to_json(m.slides[i]).dump().c_str());
            });
        // Units and measures keep their whole JSON form beside the geometry, so nothing is lost in a round
        // trip, while other GIS tools still see ordinary attributes and geometry.
        OGRLayer* units = make_layer(ds.get(), "entente_units", wkbPoint, path,
                                     {{"id", OFTString},
                                      {"ord", OFTInteger},
                                      {"sidc", OFTString},
                                      {"designation", OFTString},
                                      {"nation", OFTString},
                                      {"organisation", OFTString},
                                      {"strength", OFTInteger},
                                      {"parent", OFTString},
                                      {"json", OFTString}});
        for (size_t i = 0; i < m.units.size(); ++i)
            add(units, path, [&](OGRFeature& f) {
                const Unit& u = m.units[i];
                f.SetField("id", u.id.c_str());
                f.SetField("ord", int(i));
                f.SetField("sidc", u.sidc.c_str());
                f.SetField("designation", u.designation.c_str());
                f.SetField("nation", u.nation.c_str());
                f.SetField("organisation", u.organisation.c_str());
                f.SetField("strength", u.strength);
                f.SetField("parent", u.parent.c_str());
                f.SetField("json", to_json(u).dump().c_str());
                f.SetGeometry(std::make_unique<OGRPoint>(u.position.lon, u.position.lat).get());
            });
        OGRLayer* measures = make_layer(ds.get(), "entente_measures", wkbUnknown, path,
                                        {{"id", OFTString},
                                         {"ord", OFTInteger},
                                         {"name", OFTString},
                                         {"kind", OFTString},
                                         {"json", OFTString}});
        for (size_t i = 0; i < m.measures.size(); ++i)
            add(measures, path, [&](OGRFeature& f) {
                const ControlMeasure& c = m.measures[i];
                f.SetField("id", c.id.c_str());
                f.SetField("ord", int(i));
                f.SetField("name", c.name.c_str());
                f.SetField("kind", to_string(c.kind));
                f.SetField("json", to_json(c).dump().c_str());
                if (shape_of(c.kind) == Shape::Point) {
                    f.SetGeometry(std::make_unique<OGRPoint>(c.points[0].lon, c.points[0].lat).get());
                } else if (shape_of(c.kind) == Shape::Line) {
                    OGRLineString ls;
                    for (auto& p : c.points)
                        ls.addPoint(p.lon, p.lat);
                    f.SetGeometry(&ls);
                } else {
                    auto ring = std::make_unique<OGRLinearRing>();
                    for (auto& p : c.points)
                        ring->addPoint(p.lon, p.lat);
                    ring->closeRings();
                    OGRPolygon poly;
                    poly.addRingDirectly(ring.release());
                    f.SetGeometry(&poly);
                }
            });
        if (ds->CommitTransaction() != OGRERR_NONE)
            fail(path, "cannot commit the mission tables", geo::ErrorKind::Failed);
        CPLErrorReset();
    }
    if (CPLGetLastErrorType() == CE_Failure)
        fail(path, std::string("cannot finish the mission (") + CPLGetLastErrorMsg() + ")",
             geo::ErrorKind::Failed);
    const std::string bytes = mem.bytes();
    if (bytes.empty()) fail(path, "cannot finish the mission (GDAL wrote nothing)", geo::ErrorKind::Failed);
    write_file_atomically(path, bytes);
}

Mission load_mission(const std::string& path) {
    geo::init_gdal();
    std::error_code ec;
    if (!fs::exists(path, ec)) fail(path, "no such file", geo::ErrorKind::NotFound);
    inspect_mission_file(path);
    DatasetPtr ds = open_geopackage(path);
    if (!ds) {
        const char* drivers[] = {"GPKG", nullptr};
        const std::string why = "not a GeoPackage, or damaged (" + std::string(CPLGetLastErrorMsg()) + ")";
        fail(path, why, geo::open_failure(path, GDAL_OF_VECTOR, drivers));
    }
    OGRLayer* meta = ds->GetLayerByName("entente_meta");
    if (!meta) fail(path, "not an Entente mission file (no entente_meta table)", geo::ErrorKind::Unsupported);
    std::map<std::string, std::string> kv;
    for (auto& f : *meta)
        kv[str(f.get(), "key")] = str(f.get(), "value");
    const int version = std::atoi(kv["schema_version"].c_str());
    if (version <= 0) fail(path, "damaged: no schema version", geo::ErrorKind::Corrupt);
    if (version > kSchemaVersion)
        fail(path,
             "written by a newer Entente (mission schema " + std::to_string(version) +
                 "); this version reads schema " + std::to_string(kSchemaVersion) + " and older",
             geo::ErrorKind::Unsupported);
    try {
        // The mission's own fields through the same reader as everywhere else, with its limits and checks.
        json props{{"name", kv["name"]},
                   {"classification", kv["classification"]},
                   {"d_day", kv["d_day"]},
                   {"description", kv["description"]}};
        if (!kv["releasability"].empty()) props["releasability"] = json::parse(kv["releasability"]);
        Mission m = mission_from_json(props);
        auto rows = [&](const char* table) {
            std::vector<std::pair<int, OGRFeatureUniquePtr>> out;
            OGRLayer* l = ds->GetLayerByName(table);
            if (!l) fail(path, std::string("damaged: no ") + table + " table", geo::ErrorKind::Corrupt);
            for (auto& f : *l)
                out.emplace_back(f->GetFieldAsInteger("ord"), OGRFeatureUniquePtr(f->Clone()));
            std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.first < b.first; });
            return out;
        };
        for (auto& [ord, f] : rows("entente_phases")) {
            // Through the JSON reader, so a phase in the file meets the same limits as one typed in.
            m.phases.push_back(phase_from_json({{"id", str(f.get(), "id")},
                                                {"name", str(f.get(), "name")},
                                                {"start_day", f->GetFieldAsInteger64("start_day")},
                                                {"end_day", f->GetFieldAsInteger64("end_day")}}));
        }
        for (auto& [ord, f] : rows("entente_units"))
            m.units.push_back(unit_from_json(json::parse(str(f.get(), "json"))));
        for (auto& [ord, f] : rows("entente_measures"))
            m.measures.push_back(measure_from_json(json::parse(str(f.get(), "json"))));
        if (version >= 2)
            for (auto& [ord, f] : rows("entente_slides"))
                m.slides.push_back(slide_from_json(json::parse(str(f.get(), "json"))));
        check_unique_ids(m);
        return m;
    } catch (const geo::InputError&) {
        throw;
    } catch (const LimitExceeded& e) {
        fail(path, std::string("refused: ") + e.what(), geo::ErrorKind::OutOfRange);
    } catch (const std::exception& e) {
        fail(path, std::string("damaged: ") + e.what(), geo::ErrorKind::Corrupt);
    }
}

} // namespace entente::missions
