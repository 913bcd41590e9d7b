// Any bytes as an ops file for `entente edit --apply`: parsed as JSON the way cmd_edit does, then executed on
// the demonstration mission. Expected outcomes: a JSON parse error, or std::invalid_argument naming the
// operation (the mission is then unchanged by that operation); then undo all must give the mission back.
#include "fuzz_common.hpp"
#include "geo/dataset.hpp"
#include "missions/document.hpp"
#include "missions/persistence.hpp"

#include <nlohmann/json.hpp>

using namespace entente;

namespace {
const missions::Mission& demo() {
    static const missions::Mission m = missions::load_mission(ENTENTE_DEMO_MISSION);
    return m;
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::init_gdal();
    (void)demo();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nlohmann::json ops;
    try {
        ops = nlohmann::json::parse(data, data + size);
    } catch (const nlohmann::json::exception&) {
        return 0; // cmd_edit reports "not valid JSON"
    }
    if (ops.is_object()) ops = nlohmann::json::array({ops});
    missions::Document doc(demo());
    try {
        doc.execute_all(ops);
    } catch (const std::invalid_argument&) {
        // Expected refusal.
    } catch (const std::exception& e) {
        fuzz::unexpected("fuzz_ops_reader", e);
    }
    while (doc.undo()) {
    }
    if (!(doc.mission() == demo())) {
        std::fprintf(stderr, "fuzz_ops_reader: undoing every operation did not give the mission back\n");
        std::abort();
    }
    return 0;
}
