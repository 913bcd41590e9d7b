// The map as the app shows it: basemap, graticule, the user's layers in order, labels. The window, the
// `entente render` command and the tests all draw through MapScene::draw, so they draw the same picture.
#pragma once
#include "basemap_hydro.hpp"
#include "geo/dataset.hpp"
#include "geo/projection.hpp"
#include "mgrs_grid.hpp"
#include "mission_layer.hpp"
#include "project_layer.hpp"
#include "raster_tiles.hpp"
#include "reference_layer.hpp"
#include "render/labels.hpp"
#include "render/renderer.hpp"
#include "slide_frame.hpp"
#include "style.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace entente::app {

// A raster read at display resolution, ready to upload (built off the UI thread at load).
struct RasterPreview {
    int width = 0, height = 0;
    std::vector<float> values;            // single band, NaN = nodata
    std::vector<uint8_t> rgba;            // or colour
    float min = 0, max = 1;               // value range of the preview (for the default stretch)
    std::vector<geo::LonLat> grid_lonlat; // mesh vertices (pixel corners) in lon/lat
    int grid_w = 0, grid_h = 0;
};
std::shared_ptr<RasterPreview> make_raster_preview(const geo::RasterSource& r, int max_side = 4096);

struct MapLayer {
    uint64_t id = 0;
    std::string title, source;
    std::shared_ptr<const geo::VectorLayer> vector;
    std::shared_ptr<geo::RasterSource> raster;
    std::shared_ptr<RasterPreview> preview;
    std::shared_ptr<RasterTileCache> tiles; // detail beyond the preview, for large rasters
    std::string tiles_view;                 // the view the last tile request was for
    std::vector<TileKey> tiles_wanted;      // and the tiles it needs
    VectorStyle style;
    RasterDisplay raster_style;
    bool visible = true;
    float opacity = 1;
    std::vector<LegendEntry> legend;
    // Label candidates for style.label_field, for `labels_key` (projection and field).
    std::vector<render::LabelCandidate> labels;
    std::string labels_key;

    // Derived, rebuilt when the style or projection changes.
    bool colours_dirty = true;
    render::LayerHandle gpu = 0;
    std::string gpu_projection;
    std::optional<ProjectedGeometry> prebuilt; // projected at load for prebuilt_projection
    std::string prebuilt_projection;
    std::optional<FeatureColours> made_colours; // made before the features went (MapScene::let_features_go)
};

// A vector layer's lon/lat extent for "zoom to": data on both sides of +-180 (Fiji) gets the narrow box
// across it, with maxx past 180, instead of the whole world.
// With a feature, that feature's extent, likewise.
geo::Bbox lonlat_extent(const geo::VectorLayer& v, std::optional<uint32_t> feature = std::nullopt);

enum class BasemapScale { S110m, S50m, S10m };
const char* scale_name(BasemapScale s);

class MapScene {
  public:
    MapScene();
    ~MapScene();

    void set_projection(const geo::ProjectionSpec& spec);
    const geo::Projection& projection() const { return *projection_; }
    std::string projection_key() const { return projection_->spec().to_string(); }

    // Layer list: index 0 is the top of the list and is drawn last (on top).
    MapLayer& add_vector(std::shared_ptr<const geo::VectorLayer> layer);
    MapLayer& add_raster(std::shared_ptr<geo::RasterSource> raster, std::shared_ptr<RasterPreview> preview);
    // Styles a layer as a risk layer: a sequential ramp and a legend on the map; a raster can emphasise cells
    // above a threshold; a vector layer is graduated by its score attribute. Throws InputError when a vector
    // layer has no numeric attribute to use.
    void make_risk_layer(MapLayer& l, std::optional<float> threshold = std::nullopt);
    std::vector<std::unique_ptr<MapLayer>>& layers() { return layers_; }
    const std::vector<std::unique_ptr<MapLayer>>& layers() const { return layers_; }
    MapLayer* find(uint64_t id);
    void remove_layer(uint64_t id);
    void move_layer(uint64_t id, int delta); // -1: up the list (drawn later)

    bool show_basemap = true, show_graticule = true, show_labels = true;
    bool show_mgrs_grid = false; // MGRS grid zones, 100 km squares and finer lines as the zoom allows
    // Framebuffer pixels at the sides covered by the window's panels: map legends stay clear of them.
    float legend_margin_left = 0, legend_margin_right = 0, legend_margin_bottom = 0;
    // Where the last frame drew its legends (framebuffer pixels), so the window can check nothing covers
    // them.
    const std::vector<geo::Bbox>& legend_boxes() const { return legend_boxes_; }
    // What the last frame's label placement did: every placed label and symbol box, the frame boxes they
    // kept clear of, and the labels dropped for want of room.
    const render::LabelReport& label_report() const { return label_report_; }
    // When set (CLI, tests), missing basemap scales load before drawing instead of in the background.
    bool synchronous = false;
    // When set (one-shot renders), a layer's features and a raster's preview values go once they are on the
    // GPU and the layer's labels are placed: the picture needs nothing more, and a national dataset's column
    // store would otherwise sit beside its GPU copy for the whole draw. The window keeps them (identify,
    // attributes, editing, restyling). A hollow layer keeps its name, fields and extent.
    // Drawn through a one-view renderer, each layer's fill and raster also go once drawn
    // (Renderer::drop_fill).
    bool release_after_upload = false;
    // One frame, before the GL context and framebuffer exist: each vector layer projected at load
    // (`prebuilt`) makes what its upload needs from its features now (colours, labels, its fill's own copy
    // of their triangles) and lets them go, so they never sit beside the framebuffer and the GPU copies.
    void let_features_go();

    // Alliance footprints, peace operations and their legend, on a date.
    ReferenceSettings reference;
    std::shared_ptr<geo::ReferenceData> reference_data; // loaded on first use
    std::string reference_error; // why the reference layers cannot be shown, if they cannot
    ReferenceLayer& reference_layer() { return reference_layer_; }
    // The basemap countries in use now (for hover), or null.
    const geo::VectorLayer* countries() const;
    // What the country at `at` belongs to on the date (the hover text), or "" outside every country or with
    // no alliance shown.
    std::string describe_country_at(geo::LonLat at);

    // The mission being planned (set each frame by the window; by `entente render` for a mission file).
    MissionLayer& mission_layer() { return mission_layer_; }
    // Extra screen-space drawing on top of the map (map tools: rubber bands, vertex handles, measurements),
    // by name, called in name order at the end of each frame.
    std::map<std::string, std::function<void(render::Renderer&, const render::View&)>> tool_layers;

    // Briefing slides: banners, title block, legend, scale bar, north arrow and attributions over the map.
    SlideFrame briefing;

    // Selection highlight.
    std::optional<std::pair<uint64_t, uint32_t>> selection;

    // Starts reading the basemap files a draw of this view needs on other threads (no GL needed), so that
    // `entente render` creates its GL context meanwhile.
    void preload(const render::View& view);
    // Uploads whatever changed (needs the GL context current) and draws a full frame.
    void draw(render::Renderer& r, const render::View& view);

    // A view that shows a lon/lat box whole in a w x h framebuffer.
    // A little air around data shown whole: 5 % of each side, at least 0.01° (about 1 km), for every "zoom
    // to" in the window and for `entente render` without --bbox.
    static geo::Bbox with_margin(const geo::Bbox& lonlat);
    render::View fit_view(const geo::Bbox& lonlat, int width, int height, float pixel_ratio = 1) const;
    geo::Bbox layer_extent_lonlat(const MapLayer& l) const;
    // Ground metres per framebuffer pixel at the view centre (the status bar's scale, picking tolerances).
    double metres_per_px(const render::View& v) const;
    // The scale detail is chosen by (basemap scale, graticule and grid spacing, rivers, towns, country
    // names): ground metres per pixel at an anchor that stays put while the view pans at one scale. In
    // Mercator the ground scale at the centre changes as a pan goes north or south; a detail that flipped
    // mid-pan would change the grid's spacing under the planner's pointer and have the whole map drawn
    // instead of moved (Renderer::draw_underlay). The anchor follows the view at a zoom, a new size or
    // projection, or once the centre is a view's width or height away from it.
    double detail_metres_per_px(const render::View& v) const;
    BasemapScale scale_for(const render::View& v) const;
    // Loading state of the basemap, for the status bar.
    std::string basemap_status() const;
    bool basemap_loading() const;
    // True once some scale of the basemap is loaded and shown (finer ones may still be arriving).
    bool basemap_shown() const;
    // True while something is still arriving in the background (basemap scales, raster tiles).
    bool busy() const;

    // Uploads every visible layer that is not on the GPU yet (draw does so first too). A one-shot render
    // calls it before making its framebuffer, so that an upload's passing CPU and GPU copies of a layer never
    // sit beside the framebuffer.
    void prepare(render::Renderer& r, const render::View& view);

  private:
    struct Basemap;
    void upload_vector(render::Renderer& r, MapLayer& l);
    void upload_raster(render::Renderer& r, MapLayer& l);
    void build_labels(MapLayer& l);
    // Places unit symbols, then every label by priority, clear of legends and the slide frame, and draws them
    // (app/scene/map_labels.cpp).
    void draw_labels(render::Renderer& r, const render::View& view, bool reference_on,
                     const std::vector<const render::LabelCandidate*>& places,
                     const std::vector<render::TextItem>& grid_text);
    void draw_risk_legends(render::Renderer& r, const render::View& view, const geo::Bbox& avoid);
    render::RasterTile raster_mesh(const std::vector<geo::LonLat>& grid, int grid_w, int grid_h) const;
    void draw_raster_detail(render::Renderer& r, const render::View& view, MapLayer& l,
                            const render::RasterStyle& rs);
    uint64_t frame_ = 0;
    // The view whose centre detail was last chosen at (detail_metres_per_px); units_per_px 0 before a draw.
    struct DetailAnchor {
        geo::XY center;
        double units_per_px = 0;
        int width = 0, height = 0;
        std::string projection;
    } detail_anchor_;
    geo::XY detail_anchor(const render::View& v) const;
    void draw_graticule(render::Renderer& r, const render::View& view, std::vector<render::TextItem>& text);

    std::unique_ptr<geo::Projection> projection_;
    std::vector<std::unique_ptr<MapLayer>> layers_;
    std::vector<render::LayerHandle> to_destroy_;
    uint64_t next_id_ = 1;
    std::unique_ptr<Basemap> basemap_;
    HydroLayer hydro_; // basemap at operational scale: lakes, rivers, towns (basemap_hydro.hpp)
    ReferenceLayer reference_layer_;
    MissionLayer mission_layer_;
    MgrsGridLayer mgrs_grid_;
    const geo::VectorLayer* current_countries_ = nullptr;
    // Graticule lines per spacing, for the current projection.
    struct Graticule {
        render::LayerHandle gpu = 0;
        std::string projection;
        geo::Bbox built;                                                           // lon/lat the lines reach
        std::vector<std::pair<double, std::vector<geo::XY>>> meridians, parallels; // value, projected line
    };
    std::map<double, Graticule> graticules_;
    // Renderer::id() last drawn with; 0 before the first draw.
    uint64_t last_renderer_id_ = 0;
    std::vector<geo::Bbox> legend_boxes_;
    render::LabelReport label_report_;
};

} // namespace entente::app
