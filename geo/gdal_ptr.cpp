#include "gdal_ptr.hpp"

#include <gdal_priv.h>

namespace entente::geo {

void GdalClose::operator()(GDALDataset* d) const {
    if (d) GDALClose(GDALDataset::ToHandle(d));
}

DatasetPtr open_dataset(const std::string& path, unsigned flags, const char* const* allowed_drivers,
                        const char* const* open_options) {
    return DatasetPtr(
        GDALDataset::FromHandle(GDALOpenEx(path.c_str(), flags, allowed_drivers, open_options, nullptr)));
}

} // namespace entente::geo
