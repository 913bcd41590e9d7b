// Any bytes as a mission file (*.entente.gpkg): missions::load_mission must load it or refuse it with
// geo::InputError naming the file.
#include "fuzz_common.hpp"
#include "geo/dataset.hpp"
#include "missions/persistence.hpp"

using namespace entente;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::init_gdal();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_temp(data, size, ".entente.gpkg");
    try {
        (void)missions::is_mission_file(path);
        (void)missions::load_mission(path);
    } catch (const geo::InputError&) {
        // Expected refusal.
    } catch (const std::exception& e) {
        fuzz::unexpected("fuzz_mission_reader", e);
    }
    return 0;
}
