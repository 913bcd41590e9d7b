// Rendering the map to an image with no window: the path `entente render` and the render tests share.
#pragma once
#include "map_scene.hpp"

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
    bool mgrs_grid = false; // the MGRS grid, at the spacing the zoom allows
    bool prefer_hardware = false; // NVIDIA EGL when present; default is the bit-exact software device
    // Domain layers: the "as of" date (YYYY-MM-DD, default today), alliance footprints, peace operations.
    std::string date;
    std::vector<std::string> alliances;
    bool missions = false;
    bool legend = true;
    std::vector<std::string> risk_files; // drawn as risk layers (sequential ramp, legend, threshold)
    std::string phase; // for mission files (.entente.gpkg): phase number (1 = first) or id
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
    BriefingFrame frame;               // a slide's frame (drawn into the image unless frame_as_vector)
};

// Writes a rendered map as a georeferenced PDF through GDAL's PDF driver (the image with its CRS and extent).
// Throws geo::InputError naming the file and the reason.
void write_geopdf(const std::string& path, const RenderResult& res);

// `entente brief`: every slide of a mission to one PDF page each. Returns the exit status.
int cmd_brief(const std::string& mission_path, const std::string& output, int width, int height, float scale);

// Loads the files (throwing InputError naming the first that fails) and draws them.
RenderResult render_map(const RenderRequest& req);
// Draws an already populated scene.
RenderResult render_scene(MapScene& scene, const render::View& view, bool prefer_hardware = false);

} // namespace entente::app
