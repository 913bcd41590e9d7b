// Measuring on the map with GeographicLib: a path's legs (geodesic distance and initial bearing), a polygon's
// geodesic area and perimeter, range rings around a centre at typed radii. No ImGui: the Measure panel and
// the window's map clicks drive it, and it draws itself through MapScene::tool_layers.
#pragma once
#include "geo/measure.hpp"
#include "geo/projection.hpp"
#include "render/renderer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace entente::app {

class MeasureTool {
  public:
    enum class Mode { Distance, Area, Rings };
    enum class Unit { Km, Nm, M };

    Mode mode() const { return mode_; }
    void set_mode(Mode m); // starts over
    Unit unit = Unit::Km;

    // A plain click on the map: adds a point (Distance, Area) or places the centre (Rings); after a finished
    // measurement it starts a new one. `double_click`: the click completing a double-click, which finishes
    // instead (its first click already added the point).
    void handle_click(geo::LonLat p, bool double_click = false);
    void finish(); // Enter or double-click
    void clear();  // Esc
    bool finished() const { return finished_; }
    bool empty() const { return points_.empty(); }
    const std::vector<geo::LonLat>& points() const { return points_; }
    // The cursor while drawing: the next leg follows it.
    std::optional<geo::LonLat> hover;

    // Distance: the legs of the path. Area: the edges of the ring, closed.
    geo::PathMeasure path() const;
    double area_m2() const;
    double perimeter_m() const;

    // Range-ring radii as typed: numbers separated by commas or spaces, each unit (km, nm, m) applying to
    // the numbers before it that have none ("5, 10, 25 km", "3 nm 8 km"); numbers after the last unit take
    // the tool's unit. False with a reason for anything else (the radii stay as they were).
    bool set_radii(const std::string& text, std::string* error = nullptr);
    const std::vector<double>& radii_m() const { return radii_m_; }
    // The rings around the centre, closed, one per radius.
    std::vector<std::vector<geo::LonLat>> rings(int segments = 180) const;

    // "12.35 km", "6.67 NM", "1,234 m"; areas "12.3 km²"; bearings "045.3°".
    static std::string format_distance(double metres, Unit u);
    static std::string format_area(double m2, Unit u);
    static std::string format_bearing(double degrees);
    static const char* unit_name(Unit u);
    static double unit_metres(Unit u);

    // Screen-space drawing (a MapScene tool layer): geodesics densified and projected, leg and ring labels.
    void draw(render::Renderer& r, const render::View& view, const geo::Projection& proj) const;

  private:
    Mode mode_ = Mode::Distance;
    std::vector<geo::LonLat> points_;
    bool finished_ = false;
    std::vector<double> radii_m_{5000, 10000, 25000};
};

} // namespace entente::app
