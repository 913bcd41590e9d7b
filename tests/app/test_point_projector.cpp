// A GeoPackage's points are projected while they load (geo::LoadOptions::on_points, app::PointProjector), in
// the time the loading thread would wait on GDAL's reading thread. What gets drawn must be what projecting
// the loaded layer afterwards gives: the same floats, the same features, the same points left out.
#include "geo/dataset.hpp"
#include "scene/project_layer.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <random>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente;

TEST_CASE("points projected while a GeoPackage loads are the points projected after it") {
    const fs::path dir =
        fs::temp_directory_path() / ("entente-point-projector-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path file = dir / "points.gpkg";
    {
        GDALAllRegister();
        std::unique_ptr<GDALDataset> ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
            file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        REQUIRE(ds);
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        OGRLayer* l = ds->CreateLayer("pts", &wgs84, wkbPoint, nullptr);
        OGRFieldDefn name("name", OFTString);
        REQUIRE(l->CreateField(&name) == OGRERR_NONE);
        std::mt19937 rng(11);
        REQUIRE(l->StartTransaction() == OGRERR_NONE);
        CPLPushErrorHandler(CPLQuietErrorHandler); // a multipoint in a point layer is "not normally allowed"
        for (int i = 0; i < 30000; ++i) {
            OGRFeature f(l->GetLayerDefn());
            f.SetField("name", i % 3 ? "post" : "camp");
            const double lon = double(rng() % 360000) / 1000.0 - 180.0;
            // Some beyond Web Mercator's 85.05 degrees: loaded, but not drawn there.
            const double lat = double(rng() % 179000) / 1000.0 - 89.5;
            if (i % 5000 == 7) { // now and then a feature of two points, read through GDAL's feature
                auto mp = std::make_unique<OGRMultiPoint>();
                mp->addGeometryDirectly(new OGRPoint(lon, lat));
                mp->addGeometryDirectly(new OGRPoint(-lon, -lat));
                f.SetGeometryDirectly(mp.release());
            } else {
                f.SetGeometryDirectly(new OGRPoint(lon, lat));
            }
            REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
        }
        CPLPopErrorHandler();
        REQUIRE(l->CommitTransaction() == OGRERR_NONE);
    }

    for (const char* crs : {"webmercator", "EPSG:3035"}) {
        INFO(crs);
        const geo::Projection proj(geo::ProjectionSpec::parse(crs));
        app::PointProjector projector(proj);
        geo::LoadOptions opt;
        size_t calls = 0, covered = 0;
        bool in_order = true;
        opt.on_points = [&](const geo::VectorLayer& layer, size_t from, size_t to) {
            ++calls;
            in_order = in_order && from == covered && to > from;
            covered = to;
            projector.add(layer, from, to);
        };
        const geo::LoadedSource src = geo::load_source(file.string(), opt);
        REQUIRE(src.reader == "GDAL Arrow stream");
        REQUIRE(src.vectors.size() == 1);
        const geo::VectorLayer& layer = *src.vectors[0];
        CHECK(in_order);
        CHECK(calls > 3); // in runs while reading, not once at the end
        CHECK(covered == layer.points.coords.size());
        CHECK(covered == 30006);

        REQUIRE(projector.projected(layer) == covered);
        const app::ProjectedGeometry during = app::project_layer(layer, proj, &projector);
        CHECK(projector.projected(layer) == 0); // taken, not projected again
        const app::ProjectedGeometry after = app::project_layer(layer, proj);
        CHECK(during.outside == after.outside);
        CHECK(after.outside > 0);
        CHECK(during.points.feature == after.points.feature);
        CHECK(during.points.xy == after.points.xy);
    }
    fs::remove_all(dir);
}
