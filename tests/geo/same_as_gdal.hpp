// For the tests of the fast readers (simdjson GeoJSON, GDAL's Arrow stream): a file loaded by the fast
// reader and by GDAL's own features must give the same layers, fields, ids, values, geometries, repairs,
// warnings and errors.
#pragma once
#include "geo/dataset.hpp"
#include "geo/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

namespace entente::geo::testing {

struct Outcome {
    std::optional<LoadedSource> src;
    std::string error;
};

inline Outcome load(const std::filesystem::path& file, const LoadOptions& o) {
    try {
        return {load_source(file.string(), o), ""};
    } catch (const InputError& e) {
        return {std::nullopt, e.what()};
    }
}

// GDAL's features only: neither fast reader.
inline LoadOptions gdal_features() {
    LoadOptions o;
    o.fast_geojson = o.arrow_gpkg = false;
    return o;
}

inline bool same_number(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

template <typename T> bool same_points(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].lon != b[i].lon || a[i].lat != b[i].lat) return false;
    return true;
}

inline void check_same_layer(const VectorLayer& a, const VectorLayer& b) {
    INFO("layer " << b.name);
    CHECK(a.name == b.name);
    CHECK(a.crs == b.crs);
    REQUIRE(a.fields.size() == b.fields.size());
    for (size_t i = 0; i < a.fields.size(); ++i) {
        CHECK(a.fields[i].name == b.fields[i].name);
        CHECK(a.fields[i].numeric == b.fields[i].numeric);
    }
    CHECK(a.fids == b.fids);
    REQUIRE(a.feature_count() == b.feature_count());
    size_t differ = 0; // counted, the first few shown: 100k rows would flood the report
    for (size_t f = 0; f < a.feature_count(); ++f)
        for (size_t i = 0; i < a.fields.size(); ++i)
            if (a.value_text(f, i) != b.value_text(f, i) ||
                !same_number(a.value_number(f, i), b.value_number(f, i)))
                if (++differ <= 5)
                    UNSCOPED_INFO("feature " << f << ", field " << a.fields[i].name << ": '"
                                             << a.value_text(f, i) << "' against '" << b.value_text(f, i)
                                             << "'");
    CHECK(differ == 0);
    CHECK(same_points(a.points.coords, b.points.coords));
    CHECK(a.points.feature == b.points.feature);
    CHECK(same_points(a.lines.coords, b.lines.coords));
    CHECK(a.lines.part_start == b.lines.part_start);
    CHECK(a.lines.part_feature == b.lines.part_feature);
    CHECK(same_points(a.polygons.coords, b.polygons.coords));
    CHECK(a.polygons.ring_start == b.polygons.ring_start);
    CHECK(a.polygons.poly_ring == b.polygons.poly_ring);
    CHECK(a.polygons.poly_feature == b.polygons.poly_feature);
    CHECK(a.polygons.triangles == b.polygons.triangles);
    CHECK(a.skipped == b.skipped);
    CHECK(a.report == b.report);
    CHECK(a.extent.minx == b.extent.minx);
    CHECK(a.extent.miny == b.extent.miny);
    CHECK(a.extent.maxx == b.extent.maxx);
    CHECK(a.extent.maxy == b.extent.maxy);
}

// Loads `file` with `fast` and with GDAL's features and compares; returns what read it on the fast side
// ("error" when both refused it alike).
inline std::string check_same_as_gdal(const std::filesystem::path& file, const LoadOptions& fast_opt = {}) {
    INFO(file.string());
    const Outcome fast = load(file, fast_opt), gdal = load(file, gdal_features());
    CHECK(fast.error == gdal.error);
    REQUIRE(fast.src.has_value() == gdal.src.has_value());
    if (!gdal.src) return "error";
    CHECK(gdal.src->reader == "GDAL");
    CHECK(fast.src->warnings == gdal.src->warnings);
    REQUIRE(fast.src->vectors.size() == gdal.src->vectors.size());
    for (size_t i = 0; i < gdal.src->vectors.size(); ++i)
        check_same_layer(*fast.src->vectors[i], *gdal.src->vectors[i]);
    return fast.src->reader;
}

} // namespace entente::geo::testing
