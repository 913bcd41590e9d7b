// A GeoPackage point layer read through GDAL's Arrow stream (OGR_L_GetArrowStream): GDAL 3.6's GeoPackage
// driver fills column batches straight from SQLite, about five times faster than building an OGRFeature a
// row. This reader turns the batches back into OGR features, one reused feature, so that the one loading path
// (geo/dataset.cpp) checks, repairs and stores them as it does GDAL's own; 2D points are set in place, others
// (3D, empty) parsed from their WKB. Line and polygon layers are no faster this way (their time goes to
// geometry), so GDAL's features read them. It takes only columns whose values come back exactly as GDAL's feature
// path gives them (integers, doubles, text); any other column (a date, a float32, a boolean, a blob) makes
// it give up before the first feature (NeedsGdal), and GDAL's features are read instead.
// tests/geo/test_arrow_reader.cpp compares the two feature by feature.
#pragma once
#include "feature_stream.hpp"

#include <memory>

class OGRLayer;

namespace entente::geo {

class ArrowReader : public FeatureStream {
  public:
    // Opens the layer's Arrow stream and checks its schema; throws NeedsGdal. path names the file in errors.
    ArrowReader(const std::string& path, OGRLayer* layer);
    ~ArrowReader() override;
    ArrowReader(const ArrowReader&) = delete;
    ArrowReader& operator=(const ArrowReader&) = delete;

    OGRFeatureDefn* defn() const override; // the layer's own
    const OGRSpatialReference* spatial_ref() const override;
    int64_t feature_count() const override;
    OGRFeature* next() override; // a batch GDAL cannot read throws InputError (corrupt)

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace entente::geo
