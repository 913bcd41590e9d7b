// GeoJSON read with simdjson, for speed: GDAL's GeoJSON driver parses a 170 MB file in about 6 s (a first
// pass for the schema at open, a second for the features), this reader in well under 1. It gives the same
// layer name, fields, feature ids, values and geometries as GDAL's driver, as OGR features, so that the one
// loading path (geo/layer_reader.cpp) checks, repairs and stores them. It takes only what it reads exactly as
// GDAL does: a FeatureCollection without "crs" or other foreign members, features without "id", properties
// that are numbers, booleans, nulls or strings that are not dates, and the six simple geometry types.
// Anything else makes it give up (NeedsGdal), and GDAL reads the file; tests/geo/test_geojson_reader.cpp
// compares the two feature by feature.
#pragma once
#include "feature_stream.hpp"

#include <memory>

namespace entente::geo {

class GeoJsonReader : public FeatureStream {
  public:
    // text: the file's JSON, checked by the input gate, with 64 bytes of capacity past its size
    // (checked_json_input). Reads the schema (one pass over the properties); throws NeedsGdal.
    GeoJsonReader(const std::string& path, const std::string& text);
    ~GeoJsonReader() override;
    GeoJsonReader(const GeoJsonReader&) = delete;
    GeoJsonReader& operator=(const GeoJsonReader&) = delete;

    const std::string& layer_name() const;
    OGRFeatureDefn* defn() const override;
    const OGRSpatialReference* spatial_ref() const override; // WGS84 longitude/latitude, as GeoJSON is
    int64_t feature_count() const override;
    OGRFeature* next() override; // throws NeedsGdal

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace entente::geo
