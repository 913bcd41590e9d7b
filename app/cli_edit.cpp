#include "cli_edit.hpp"

#include "geo/error.hpp"
#include "missions/document.hpp"
#include "missions/persistence.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace entente::app {

int cmd_edit(const std::string& mission_path, const std::string& ops_path) {
    namespace fs = std::filesystem;
    nlohmann::json ops;
    {
        std::ifstream in(ops_path);
        if (!in) {
            std::fprintf(stderr, "entente edit: %s: cannot read the operations file\n", ops_path.c_str());
            return 1;
        }
        try {
            ops = nlohmann::json::parse(in);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "entente edit: %s: not valid JSON (%s)\n", ops_path.c_str(), e.what());
            return 1;
        }
    }
    if (ops.is_object()) ops = nlohmann::json::array({ops});
    try {
        missions::Mission m;
        const bool exists = fs::exists(mission_path);
        if (exists)
            m = missions::load_mission(mission_path);
        else
            m.name = fs::path(mission_path).stem().stem().string(); // NAME.entente.gpkg -> NAME
        missions::Document doc(std::move(m));
        try {
            doc.execute_all(ops);
        } catch (const std::invalid_argument& e) {
            // Nothing is saved: the mission file stays as it was.
            std::fprintf(stderr, "entente edit: %s: %s; %s left unchanged\n", ops_path.c_str(), e.what(),
                         mission_path.c_str());
            return 1;
        }
        missions::save_mission(doc.mission(), mission_path);
        const auto& r = doc.mission();
        std::printf("%s %s: applied %zu operation(s); %zu phase(s), %zu unit(s), %zu control measure(s)\n",
                    exists ? "updated" : "created", mission_path.c_str(), ops.size(), r.phases.size(),
                    r.units.size(), r.measures.size());
        return 0;
    } catch (const geo::InputError& e) {
        std::fprintf(stderr, "entente edit: %s\n", e.what());
        return 1;
    }
}

} // namespace entente::app
