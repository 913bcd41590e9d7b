// What the fast readers (geo/geojson_reader: GeoJSON by simdjson; geo/arrow_reader: GeoPackage by GDAL's
// Arrow stream) give the one loading path in geo/layer_reader.cpp: OGR features, one reused, read as GDAL's
// own features would be, so that checks and repairs are one code whichever reader read the file.
#pragma once
#include <cstdint>
#include <string>

class OGRFeature;
class OGRFeatureDefn;
class OGRSpatialReference;

namespace entente::geo {

// Thrown by a fast reader when the file holds something only GDAL's features read as GDAL does.
struct NeedsGdal {
    std::string why;
};

class FeatureStream {
  public:
    virtual ~FeatureStream() = default;
    virtual OGRFeatureDefn* defn() const = 0;
    virtual const OGRSpatialReference* spatial_ref() const = 0; // null: longitude/latitude assumed
    virtual int64_t feature_count() const = 0;                  // negative when unknown
    // The next feature (the reader's, valid until the next call), or null after the last.
    virtual OGRFeature* next() = 0;
};

} // namespace entente::geo
