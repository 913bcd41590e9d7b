#include "persistence.hpp"

#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "geo/gdal_ptr.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
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

} // namespace

bool is_mission_file(const std::string& path) {
    geo::init_gdal();
    if (DatasetPtr ds = open_geopackage(path)) {
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
    const fs::path target(path);
    const fs::path tmp =
        target.parent_path() / (".~" + target.filename().string() + "." + std::to_string(getpid()));
    std::error_code ec;
    fs::remove(tmp, ec);
    {
        DatasetPtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            fail(path, "cannot create " + tmp.string() + " (" + CPLGetLastErrorMsg() + ")",
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
    }
    // The rename is the only step that touches the target: a crash before it leaves the old file as it was.
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp);
        fail(path, "cannot replace the file: " + ec.message(), geo::ErrorKind::Failed);
    }
}

Mission load_mission(const std::string& path) {
    geo::init_gdal();
    std::error_code ec;
    if (!fs::exists(path, ec)) fail(path, "no such file", geo::ErrorKind::NotFound);
    DatasetPtr ds = open_geopackage(path);
    if (!ds) {
        const char* drivers[] = {"GPKG", nullptr};
        const std::string why = "not a GeoPackage, or damaged (" + std::string(CPLGetLastErrorMsg()) + ")";
        fail(path, why, geo::open_failure(path, GDAL_OF_VECTOR, drivers));
    }
    // Untrusted content: look at every schema object before reading anything.
    if (OGRLayer* objs = ds->ExecuteSQL("SELECT type, name, tbl_name FROM sqlite_master", nullptr, nullptr)) {
        std::string refused;
        for (auto& f : *objs) {
            const std::string type = f->GetFieldAsString(0), name = f->GetFieldAsString(1),
                              tbl = f->GetFieldAsString(2);
            if (!allowed_object(type, name, tbl) && refused.empty()) refused = type + " '" + name + "'";
        }
        ds->ReleaseResultSet(objs);
        if (!refused.empty())
            fail(path, "refused: it contains a " + refused + " that a mission file does not have",
                 geo::ErrorKind::RefusedForSafety);
    } else {
        fail(path, "damaged: its schema cannot be read", geo::ErrorKind::Corrupt);
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
        Mission m;
        m.name = kv["name"];
        m.classification = kv["classification"];
        if (!kv["releasability"].empty())
            m.releasability = json::parse(kv["releasability"]).get<std::vector<std::string>>();
        m.d_day = kv["d_day"];
        m.description = kv["description"];
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
            Phase p;
            p.id = str(f.get(), "id");
            p.name = str(f.get(), "name");
            p.start_day = f->GetFieldAsInteger("start_day");
            p.end_day = f->GetFieldAsInteger("end_day");
            m.phases.push_back(p);
        }
        for (auto& [ord, f] : rows("entente_units"))
            m.units.push_back(unit_from_json(json::parse(str(f.get(), "json"))));
        for (auto& [ord, f] : rows("entente_measures"))
            m.measures.push_back(measure_from_json(json::parse(str(f.get(), "json"))));
        if (version >= 2)
            for (auto& [ord, f] : rows("entente_slides"))
                m.slides.push_back(slide_from_json(json::parse(str(f.get(), "json"))));
        return m;
    } catch (const geo::InputError&) {
        throw;
    } catch (const std::exception& e) {
        fail(path, std::string("damaged: ") + e.what(), geo::ErrorKind::Corrupt);
    }
}

} // namespace entente::missions
