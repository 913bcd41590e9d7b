// `entente export LAYER -o out.geojson`: the count it reports is the count partners' tools will read.
#include "missions/export.hpp"
#include "scene/overlay_export.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente;

TEST_CASE("a layer exported to GeoJSON reports as many features as GDAL reads back from the file") {
    const fs::path dir = fs::temp_directory_path() / ("entente-layer-export-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path src = dir / "source.geojson", out = dir / "out.geojson";
    // Text that looks like the writer's feature lines, line breaks in names, several geometry kinds.
    std::ofstream(src) << R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"\n{ \"type\": \"Feature\""},"geometry":{"type":"Point","coordinates":[1,2]}},
 {"type":"Feature","properties":{"name":"two\nlines"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}},
 {"type":"Feature","properties":{"name":"area"},
  "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
 {"type":"Feature","properties":{"name":"many"},"geometry":{"type":"MultiPoint","coordinates":[[5,5],[6,6]]}},
 {"type":"Feature","properties":{"name":"no geometry"},"geometry":null}]})";
    const size_t reported =
        app::export_layer_file(src.string(), out.string(), missions::ExportFormat::GeoJSON);
    GDALAllRegister();
    std::unique_ptr<GDALDataset> back(GDALDataset::Open(
        out.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    REQUIRE(back);
    size_t read = 0;
    for (int i = 0; i < back->GetLayerCount(); ++i)
        read += size_t(back->GetLayer(i)->GetFeatureCount(TRUE));
    CHECK(read == 5);
    CHECK(reported == read);
    fs::remove_all(dir);
}

TEST_CASE(
    "a layer export of several MiB streams to the disk: the count holds across written blocks, no leftover") {
    // The writer's blocks are 1 MiB, so feature lines of varied length fall across block boundaries at
    // every offset within the start marker sooner or later.
    const fs::path dir = fs::temp_directory_path() / ("entente-layer-stream-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path src = dir / "many.geojson", out = dir / "many-out.geojson";
    {
        std::ofstream f(src);
        f << R"({"type":"FeatureCollection","features":[)";
        for (int i = 0; i < 60000; ++i)
            f << (i ? "," : "") << R"({"type":"Feature","properties":{"n":")"
              << std::string(size_t(i % 37), 'x') << R"("},"geometry":{"type":"Point","coordinates":[)"
              << (i % 360) - 180 << "," << (i % 170) - 85 << "]}}";
        f << "]}";
    }
    std::ofstream(out) << "earlier";
    const size_t reported =
        app::export_layer_file(src.string(), out.string(), missions::ExportFormat::GeoJSON);
    CHECK(fs::file_size(out) > (4u << 20));
    std::unique_ptr<GDALDataset> back(GDALDataset::Open(
        out.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    REQUIRE(back);
    CHECK(back->GetLayer(0)->GetFeatureCount(TRUE) == 60000);
    CHECK(reported == 60000);
    size_t others = 0;
    for (const auto& e : fs::directory_iterator(dir))
        others += e.path() != src && e.path() != out;
    CHECK(others == 0); // no temporary left beside it
    fs::remove_all(dir);
}
