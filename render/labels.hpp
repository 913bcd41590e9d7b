// Label placement: one engine for every text on the map. Greedy by priority in screen space, with candidate
// positions per kind of feature (8 around a point, along a line, inside an area), collision boxes for
// symbols, markers, legends and frame elements, and a leader line where a label had to move away from its
// anchor. Deterministic (ties keep their input order), so golden images stay stable. Every label it could
// not place is reported, not silently lost.
#pragma once
#include "scene.hpp"

#include <array>
#include <string>
#include <vector>

namespace entente::render {

enum class LabelKind {
    Area,  // centred on map_pos, else elsewhere inside `area` (or close around map_pos)
    Point, // one of 8 positions around a marker of radius clearance_px, else farther out with a leader
    Line,  // along `line`, starting at its middle; repeated every repeat_px on long lines
};

// What a label or an obstacle is, for the placement report and the overlap tests.
enum class LabelClass {
    Frame,
    Legend,
    Panel, // the window's docked panels over the map (labels avoid them; not part of the overlap test)
    Symbol,
    Marker,
    Mission,
    Unit,
    Operation,
    Place,
    Town,
    Graticule,
    User
};
const char* to_string(LabelClass c);

struct LabelCandidate {
    geo::XY map_pos; // map units
    std::string text;
    float priority = 0; // higher first
    float size_px = 13; // logical pixels, scaled by the view's pixel ratio
    Rgba colour{0.15f, 0.15f, 0.15f, 1};
    Rgba halo{1, 1, 1, 0.85f};
    float offset_y_px = 0; // Area: shift the first candidate up (e.g. a name above its own marker)
    LabelKind kind = LabelKind::Area;
    LabelClass what = LabelClass::Place;
    float clearance_px = 0;    // Point: radius of what the label goes around, logical pixels
    bool leader = true;        // Point: may move farther away with a leader line
    geo::XY prefer{0, 0};      // Point: screen direction to try first (e.g. beyond the end of a line)
    std::vector<geo::XY> area; // Area: outline in map units (candidates must lie inside)
    std::vector<geo::XY> line; // Line: path in map units
    float repeat_px = 0;       // Line: >0: label again every this many logical pixels along the line
};

struct ScreenBox {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool overlaps(const ScreenBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
    static ScreenBox of(const geo::Bbox& b) { return {b.minx, b.miny, b.maxx, b.maxy}; }
};

// What placement did, in framebuffer pixels.
struct LabelReport {
    struct Entry {
        std::string text;
        LabelClass what;
        ScreenBox box;
        geo::XY anchor{0, 0}; // the labelled point on screen
    };
    std::vector<Entry> placed;    // labels and unit symbols, each box clear of every other and of `frame`
    std::vector<Entry> obstacles; // symbols and markers labels kept clear of (they may touch each other)
    std::vector<Entry> frame;     // legends, banners, title block, scale bar, north arrow
    std::vector<Entry> dropped;   // labels with no free position
    // Pairs of placed boxes (or a placed box and a frame box) that overlap: empty unless something is wrong.
    std::vector<std::pair<Entry, Entry>> overlaps() const;
};

class LabelPlacer {
  public:
    LabelPlacer(const View& view, const GlyphAtlas& atlas, float padding_px = 3);

    // Something labels must not cover. Frame elements also bound where symbols may be moved.
    void add_obstacle(const ScreenBox& b, LabelClass what, const std::string& name = "");
    // True when `b` (padded) touches nothing placed so far and lies inside the view (if asked).
    bool is_free(const ScreenBox& b, bool inside_view = true) const;
    // Claims a box for something drawn elsewhere (a unit symbol and its amplifiers), checked like a label.
    void claim(const ScreenBox& b, LabelClass what, const std::string& name);
    // Something drawn where it overlaps others because there was no room (a unit in a full view): reported
    // among the dropped, its box kept clear by later labels.
    void report_unplaced(const ScreenBox& b, LabelClass what, const std::string& name);
    // Text at a fixed position (a graticule label at the edge): placed if free, else dropped. `force`
    // places it even on a collision (still reported as placed, so the overlap test would catch it).
    bool place_fixed(const TextItem& t, LabelClass what, bool force = false);
    // Candidates, highest priority first.
    void place(std::vector<const LabelCandidate*> candidates);

    // The screen box of a text item as the renderer draws it.
    ScreenBox text_box(const TextItem& t) const;

    const std::vector<TextItem>& text() const { return text_; }
    const std::vector<std::vector<geo::XY>>& leaders() const { return leaders_; }
    const LabelReport& report() const { return report_; }
    const View& view() const { return view_; }

  private:
    bool try_box(const ScreenBox& b, bool inside_view = true) const;
    void commit(const ScreenBox& b);
    bool place_one(const LabelCandidate& c, double world_offset);
    bool crosses_frame(geo::XY a, geo::XY b) const;
    // Grid cells a box covers (clamped to the grid): x0, y0, x1, y1.
    std::array<int, 4> cells(const ScreenBox& b) const;
    // Claims `b` for candidate `c` and emits its text (and leader, if any).
    bool place_at(const LabelCandidate& c, const ScreenBox& b, geo::XY anchor, float size,
                  std::vector<geo::XY> leader);
    bool place_around(const LabelCandidate& c, geo::XY s, double r, double w, double h, float size);

    View view_;
    const GlyphAtlas& atlas_;
    float pad_;
    double cell_;
    int gw_, gh_;
    std::vector<ScreenBox> boxes_;
    std::vector<std::vector<int>> grid_;
    std::vector<TextItem> text_;
    std::vector<std::vector<geo::XY>> leaders_;
    LabelReport report_;
};

// Greedy placement with no other obstacles than `obstacles` (screen boxes): the labels that fit.
std::vector<TextItem> place_labels(std::vector<const LabelCandidate*> candidates, const View& view,
                                   const GlyphAtlas& atlas, float padding_px = 4,
                                   const std::vector<geo::Bbox>& obstacles = {});

} // namespace entente::render
