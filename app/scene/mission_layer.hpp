// The open mission on the map: areas, lines and points drawn by control-measure type (no-go zones hatched,
// routes with direction arrows, names inside areas and along lines), units as APP-6(D) / MIL-STD-2525D
// symbols from a GPU atlas at their positions in the shown phase, movement arrows from the previous phase,
// and the selection highlighted. Rebuilt from the mission whenever its revision changes; the renderer never
// sees the mission, only the scene data made here.
#pragma once
#include "geo/projection.hpp"
#include "missions/model.hpp"
#include "render/labels.hpp"
#include "render/renderer.hpp"

#include <memory>
#include <string>
#include <vector>

namespace entente::app {

struct MissionOverlayOptions {
    float symbol_px = 36;        // height of a unit frame in logical pixels (legible at every zoom)
    bool movement_arrows = true; // from each unit's position in the previous phase
    bool labels = true;          // designation / higher formation beside symbols, names of measures
    bool filled = true;          // filled frames (unfilled: frame and icon in the identity colour)
    bool operator==(const MissionOverlayOptions&) const = default;
};

// Legend entries for what the mission shows in a phase: the control-measure kinds present (in their map
// colours) and the standard identities of its units.
std::vector<std::pair<render::Rgba, std::string>> mission_legend(const missions::Mission& m,
                                                                 const std::string& phase);

class MissionLayer {
  public:
    MissionLayer();
    ~MissionLayer();
    MissionLayer(MissionLayer&&) noexcept;
    MissionLayer& operator=(MissionLayer&&) noexcept;

    // What to show. `mission` may be null (nothing drawn); it must stay valid until the next set(). The
    // overlay rebuilds when `revision` or the projection changes.
    void set(const missions::Mission* mission, const std::string& phase,
             const std::vector<std::string>& selection, uint64_t revision);
    MissionOverlayOptions options;

    // Draws areas, lines, route arrows, point markers and movement arrows into the current frame
    // (MapScene::draw calls it first, then place_units, label_candidates and draw_units).
    void draw(render::Renderer& r, const render::View& view, const geo::Projection& proj,
              const std::string& projection_key);
    // Places each unit symbol with its amplifiers clear of what `placer` holds (the frame, other units),
    // moving it off its position only when it has to, and claims the boxes.
    void place_units(const render::View& view, render::LabelPlacer& placer);
    // Names of areas, lines and points, for placement with the map's other labels.
    void label_candidates(std::vector<const render::LabelCandidate*>& out) const;
    // Leader lines, selection frames, unit symbols and their amplifier text, where place_units put them.
    void draw_units(render::Renderer& r, const render::View& view);

    // True when a mission is set (something of it may be drawn).
    bool has_content() const;
    // The unit whose symbol is under a framebuffer position in the last drawn view, or "".
    std::string unit_at(const render::View& view, geo::XY screen) const;
    // Messages about the mission's symbols (unknown or malformed codes), one per unit, naming the code.
    const std::vector<std::string>& symbol_messages() const;
    // Forget GPU handles (a new GL context).
    void reset_gpu();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace entente::app
