// A GeoPackage point layer read through GDAL's Arrow stream (OGR_L_GetArrowStream): GDAL 3.6's GeoPackage
// driver fills column batches straight from SQLite, about five times faster than building an OGRFeature a
// row. This reader turns the batches back into OGR features, one reused feature, so that the one loading path
// (geo/layer_reader.cpp) checks, repairs and stores them as it does GDAL's own; 2D points are set in place,
// others (3D, empty) parsed from their WKB. Line and polygon layers are no faster this way (their time goes
// to geometry), so GDAL's features read them. It takes only columns whose values come back exactly as GDAL's
// feature path gives them (integers, doubles, text); any other column (a date, a float32, a boolean, a blob)
// makes it give up before the first feature (NeedsGdal), and GDAL's features are read instead.
// tests/geo/test_arrow_reader.cpp compares the two feature by feature.
#pragma once
#include "feature_stream.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

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

    // Row by row without a feature, for the loader's path for plain points (geo/layer_reader.cpp): next_row
    // moves to the next row (false after the last; throws as next does); row_feature is that row as next
    // gives it.
    bool next_row();
    OGRFeature* row_feature();
    // The row's geometry when it is a little-endian 2D point (coordinates may be NaN or infinite); false for
    // anything else (null, empty, 3D, another type), which row_feature parses as GDAL does.
    bool row_point(double& x, double& y) const;
    int64_t row_fid() const; // OGRNullFID when null
    // A field by its index in defn(), as GDAL's feature gives it: a number (NaN when null) for integer and
    // real fields, text (up to a NUL; nullopt when null) for string fields.
    double row_number(int field) const;
    std::optional<std::string_view> row_text(int field) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace entente::geo
