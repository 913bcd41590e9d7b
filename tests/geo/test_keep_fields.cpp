// LoadOptions::keep_fields: a load that keeps only some attributes (what a one-shot render's styles read) has
// those fields, in the file's order, with the values a full read gives them, and the same features; every
// reader honours it (GDAL's Arrow stream, GDAL's features, the GeoJSON reader, a CSV with its coordinate
// columns), and the Arrow stream is still used when GDAL is told to leave the other columns out.
#include "same_as_gdal.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <set>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente::geo;
using namespace entente::geo::testing;

namespace {

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("entente-keep-fields-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
};

// 10,000 points (more than one Arrow batch) with two numeric and two text fields, some null.
void write_points(const fs::path& gpkg) {
    GDALAllRegister();
    GDALDataset* ds =
        GetGDALDriverManager()->GetDriverByName("GPKG")->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    REQUIRE(ds != nullptr);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    OGRLayer* l = ds->CreateLayer("sites", &srs, wkbPoint, nullptr);
    REQUIRE(l != nullptr);
    for (auto [name, type] :
         {std::pair{"id", OFTInteger64}, {"score", OFTReal}, {"category", OFTString}, {"note", OFTString}}) {
        OGRFieldDefn fd(name, type);
        REQUIRE(l->CreateField(&fd) == OGRERR_NONE);
    }
    REQUIRE(l->StartTransaction() == OGRERR_NONE);
    for (int i = 0; i < 10000; ++i) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField("id", GIntBig(1000 + i));
        if (i % 7) f.SetField("score", i * 0.25);
        f.SetField("category", i % 3 == 0 ? "base" : i % 3 == 1 ? "route" : "depot");
        if (i % 5) f.SetField("note", ("site " + std::to_string(i)).c_str());
        OGRPoint p(-170 + (i % 340), -60 + (i % 120) * 0.9);
        f.SetGeometry(&p);
        REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
    }
    REQUIRE(l->CommitTransaction() == OGRERR_NONE);
    GDALClose(ds);
}

void to_geojson(const fs::path& from, const fs::path& to) {
    GDALDatasetH src = GDALOpenEx(from.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(src != nullptr);
    const char* args[] = {"-f", "GeoJSON", "-lco", "RFC7946=YES",
                          nullptr}; // no "crs": the fast reader takes it
    GDALVectorTranslateOptions* o = GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
    GDALDatasetH out = GDALVectorTranslate(to.c_str(), nullptr, 1, &src, o, nullptr);
    GDALVectorTranslateOptionsFree(o);
    REQUIRE(out != nullptr);
    GDALClose(out);
    GDALClose(src);
}

// The kept layer against the full one: the kept fields' values, and everything else that is not an
// attribute.
void check_kept(const VectorLayer& kept, const VectorLayer& full, const std::vector<std::string>& names) {
    REQUIRE(kept.fields.size() == names.size());
    for (size_t k = 0; k < names.size(); ++k) {
        INFO("field " << names[k]);
        CHECK(kept.fields[k].name == names[k]);
        size_t i = 0;
        while (i < full.fields.size() && full.fields[i].name != names[k])
            ++i;
        REQUIRE(i < full.fields.size());
        CHECK(kept.fields[k].numeric == full.fields[i].numeric);
        size_t differ = 0;
        for (size_t f = 0; f < full.feature_count(); ++f)
            if (kept.value_text(f, k) != full.value_text(f, i) ||
                !same_number(kept.value_number(f, k), full.value_number(f, i)))
                ++differ;
        CHECK(differ == 0);
    }
    CHECK(kept.columns.size() == kept.fields.size());
    CHECK(kept.fids == full.fids);
    CHECK(same_points(kept.points.coords, full.points.coords));
    CHECK(kept.points.feature == full.points.feature);
    CHECK(kept.skipped == full.skipped);
}

// Each call's fields are appended to `offered`: a layer is asked once.
LoadOptions keeping(std::set<std::string> names, std::vector<Field>* offered = nullptr) {
    LoadOptions o;
    o.keep_fields = [names, offered](const std::string&, const std::vector<Field>& fields) {
        if (offered) offered->insert(offered->end(), fields.begin(), fields.end());
        std::vector<bool> keep;
        for (const auto& f : fields)
            keep.push_back(names.count(f.name) > 0);
        return keep;
    };
    return o;
}

} // namespace

TEST_CASE("a load keeping some attributes reads those, in the file's order, through every reader") {
    Scratch s;
    const fs::path gpkg = s.dir / "sites.gpkg", json = s.dir / "sites.geojson";
    write_points(gpkg);
    to_geojson(gpkg, json);
    for (const fs::path& file : {gpkg, json}) {
        const LoadedSource full = load_source(file.string(), gdal_features());
        REQUIRE(full.vectors.size() == 1);
        REQUIRE(full.vectors[0]->feature_count() == 10000);
        for (bool fast : {true, false}) {
            INFO(file.filename().string() << (fast ? ", fast reader" : ", GDAL's features"));
            std::vector<Field> offered;
            LoadOptions o = keeping({"note", "score"}, &offered);
            o.fast_geojson = o.arrow_gpkg = fast;
            const LoadedSource src = load_source(file.string(), o);
            if (fast) CHECK(src.reader == (file == gpkg ? "GDAL Arrow stream" : "simdjson"));
            // Asked with every field as the file declares it.
            REQUIRE(offered.size() == 4);
            CHECK(offered[0].name == "id");
            CHECK(offered[0].numeric);
            CHECK(offered[2].name == "category");
            CHECK_FALSE(offered[2].numeric);
            REQUIRE(src.vectors.size() == 1);
            check_kept(*src.vectors[0], *full.vectors[0], {"score", "note"});
        }
        // Keeping none leaves features without attributes; an answer of another size keeps every field.
        check_kept(*load_source(file.string(), keeping({})).vectors[0], *full.vectors[0], {});
        LoadOptions odd;
        odd.keep_fields = [](const std::string&, const std::vector<Field>&) {
            return std::vector<bool>{true};
        };
        check_kept(*load_source(file.string(), odd).vectors[0], *full.vectors[0],
                   {"id", "score", "category", "note"});
    }
}

TEST_CASE("a CSV keeping some attributes is offered its other columns, not its coordinates") {
    const fs::path csv = fs::path(ENTENTE_TEST_DATA) / "points.csv";
    const LoadedSource full = load_source(csv.string());
    std::vector<Field> offered;
    const LoadedSource src = load_source(csv.string(), keeping({"pop"}, &offered));
    REQUIRE(offered.size() == 2);
    CHECK(offered[0].name == "name");
    CHECK(offered[1].name == "pop");
    check_kept(*src.vectors[0], *full.vectors[0], {"pop"});
    CHECK(src.vectors[0]->feature_count() > 0);
}
