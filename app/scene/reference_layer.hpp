// The planner's domain layers over the basemap: alliance footprints on a date (fill, hatching and outline for
// up to three organisations, markers for states too small to see; suspended members dense-hatched with a
// dashed outline, memberships uncertain on the date grey-hatched with a "?"), peace operations active on that
// date (at their headquarters of that date, symbols sized by the strength in force, coloured by lead
// organisation, host countries outlined), and the legend that explains them. Data comes from assets/domain
// (CSV through GDAL); everything is drawn by MapScene, so the window and `entente render` show the same.
#pragma once
#include "geo/alliances.hpp"
#include "geo/features.hpp"
#include "geo/projection.hpp"
#include "render/labels.hpp"
#include "render/renderer.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace entente::app {

struct ReferenceSettings {
    geo::Date date = geo::Date::today();
    std::vector<std::string> alliances; // organisation codes, in the order chosen (first: fill, second:
                                        // hatch, third: outline)
    bool peace_ops = false;
    bool legend = true;
    // Set by the scene when a mission or a user layer is shown: the first organisation is then drawn as an
    // outline and a light hatch instead of a fill, so it never changes the hue of what lies under it.
    bool subdued = false;
    bool any() const { return !alliances.empty() || peace_ops; }
};

// The reference tables shipped in assets/domain (memberships, organisations, countries, peace operations).
std::shared_ptr<geo::ReferenceData> load_reference_data();

render::Rgba parse_hex_colour(const std::string& hex, render::Rgba fallback);

// "24 August 1949".
std::string long_date(const geo::Date& d);

// What a peace operation's card, the CLI and the hover say of it on a date: one line each (name, lead, hosts,
// dates with their basis, predecessor and successor, the headquarters of that date, the strength in force
// with its date and source, whether active).
std::vector<std::string> describe_operation(const geo::PeaceOperation& op, const geo::Date& d,
                                            const geo::ReferenceData& data);
// "13,289 deployed as of 2023-01-31" (or "strength not recorded yet" when none is in force).
std::string strength_text(const geo::PeaceOperation& op, const geo::Date& d);

class ReferenceLayer {
  public:
    // The countries layer of the basemap scale in use (with iso_a3, label_lon/lat, area_km2), already
    // triangulated. Rebuilds GPU data when the countries layer or projection changes.
    void prepare(render::Renderer& r, const geo::VectorLayer& countries, const geo::Projection& proj,
                 const std::string& projection_key, const ReferenceSettings& s,
                 const geo::ReferenceData& data, double metres_per_px);
    // Drawing passes, called by MapScene in order.
    void draw_fills(render::Renderer& r);
    void draw_outlines(render::Renderer& r, float pixel_ratio);
    void draw_symbols(render::Renderer& r);
    void label_candidates(std::vector<const render::LabelCandidate*>& out) const;
    // Operation symbols as boxes labels keep clear of.
    void add_obstacles(const render::View& view, render::LabelPlacer& placer) const;
    // Returns the legend's box in framebuffer pixels.
    geo::Bbox draw_legend(render::Renderer& r, const render::View& view, const ReferenceSettings& s,
                          float margin_left = 0, float margin_bottom = 0);

    // The legend's lines as drawn (after prepare): title with the date, member counts, operations.
    std::vector<std::string> legend_lines(const ReferenceSettings& s) const;

    // Hover text for a country: its standing in each organisation on the date, since when, and why (with the
    // source) when suspended or uncertain.
    std::string describe_country(const std::string& iso3, const std::string& name, const ReferenceSettings& s,
                                 const geo::ReferenceData& data) const;
    // Index into data.operations of the mission symbol at a screen point, if any.
    std::optional<size_t> pick_operation(const render::View& view, geo::XY screen,
                                         const geo::Projection& proj, const geo::ReferenceData& data) const;
    void release(render::Renderer& r);
    // Lets the other basemap scale's countries go (the footprints are off: no crossing to make quick).
    void drop_spare(render::Renderer& r);

  private:
    struct LegendRow {
        std::string text;
        float size;
        int swatch; // 0 none, 1 fill, 2 hatch, 3 outline, 4 circle, 5 suspended, 6 uncertain
        render::Rgba colour;
    };
    std::vector<LegendRow> legend_rows(const ReferenceSettings& s, float pixel_ratio) const;
    struct OrgCount {
        std::string code, name;
        render::Rgba colour;
        size_t members = 0, suspended = 0, uncertain = 0;
    };
    const geo::VectorLayer* countries_ = nullptr;
    std::string geometry_key_, colours_key_, sizes_key_;
    render::LayerHandle fill_a_ = 0, fill_b_ = 0, status_ = 0, markers_ = 0, ops_ = 0;
    // The countries of the basemap scale shown before, still on the GPU: a zoom back and forth across the
    // scales' threshold swaps them in instead of projecting and uploading three copies (and making their
    // outline levels) again on every crossing.
    struct Shapes {
        std::string key;
        render::LayerHandle fill_a = 0, fill_b = 0, status = 0, markers = 0;
    } spare_;
    bool have_status_ = false;
    std::vector<render::LabelCandidate> unsure_labels_; // "?" on countries whose standing is uncertain
    std::vector<OrgCount> counts_;
    std::vector<render::LabelCandidate> op_labels_;
    bool subdued_ = false;
    std::vector<float> op_size_;             // symbol diameter in logical px per drawn operation
    std::vector<size_t> op_index_;           // index into data.operations per drawn operation
    std::vector<geo::XY> op_xy_;             // map position per operation on the date (NaN: not drawn)
    size_t active_ops_ = 0, unsure_ops_ = 0; // unsure: the date falls in a month or year a date leaves open
    std::vector<std::pair<std::string, render::Rgba>> lead_orgs_; // lead organisations of active operations
    bool have_ops_ = false, have_alliances_ = false;
};

} // namespace entente::app
