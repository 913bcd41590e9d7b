// Reads one layer's features into column storage (geo/features.hpp): the checks and repairs every loaded
// feature gets (closing rings, dropping short ones, GEOS make-valid after a cheap proof), reprojection to
// WGS84 longitude/latitude, splitting at the antimeridian, densifying long edges, and tessellation on a
// second thread while reading. Every reader feeds it: GDAL's features, the GeoJSON reader's, the GeoPackage
// Arrow stream's rows. geo/dataset.cpp opens files and hands it their layers.
#pragma once
#include "dataset.hpp"
#include "features.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

class OGRFeatureDefn;
class OGRLayer;
class OGRSpatialReference;

namespace entente::geo {

class ArrowReader;
class FeatureStream;

class LayerReader {
  public:
    // progress_base, progress_span: the share of the source's progress this layer reports in.
    LayerReader(VectorLayer& out, const LoadOptions& opt, double progress_base, double progress_span);
    ~LayerReader();
    LayerReader(const LayerReader&) = delete;
    LayerReader& operator=(const LayerReader&) = delete;

    // Every feature of a GDAL layer, without the attributes at the indices in `hidden`.
    void read(OGRLayer* layer, const std::vector<int>& hidden = {});
    // Every feature of a fast reader (geo/geojson_reader), likewise.
    void read(FeatureStream& stream, const std::vector<int>& hidden = {});
    // Every row of a GeoPackage point layer's Arrow stream: plain lon/lat points straight from the columns,
    // every other row as an OGR feature; points handed to LoadOptions::on_points as they come.
    void read(ArrowReader& rows, const std::vector<int>& hidden = {});
    // Whether the polygons were tessellated while reading.
    bool tessellated() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The indices of a layer's fields left out of what is read: `hidden`, and those LoadOptions::keep_fields drops
// of the others (it is asked once here, with the fields not hidden; the readers take the result as `hidden`).
std::vector<int> dropped_fields(const OGRFeatureDefn* defn, const std::string& layer, const LoadOptions& opt,
                                std::vector<int> hidden = {});

// Triangulates all polygons of a layer not tessellated while reading, split across the machine's cores.
void tessellate_all(PolygonSet& ps, const std::atomic<bool>* cancel);

// A CRS as a user would recognise it ("EPSG:4326"), or its name.
std::string short_crs(const OGRSpatialReference* srs);

} // namespace entente::geo
