// `entente render FILE... -o map.png|map.pdf`: the map drawn without a window, by the same scene code.
#include "cli.hpp"
#include "command.hpp"
#include "geo/error.hpp"
#include "scene/headless_render.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace entente::app {

namespace {

constexpr int kUsage = 2; // a malformed option value

// 0 when `s` is a box; else the exit code (malformed, or outside the globe: out of range) with `why` set.
int parse_bbox(const std::string& s, geo::Bbox& out, std::string& why) {
    double w, so, e, n;
    char extra;
    if (std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf%c", &w, &so, &e, &n, &extra) != 4) {
        why = "expected W,S,E,N in degrees";
        return kUsage;
    }
    // Every bound on its own: 1e308 as the west edge is as wrong as 200. NaN fails every comparison.
    auto lon = [](double v) { return v >= -180 && v <= 180; };
    auto lat = [](double v) { return v >= -90 && v <= 90; };
    if (!(lon(w) && lon(e) && lat(so) && lat(n))) {
        why = "longitudes must lie in -180..180 and latitudes in -90..90";
        return exit_code(geo::ErrorKind::OutOfRange);
    }
    if (!(so < n) || w == e) {
        why =
            "south must be less than north, and west differ from east (west > east crosses the antimeridian)";
        return kUsage;
    }
    out = {w, so, e, n};
    return 0;
}

class RenderCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override;
    int run() override;

  private:
    RenderRequest rq_;
    std::string bbox_, size_ = "1600x1000", out_;
    bool timings_ = false;
};

CLI::App* RenderCommand::add(CLI::App& app) {
    auto* c = app.add_subcommand("render", "Draw the map to a PNG without a window (same renderer)");
    c->add_option("files", rq_.files, "Layers to draw, bottom first");
    c->add_option("--bbox", bbox_,
                  "Area to show: W,S,E,N in degrees of longitude/latitude (W > E crosses the antimeridian)");
    c->add_option(
         "--crs", rq_.crs,
         "Projection: webmercator, platecarree, laea:LON,LAT, north, south, EPSG:NNNN or a PROJ string")
        ->capture_default_str();
    c->add_option("--size", size_, "Image size WxH in pixels")->capture_default_str();
    c->add_option("--scale", rq_.scale, "Pixel ratio: scales line widths, symbols and text")
        ->check(finite_number())
        ->capture_default_str();
    c->add_flag(
        "--no-basemap", [this](int64_t) { rq_.basemap = false; }, "Leave out the built-in basemap");
    c->add_flag(
        "--no-graticule", [this](int64_t) { rq_.graticule = false; }, "Leave out the graticule");
    c->add_flag("--mgrs-grid", rq_.mgrs_grid,
                "MGRS grid: zone boundaries, 100 km squares, 10 km and 1 km lines as the zoom allows");
    c->add_flag(
        "--no-labels", [this](int64_t) { rq_.labels = false; }, "Leave out country names");
    c->add_flag("--gpu", rq_.prefer_hardware, "Use a hardware EGL device when there is one");
    c->add_option("--date", rq_.date,
                  "As-of date YYYY-MM-DD for alliances and peace operations (default today)");
    c->add_option(
        "--alliance", rq_.alliances,
        "Organisation whose members to fill (repeat: first filled, second hatched, third outlined)");
    // --missions is the old name, kept so existing scripts run: "mission" now means only the plan.
    c->add_flag("--peace-ops,--missions", rq_.peace_ops,
                "Peace operations (UN, AU, EU, NATO) active on the date, sized by personnel");
    c->add_flag(
        "--no-legend", [this](int64_t) { rq_.legend = false; }, "Leave out the legend");
    c->add_option("--slide", rq_.slide, "For a mission file: a briefing slide (1 = first, or its id)");
    c->add_option("--phase", rq_.phase, "For a mission file: the phase to show (1 = first, or its id)");
    c->add_option("--risk", rq_.risk_files,
                  "A raster, or a vector layer with a score attribute, drawn as a risk layer (repeatable)");
    c->add_option("--risk-threshold", rq_.risk_threshold,
                  "Emphasise risk raster cells at or above this value")
        ->check(finite_number());
    c->add_flag("--timings", timings_,
                "Print where the time went (reading, drawing, read-back, encoding) as JSON on stderr");
    c->add_option("-o,--output", out_, "PNG file to write, or .pdf for a georeferenced PDF")->required();
    return c;
}

int RenderCommand::run() {
    if (!bbox_.empty()) {
        geo::Bbox b;
        std::string why;
        if (const int code = parse_bbox(bbox_, b, why)) {
            std::cerr << "entente render: --bbox " << bbox_ << ": " << why << "\n";
            return code;
        }
        rq_.bbox = b;
    }
    std::string why;
    if (const SizeParse p = parse_image_size(size_, rq_.width, rq_.height, why); p != SizeParse::Ok) {
        std::cerr << "entente render: --size " << size_ << ": " << why << "\n";
        return p == SizeParse::OutOfRange ? exit_code(geo::ErrorKind::OutOfRange) : kUsage;
    }
    RenderResult res = render_map(rq_);
    for (auto& w : res.warnings)
        std::cerr << "entente: warning: " << w << "\n";
    const bool pdf = out_.size() > 4 && out_.compare(out_.size() - 4, 4, ".pdf") == 0;
    const auto t = std::chrono::steady_clock::now();
    if (pdf) {
        write_geopdf(out_, res); // georeferenced: the map's CRS and extent travel with it
    } else {
        write_png_file(out_, res);
    }
    if (timings_) {
        const double encode = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
        char line[256];
        std::snprintf(line, sizeof line,
                      "{\"compose\": %.4f, \"context\": %.4f, \"draw\": %.4f, \"finish\": %.4f, "
                      "\"encode\": %.4f}",
                      res.timings.compose, res.timings.context, res.timings.draw, res.timings.finish, encode);
        std::cerr << line << "\n";
    }
    std::cout << "wrote " << out_ << " (" << res.width << "x" << res.height << ")\n";
    return 0;
}

} // namespace

std::unique_ptr<Command> render_command() {
    return std::make_unique<RenderCommand>();
}

} // namespace entente::app
