// Rendering the map to an image with no window: the path `entente render` and the render tests share.
#pragma once
#include "map_scene.hpp"

#include <functional>
#include <string>
#include <vector>

namespace entente::app {

struct RenderRequest {
    std::vector<std::string> files;
    std::optional<geo::Bbox> bbox; // lon/lat; default: the layers' extent, or the world
    std::string crs = "webmercator";
    int width = 1600, height = 1000;
    float scale = 1; // pixel ratio: line widths, symbols and text grow with it
    bool basemap = true, graticule = true, labels = true;
    bool mgrs_grid = false;       // the MGRS grid, at the spacing the zoom allows
    bool prefer_hardware = false; // NVIDIA EGL when present; default is the bit-exact software device
    // Domain layers: the "as of" date (YYYY-MM-DD, default today), alliance footprints, peace operations.
    std::string date;
    std::vector<std::string> alliances;
    bool peace_ops = false;
    bool legend = true;
    std::vector<std::string> risk_files; // drawn as risk layers (sequential ramp, legend, threshold)
    std::string phase;                   // for mission files (.entente.gpkg): phase number (1 = first) or id
    std::optional<float> risk_threshold;
    // A briefing slide of the (first) mission file, by number (1 = first) or id: its view, projection, date,
    // phase and layers, framed with banners, title, legend, scale bar, north arrow and attributions.
    std::string slide;
    // For vector output (PDF decks): leave the slide frame out of the image and return it in the result.
    bool frame_as_vector = false;
};

struct RenderResult {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
    std::vector<std::string> warnings; // skipped features and the like, one line each
    std::string gl;                    // renderer description
    geo::Bbox map_bounds;              // the image's extent in map units (for georeferencing)
    std::string crs;                   // the map's CRS definition (PROJ/GDAL)
    render::View view;                 // the view drawn
    std::string projection;            // as ProjectionSpec::parse takes it
    SlideFrame frame;                  // a slide's frame (drawn into the image unless frame_as_vector)
    render::LabelReport labels;        // where labels and symbols went, and what was dropped
    // Where the time went, seconds (`entente render --timings`; the benchmark records them beside Mapnik's).
    struct Timings {
        double compose = 0; // reading the files into the scene (load, checks, tessellation)
        double context = 0; // GL context and render target
        double draw = 0;    // projection, upload and draw calls (what the window does for a frame)
        double finish = 0;  // rasterisation still pending, and reading the pixels back
    } timings;
};

// Pixel ratio of a slide `width` x `height` pixels: a slide is laid out for 1920x1080, and a bigger (or
// smaller) one is the same picture with more (or fewer) pixels, so text and symbols grow with it.
float slide_pixel_ratio(int width, int height, float scale);

// Writes a rendered map as a georeferenced PDF through GDAL's PDF driver (the image with its CRS and extent).
// Throws geo::InputError naming the file and the reason.
void write_geopdf(const std::string& path, const RenderResult& res);

// Writes a rendered map as a PNG, never torn (missions/output_file.hpp: a temporary beside it, flushed, then
// renamed). Throws geo::InputError naming the file and the cause (no such directory, disk full, a directory
// or device given as the output).
void write_png_file(const std::string& path, const RenderResult& res);

// The one reader of image sizes ("1920x1080"), for every command and the window: WxH, each 16..16384 pixels
// (the largest framebuffer the renderers promise). Anything else says why in `why`.
enum class SizeParse { Ok, Malformed, OutOfRange };
SizeParse parse_image_size(const std::string& text, int& width, int& height, std::string& why);

// Text and symbol scale for every command and the window: 0.1..8 (beyond 8 the font atlas outgrows what a GPU
// texture holds; 0, negative and NaN scales have no meaning). Throws geo::InputError (OutOfRange) naming
// `option` (e.g. "--scale 0") otherwise.
void check_scale(float scale, const std::string& option = "--scale");

// A mission's briefing as a PDF, one page per slide, drawn as `render --slide` draws it with the slide frame
// as PDF vectors over the map. `progress(i, n, title, warnings)` after each slide (1-based). Returns the
// pages; throws geo::InputError. What `entente brief` and the window's Export panel run.
using SlideProgress = std::function<void(size_t done, size_t total, const std::string& title,
                                         const std::vector<std::string>& warnings)>;
size_t write_briefing_pdf(const std::string& mission_path, const std::string& output, int width, int height,
                          float scale, const SlideProgress& progress = {});

// Loads the files (throwing InputError naming the first that fails) and draws them.
RenderResult render_map(const RenderRequest& req);

// What render_map draws, composed and ready to draw any number of times: the frame benchmark pans and zooms
// it (bench/bench_frame.cpp).
struct ComposedMap {
    std::unique_ptr<MapScene> scene;
    render::View view;                                     // the requested box fitted to the image
    std::vector<std::unique_ptr<missions::Mission>> plans; // kept alive while the scene's overlay draws them
    std::vector<std::string> warnings;
    SlideFrame frame;
};
ComposedMap compose_map(const RenderRequest& req);

// The built-in demo: the synthetic risk surface as a risk layer, NATO and African Union footprints and the
// peace operations of today, over Africa and Europe. What `entente` renders with no display; the window adds
// the demonstration mission (demo_mission_path()) and zooms to it; the frame benchmark draws both.
inline constexpr float kDemoRiskThreshold = 60;
std::string demo_mission_path();
RenderRequest demo_request();
// Draws an already populated scene.
RenderResult render_scene(MapScene& scene, const render::View& view, bool prefer_hardware = false);

} // namespace entente::app
