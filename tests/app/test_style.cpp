// Colours by category and graduated classes, and the legend the user reads them from.
#include "scene/style.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace entente;

namespace {
geo::VectorLayer layer_with(const std::vector<std::string>& cats, const std::vector<double>& nums) {
    geo::VectorLayer l;
    l.fields = {{"cat", false}, {"num", true}};
    l.columns.resize(2);
    for (size_t i = 0; i < cats.size(); ++i) {
        l.fids.push_back(int64_t(i));
        l.feature_bbox.push_back({});
        l.columns[0].push_text(cats[i]);
        l.columns[1].num.push_back(nums[i]);
        l.points.coords.push_back({double(i), 0});
        l.points.feature.push_back(uint32_t(i));
    }
    return l;
}
} // namespace

TEST_CASE("categorised colours: same value same colour, legend lists each category once") {
    const auto l = layer_with({"UN", "AU", "UN", "EU"}, {1, 2, 3, 4});
    app::VectorStyle s;
    s.mode = app::ColourMode::Categorized;
    s.field = "cat";
    const auto c = app::feature_colours(l, s);
    REQUIRE(c.fill.size() == 4);
    CHECK(c.fill[0] == c.fill[2]);
    CHECK(c.fill[0] != c.fill[1]);
    CHECK(c.fill[1] != c.fill[3]);
    REQUIRE(c.legend.size() == 3);
    CHECK(c.legend[0].label == "UN");
    CHECK(c.legend[1].label == "AU");
    CHECK(c.legend[2].label == "EU");
}

TEST_CASE("fixed category colours from a style file win over the palette") {
    const auto l = layer_with({"UN", "AU"}, {1, 2});
    app::VectorStyle s;
    s.mode = app::ColourMode::Categorized;
    s.field = "cat";
    s.fill.a = 1;
    s.category_colours["UN"] = {0, 0, 1, 1};
    const auto c = app::feature_colours(l, s);
    CHECK(c.fill[0] == render::pack({0, 0, 1, 1}));
}

TEST_CASE("graduated colours: quantile classes ordered along the ramp, legend spans the data") {
    std::vector<std::string> cats(10, "x");
    std::vector<double> nums{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const auto l = layer_with(cats, nums);
    app::VectorStyle s;
    s.mode = app::ColourMode::Graduated;
    s.field = "num";
    s.classes = 5;
    s.ramp = "greys";
    s.fill.a = 1;
    const auto c = app::feature_colours(l, s);
    REQUIRE(c.legend.size() == 5);
    CHECK(c.legend.front().label.find("1") == 0);
    CHECK(c.legend.back().label.find("10") != std::string::npos);
    // Greys run black to white: a higher value is lighter.
    auto red = [](uint32_t p) { return p & 0xff; };
    CHECK(red(c.fill[0]) < red(c.fill[9]));
    CHECK(red(c.fill[0]) <= red(c.fill[4]));
}

TEST_CASE("a style survives the session file round trip") {
    app::VectorStyle s;
    s.mode = app::ColourMode::Graduated;
    s.field = "num";
    s.classes = 7;
    s.ramp = "Blues";
    s.stroke_width = 3.5f;
    s.shape = render::PointShape::Diamond;
    s.label_field = "name";
    s.category_colours["UN"] = {0.1f, 0.2f, 0.3f, 1};
    const auto back = app::vector_style_from_json(app::to_json(s));
    CHECK(back.mode == s.mode);
    CHECK(back.field == "num");
    CHECK(back.classes == 7);
    CHECK(back.ramp == "Blues");
    CHECK(back.stroke_width == 3.5f);
    CHECK(back.shape == render::PointShape::Diamond);
    CHECK(back.label_field == "name");
    CHECK(back.category_colours.at("UN") == render::Rgba{0.1f, 0.2f, 0.3f, 1});
}
