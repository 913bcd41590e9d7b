// `entente info FILE [--json]`: what a file holds (layers, geometry types, counts, CRS, extent, fields).
#include "command.hpp"
#include "geo/dataset.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace entente::app {

namespace {

nlohmann::json bbox_json(const geo::Bbox& b) {
    if (b.empty()) return nullptr;
    return {b.minx, b.miny, b.maxx, b.maxy};
}

int cmd_info(const std::string& file, bool json) {
    const geo::SourceInfo info = geo::describe_source(file);
    for (const auto& w : info.warnings)
        std::cerr << "warning: " << w << "\n";
    if (json) {
        nlohmann::json j{{"path", info.path}, {"driver", info.driver}, {"layers", nlohmann::json::array()}};
        for (auto& l : info.layers) {
            nlohmann::json lj{{"name", l.name},
                              {"geometry_type", l.geometry_type},
                              {"crs", l.crs},
                              {"extent", bbox_json(l.extent)},
                              {"extent_lonlat", bbox_json(l.extent_lonlat)}};
            if (l.raster) {
                lj["raster"] = {{"width", l.width},
                                {"height", l.height},
                                {"bands", l.bands},
                                {"datatype", l.datatype},
                                {"overviews", l.overviews}};
            } else {
                lj["feature_count"] = l.feature_count;
                lj["fields"] = nlohmann::json::array();
                for (auto& [n, t] : l.fields)
                    lj["fields"].push_back({{"name", n}, {"type", t}});
            }
            j["layers"].push_back(lj);
        }
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << info.path << " (" << info.driver << ")\n";
    for (auto& l : info.layers) {
        std::cout << "  layer " << l.name << ": " << l.geometry_type;
        if (l.raster)
            std::cout << ", " << l.width << "x" << l.height << ", " << l.bands << " band(s) " << l.datatype
                      << ", " << l.overviews << " overview(s)";
        else
            std::cout << ", " << l.feature_count << " feature(s)";
        std::cout << ", CRS " << l.crs << "\n";
        if (!l.extent_lonlat.empty()) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "    extent (lon/lat): %.6f, %.6f, %.6f, %.6f\n",
                          l.extent_lonlat.minx, l.extent_lonlat.miny, l.extent_lonlat.maxx,
                          l.extent_lonlat.maxy);
            std::cout << buf;
        }
        for (auto& [n, t] : l.fields)
            std::cout << "    " << n << ": " << t << "\n";
    }
    return 0;
}

class InfoCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand("info",
                                     "Describe a file: layers, geometry types, counts, CRS, extent, fields");
        c->add_option("file", file_, "The file")->required();
        c->add_flag("--json", json_, "Machine-readable output");
        return c;
    }
    int run() override { return cmd_info(file_, json_); }

  private:
    std::string file_;
    bool json_ = false;
};

} // namespace

std::unique_ptr<Command> info_command() {
    return std::make_unique<InfoCommand>();
}

} // namespace entente::app
