#include "gdal_ptr.hpp"

#include <cpl_error.h>
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

std::string last_gdal_error(const std::string& fallback) {
    std::string msg = CPLGetLastErrorMsg();
    CPLErrorReset();
    if (msg.empty()) return fallback;
    // GDAL often repeats the path in its message; keep it short.
    if (msg.size() > 300) msg = msg.substr(0, 300) + "...";
    return msg;
}

} // namespace entente::geo
