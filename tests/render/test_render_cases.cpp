// Golden-image render tests, MapLibre style: each folder under cases/ holds case.json (the files, the view
// and the tolerance) and expected.png. CMake adds one ctest per folder, "render case: NAME", which runs the
// hidden test below with ENTENTE_RENDER_CASE=NAME, so each case passes or fails on its own. A case without
// expected.png fails; ENTENTE_UPDATE_EXPECTED=1 writes (or rewrites, after a deliberate change) the expected
// images: look at them before committing.
#include "scene/headless_render.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace fs = std::filesystem;
using namespace entente;

namespace {

struct Comparison {
    size_t differing = 0, total = 0;
    int max_delta = 0;
};

Comparison compare(const std::vector<unsigned char>& a, const unsigned char* b, size_t pixels, int tolerance,
                   std::vector<unsigned char>& diff) {
    Comparison c;
    c.total = pixels;
    diff.assign(pixels * 4, 0);
    for (size_t i = 0; i < pixels; ++i) {
        int d = 0;
        for (int k = 0; k < 3; ++k)
            d = std::max(d, std::abs(int(a[i * 4 + k]) - int(b[i * 4 + k])));
        c.max_delta = std::max(c.max_delta, d);
        const bool bad = d > tolerance;
        c.differing += bad;
        // Differences in red over a faded copy of the expected image.
        diff[i * 4 + 0] = bad ? 255 : b[i * 4] / 3 + 170;
        diff[i * 4 + 1] = bad ? 0 : b[i * 4 + 1] / 3 + 170;
        diff[i * 4 + 2] = bad ? 0 : b[i * 4 + 2] / 3 + 170;
        diff[i * 4 + 3] = 255;
    }
    return c;
}

app::RenderRequest request_from(const nlohmann::json& j, const fs::path& dir) {
    app::RenderRequest rq;
    for (auto& f : j.value("files", nlohmann::json::array())) {
        const std::string s = f.get<std::string>();
        // Paths are relative to the case folder, or to tests/data with a "data:" prefix.
        if (s.rfind("data:", 0) == 0)
            rq.files.push_back(std::string(ENTENTE_TEST_DATA) + "/" + s.substr(5));
        else
            rq.files.push_back((dir / s).string());
    }
    if (j.contains("bbox")) {
        auto b = j["bbox"];
        rq.bbox = geo::Bbox{b[0], b[1], b[2], b[3]};
    }
    rq.crs = j.value("crs", rq.crs);
    rq.width = j.value("width", 480);
    rq.height = j.value("height", 300);
    rq.scale = j.value("scale", 1.0f);
    rq.basemap = j.value("basemap", true);
    rq.graticule = j.value("graticule", true);
    rq.mgrs_grid = j.value("mgrs_grid", false);
    rq.labels = j.value("labels", true);
    rq.date = j.value("date", std::string());
    for (auto& a : j.value("alliances", nlohmann::json::array()))
        rq.alliances.push_back(a.get<std::string>());
    rq.peace_ops = j.value("peace_ops", false);
    rq.phase = j.value("phase", std::string());
    rq.slide = j.value("slide", std::string());
    for (auto& f : j.value("risk", nlohmann::json::array())) {
        const std::string r = f.get<std::string>();
        rq.risk_files.push_back(r.rfind("data:", 0) == 0 ? std::string(ENTENTE_TEST_DATA) + "/" + r.substr(5)
                                                         : (dir / r).string());
    }
    if (j.contains("risk_threshold")) rq.risk_threshold = j["risk_threshold"].get<float>();
    return rq;
}

const fs::path cases_root = ENTENTE_RENDER_CASES;

// Renders one case and compares it with its expected image. Writes NAME.actual.png always, and
// NAME.diff.png (differences in red) on a mismatch, under ENTENTE_RENDER_OUT.
void check_case(const std::string& name) {
    const fs::path dir = cases_root / name, out = ENTENTE_RENDER_OUT;
    INFO("render case " << name << " (" << dir.string() << ")");
    REQUIRE(fs::exists(dir / "case.json"));
    fs::create_directories(out);
    std::ifstream in(dir / "case.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    const app::RenderResult res = app::render_map(request_from(j, dir));
    // Whatever the picture, no two placed labels or symbols overlap and none covers a legend or the frame.
    for (const auto& [a, b] : res.labels.overlaps())
        FAIL_CHECK(name << ": " << render::to_string(a.what) << " \"" << a.text << "\" overlaps "
                        << render::to_string(b.what) << " \"" << b.text << "\"");
    const fs::path actual = out / (name + ".actual.png"), diff_path = out / (name + ".diff.png");
    fs::remove(diff_path); // a diff left by an earlier run would describe another image
    REQUIRE(stbi_write_png(actual.c_str(), res.width, res.height, 4, res.rgba.data(), res.width * 4));
    const fs::path expected = dir / "expected.png";
    if (std::getenv("ENTENTE_UPDATE_EXPECTED")) {
        fs::copy_file(actual, expected, fs::copy_options::overwrite_existing);
        WARN(name << ": wrote " << expected.string() << " - look at it before committing");
        return;
    }
    if (!fs::exists(expected))
        FAIL(name << ": no expected image " << expected.string() << "; to create it from this render ("
                  << actual.string() << "), run\n  ENTENTE_UPDATE_EXPECTED=1 ctest -R 'render case: " << name
                  << "$'\nin the build folder, then look at it before committing");
    int w = 0, h = 0, n = 0;
    const std::unique_ptr<unsigned char, decltype(&stbi_image_free)> exp(
        stbi_load(expected.c_str(), &w, &h, &n, 4), stbi_image_free);
    REQUIRE(exp != nullptr);
    INFO("expected " << w << "x" << h << ", rendered " << res.width << "x" << res.height << ": see "
                     << actual.string());
    REQUIRE(w == res.width);
    REQUIRE(h == res.height);
    std::vector<unsigned char> diff;
    // Tolerance: per-channel difference a pixel may have, and the fraction of pixels allowed beyond it.
    const int tol = j.value("pixel_tolerance", 16);
    const double allowed = j.value("allowed_fraction", 0.002);
    const Comparison c = compare(res.rgba, exp.get(), size_t(w) * h, tol, diff);
    const double frac = double(c.differing) / double(c.total);
    if (frac > allowed) {
        stbi_write_png(diff_path.c_str(), w, h, 4, diff.data(), w * 4);
        FAIL(name << ": " << c.differing << " of " << c.total << " pixels differ by more than " << tol
                  << " (max " << c.max_delta << ", allowed fraction " << allowed
                  << ")\n  actual: " << actual.string() << "\n  diff:   " << diff_path.string());
    }
}

} // namespace

// Hidden from the discovered "render: " tests: CMake runs it once per case folder as "render case: NAME".
// Without ENTENTE_RENDER_CASE it runs every case, e.g. to rewrite them all:
//   ENTENTE_UPDATE_EXPECTED=1 build/tests/entente_render_tests '[case]'
TEST_CASE("render case matches its expected image", "[.][case]") {
    if (const char* one = std::getenv("ENTENTE_RENDER_CASE")) {
        check_case(one);
        return;
    }
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(cases_root))
        if (e.is_directory()) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    REQUIRE(!names.empty());
    for (const std::string& name : names) {
        DYNAMIC_SECTION(name) {
            check_case(name);
        }
    }
}
