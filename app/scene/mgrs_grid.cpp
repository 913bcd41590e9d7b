#include "mgrs_grid.hpp"

#include "geo/coords.hpp"

#include <GeographicLib/MGRS.hpp>
#include <GeographicLib/UTMUPS.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace entente::app {

namespace {

using GeographicLib::MGRS;
using GeographicLib::UTMUPS;

constexpr double kMinLat = -80, kMaxLat = 84; // the UTM part of MGRS; UPS beyond
constexpr double kFalseNorthing = 10e6;

// Splits a lon/lat box at the antimeridian into boxes within -180..180, latitudes clamped to the UTM part.
std::vector<geo::Bbox> split_region(geo::Bbox b) {
    b.miny = std::max(b.miny, kMinLat), b.maxy = std::min(b.maxy, kMaxLat);
    if (b.empty() || b.miny >= b.maxy || b.minx >= b.maxx) return {};
    if (b.width() >= 360) return {{-180, b.miny, 180, b.maxy}};
    const double k = std::floor((b.minx + 180) / 360);
    b.minx -= 360 * k, b.maxx -= 360 * k;
    if (b.maxx <= 180) return {b};
    return {{b.minx, b.miny, 180, b.maxy}, {-180, b.miny, b.maxx - 360, b.maxy}};
}

// A grid zone's UTM frame: the zone's own transverse Mercator, whatever zone the standard rules give a point.
struct Frame {
    int zone;
    bool northp;
    double cm;      // central meridian
    geo::Bbox rect; // lon/lat rectangle lines are clipped to (grid zone ∩ region)

    bool forward(double lon, double lat, double& x, double& y) const {
        try {
            int z;
            bool np;
            UTMUPS::Forward(lat, lon, z, np, x, y, zone);
            if (np != northp)
                y += northp ? -kFalseNorthing : kFalseNorthing; // a point exactly on the equator
            return std::isfinite(x) && std::isfinite(y);
        } catch (const std::exception&) {
            return false;
        }
    }
    geo::LonLat reverse(double x, double y) const {
        double lat, lon;
        UTMUPS::Reverse(zone, northp, x, y, lat, lon);
        return {lon, lat};
    }
    // Inside the clip rectangle, with longitudes compared relative to the central meridian so the zones at
    // ±180 work.
    bool inside(geo::LonLat p) const {
        constexpr double eps = 1e-11;
        const double d = std::remainder(p.lon - cm, 360.0);
        return d >= rect.minx - cm - eps && d <= rect.maxx - cm + eps && p.lat >= rect.miny - eps &&
               p.lat <= rect.maxy + eps;
    }
};

// Traces p(t), t0..t1, at about `step`, keeping the pieces inside the frame's rectangle; where the path
// crosses the edge the crossing is found by bisection, so pieces end on the zone boundary.
template <class F>
std::vector<std::vector<geo::LonLat>> trace(const Frame& f, F&& at, double t0, double t1, double step) {
    std::vector<std::vector<geo::LonLat>> pieces;
    const int n = std::max(1, int(std::ceil((t1 - t0) / step)));
    auto crossing = [&](double t_in, double t_out) {
        for (int i = 0; i < 34; ++i) { // a 10 km step halved 34 times: under a micrometre
            const double m = 0.5 * (t_in + t_out);
            (f.inside(at(m)) ? t_in : t_out) = m;
        }
        return at(t_in);
    };
    std::vector<geo::LonLat> cur;
    bool prev_in = false;
    double prev_t = t0;
    for (int i = 0; i <= n; ++i) {
        const double t = i == n ? t1 : t0 + (t1 - t0) * i / n;
        const geo::LonLat p = at(t);
        const bool in = f.inside(p);
        if (in && !prev_in && i > 0) cur.push_back(crossing(t, prev_t));
        if (in) cur.push_back(p);
        if (!in && prev_in) {
            cur.push_back(crossing(prev_t, t));
            pieces.push_back(std::move(cur));
            cur.clear();
        }
        prev_in = in, prev_t = t;
    }
    if (cur.size() >= 2) pieces.push_back(std::move(cur));
    std::erase_if(pieces, [](const auto& p) { return p.size() < 2; });
    return pieces;
}

MgrsLevel level_of(long long v) {
    if (v % 100000 == 0) return MgrsLevel::Km100;
    if (v % 10000 == 0) return MgrsLevel::Km10;
    return MgrsLevel::Km1;
}

// The MGRS digits of a grid line at spacing s within its 100 km square: 330000 -> "3" at 10 km, 334000 ->
// "34" at 1 km.
std::string line_digits(long long v, double s) {
    const int digits = s == 1e4 ? 1 : s == 1e3 ? 2 : 0;
    if (digits == 0) return {};
    char buf[8];
    std::snprintf(buf, sizeof buf, "%0*lld", digits, (v % 100000) / (long long)s);
    return buf;
}

} // namespace

const std::vector<MgrsZoneCell>& mgrs_zone_cells() {
    static const std::vector<MgrsZoneCell> cells = [] {
        std::vector<MgrsZoneCell> out;
        static const char bands[] = "CDEFGHJKLMNPQRSTUVWX";
        for (int b = 0; b < 20; ++b) {
            const double lat0 = kMinLat + 8 * b, lat1 = b == 19 ? kMaxLat : lat0 + 8;
            const char band = bands[b];
            for (int z = 1; z <= 60; ++z) {
                double lon0 = -180 + 6 * (z - 1), lon1 = lon0 + 6;
                if (band == 'V' && z == 31) lon1 = 3;
                if (band == 'V' && z == 32) lon0 = 3;
                if (band == 'X') {
                    if (z == 32 || z == 34 || z == 36) continue;
                    if (z == 31) lon1 = 9;
                    if (z == 33) lon0 = 9, lon1 = 21;
                    if (z == 35) lon0 = 21, lon1 = 33;
                    if (z == 37) lon0 = 33, lon1 = 42;
                }
                out.push_back({z, band, {lon0, lat0, lon1, lat1}});
            }
        }
        return out;
    }();
    return cells;
}

double mgrs_spacing_for(double metres_per_px, double min_px) {
    if (!(metres_per_px > 0) || !std::isfinite(metres_per_px)) return -1;
    for (double s : {1e3, 1e4, 1e5})
        if (s / metres_per_px >= min_px) return s;
    // A zone is about 667 km wide at the equator; narrower than ~14 px the boundaries are a blur.
    return 667e3 / metres_per_px >= 14 ? 0 : -1;
}

MgrsGrid build_mgrs_grid(const geo::Bbox& region_in, double spacing) {
    if (spacing != 0 && spacing != 1e3 && spacing != 1e4 && spacing != 1e5)
        throw std::invalid_argument("MGRS grid spacing must be 0, 1, 10 or 100 km");
    MgrsGrid g;
    g.spacing_m = spacing;
    for (const geo::Bbox& region : split_region(region_in)) {
        // Boundaries are traced in lon/lat at up to half a degree (straight in cylindrical projections,
        // curved in others).
        const double dstep = std::clamp(std::min(region.width(), region.height()) / 16, 0.01, 0.5);
        for (const MgrsZoneCell& c : mgrs_zone_cells()) {
            const geo::Bbox r{std::max(c.lonlat.minx, region.minx), std::max(c.lonlat.miny, region.miny),
                              std::min(c.lonlat.maxx, region.maxx), std::min(c.lonlat.maxy, region.maxy)};
            if (r.minx > r.maxx || r.miny > r.maxy) continue;
            // Each cell draws its west and south edges (and the 84°N edge): together every boundary once.
            auto boundary = [&](std::vector<geo::LonLat> pts) {
                MgrsLine l;
                l.level = MgrsLevel::Zone;
                l.points = std::move(pts);
                if (l.points.size() >= 2) g.lines.push_back(std::move(l));
            };
            auto meridian = [&](double lon) {
                if (lon < r.minx || lon > r.maxx || r.miny >= r.maxy) return;
                std::vector<geo::LonLat> pts;
                const int n = std::max(1, int(std::ceil((r.maxy - r.miny) / dstep)));
                for (int i = 0; i <= n; ++i)
                    pts.push_back({lon, r.miny + (r.maxy - r.miny) * i / n});
                boundary(std::move(pts));
            };
            auto parallel = [&](double lat) {
                if (lat < r.miny || lat > r.maxy || r.minx >= r.maxx) return;
                std::vector<geo::LonLat> pts;
                const int n = std::max(1, int(std::ceil((r.maxx - r.minx) / dstep)));
                for (int i = 0; i <= n; ++i)
                    pts.push_back({r.minx + (r.maxx - r.minx) * i / n, lat});
                boundary(std::move(pts));
            };
            meridian(c.lonlat.minx);
            if (c.lonlat.maxx == 180) meridian(180); // the antimeridian, when the region ends there
            parallel(c.lonlat.miny);
            if (c.lonlat.maxy == kMaxLat) parallel(kMaxLat);

            if (r.minx >= r.maxx || r.miny >= r.maxy) continue;
            const double cx = 0.5 * (r.minx + r.maxx), cy = 0.5 * (r.miny + r.maxy);
            if (spacing == 0 || spacing == 1e5) {
                MgrsArea a{MgrsLevel::Zone, c.name(), {}};
                for (double fy : {0.0, 0.5, 1.0})
                    for (double fx : {0.0, 0.5, 1.0})
                        a.inside.push_back({r.minx + r.width() * fx, r.miny + r.height() * fy});
                a.inside.push_back({cx, cy});
                g.areas.push_back(std::move(a));
            }
            if (spacing == 0) continue;

            const Frame f{c.zone, c.lonlat.miny >= 0, -183.0 + 6 * c.zone, r};
            // The UTM extent of the clip rectangle, from its edges.
            double emin = 1e300, emax = -1e300, nmin = 1e300, nmax = -1e300;
            for (int i = 0; i <= 32; ++i) {
                const double t = i / 32.0;
                for (geo::LonLat p : {geo::LonLat{r.minx + r.width() * t, r.miny},
                                      geo::LonLat{r.minx + r.width() * t, r.maxy},
                                      geo::LonLat{r.minx, r.miny + r.height() * t},
                                      geo::LonLat{r.maxx, r.miny + r.height() * t}}) {
                    double x, y;
                    if (!f.forward(p.lon, p.lat, x, y)) continue;
                    emin = std::min(emin, x), emax = std::max(emax, x);
                    nmin = std::min(nmin, y), nmax = std::max(nmax, y);
                }
            }
            if (emin > emax) continue;
            // Lines are straight enough between points a spacing apart (up to 10 km) for any zoom at which
            // they are drawn.
            const double step = std::min(spacing, 1e4);
            const double pad = step;
            emin -= pad, emax += pad, nmin -= pad, nmax += pad;
            for (long long e = (long long)(std::ceil(emin / spacing) * spacing); e <= emax;
                 e += (long long)spacing)
                for (auto& piece : trace(
                         f, [&](double n) { return f.reverse(double(e), n); }, nmin, nmax, step))
                    g.lines.push_back({level_of(e), c.zone, f.northp, true, double(e),
                                       line_digits(e, spacing), std::move(piece)});
            for (long long n = (long long)(std::ceil(nmin / spacing) * spacing); n <= nmax;
                 n += (long long)spacing)
                for (auto& piece : trace(
                         f, [&](double e) { return f.reverse(e, double(n)); }, emin, emax, step))
                    g.lines.push_back({level_of(n), c.zone, f.northp, false, double(n),
                                       line_digits(n, spacing), std::move(piece)});

            // 100 km squares: named by their letters (with the grid zone when zoomed in), placed by sample
            // points of the square inside the rectangle.
            for (double e0 = std::floor(emin / 1e5) * 1e5; e0 < emax; e0 += 1e5)
                for (double n0 = std::floor(nmin / 1e5) * 1e5; n0 < nmax; n0 += 1e5) {
                    const double x0 = std::max(e0, emin), x1 = std::min(e0 + 1e5, emax);
                    const double y0 = std::max(n0, nmin), y1 = std::min(n0 + 1e5, nmax);
                    MgrsArea a{MgrsLevel::Km100, {}, {}};
                    for (int i = 0; i <= 4; ++i)
                        for (int j = 0; j <= 4; ++j) {
                            const double x = x0 + (x1 - x0) * (0.02 + 0.96 * i / 4);
                            const double y = y0 + (y1 - y0) * (0.02 + 0.96 * j / 4);
                            const geo::LonLat p = f.reverse(x, y);
                            if (!f.inside(p)) continue;
                            if (a.text.empty()) {
                                try {
                                    std::string m;
                                    MGRS::Forward(c.zone, f.northp, x, y, p.lat, 0, m);
                                    const std::string letters = m.substr(m.size() - 2);
                                    a.text = spacing == 1e5 ? letters : c.name() + " " + letters;
                                } catch (const std::exception&) {
                                    continue;
                                }
                            }
                            a.inside.push_back(p);
                        }
                    if (!a.text.empty()) g.areas.push_back(std::move(a));
                }
        }
    }
    return g;
}

std::vector<geo::Bbox> mgrs_visible_regions(const render::View& view, const geo::Projection& proj,
                                            double grow) {
    const geo::Bbox mb = view.map_bounds();
    const double ww = view.world_width;
    std::vector<geo::LonLat> pts;
    constexpr int N = 16;
    for (int i = 0; i <= N; ++i)
        for (int j = 0; j <= N; ++j) {
            geo::XY m{mb.minx + mb.width() * i / N, mb.miny + mb.height() * j / N};
            double shift = 0;
            if (ww > 0) {
                const double wrapped = std::remainder(m.x, ww);
                shift = std::round((m.x - wrapped) / ww) * 360;
                m.x = wrapped;
            }
            if (auto ll = proj.inverse(m); ll && std::isfinite(ll->lon) && std::isfinite(ll->lat))
                pts.push_back({ll->lon + shift, ll->lat});
        }
    if (pts.empty()) return {};
    geo::Bbox b;
    for (auto& p : pts)
        b.add(p.lon, p.lat);
    if (ww <= 0) {
        // Longitudes from an unwrapped projection: the visible range is the circle less its widest empty gap.
        std::vector<double> lons;
        for (auto& p : pts)
            lons.push_back(std::remainder(p.lon, 360.0));
        std::sort(lons.begin(), lons.end());
        double gap = lons.front() + 360 - lons.back(), from = lons.front(), to = lons.back();
        for (size_t i = 1; i < lons.size(); ++i)
            if (lons[i] - lons[i - 1] > gap) {
                gap = lons[i] - lons[i - 1];
                from = lons[i], to = lons[i - 1] + 360;
            }
        b.minx = from, b.maxx = to;
        if (gap < 30) b.minx = -180, b.maxx = 180;
        // A pole in view: every longitude meets it.
        for (double pole : {90.0, -90.0}) {
            const geo::XY p = proj.forward({0, pole});
            if (std::isfinite(p.x) && std::isfinite(p.y) && p.x >= mb.minx && p.x <= mb.maxx &&
                p.y >= mb.miny && p.y <= mb.maxy) {
                b.minx = -180, b.maxx = 180;
                (pole > 0 ? b.maxy : b.miny) = pole;
            }
        }
    }
    const double gx = b.width() * grow, gy = b.height() * grow;
    b.minx -= gx, b.maxx += gx, b.miny -= gy, b.maxy += gy;
    if (b.width() >= 360) b.minx = -180, b.maxx = 180;
    return split_region(b);
}

std::string mgrs_text(geo::LonLat p) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lat) > 90) return {};
    try {
        return geo::format_coordinate({std::remainder(p.lon, 360.0), p.lat}, geo::CoordFormat::MGRS, 5);
    } catch (const std::exception&) {
        return {};
    }
}

namespace {

const render::Rgba kGridInk{0.45f, 0.02f, 0.40f, 1};

// Opaque tints rather than translucency: translucent strokes are drawn with single coverage, which leaves
// faint gaps at the joins of thin lines with many vertices.
struct LevelStyle {
    render::Rgba colour;
    float width;
};
constexpr LevelStyle kLevelStyle[4] = {{{0.45f, 0.02f, 0.40f, 1}, 1.7f},
                                       {{0.55f, 0.18f, 0.50f, 1}, 1.2f},
                                       {{0.68f, 0.42f, 0.64f, 1}, 0.9f},
                                       {{0.76f, 0.58f, 0.73f, 1}, 0.7f}};

// Estimated number of lines at a spacing over regions, to keep a pathological view from building millions.
double estimate_lines(const std::vector<geo::Bbox>& regions, double spacing) {
    if (spacing <= 0) return 0;
    double n = 0;
    for (auto& b : regions) {
        const double coslat = std::max(0.05, std::cos(0.5 * (b.miny + b.maxy) * M_PI / 180));
        n += b.width() * 111e3 * coslat / spacing + b.height() * 111e3 / spacing;
    }
    return n;
}

} // namespace

void MgrsGridLayer::draw(render::Renderer& r, const render::View& view, const geo::Projection& proj,
                         const std::string& projection_key, double metres_per_px,
                         std::vector<render::TextItem>& text, std::vector<geo::Bbox>& avoid) {
    // A new renderer (a new GL context): the old handles are gone.
    if (renderer_id_ != r.id()) gpu_ = {}, renderer_id_ = r.id(), key_.clear();
    const float pr = view.pixel_ratio;
    double spacing = mgrs_spacing_for(metres_per_px, 50 * pr);
    const std::vector<geo::Bbox> visible = mgrs_visible_regions(view, proj);
    if (spacing < 0 || visible.empty()) return;
    // Keep the build small: the region is twice the view, so its lines stay within a few hundred.
    std::vector<geo::Bbox> regions = mgrs_visible_regions(view, proj, 0.5);
    while (spacing > 0 && spacing < 1e5 && estimate_lines(regions, spacing) > 1500)
        spacing *= 10;
    if (spacing == 1e5 && estimate_lines(regions, spacing) > 1500) spacing = 0;
    if (spacing == 0) regions = {{-180, kMinLat, 180, kMaxLat}}; // boundaries only: the whole world, once

    const std::string key = projection_key + "|" + std::to_string(spacing);
    bool covered = key == key_;
    for (const geo::Bbox& v : visible) {
        bool in = false;
        for (const geo::Bbox& b : built_regions_)
            in = in || (v.minx >= b.minx - 1e-9 && v.maxx <= b.maxx + 1e-9 && v.miny >= b.miny - 1e-9 &&
                        v.maxy <= b.maxy + 1e-9);
        covered = covered && in;
    }
    if (!covered) {
        grid_ = {};
        grid_.spacing_m = spacing;
        for (const geo::Bbox& b : regions) {
            MgrsGrid part = build_mgrs_grid(b, spacing);
            std::move(part.lines.begin(), part.lines.end(), std::back_inserter(grid_.lines));
            std::move(part.areas.begin(), part.areas.end(), std::back_inserter(grid_.areas));
        }
        built_ = true;
        key_ = key;
        built_regions_ = regions;
        auto project = [&](const std::vector<geo::LonLat>& ll) {
            std::vector<geo::XY> xy(ll.size());
            proj.forward(ll, xy);
            return xy;
        };
        line_xy_.clear(), area_xy_.clear();
        std::array<render::LineStrips, 4> strips;
        for (const MgrsLine& l : grid_.lines) {
            line_xy_.push_back(project(l.points));
            render::LineStrips& s = strips[size_t(l.level)];
            bool open = false;
            for (const geo::XY& p : line_xy_.back()) {
                if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
                    open = false;
                    continue;
                }
                if (!open) s.begin_strip(), open = true;
                s.add(float(p.x), float(p.y), 0);
            }
        }
        for (const MgrsArea& a : grid_.areas)
            area_xy_.push_back(project(a.inside));
        for (size_t i = 0; i < 4; ++i) {
            if (!gpu_[i]) gpu_[i] = r.create_layer();
            r.set_lines(gpu_[i], strips[i]);
        }
    }
    // Coarse levels on top of fine ones.
    for (int i = 3; i >= 0; --i)
        if (gpu_[size_t(i)]) r.draw_lines(gpu_[size_t(i)], {kLevelStyle[i].colour, kLevelStyle[i].width});

    // Labels: names first (zones, then squares), then line digits; any that would overlap an earlier one, or
    // the graticule's, are left out.
    const render::Font& font = r.glyph_atlas().nearest(11 * pr);
    const render::Rgba ink = kGridInk, halo{1, 1, 1, 0.8f};
    std::vector<geo::Bbox> placed;
    auto box_of = [&](const render::TextItem& t) {
        const double w = font.text_width(t.text) * t.size_px / std::max(1.f, font.size_px) + 6 * pr;
        const double h = t.size_px * 1.25;
        const double x0 = t.pos.x - w * t.anchor_x, y0 = t.pos.y - h * t.anchor_y;
        return geo::Bbox{x0, y0, x0 + w, y0 + h};
    };
    auto try_place = [&](render::TextItem t) {
        const geo::Bbox b = box_of(t);
        for (auto& o : placed)
            if (b.intersects(o)) return;
        for (auto& o : avoid)
            if (b.intersects(o)) return;
        placed.push_back(b);
        text.push_back(std::move(t));
    };
    std::vector<double> offsets{0};
    if (view.world_width > 0) {
        const geo::Bbox mb = view.map_bounds();
        offsets.clear();
        for (int k = int(std::floor((mb.minx + view.world_width / 2) / view.world_width));
             k <= int(std::ceil((mb.maxx - view.world_width / 2) / view.world_width)); ++k)
            if (std::abs(k) <= 8) offsets.push_back(k * view.world_width);
    }
    const double top = 30 * pr, right = view.width - 10 * pr, margin = 8 * pr;
    for (MgrsLevel level : {MgrsLevel::Zone, MgrsLevel::Km100})
        for (size_t i = 0; i < grid_.areas.size(); ++i) {
            const MgrsArea& a = grid_.areas[i];
            if (a.level != level) continue;
            const float size = (level == MgrsLevel::Zone ? 13 : 12) * pr;
            for (double off : offsets) {
                geo::Bbox sb;
                for (const geo::XY& p : area_xy_[i])
                    if (std::isfinite(p.x) && std::isfinite(p.y)) {
                        const geo::XY s = view.to_screen({p.x + off, p.y});
                        sb.add(s.x, s.y);
                    }
                if (sb.empty()) continue;
                const geo::Bbox vis{std::max(sb.minx, margin), std::max(sb.miny, top),
                                    std::min(sb.maxx, view.width - margin),
                                    std::min(sb.maxy, view.height - margin)};
                render::TextItem t{
                    a.text, {0.5 * (vis.minx + vis.maxx), 0.5 * (vis.miny + vis.maxy)}, size, ink, halo, 0.5f,
                    0.5f};
                const geo::Bbox tb = box_of(t);
                if (vis.width() < tb.width() + 4 * pr || vis.height() < tb.height() + 4 * pr) continue;
                try_place(std::move(t));
            }
        }
    // Line digits where eastings meet the top of the map and northings its right edge.
    for (size_t i = 0; i < grid_.lines.size(); ++i) {
        const MgrsLine& l = grid_.lines[i];
        if (l.label.empty()) continue;
        const auto& xy = line_xy_[i];
        for (double off : offsets)
            for (size_t k = 1; k < xy.size(); ++k) {
                const geo::XY a = view.to_screen({xy[k - 1].x + off, xy[k - 1].y});
                const geo::XY b = view.to_screen({xy[k].x + off, xy[k].y});
                if (!std::isfinite(a.x + b.x + a.y + b.y)) continue;
                if (l.easting) {
                    if ((a.y - top) * (b.y - top) > 0 || a.y == b.y) continue;
                    const double x = a.x + (b.x - a.x) * (top - a.y) / (b.y - a.y);
                    if (x < margin * 3 || x > right - margin * 3) continue;
                    try_place({l.label, {x, top}, 11 * pr, ink, halo, 0.5f, 0.0f});
                } else {
                    if ((a.x - right) * (b.x - right) > 0 || a.x == b.x) continue;
                    const double y = a.y + (b.y - a.y) * (right - a.x) / (b.x - a.x);
                    if (y < top + 16 * pr || y > view.height - margin * 4) continue;
                    try_place({l.label, {right, y}, 11 * pr, ink, halo, 1.0f, 0.5f});
                }
            }
    }
    avoid.insert(avoid.end(), placed.begin(), placed.end());
}

} // namespace entente::app
