// A one-shot render (`entente render`) lets each layer's features and a raster's preview values go once they
// are on the GPU, so a national dataset is not held twice during the draw. The picture, layer labels
// included, must be the one a scene that keeps its features draws.
#include "geo/dataset.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/headless_render.hpp"
#include "scene/map_scene.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

using namespace entente;
namespace fs = std::filesystem;

namespace {
std::set<std::string> texts(const std::vector<render::LabelReport::Entry>& entries) {
    std::set<std::string> out;
    for (const auto& e : entries)
        out.insert(e.text);
    return out;
}
} // namespace

TEST_CASE("a one-shot render that lets the features go draws what a kept scene draws, labels included") {
    const fs::path dir = fs::temp_directory_path() / "entente_one_shot_release";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path data = ENTENTE_TEST_DATA;
    fs::copy_file(data / "points.geojson", dir / "points.geojson");
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj"})
        fs::copy_file(data / (std::string("polygons") + ext), dir / (std::string("polygons") + ext));
    // The points' sidecar style labels each city with its name.
    std::ofstream(dir / "points.style.json") << R"({"*": {"label_field": "name"}})";

    app::RenderRequest rq;
    rq.files = {(dir / "polygons.shp").string(), (dir / "points.geojson").string(),
                (data / "raster.tif").string()};
    rq.bbox = geo::Bbox{-170, -60, 170, 75};
    rq.width = 640, rq.height = 360;
    rq.basemap = rq.graticule = false;

    const app::RenderResult released = app::render_map(rq); // sets release_after_upload

    app::ComposedMap kept = app::compose_map(rq);
    REQUIRE_FALSE(kept.scene->release_after_upload);
    const app::RenderResult full = app::render_scene(*kept.scene, kept.view);

    REQUIRE(released.rgba.size() == full.rgba.size());
    CHECK(released.rgba == full.rgba);
    // The labels come from the features, so they are placed before the features go.
    const auto placed = texts(released.labels.placed);
    CHECK(placed == texts(kept.scene->label_report().placed));
    CHECK(placed.count("Oslo"));
    CHECK(placed.count("Nairobi"));

    // What the flag promises: after the draw the layers hold their names and the fields they were read with
    // (only what their styles draw: the points' labels) but no rows.
    app::ComposedMap shot = app::compose_map(rq);
    shot.scene->release_after_upload = true;
    const app::RenderResult again = app::render_scene(*shot.scene, shot.view);
    CHECK(again.rgba == full.rgba);
    size_t layers = 0;
    for (const auto& l : shot.scene->layers()) {
        if (l->vector) {
            ++layers;
            CHECK(l->vector->feature_count() == 0);
            CHECK_FALSE(l->vector->name.empty());
            CHECK(l->vector->fields.size() == (l->vector->name == "points" ? 1u : 0u));
        } else {
            REQUIRE(l->preview);
            CHECK(l->preview->values.empty());
        }
    }
    CHECK(layers == 2);

    // Drawn through a one-view renderer, such a scene lets each fill and raster go once drawn: the polygons
    // keep their outlines, the raster keeps nothing, the points keep what they had.
    app::ComposedMap once = app::compose_map(rq);
    once.scene->release_after_upload = true;
    once.scene->let_features_go();
    render::HeadlessContext ctx;
    render::Renderer r;
    r.set_single_view(once.view);
    once.scene->prepare(r, once.view);
    std::vector<size_t> uploaded;
    for (const auto& l : once.scene->layers())
        uploaded.push_back(r.gpu_bytes(l->gpu));
    render::OffscreenTarget target(once.view.width, once.view.height, 1);
    target.bind();
    once.scene->draw(r, once.view);
    const auto& drawn = once.scene->layers();
    REQUIRE(drawn.size() == 3);
    for (size_t i = 0; i < drawn.size(); ++i) {
        const auto& l = *drawn[i];
        INFO((l.vector ? l.vector->name : std::string("raster")));
        CHECK(uploaded[i] > 0);
        if (l.raster)
            CHECK(r.gpu_bytes(l.gpu) == 0);
        else if (l.vector->name == "polygons")
            CHECK(r.gpu_bytes(l.gpu) < uploaded[i] / 2); // the fill, most of it, is gone
        else
            CHECK(r.gpu_bytes(l.gpu) == uploaded[i]);
    }
    fs::remove_all(dir);
}

TEST_CASE(
    "a one-shot render reads only the attributes its styles draw, and draws what every attribute draws") {
    const fs::path dir = fs::temp_directory_path() / "entente_render_fields";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path data = ENTENTE_TEST_DATA;
    // Cities graduated by population and labelled by name; polygons as a risk layer (scored by "code",
    // their only number) and the cities' CSV as one (scored by "pop": its coordinate columns are not offered,
    // or "lon" would be taken); lines with no style of their own.
    fs::copy_file(data / "points.geojson", dir / "points.geojson");
    fs::copy_file(data / "lines.kml", dir / "lines.kml");
    fs::copy_file(data / "points.csv", dir / "cities.csv");
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj"})
        fs::copy_file(data / (std::string("polygons") + ext), dir / (std::string("polygons") + ext));
    std::ofstream(dir / "points.style.json")
        << R"({"*": {"mode": 2, "field": "pop", "label_field": "name"}})";

    app::RenderRequest rq;
    rq.files = {(dir / "lines.kml").string(), (dir / "points.geojson").string()};
    rq.risk_files = {(dir / "polygons.shp").string(), (dir / "cities.csv").string()};
    rq.bbox = geo::Bbox{-170, -60, 170, 75};
    rq.width = 640, rq.height = 360;
    rq.basemap = rq.graticule = false;

    app::ComposedMap read = app::compose_map(rq);
    std::map<std::string, std::vector<std::string>> fields;
    for (const auto& l : read.scene->layers()) {
        REQUIRE(l->vector);
        for (const auto& f : l->vector->fields)
            fields[fs::path(l->source).stem().string()].push_back(f.name);
    }
    CHECK(fields["points"] == std::vector<std::string>{"name", "pop"});
    CHECK(fields["polygons"] == std::vector<std::string>{"code"});
    CHECK(fields["cities"] == std::vector<std::string>{"pop"});
    CHECK(fields["lines"].empty());
    // So leaving fields out is seen: the lines have some, the polygons more than their score.
    CHECK_FALSE(geo::load_source((dir / "lines.kml").string()).vectors[0]->fields.empty());
    CHECK(geo::load_source((dir / "polygons.shp").string()).vectors[0]->fields.size() >= 2);

    // The window's way: each layer holds every attribute, projected again from its features, a risk layer
    // scored by the field chosen from all of them.
    app::ComposedMap every = app::compose_map(rq);
    for (auto& l : every.scene->layers()) {
        l->vector = geo::load_source(l->source).vectors[0];
        l->prebuilt.reset();
        l->colours_dirty = true;
        if (l->style.risk) every.scene->make_risk_layer(*l, rq.risk_threshold);
    }
    const app::RenderResult drawn = app::render_scene(*read.scene, read.view);
    const app::RenderResult oracle = app::render_scene(*every.scene, every.view);
    REQUIRE(drawn.rgba.size() == oracle.rgba.size());
    CHECK(drawn.rgba == oracle.rgba);
    const auto placed = texts(read.scene->label_report().placed);
    CHECK(placed == texts(every.scene->label_report().placed));
    CHECK(placed.count("Oslo"));
    fs::remove_all(dir);
}
