// The one owner of an open GDAL dataset in the whole tree. It closes with GDALClose: `delete` would skip
// GDAL's bookkeeping of shared datasets, and hand-written GDALClose calls leak on every early return or
// exception.
#pragma once
#include <memory>
#include <string>

class GDALDataset;

namespace entente::geo {

struct GdalClose {
    void operator()(GDALDataset* d) const;
};
using DatasetPtr = std::unique_ptr<GDALDataset, GdalClose>;

// GDALOpenEx with GDAL's flags (GDAL_OF_VECTOR, GDAL_OF_RASTER, GDAL_OF_READONLY...); empty when it cannot
// open.
DatasetPtr open_dataset(const std::string& path, unsigned flags, const char* const* allowed_drivers = nullptr,
                        const char* const* open_options = nullptr);

// GDAL's last error message (cut to 300 characters), or `fallback` when it has none; clears it.
std::string last_gdal_error(const std::string& fallback);

} // namespace entente::geo
