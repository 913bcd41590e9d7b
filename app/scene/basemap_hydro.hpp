// The basemap at operational scale: lakes and large rivers (GSHHG) and towns ranked by population (GeoNames),
// from assets/basemap/{lakes,rivers,places}*.geojson.gz (scripts/build_basemap_hydro.sh). Each scale level
// loads on first use, like the Natural Earth scales; what is shown follows the ground resolution so the map
// stays clean: big lakes and no rivers at world scale, more rivers and smaller towns as one zooms in.
#pragma once
#include "geo/features.hpp"
#include "geo/projection.hpp"
#include "render/labels.hpp"
#include "render/renderer.hpp"

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace entente::app {

enum class BasemapScale; // map_scene.hpp

// Which towns a map at `metres_per_logical_px` shows: those with at least `min_population` inhabitants, and
// national capitals of at least `capital_min_population` when `capitals` is set.
struct TownFilter {
    double min_population = 0;
    bool capitals = false;
    double capital_min_population = 0;
    bool shows(double population, bool capital) const {
        return population >= min_population || (capital && capitals && population >= capital_min_population);
    }
    bool any() const { return capitals || min_population > 0; }
};
TownFilter town_filter(double metres_per_logical_px);
// How many WDBII river ranks (1 major ... 3 additional) show at this ground resolution (0: none).
int river_ranks_shown(double metres_per_logical_px);

class HydroLayer {
  public:
    HydroLayer();
    ~HydroLayer();
    HydroLayer(const HydroLayer&) = delete;
    HydroLayer& operator=(const HydroLayer&) = delete;

    // Lakes (filled in the ocean colour, outlined like the coast) and the rivers shown at this resolution,
    // for the basemap scale the view uses. Also remembers the view for draw_towns and label_candidates. Loads
    // the scale now when `synchronous`, else in the background (drawing a coarser one, or nothing,
    // meanwhile).
    void draw_water(render::Renderer& r, const render::View& view, const geo::Projection& proj,
                    const std::string& projection_key, BasemapScale scale, double metres_per_px,
                    bool synchronous);
    // Starts loading what draw_water at this scale will need, in the background.
    void preload(BasemapScale scale);
    // A dot per town shown at the resolution of the last draw_water.
    void draw_towns(render::Renderer& r, const render::View& view);
    // Town names for the label engine, below country names and mission labels in priority; at most
    // kMaxLabels per view, largest towns first. Pointers stay valid until the projection changes.
    void label_candidates(const render::View& view, double metres_per_px,
                          std::vector<const render::LabelCandidate*>& out);
    static constexpr size_t kMaxLabels = 300;

    bool loading() const;

    // The towns (points with name, population, country, capital), or null before they are loaded.
    const geo::VectorLayer* places() const { return towns_.data.get(); }

  private:
    struct Level {
        std::shared_ptr<geo::VectorLayer> lakes;
        std::array<std::shared_ptr<geo::VectorLayer>, 3> rivers; // by rank 1..3; null where none
        std::atomic<int> state{0};                               // 0 idle, 1 loading, 2 ready, 3 failed
        render::LayerHandle lakes_gpu = 0;
        std::array<render::LayerHandle, 3> rivers_gpu{};
        std::string projection;
    };
    struct Towns {
        std::shared_ptr<geo::VectorLayer> data;
        std::atomic<int> state{0};
        std::vector<double> population;             // per town, descending
        std::vector<uint8_t> capital;               // per town
        std::vector<uint32_t> capitals;             // indices of the capitals
        std::vector<render::LabelCandidate> labels; // per town, for `projection`; NaN map_pos: not drawable
        // A grid over the projected towns so a view only looks at the towns near it.
        geo::Bbox grid_box;
        int grid_n = 0;
        std::vector<std::vector<uint32_t>> cells; // town indices, population order
        render::LayerHandle gpu = 0;
        std::string projection;
        TownFilter shown{-1}; // the filter the GPU sizes were set for
    };

    static void load_level(Level& l, int scale);
    static void load_towns(Towns& t);
    Level* level(int scale, bool synchronous);
    bool towns_ready(bool synchronous);
    void reset_gpu();
    void prepare_towns(render::Renderer& r, const geo::Projection& proj, const std::string& key);

    std::array<Level, 3> levels_;
    Towns towns_;
    std::vector<std::thread> threads_;
    uint64_t renderer_id_ = 0;
    TownFilter filter_; // for the last draw_water
    bool towns_drawable_ = false;
};

} // namespace entente::app
