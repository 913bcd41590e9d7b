// The icon rasterizer and atlas behind unit symbols: coverage, strokes, dashes, packing, and drawing icons
// through the GPU at a map position.
#include "missions/document.hpp"
#include "render/headless.hpp"
#include "render/icon.hpp"
#include "scene/fonts.hpp"
#include "scene/headless_render.hpp"
#include "scene/mission_layer.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace entente;

namespace {

uint8_t alpha_at(const render::IconImage& img, int x, int y) {
    return img.rgba[(size_t(y) * img.width + x) * 4 + 3];
}

} // namespace

TEST_CASE("a filled square covers its pixels wholly and antialiases only its edges") {
    render::IconDrawing d;
    render::IconPath p;
    p.pts = {{0, 0}, {10, 0}, {10, 10}, {0, 10}};
    p.closed = true, p.fill = {1, 0, 0, 1};
    d.paths.push_back(p);
    d.bounds = {0, 0, 10, 10};
    const auto img = render::rasterize_icon(d, 2.0f); // 20 x 20 px plus padding
    REQUIRE(img.width == 24);
    CHECK(alpha_at(img, 12, 12) == 255);
    CHECK(img.rgba[(12 * 24 + 12) * 4 + 0] == 255); // premultiplied red
    CHECK(alpha_at(img, 1, 1) == 0);                // padding stays empty
    // Half a pixel of coverage where the edge falls mid-pixel.
    d.paths[0].pts = {{0, 0}, {10.25, 0}, {10.25, 10}, {0, 10}};
    const auto half = render::rasterize_icon(d, 2.0f);
    CHECK(alpha_at(half, 22, 12) == Approx(128).margin(20));
}

TEST_CASE("strokes have their width, and dashed strokes leave gaps") {
    render::IconDrawing d;
    render::IconPath p;
    p.pts = {{0, 5}, {40, 5}};
    p.stroke = {0, 0, 0, 1}, p.width = 2;
    d.paths.push_back(p);
    d.bounds = {0, 0, 40, 10};
    const auto solid = render::rasterize_icon(d, 1.0f);
    int covered_rows = 0;
    for (int y = 0; y < solid.height; ++y)
        covered_rows += alpha_at(solid, 20, y) > 200;
    CHECK(covered_rows == 2);
    d.paths[0].dash = 4, d.paths[0].gap = 4;
    const auto dashed = render::rasterize_icon(d, 1.0f);
    int on = 0, off = 0;
    for (int x = 4; x < 40; ++x)
        (alpha_at(dashed, x, 7) > 128 ? on : off)++;
    CHECK(on > 12);
    CHECK(off > 12);
}

TEST_CASE("packed icons do not overlap and keep their pixels") {
    std::vector<render::IconImage> imgs;
    for (int i = 0; i < 30; ++i) {
        render::IconImage im;
        im.width = 20 + i % 7 * 9, im.height = 15 + i % 5 * 11;
        im.rgba.assign(size_t(im.width) * im.height * 4, uint8_t(i + 1));
        imgs.push_back(im);
    }
    const auto a = render::pack_icons(imgs, 256);
    REQUIRE(a.entries.size() == imgs.size());
    for (size_t i = 0; i < a.entries.size(); ++i) {
        const auto& e = a.entries[i];
        CHECK(e.x + e.w <= a.width);
        CHECK(e.y + e.h <= a.height);
        CHECK(a.rgba[(size_t(e.y) * a.width + e.x) * 4] == uint8_t(i + 1));
        for (size_t j = i + 1; j < a.entries.size(); ++j) {
            const auto& f = a.entries[j];
            const bool apart = e.x + e.w <= f.x || f.x + f.w <= e.x || e.y + e.h <= f.y || f.y + f.h <= e.y;
            CHECK(apart);
        }
    }
}

TEST_CASE("the mission overlay draws a unit's symbol at its position and finds it there") {
    missions::Document doc;
    doc.execute(nlohmann::json::parse(R"J({"op":"add_unit","unit":{"id":"u1","sidc":"10031000161211000000",
        "designation":"1 BN","nation":"GHA","position":[10.0, 5.0]}})J"));
    app::MapScene scene;
    scene.show_basemap = false, scene.show_graticule = false;
    scene.mission_layer().set(&doc.mission(), "", {}, 1);
    render::View view = scene.fit_view({8, 3, 12, 7}, 200, 200);
    const app::RenderResult res = app::render_scene(scene, view);
    // The symbol's centre pixel is the black crossing of the infantry X over the blue fill; just beside
    // the frame is the map's background.
    const geo::XY c = view.to_screen(scene.projection().forward({10.0, 5.0}));
    auto px = [&](int x, int y) { return &res.rgba[(size_t(y) * res.width + x) * 4]; };
    const unsigned char* centre = px(int(c.x), int(c.y));
    CHECK(int(centre[0]) + centre[1] + centre[2] < 200);
    const unsigned char* fill = px(int(c.x) + 10, int(c.y) - 2);
    CHECK(fill[2] > 200); // light blue fill
    CHECK(fill[0] < 200);
    CHECK(scene.mission_layer().unit_at(view, c) == "u1");
    CHECK(scene.mission_layer().unit_at(view, {c.x + 60, c.y + 60}).empty());
}

TEST_CASE("units at one place are fanned out so each stays visible and can be picked") {
    missions::Document doc;
    for (const char* id : {"a", "b", "c"})
        doc.execute(
            {{"op", "add_unit"},
             {"unit",
              {{"id", id}, {"sidc", "10031000151211000000"}, {"nation", "GHA"}, {"position", {10.0, 5.0}}}}});
    app::MapScene scene;
    scene.show_basemap = false, scene.show_graticule = false;
    scene.mission_layer().set(&doc.mission(), "", {}, 1);
    render::View view = scene.fit_view({8, 3, 12, 7}, 300, 300);
    app::render_scene(scene, view);
    const geo::XY c = view.to_screen(scene.projection().forward({10.0, 5.0}));
    CHECK(scene.mission_layer().unit_at(view, c) == "a"); // the first stays on the place
    std::set<std::string> found;
    // Each moved to the nearest free spot around the place (joined to it by a leader line).
    for (int y = int(c.y) - 140; y < int(c.y) + 140; y += 4)
        for (int x = int(c.x) - 140; x < int(c.x) + 140; x += 4)
            if (auto id = scene.mission_layer().unit_at(view, {double(x), double(y)}); !id.empty())
                found.insert(id);
    CHECK(found == std::set<std::string>{"a", "b", "c"});
}
