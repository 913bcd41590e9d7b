// Any bytes as a layer file, through /vsimem/ (no disk): the extension comes from the first byte, the rest is
// the file. geo::load_source and geo::describe_source must either succeed or refuse with geo::InputError.
#include "fuzz_common.hpp"
#include "geo/dataset.hpp"

#include <cpl_vsi.h>
#include <iterator>

using namespace entente;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::init_gdal();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Single-file formats only: a shapefile needs its sidecar files.
    static const char* const kExt[] = {".geojson", ".kml", ".kmz", ".gpkg", ".csv", ".fgb", ".gpx", ".tif"};
    if (size < 1) return 0;
    const std::string path = std::string("/vsimem/fuzz/input") + kExt[data[0] % std::size(kExt)];
    // Owned by /vsimem/ (bTakeOwnership false: the fuzzer's buffer stays its own).
    VSILFILE* f =
        VSIFileFromMemBuffer(path.c_str(), const_cast<GByte*>(data + 1), vsi_l_offset(size - 1), FALSE);
    if (!f) return 0;
    VSIFCloseL(f);
    for (int step = 0; step < 2; ++step) {
        try {
            if (step == 0)
                (void)geo::load_source(path);
            else
                (void)geo::describe_source(path);
        } catch (const geo::InputError&) {
            // Expected: a refusal that names the file and the reason.
        } catch (const std::exception& e) {
            VSIUnlink(path.c_str());
            fuzz::unexpected("fuzz_layer_import", e);
        }
    }
    VSIUnlink(path.c_str());
    return 0;
}
