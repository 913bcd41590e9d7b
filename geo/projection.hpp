// Display projections through PROJ. A Projection maps WGS84 lon/lat to planar map units and back, always in
// longitude-first order (the EPSG:4326 axis-order trap is handled here once).
#pragma once
#include "types.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace entente::geo {

enum class ProjectionKind { WebMercator, PlateCarree, LambertAzimuthal, PolarNorth, PolarSouth, Custom };

struct ProjectionSpec {
    ProjectionKind kind = ProjectionKind::WebMercator;
    double lon0 = 0, lat0 = 0; // centre, for Lambert azimuthal equal-area
    std::string definition;    // EPSG code or PROJ string, for Custom

    // Parses "EPSG:3857", "webmercator", "platecarree", "laea:LON,LAT", "north", "south", a PROJ string or
    // any CRS PROJ understands. Throws InputError when PROJ does not know it.
    static ProjectionSpec parse(const std::string& text);
    std::string to_string() const;
    // The CRS as PROJ/GDAL take it ("EPSG:3857", a +proj string), e.g. to georeference an exported map.
    std::string crs_definition() const;
    bool operator==(const ProjectionSpec&) const = default;
};

class Projection {
  public:
    explicit Projection(const ProjectionSpec& spec);
    ~Projection();
    Projection(const Projection&) = delete;
    Projection& operator=(const Projection&) = delete;

    const ProjectionSpec& spec() const { return spec_; }
    std::string name() const;

    // Longitude of the seam where the map is cut (the antimeridian of the central meridian).
    double central_meridian() const { return lon0_; }
    // Width of 360 degrees of longitude in map units for projections that repeat horizontally; 0 otherwise.
    double world_width() const { return world_width_; }
    // Lon/lat region that projects to finite, sensible coordinates. Geometry outside is not drawn.
    bool in_domain(double lon, double lat) const;
    // Web Mercator and plate carree: computed here in closed form, safe to call from several threads at once.
    bool closed_form() const;
    const Bbox& domain() const { return domain_; }
    // The domain as lon/lat boxes (two where it wraps past +-180), for clipping polygons to it before they
    // are filled; empty when nothing needs clipping (the whole world, or a domain that is not box-shaped).
    std::vector<Bbox> clip_boxes() const;
    // Cylindrical projections that cannot reach the poles (Mercator): geometry is clamped to the domain's
    // latitudes rather than cut, so Antarctica still fills to the bottom edge of the map.
    bool clamps_latitude() const { return world_width_ > 0 && (domain_.miny > -89.9 || domain_.maxy < 89.9); }

    XY forward(LonLat p) const; // NaN on failure
    // Batch form (threads, closed forms where exact). With clamp_lat, latitudes beyond the domain of a
    // projection that clamps_latitude() are projected at the domain's edge instead of failing.
    void forward(std::span<const LonLat> in, std::span<XY> out, bool clamp_lat = false) const;
    std::optional<LonLat> inverse(XY p) const;
    // Map-unit extent of a lon/lat box, sampled along its edges (projections curve the edges).
    Bbox forward_bbox(const Bbox& lonlat, int samples = 32) const;
    // Ground metres per map unit near a point (geodesic, so it is true for the projection there).
    double metres_per_unit_at(XY p) const;

  private:
    ProjectionSpec spec_;
    struct Impl;
    std::unique_ptr<Impl> impl_;
    double lon0_ = 0, world_width_ = 0;
    // Longitudes farther than this from lon0_ are outside the domain (transverse Mercator); 180: none.
    double lon_half_width_ = 180;
    Bbox domain_;
};

// Formats a latitude or longitude as degrees, minutes and seconds with hemisphere letter.
std::string format_dms(double value, bool is_lat);

} // namespace entente::geo
