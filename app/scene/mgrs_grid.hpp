// The MGRS grid over the map: grid zone boundaries (UTM zones by 8° latitude bands, with the Norway and
// Svalbard exceptions), 100 km square lines and, zoomed in, 10 km and 1 km lines, each built in the UTM
// coordinates of its own zone, clipped to that zone and densified before it is projected with the map's
// projection. Spacing follows the zoom so lines stay readable. No ImGui: the window, `entente render
// --mgrs-grid` and the tests share it.
#pragma once
#include "geo/projection.hpp"
#include "render/renderer.hpp"

#include <array>
#include <string>
#include <vector>

namespace entente::app {

// One grid zone: a UTM zone crossed with a latitude band ("33U"), as a lon/lat rectangle.
struct MgrsZoneCell {
    int zone = 0;  // 1..60
    char band = 0; // C..X (no I, O)
    geo::Bbox lonlat;
    std::string name() const { return std::to_string(zone) + band; }
};
// Every grid zone of the UTM part of MGRS, 80°S..84°N. Zone 32V is widened to 3°E..12°E (31V narrowed to
// 0..3°E); in band X only 31X (0..9°E), 33X (9..21°E), 35X (21..33°E) and 37X (33..42°E) cover the Svalbard
// gap, and 32X, 34X and 36X do not exist. UPS (the polar caps) has no lines here.
const std::vector<MgrsZoneCell>& mgrs_zone_cells();

enum class MgrsLevel { Zone = 0, Km100 = 1, Km10 = 2, Km1 = 3 };

struct MgrsLine {
    MgrsLevel level = MgrsLevel::Zone; // the coarsest level the line belongs to (a 100 km line at 10 km
                                       // spacing is Km100), or Zone for a grid zone boundary
    int zone = 0;                      // UTM zone of the grid it belongs to; 0 for boundaries
    bool northp = true;
    bool easting = true; // a line of constant easting; false: constant northing
    double value_m = 0;  // that easting or northing, metres (southern northings with the 10,000 km
                         // false northing)
    std::string label;   // the digits the map shows at its end ("3" at 10 km, "34" at 1 km)
    std::vector<geo::LonLat> points; // one clipped, densified piece
};

// A region to name on the map: a grid zone ("33U") or a 100 km square ("VN", or "33U VN" zoomed in), given by
// lon/lat points inside it (the label goes in the middle of what is on screen of them).
struct MgrsArea {
    MgrsLevel level = MgrsLevel::Zone;
    std::string text;
    std::vector<geo::LonLat> inside;
};

struct MgrsGrid {
    double spacing_m = 0; // the finest lines; 0: grid zone boundaries only
    std::vector<MgrsLine> lines;
    std::vector<MgrsArea> areas;
};

// The grid over a lon/lat region (minx may be below -180 or maxx above 180: the region is split at the
// antimeridian) at a spacing of 0 (zone boundaries only), 100, 10 or 1 km. Grid lines are traced in their
// zone's UTM at min(spacing, 10 km) and end exactly on their grid zone's edges (found by bisection); zone
// boundaries are traced at up to half a degree. Throws std::invalid_argument for any other spacing.
MgrsGrid build_mgrs_grid(const geo::Bbox& lonlat, double spacing_m);

// The finest spacing (1, 10 or 100 km) whose lines are at least min_px apart at metres_per_px; 0 when only
// grid zone boundaries are readable (a zone at least ~14 px wide), -1 when not even those are.
double mgrs_spacing_for(double metres_per_px, double min_px);

// The lon/lat regions a view shows (from samples of the view; up to two when it spans the antimeridian), each
// grown by `grow` times its size on every side and clamped to the MGRS latitudes.
std::vector<geo::Bbox> mgrs_visible_regions(const render::View& view, const geo::Projection& proj,
                                            double grow = 0);

// The cursor as the status bar writes it in MGRS, 1 m precision ("33U XP 04573 92213", polar caps in UPS
// letters); empty for a point that is not a valid longitude and latitude.
std::string mgrs_text(geo::LonLat p);

// Draws the grid in a MapScene frame: lines on the GPU (rebuilt when the view leaves the built region, the
// spacing or the projection changes) and labels chosen per frame: zone and square names in the middle of what
// shows of them, line digits along the top (eastings) and right (northings) edges.
class MgrsGridLayer {
  public:
    // `avoid`: screen boxes other labels hold (graticule); the grid's own label boxes are added to it so
    // later labels keep clear of them.
    void draw(render::Renderer& r, const render::View& view, const geo::Projection& proj,
              const std::string& projection_key, double metres_per_px, std::vector<render::TextItem>& text,
              std::vector<geo::Bbox>& avoid);
    // What the last draw built (tests, status).
    const MgrsGrid& grid() const { return grid_; }
    double spacing() const { return built_ ? grid_.spacing_m : -1; }

  private:
    MgrsGrid grid_;
    bool built_ = false;
    std::string key_; // projection and spacing the grid was built for
    std::vector<geo::Bbox> built_regions_;
    std::vector<std::vector<geo::XY>> line_xy_; // per line, projected
    std::vector<std::vector<geo::XY>> area_xy_; // per area, projected
    // Renderer::id() the GPU handles belong to.
    uint64_t renderer_id_ = 0;
    std::array<render::LayerHandle, 4> gpu_{}; // per level
};

} // namespace entente::app
