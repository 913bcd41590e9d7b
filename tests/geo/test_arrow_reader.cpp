// GeoPackage layers read through GDAL's Arrow stream (geo/arrow_reader) against the oracle, GDAL's own
// features of the same file: the same layers, fields, feature ids, values, geometries, repairs and errors,
// feature by feature, on every GeoPackage in the repository (the hostile corpus included) and on generated
// files with every field type, nulls, empty and null geometries, curves and more rows than one batch holds.
#include "same_as_gdal.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <random>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente::geo;
using namespace entente::geo::testing;

namespace {

const fs::path kRepo = fs::path(ENTENTE_TEST_DATA).parent_path().parent_path();

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("entente-arrow-reader-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
};

struct GpkgWriter {
    GDALDataset* ds = nullptr;
    explicit GpkgWriter(const fs::path& path) {
        GDALAllRegister();
        ds = GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown,
                                                                     nullptr);
        REQUIRE(ds != nullptr);
    }
    ~GpkgWriter() { GDALClose(ds); }
    OGRLayer* layer(const char* name, OGRwkbGeometryType type, int epsg = 4326) {
        OGRSpatialReference srs;
        srs.importFromEPSG(epsg);
        OGRLayer* l = ds->CreateLayer(name, &srs, type, nullptr);
        REQUIRE(l != nullptr);
        return l;
    }
    static void field(OGRLayer* l, const char* name, OGRFieldType t, OGRFieldSubType st = OFSTNone) {
        OGRFieldDefn fd(name, t);
        fd.SetSubType(st);
        REQUIRE(l->CreateField(&fd) == OGRERR_NONE);
    }
};

OGRGeometry* wkt(const char* text) {
    OGRGeometry* g = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(text, nullptr, &g) == OGRERR_NONE);
    return g;
}

} // namespace

TEST_CASE("Arrow reading gives every repository GeoPackage as GDAL's features do", "[arrow]") {
    size_t files = 0, by_arrow = 0;
    for (const char* dir : {"tests/data", "tests/hostile/files", "tests/hostile/missions", "assets/demo",
                            "tests/fuzz/corpus/fuzz_layer_import"}) {
        for (const auto& e : fs::directory_iterator(kRepo / dir)) {
            if (e.path().extension() != ".gpkg") continue;
            ++files;
            by_arrow += check_same_as_gdal(e.path()) == "GDAL Arrow stream";
        }
    }
    CHECK(files >= 15);
    CHECK(by_arrow >=
          3); // point layers; the rest are lines or polygons, hold dates, or are refused or damaged
}

TEST_CASE("Arrow reading of generated GeoPackages matches GDAL's features", "[arrow]") {
    Scratch s;
    SECTION("every field type the stream carries exactly, nulls, and three batches of points") {
        const fs::path file = s.dir / "points.gpkg";
        {
            GpkgWriter w(file);
            OGRLayer* l = w.layer("pts", wkbPoint);
            w.field(l, "small", OFTInteger, OFSTInt16);
            w.field(l, "count", OFTInteger);
            w.field(l, "big", OFTInteger64);
            w.field(l, "score", OFTReal);
            w.field(l, "name", OFTString);
            w.field(l, "doc", OFTString, OFSTJSON);
            std::mt19937 rng(7);
            REQUIRE(l->StartTransaction() == OGRERR_NONE);
            for (int i = 0; i < 150000; ++i) {
                OGRFeature f(l->GetLayerDefn());
                if (rng() % 7) f.SetField("small", int(rng() % 60000) - 30000);
                if (rng() % 7) f.SetField("count", int(rng()));
                if (rng() % 7) f.SetField("big", GIntBig(rng()) << 20);
                if (rng() % 7) f.SetField("score", std::ldexp(double(rng()), -int(rng() % 40)));
                if (rng() % 7) f.SetField("name", ("n" + std::to_string(rng() % 500) + "\xc3\xa9").c_str());
                if (rng() % 7) f.SetField("doc", "{\"a\": 1}");
                const unsigned g = rng() % 50;
                if (g == 0) {
                    // no geometry
                } else if (g == 1) {
                    f.SetGeometryDirectly(new OGRPoint()); // empty: NaN in the blob
                } else if (g == 2) {
                    f.SetGeometryDirectly(new OGRPoint(200.0, 10.0)); // out of range: skipped
                } else if (g == 3) {
                    f.SetGeometryDirectly(new OGRPoint(1.5, 2.5, 30.0)); // 3D
                } else {
                    f.SetGeometryDirectly(new OGRPoint(double(rng() % 360000) / 1000.0 - 180.0,
                                                       double(rng() % 170000) / 1000.0 - 85.0));
                }
                REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
            }
            REQUIRE(l->CommitTransaction() == OGRERR_NONE);
            // Gaps in the ids.
            for (GIntBig fid : {5, 70000, 149999})
                REQUIRE(l->DeleteFeature(fid) == OGRERR_NONE);
        }
        CHECK(check_same_as_gdal(file) == "GDAL Arrow stream");
    }
    SECTION(
        "a point layer holding lines, polygons, multi-geometries, curves, a bow tie and a ring across the "
        "antimeridian") {
        // GDAL writes other geometries into a point layer (with a warning), so a file can hold them.
        const fs::path file = s.dir / "shapes.gpkg";
        {
            GpkgWriter w(file);
            CPLPushErrorHandler(CPLQuietErrorHandler);
            OGRLayer* l = w.layer("shapes", wkbPoint);
            w.field(l, "label", OFTString);
            const char* const shapes[] = {
                "LINESTRING (0 0,10 10,20 0)",
                "MULTILINESTRING ((0 0,1 1),(2 2,3 3,4 2))",
                "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 3,2 2))",
                "MULTIPOLYGON (((30 30,40 30,40 40,30 30)),((50 50,60 50,60 60,50 50)))",
                "POLYGON ((0 0,10 10,10 0,0 10,0 0))", // bow tie: repaired
                "POLYGON ((170 -10,-170 -10,-170 10,170 10,170 -10))",
                "CIRCULARSTRING (0 0,1 1,2 0)",
                "CURVEPOLYGON (COMPOUNDCURVE (CIRCULARSTRING (0 0,1 1,2 0),(2 0,0 0)))",
                "GEOMETRYCOLLECTION (POINT (1 1),LINESTRING (0 0,1 1))",
                "POLYGON Z ((0 0 1,10 0 2,10 10 3,0 0 1))",
                "POLYGON ((0 0,1 0,0 0))", // too few points: dropped
                "POINT (5 6)",
                "MULTIPOINT ((1 2),(3 4))",
            };
            for (const char* g : shapes) {
                OGRFeature f(l->GetLayerDefn());
                f.SetField("label", g);
                f.SetGeometryDirectly(wkt(g));
                REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
            }
            CPLPopErrorHandler();
        }
        CHECK(check_same_as_gdal(file) == "GDAL Arrow stream");
    }
    SECTION("a polygon layer is read by GDAL's features, as fast for polygons") {
        const fs::path file = s.dir / "polygons.gpkg";
        {
            GpkgWriter w(file);
            OGRLayer* l = w.layer("areas", wkbPolygon);
            OGRFeature f(l->GetLayerDefn());
            f.SetGeometryDirectly(wkt("POLYGON ((0 0,10 0,10 10,0 0))"));
            REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
        }
        const Outcome o = load(file, {});
        REQUIRE(o.src.has_value());
        CHECK(o.src->reader == "GDAL");
        CHECK(o.src->why_gdal ==
              "layer 'areas': not a point layer (the stream is no faster for other geometries)");
    }
    SECTION("a projected layer, and a layer with a date that only GDAL's features read") {
        const fs::path file = s.dir / "mixed.gpkg";
        {
            GpkgWriter w(file);
            OGRLayer* utm = w.layer("utm", wkbPoint, 32633);
            w.field(utm, "n", OFTInteger);
            for (int i = 0; i < 100; ++i) {
                OGRFeature f(utm->GetLayerDefn());
                f.SetField("n", i);
                f.SetGeometryDirectly(new OGRPoint(500000.0 + i * 1000.0, 6000000.0 - i * 500.0));
                REQUIRE(utm->CreateFeature(&f) == OGRERR_NONE);
            }
            OGRLayer* dated = w.layer("dated", wkbPoint);
            w.field(dated, "day", OFTDate);
            w.field(dated, "ratio", OFTReal, OFSTFloat32);
            w.field(dated, "flag", OFTInteger, OFSTBoolean);
            OGRFeature f(dated->GetLayerDefn());
            f.SetField("day", 2026, 12, 6);
            f.SetField("ratio", 0.1);
            f.SetField("flag", 1);
            f.SetGeometryDirectly(new OGRPoint(1, 2));
            REQUIRE(dated->CreateFeature(&f) == OGRERR_NONE);
        }
        const Outcome arrow = load(file, {});
        REQUIRE(arrow.src.has_value());
        // One layer by the stream, one by GDAL's features, and the reason given.
        CHECK(arrow.src->reader == "GDAL Arrow stream");
        CHECK(arrow.src->why_gdal.find("layer 'dated': field 'day' is Date") != std::string::npos);
        CHECK(check_same_as_gdal(file) == "GDAL Arrow stream");
    }
}
