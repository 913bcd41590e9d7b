// Opening any GDAL vector or raster source. Loading returns plain data (features in WGS84, raster handles)
// that the app turns into scene data; nothing here touches the GPU.
#pragma once
#include "error.hpp"
#include "features.hpp"
#include "gdal_ptr.hpp"
#include "types.hpp"

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace entente::geo {

// A raster opened through GDAL. Reads are serialised: a GDAL dataset handle is not thread-safe.
class RasterSource {
  public:
    std::string source, name;
    int width = 0, height = 0, bands = 0;
    std::array<double, 6> geotransform{};
    std::string crs_wkt, crs; // crs: short human form
    bool has_nodata = false;
    double nodata = 0;
    bool colour = false; // RGB(A) or paletted: drawn as an image, not through a colour ramp
    int overviews = 0;
    std::string datatype;
    Bbox extent_lonlat;
    std::string description; // the dataset's own description (GeoTIFF image description), if any
    bool synthetic = false;  // marked as synthetic / demonstration data in its metadata

    ~RasterSource();
    // Band 1 over the source pixel window, resampled to out_w x out_h (GDAL picks overviews). Nodata -> NaN.
    std::vector<float> read_values(int x, int y, int w, int h, int out_w, int out_h) const;
    // Colour rasters as RGBA8 (nodata / alpha band honoured).
    std::vector<uint8_t> read_rgba(int x, int y, int w, int h, int out_w, int out_h) const;
    // Source pixel/line -> source CRS coordinates.
    XY pixel_to_crs(double px, double py) const;
    // Pixel corners (px, py in source pixels) to lon/lat; NaN where the CRS cannot express it.
    std::vector<LonLat> pixels_to_lonlat(const std::vector<XY>& px) const;
    // Lon/lat to source pixels (NaN where outside the CRS); used to find the raster window a view needs.
    std::vector<XY> lonlat_to_pixels(const std::vector<LonLat>& ll) const;

  private:
    friend class SourceLoader;
    DatasetPtr ds_;
    mutable std::mutex mu_;
};

struct LoadedSource {
    std::string path;
    std::vector<std::shared_ptr<VectorLayer>> vectors;
    std::vector<std::shared_ptr<RasterSource>> rasters;
    std::vector<std::string> warnings; // e.g. "12 features skipped: latitude outside -90..90"
    // What read the features: "GDAL", "simdjson" for GeoJSON read by geo/geojson_reader, or "GDAL Arrow
    // stream" for a GeoPackage read by geo/arrow_reader; with why GDAL's features were read when they were
    // (a feature id, a date, a "crs" member...).
    std::string reader = "GDAL";
    std::string why_gdal;
};

struct LoadOptions {
    std::function<void(double fraction, const std::string& stage)> progress; // may be empty
    const std::atomic<bool>* cancel = nullptr;                               // set to stop early
    bool tessellate = true;
    // GEOS validity check and make-valid per polygon. It doubles the load of Natural Earth 10m countries
    // (1.9 to 3.8 s), so only the app's own basemap assets, checked when they were made, turn it off.
    bool repair_polygons = true;
    // GeoJSON through simdjson (geo/geojson_reader.hpp) where it reads the file as GDAL's driver would;
    // false: always GDAL's driver (the tests compare the two).
    bool fast_geojson = true;
    // GeoPackage layers through GDAL's Arrow stream (geo/arrow_reader.hpp) where their columns come back as
    // GDAL's features give them; false: always GDAL's features (the tests compare the two).
    bool arrow_gpkg = true;
    // Called on the loading thread with each run of a layer's newly read points [from, to) (every 4,096 or
    // so, and the rest at the end of the layer) while GDAL's reading thread reads ahead (GeoPackage's Arrow
    // stream), so a caller can prepare them for drawing in time the loading thread would spend waiting
    // (app/scene's PointProjector). The layer's points are final once given.
    std::function<void(const VectorLayer& layer, size_t from, size_t to)> on_points;
    // Which of a layer's attributes to keep, given its name and its fields as the file declares them; no
    // function, or a result of another size: every one. A one-shot render keeps only what its styles read
    // (app/scene/headless_render.cpp), so a national dataset's other columns are neither read (GDAL is told
    // to ignore them) nor held: a million points' score and category are 12 MB. The layer then has the kept
    // fields only, in the file's order.
    std::function<std::vector<bool>(const std::string& layer, const std::vector<Field>& fields)> keep_fields;
};

// Opens every layer of a file (all layers of a GeoPackage, a CSV with lon/lat columns, KML/KMZ, ...).
// Throws InputError naming the file and the reason; throws Cancelled when cancelled.
LoadedSource load_source(const std::string& path, const LoadOptions& options = {});

// Summary of a source without loading its features (for `entente info`).
struct LayerInfo {
    std::string name, geometry_type, crs;
    int64_t feature_count = -1;
    Bbox extent; // in the layer's CRS
    Bbox extent_lonlat;
    std::vector<std::pair<std::string, std::string>> fields; // name, type
    // raster only
    bool raster = false;
    int width = 0, height = 0, bands = 0, overviews = 0;
    std::string datatype;
};
struct SourceInfo {
    std::string path, driver;
    std::vector<LayerInfo> layers;
    std::vector<std::string> warnings; // layers the input gate skipped, and why
};
SourceInfo describe_source(const std::string& path);

// Makes GDAL/PROJ quiet and finds their data; call once at start-up. Also bounds GDAL's raster block cache
// to kGdalBlockCacheBytes unless GDAL_CACHEMAX is set.
void init_gdal();
inline constexpr long long kGdalBlockCacheBytes = 32ll << 20;

// Why GDAL could not open `path` (with these open flags, and only `drivers` when given): NotFound when there
// is no such file, Corrupt when a driver recognises it (damaged), Unsupported when none does.
ErrorKind open_failure(const std::string& path, unsigned gdal_flags, const char* const* drivers = nullptr);

} // namespace entente::geo
