// Golden-image render tests, MapLibre style: each folder under cases/ holds case.json (the files, the view
// and the tolerance) and expected.png. Set ENTENTE_UPDATE_EXPECTED=1 to rewrite the expected images after a
// deliberate change, then look at them before committing.
#include "app/headless_render.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

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
    rq.missions = j.value("missions", false);
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

} // namespace

TEST_CASE("render cases match their expected images") {
    const fs::path root = ENTENTE_RENDER_CASES;
    const fs::path out = ENTENTE_RENDER_OUT;
    fs::create_directories(out);
    const bool update = std::getenv("ENTENTE_UPDATE_EXPECTED") != nullptr;
    std::vector<fs::path> cases;
    for (auto& e : fs::directory_iterator(root))
        if (fs::exists(e.path() / "case.json")) cases.push_back(e.path());
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 5);
    for (const fs::path& dir : cases) {
        const std::string name = dir.filename().string();
        DYNAMIC_SECTION(name) {
            std::ifstream in(dir / "case.json");
            const nlohmann::json j = nlohmann::json::parse(in);
            const app::RenderResult res = app::render_map(request_from(j, dir));
            const fs::path actual = out / (name + ".actual.png");
            stbi_write_png(actual.c_str(), res.width, res.height, 4, res.rgba.data(), res.width * 4);
            const fs::path expected = dir / "expected.png";
            if (update || !fs::exists(expected)) {
                fs::copy_file(actual, expected, fs::copy_options::overwrite_existing);
                WARN(name << ": wrote " << expected << " - look at it before committing");
                continue;
            }
            int w = 0, h = 0, n = 0;
            unsigned char* exp = stbi_load(expected.c_str(), &w, &h, &n, 4);
            REQUIRE(exp != nullptr);
            REQUIRE(w == res.width);
            REQUIRE(h == res.height);
            std::vector<unsigned char> diff;
            // Tolerance: per-channel difference a pixel may have, and the fraction of pixels allowed beyond
            // it.
            const int tol = j.value("pixel_tolerance", 16);
            const double allowed = j.value("allowed_fraction", 0.002);
            const Comparison c = compare(res.rgba, exp, size_t(w) * h, tol, diff);
            stbi_image_free(exp);
            const double frac = double(c.differing) / double(c.total);
            if (frac > allowed)
                stbi_write_png((out / (name + ".diff.png")).c_str(), w, h, 4, diff.data(), w * 4);
            INFO(name << ": " << c.differing << " of " << c.total << " pixels differ by more than " << tol
                      << " (max " << c.max_delta << "); see " << actual);
            CHECK(frac <= allowed);
        }
    }
}
