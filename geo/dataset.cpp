#include "dataset.hpp"

#include "arrow_reader.hpp"
#include "error.hpp"
#include "geojson_reader.hpp"
#include "input_gate.hpp"
#include "layer_reader.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <future>
#include <optional>

namespace entente::geo {

namespace fs = std::filesystem;

void init_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        harden_gdal(); // before any driver registers: no plugins, no network
        GDALAllRegister();
        // Errors are reported through our own messages; GDAL's own stderr chatter would duplicate them.
        CPLSetErrorHandler(CPLQuietErrorHandler);
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
        // GDAL's raster block cache defaults to 5 % of RAM, and a raster read at reduced resolution without
        // overviews fills it with every block it decoded (128 MB for the benchmark raster in a 4096² render).
        // The tile cache (app/scene/raster_tiles) keeps what is drawn, so GDAL only needs the blocks of the
        // tiles being read. GDAL_CACHEMAX set by the user still wins.
        if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr)) GDALSetCacheMax64(kGdalBlockCacheBytes);
    });
}

namespace {

bool has_ext(const std::string& path, std::initializer_list<const char*> exts) {
    std::string e = fs::path(path).extension().string();
    for (auto& c : e)
        c = char(std::tolower((unsigned char)c));
    for (auto* x : exts)
        if (e == x) return true;
    return false;
}

} // namespace

ErrorKind open_failure(const std::string& path, unsigned gdal_flags, const char* const* drivers) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) return ErrorKind::NotFound;
    // A driver that recognises the file but could not open it means damage; no driver, a foreign format.
    return GDALIdentifyDriverEx(path.c_str(), gdal_flags, drivers, nullptr) ? ErrorKind::Corrupt
                                                                            : ErrorKind::Unsupported;
}

namespace {

// A CSV's longitude and latitude columns under their usual names: any case, "Lon*" a prefix.
constexpr std::string_view kCsvX = "lon,lng,long,longitude,x,Lon*,Long*", kCsvY = "lat,latitude,y,Lat*";

bool csv_name_matches(std::string_view name, std::string_view patterns) {
    auto lower = [](std::string_view s) {
        std::string r(s);
        for (auto& c : r)
            c = char(std::tolower((unsigned char)c));
        return r;
    };
    const std::string n = lower(name);
    for (size_t a = 0; a <= patterns.size();) {
        size_t b = patterns.find(',', a);
        if (b == std::string_view::npos) b = patterns.size();
        const std::string p = lower(patterns.substr(a, b - a));
        if (!p.empty() && p.back() == '*' ? n.starts_with(p.substr(0, p.size() - 1)) : n == p) return true;
        a = b + 1;
    }
    return false;
}

// The columns GDAL made a CSV layer's points from (the first that matches each list, as GDAL picks them),
// so they are not kept as attributes too; none when the layer has no points from them.
std::vector<int> csv_xy_fields(OGRLayer* layer) {
    OGRFeatureDefn* d = layer->GetLayerDefn();
    if (d->GetGeomFieldCount() == 0) return {};
    int x = -1, y = -1;
    for (int i = 0; i < d->GetFieldCount(); ++i) {
        const char* name = d->GetFieldDefn(i)->GetNameRef();
        if (x < 0 && csv_name_matches(name, kCsvX))
            x = i;
        else if (y < 0 && csv_name_matches(name, kCsvY))
            y = i;
    }
    if (x < 0 || y < 0) return {};
    return {x, y};
}

// Tells GDAL not to read the fields LoadOptions::keep_fields drops (nor put them in an Arrow stream's
// batches); not the CSV's coordinate columns (`xy`), hidden but not dropped. GDAL finds a field by its name
// in any case, and takes OGR_GEOMETRY and OGR_STYLE as other things: such a field is read and left out by
// the reader instead.
void ignore_dropped(OGRLayer* layer, const std::vector<int>& dropped, const std::vector<int>& xy) {
    CPLStringList names;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (const int i : dropped) {
        const char* name = defn->GetFieldDefn(i)->GetNameRef();
        if (std::find(xy.begin(), xy.end(), i) == xy.end() && defn->GetFieldIndex(name) == i &&
            !EQUAL(name, "OGR_GEOMETRY") && !EQUAL(name, "OGR_STYLE"))
            names.AddString(name);
    }
    if (names.Count() > 0) layer->SetIgnoredFields(const_cast<const char**>(names.List()));
}

DatasetPtr open_source(const std::string& path, unsigned flags) {
    std::vector<std::string> opts;
    if (has_ext(path, {".csv"})) {
        // CSV points from the longitude/latitude columns.
        opts = {"X_POSSIBLE_NAMES=" + std::string(kCsvX), "Y_POSSIBLE_NAMES=" + std::string(kCsvY),
                "AUTODETECT_TYPE=YES"};
        // Not KEEP_GEOM_COLUMNS=NO: GDAL 3.6 crashes reading a file where only a latitude column matches,
        // twice (a fuzz finding); csv_xy_fields hides the two columns instead.
    }
    std::vector<const char*> oo;
    for (auto& o : opts)
        oo.push_back(o.c_str());
    oo.push_back(nullptr);
    return open_input(path, flags, oo.data(), nullptr);
}

void finish_vector(VectorLayer& l) {
    for (auto& c : l.columns)
        c.done_loading();
    auto& ps = l.polygons;
    if (!ps.poly_feature.empty()) {
        if (ps.poly_ring.size() == ps.poly_feature.size())
            ps.poly_ring.push_back(uint32_t(ps.ring_start.size()));
        if (ps.ring_start.empty() || ps.ring_start.back() != ps.coords.size())
            ps.ring_start.push_back(uint32_t(ps.coords.size()));
    }
    if (l.lines.part_start.empty()) l.lines.part_start.push_back(0);
}

void setup_raster(RasterSource& r, GDALDataset* ds, const std::string& path) {
    r.width = ds->GetRasterXSize();
    r.height = ds->GetRasterYSize();
    r.bands = ds->GetRasterCount();
    if (r.bands == 0) throw InputError(path, "raster has no bands", ErrorKind::Unsupported);
    double gt[6];
    if (ds->GetGeoTransform(gt) != CE_None)
        throw InputError(path, "raster is not georeferenced (no geotransform or world file)",
                         ErrorKind::Unsupported);
    std::copy(gt, gt + 6, r.geotransform.begin());
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    if (srs) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        r.crs_wkt = wkt ? wkt : "";
        CPLFree(wkt);
        r.crs = short_crs(srs);
    } else {
        // A PNG with a world file carries no CRS: lon/lat is the only reading that can be checked.
        const double x0 = gt[0], y0 = gt[3], x1 = gt[0] + gt[1] * r.width, y1 = gt[3] + gt[5] * r.height;
        if (!valid_lonlat(x0, y0) || !valid_lonlat(x1, y1))
            throw InputError(path, "raster has no CRS and its extent is not longitude/latitude",
                             ErrorKind::OutOfRange);
        r.crs_wkt = SRS_WKT_WGS84_LAT_LONG;
        r.crs = "EPSG:4326 (assumed)";
    }
    for (const char* key : {"DESCRIPTION", "TIFFTAG_IMAGEDESCRIPTION"})
        if (const char* d = ds->GetMetadataItem(key); d && r.description.empty()) r.description = d;
    const char* syn = ds->GetMetadataItem("SYNTHETIC");
    r.synthetic = (syn && std::string(syn) == "YES") || r.description.find("SYNTHETIC") != std::string::npos;
    GDALRasterBand* b1 = ds->GetRasterBand(1);
    int has = 0;
    r.nodata = b1->GetNoDataValue(&has);
    r.has_nodata = has != 0;
    r.overviews = b1->GetOverviewCount();
    r.datatype = GDALGetDataTypeName(b1->GetRasterDataType());
    r.colour = (b1->GetColorTable() != nullptr) ||
               (r.bands >= 3 && b1->GetRasterDataType() == GDT_Byte &&
                b1->GetColorInterpretation() == GCI_RedBand) ||
               (r.bands >= 3 && b1->GetRasterDataType() == GDT_Byte);
    // Extent in lon/lat from the edges.
    std::vector<XY> px;
    for (int i = 0; i <= 16; ++i) {
        const double t = i / 16.0;
        px.push_back({t * r.width, 0});
        px.push_back({t * r.width, double(r.height)});
        px.push_back({0, t * r.height});
        px.push_back({double(r.width), t * r.height});
    }
    for (auto& p : r.pixels_to_lonlat(px))
        if (std::isfinite(p.lon)) r.extent_lonlat.add(p.lon, p.lat);
    if (r.extent_lonlat.empty())
        throw InputError(path, "raster extent cannot be expressed in longitude/latitude",
                         ErrorKind::OutOfRange);
}

} // namespace

class SourceLoader {
  public:
    static LoadedSource load(const std::string& path, const LoadOptions& opt) {
        init_gdal();
        std::string why_gdal;
        const bool gzip = path.rfind("/vsigzip/", 0) == 0;
        const std::string inner = gzip ? fs::path(path).replace_extension().string() : path;
        if (opt.fast_geojson && has_ext(inner, {".geojson", ".json"}))
            if (std::optional<LoadedSource> fast = load_geojson(path, opt, why_gdal)) return std::move(*fast);
        LoadedSource src;
        src.path = path;
        src.why_gdal = why_gdal;
        DatasetPtr guard = open_source(path, GDAL_OF_VECTOR | GDAL_OF_RASTER);
        GDALDataset* ds = guard.get();
        const int nl = ds->GetLayerCount();
        const double vec_share = ds->GetRasterCount() > 0 ? 0.5 : 1.0;
        // Checked per layer too: the in-layer check runs every 16384 features, so small layers never reach
        // it.
        auto check_cancel = [&] {
            if (opt.cancel && opt.cancel->load()) throw Cancelled();
        };
        std::string refused; // the last layer the gate refused, for the message when nothing else is left
        for (int i = 0; i < nl; ++i) {
            check_cancel();
            OGRLayer* layer = ds->GetLayer(i);
            if (std::string why = refused_layer_reason(ds, layer->GetName()); !why.empty()) {
                refused = "layer '" + std::string(layer->GetName()) + "' " + why;
                src.warnings.push_back(path + ": " + refused + ": skipped");
                continue;
            }
            auto vl = std::make_shared<VectorLayer>();
            vl->source = path;
            vl->name = layer->GetName();
            LayerReader reader(*vl, opt, vec_share * i / nl, vec_share * 0.8 / nl);
            const std::string_view driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
            const std::vector<int> xy = driver == "CSV" ? csv_xy_fields(layer) : std::vector<int>{};
            const std::vector<int> hidden = dropped_fields(layer->GetLayerDefn(), vl->name, opt, xy);
            ignore_dropped(layer, hidden, xy);
            std::unique_ptr<ArrowReader> arrow;
            if (opt.arrow_gpkg && driver == "GPKG") {
                try {
                    arrow = std::make_unique<ArrowReader>(path, layer);
                    src.reader = "GDAL Arrow stream";
                } catch (const NeedsGdal& e) {
                    src.why_gdal +=
                        (src.why_gdal.empty() ? "" : "; ") + ("layer '" + vl->name + "': " + e.why);
                }
            }
            if (arrow)
                reader.read(*arrow, hidden);
            else
                reader.read(layer, hidden);
            finish_layer(src, std::move(vl), reader.tessellated(), opt, vec_share * (i + 0.8) / nl);
        }
        check_cancel();
        if (ds->GetRasterCount() > 0) {
            auto r = std::make_shared<RasterSource>();
            r->source = path;
            r->name = fs::path(path).filename().string();
            setup_raster(*r, ds, path);
            r->ds_ = std::move(guard); // the raster keeps the dataset for later reads
            src.rasters.push_back(std::move(r));
        }
        if (src.vectors.empty() && src.rasters.empty()) {
            if (!refused.empty()) throw InputError(path, refused, ErrorKind::RefusedForSafety);
            throw InputError(path, "contains no layers", ErrorKind::NotFound);
        }
        if (opt.progress) opt.progress(1.0, "done");
        return src;
    }

  private:
    static void finish_layer(LoadedSource& src, std::shared_ptr<VectorLayer> vl, bool tessellated,
                             const LoadOptions& opt, double progress) {
        finish_vector(*vl);
        if (opt.tessellate && !tessellated) {
            if (opt.progress) opt.progress(progress, "tessellating " + vl->name);
            tessellate_all(vl->polygons, opt.cancel);
        }
        for (const auto& [what, n] : vl->report)
            src.warnings.push_back(src.path + ": layer '" + vl->name + "': " + std::to_string(n) + " " +
                                   what);
        src.vectors.push_back(std::move(vl));
    }

    // GeoJSON through simdjson (geo/geojson_reader.hpp) when it reads the file as GDAL would; nothing when
    // GDAL must read it. The input gate's check of the text runs on the other core meanwhile, and its verdict
    // comes first: a file it refuses is refused whatever the reader made of it.
    static std::optional<LoadedSource> load_geojson(const std::string& path, const LoadOptions& opt,
                                                    std::string& why_gdal) {
        const std::string text = json_input(path);
        if (text.empty()) {
            why_gdal = "not a plain JSON file (compressed, archived or with a byte order mark)";
            return std::nullopt;
        }
        auto gate = std::async(std::launch::async, [&] { check_json_text(path, text); });
        std::optional<LoadedSource> src;
        try {
            src = read_geojson(path, text, opt, why_gdal);
        } catch (...) {
            gate.get(); // the gate's refusal, if any, is the error to report
            throw;
        }
        gate.get();
        return src;
    }

    static std::optional<LoadedSource> read_geojson(const std::string& path, const std::string& text,
                                                    const LoadOptions& opt, std::string& why_gdal) {
        try {
            GeoJsonReader json(path, text);
            LoadedSource src;
            src.path = path;
            src.reader = "simdjson";
            auto vl = std::make_shared<VectorLayer>();
            vl->source = path;
            vl->name = json.layer_name();
            LayerReader reader(*vl, opt, 0, 0.8);
            reader.read(json, dropped_fields(json.defn(), vl->name, opt));
            finish_layer(src, std::move(vl), reader.tessellated(), opt, 0.8);
            if (opt.progress) opt.progress(1.0, "done");
            return src;
        } catch (const NeedsGdal& e) {
            why_gdal = e.why;
            return std::nullopt;
        }
    }
};

LoadedSource load_source(const std::string& path, const LoadOptions& options) {
    try {
        return SourceLoader::load(path, options);
    } catch (const InputError&) {
        throw;
    } catch (const Cancelled&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw InputError(path, "out of memory while loading", ErrorKind::Failed);
    } catch (const std::exception& e) {
        throw InputError(path, e.what(), ErrorKind::Failed);
    }
}

SourceInfo describe_source(const std::string& path) {
    init_gdal();
    const DatasetPtr guard = open_source(path, GDAL_OF_VECTOR | GDAL_OF_RASTER);
    GDALDataset* ds = guard.get();
    SourceInfo info;
    info.path = path;
    info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    std::string refused;
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer* l = ds->GetLayer(i);
        if (std::string why = refused_layer_reason(ds, l->GetName()); !why.empty()) {
            refused = "layer '" + std::string(l->GetName()) + "' " + why;
            info.warnings.push_back(path + ": " + refused + ": skipped");
            continue;
        }
        LayerInfo li;
        li.name = l->GetName();
        li.geometry_type = OGRGeometryTypeToName(l->GetGeomType());
        li.crs = short_crs(l->GetSpatialRef());
        li.feature_count = l->GetFeatureCount(TRUE);
        OGREnvelope env;
        if (l->GetExtent(&env, TRUE) == OGRERR_NONE) {
            li.extent = Bbox{env.MinX, env.MinY, env.MaxX, env.MaxY};
            if (const OGRSpatialReference* srs = l->GetSpatialRef()) {
                OGRSpatialReference src(*srs), wgs;
                src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
                wgs.SetWellKnownGeogCS("WGS84");
                wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
                std::unique_ptr<OGRCoordinateTransformation> ct(
                    OGRCreateCoordinateTransformation(&src, &wgs));
                double x0, y0, x1, y1;
                if (ct && ct->TransformBounds(env.MinX, env.MinY, env.MaxX, env.MaxY, &x0, &y0, &x1, &y1, 21))
                    li.extent_lonlat = Bbox{x0, y0, x1, y1};
            } else {
                li.extent_lonlat = li.extent;
            }
        }
        OGRFeatureDefn* d = l->GetLayerDefn();
        for (int f = 0; f < d->GetFieldCount(); ++f)
            li.fields.emplace_back(d->GetFieldDefn(f)->GetNameRef(),
                                   OGRFieldDefn::GetFieldTypeName(d->GetFieldDefn(f)->GetType()));
        info.layers.push_back(std::move(li));
    }
    if (ds->GetRasterCount() > 0) {
        RasterSource r;
        r.source = path;
        setup_raster(r, ds, path);
        LayerInfo li;
        li.raster = true;
        li.name = fs::path(path).filename().string();
        li.geometry_type = "Raster";
        li.crs = r.crs;
        li.width = r.width, li.height = r.height, li.bands = r.bands, li.overviews = r.overviews;
        li.datatype = r.datatype;
        li.extent = Bbox{r.pixel_to_crs(0, r.height).x, r.pixel_to_crs(0, r.height).y,
                         r.pixel_to_crs(r.width, 0).x, r.pixel_to_crs(r.width, 0).y};
        li.extent_lonlat = r.extent_lonlat;
        info.layers.push_back(std::move(li));
    }
    if (info.layers.empty() && !refused.empty()) throw InputError(path, refused, ErrorKind::RefusedForSafety);
    if (info.layers.empty()) throw InputError(path, "contains no layers", ErrorKind::NotFound);
    return info;
}

} // namespace entente::geo
