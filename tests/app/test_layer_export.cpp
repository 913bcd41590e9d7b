// `entente export LAYER -o out.geojson`: the count it reports is the count partners' tools will read.
#include "missions/export.hpp"
#include "scene/overlay_export.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
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

namespace {
// A layer with every field type partners meet, nulls, text that JSON must escape, and every geometry kind.
void write_varied_layer(const fs::path& path, const char* driver, const char* layer_name, int n) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
    REQUIRE(drv);
    std::unique_ptr<GDALDataset> ds(drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool shp = std::string(driver) == "ESRI Shapefile";
    OGRLayer* l = ds->CreateLayer(layer_name, &wgs84, shp ? wkbPoint : wkbUnknown, nullptr);
    REQUIRE(l);
    OGRFieldDefn f_int("n", OFTInteger), f_big("big", OFTInteger64), f_real("score", OFTReal),
        f_text("name", OFTString), f_date("day", OFTDate), f_bool("ok", OFTInteger);
    f_bool.SetSubType(OFSTBoolean);
    for (OGRFieldDefn* f : {&f_int, &f_big, &f_real, &f_text, &f_date, &f_bool})
        REQUIRE(l->CreateField(f) == OGRERR_NONE);
    if (!shp) {
        OGRFieldDefn f_time("at", OFTDateTime);
        REQUIRE(l->CreateField(&f_time) == OGRERR_NONE);
    }
    const char* texts[] = {"Bunia", "quote \" and \\ backslash", "line\nbreak", "Kinshasa – Gombe ✓", ""};
    for (int i = 0; i < n; ++i) {
        OGRFeature f(l->GetLayerDefn());
        if (i % 7 != 3) f.SetField("n", i * 3 - 1000);
        f.SetField("big", GIntBig(i) * 4000000000LL);
        if (i % 11 != 5) f.SetField("score", i / 7.0 - 30);
        f.SetField("name", texts[i % 5]);
        f.SetField("day", 2000 + i % 30, 1 + i % 12, 1 + i % 28);
        f.SetField("ok", i % 2);
        if (!shp) f.SetField("at", 2024, 5, 1 + i % 28, i % 24, i % 60, float(i % 60), 100);
        const double x = -179.5 + (i * 7.31) - 359 * std::floor((i * 7.31) / 359), y = -80 + (i % 160);
        std::unique_ptr<OGRGeometry> g;
        // FlatGeobuf keeps no feature without a geometry.
        const int kind = shp ? 0 : (i % 5 == 3 && std::string(driver) == "FlatGeobuf") ? 0 : i % 5;
        if (kind == 0 || kind == 4) {
            g = std::make_unique<OGRPoint>(x, y);
        } else if (kind == 1) {
            auto ls = std::make_unique<OGRLineString>();
            ls->addPoint(x, y), ls->addPoint(x + 0.3, y + 0.2), ls->addPoint(x + 0.5, y - 0.1);
            g = std::move(ls);
        } else if (kind == 2) {
            auto ring = std::make_unique<OGRLinearRing>();
            ring->addPoint(x, y), ring->addPoint(x + 0.4, y), ring->addPoint(x + 0.4, y + 0.4);
            ring->addPoint(x, y), ring->closeRings();
            auto poly = std::make_unique<OGRPolygon>();
            poly->addRingDirectly(ring.release());
            g = std::move(poly);
        } // kind 3: no geometry
        if (g) f.SetGeometryDirectly(g.release());
        REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
    }
}
} // namespace

TEST_CASE("a large layer exported to GeoJSON in two halves on two cores gives the bytes of one writer") {
    const fs::path dir = fs::temp_directory_path() / ("entente-layer-halves-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    struct Case {
        const char* driver;
        const char* file;
        const char* layer;
        int n;
    };
    // Odd and even counts; a layer name that needs quoting in SQL; the formats the split is taken for.
    for (const Case c :
         {Case{"GPKG", "varied.gpkg", "deployments 2026", 2501},
          Case{"ESRI Shapefile", "varied.shp", "varied", 1200},
          Case{"FlatGeobuf", "varied.fgb", "varied", 998}, Case{"GPKG", "two.gpkg", "two", 2}}) {
        INFO(c.file);
        const fs::path src = dir / c.file;
        write_varied_layer(src, c.driver, c.layer, c.n);
        const fs::path one = dir / "one.geojson", two = dir / "two.geojson";
        const size_t n_one = app::export_layer_file(
            src.string(), one.string(), missions::ExportFormat::GeoJSON, std::numeric_limits<size_t>::max());
        const size_t n_two =
            app::export_layer_file(src.string(), two.string(), missions::ExportFormat::GeoJSON, 1);
        CHECK(n_one == size_t(c.n));
        CHECK(n_two == n_one);
        std::ifstream a(one, std::ios::binary), b(two, std::ios::binary);
        const std::string bytes_one{std::istreambuf_iterator<char>(a), {}};
        const std::string bytes_two{std::istreambuf_iterator<char>(b), {}};
        CHECK(bytes_one.size() > 100);
        CHECK(bytes_two == bytes_one);
        // GDAL reads back every feature of the joined file.
        std::unique_ptr<GDALDataset> back(GDALDataset::Open(
            two.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        REQUIRE(back);
        CHECK(back->GetLayer(0)->GetFeatureCount(TRUE) == c.n);
        size_t others = 0;
        for (const auto& e : fs::directory_iterator(dir))
            others += e.path().filename().string().rfind(".~", 0) == 0 || e.path().extension() == ".part";
        CHECK(others == 0); // neither half's temporary is left
        fs::remove(one), fs::remove(two);
    }
    fs::remove_all(dir);
}
