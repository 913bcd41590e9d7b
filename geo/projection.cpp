#include "projection.hpp"

#include "antimeridian.hpp"
#include "error.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <proj.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace entente::geo {

namespace {
constexpr double kEarthRadius = 6378137.0;
constexpr double kPi = 3.14159265358979323846;

// Runs fn(begin, end) over [0, n) split across the machine's cores; small inputs stay on this thread.
template <class Fn> void parallel_chunks(size_t n, Fn&& fn) {
    const unsigned hw = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    if (n < 100000 || hw == 1) {
        fn(size_t(0), n);
        return;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < hw; ++t)
        pool.emplace_back([&, t] { fn(n * t / hw, n * (t + 1) / hw); });
    fn(size_t(0), n / hw);
    for (auto& th : pool)
        th.join();
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string proj_definition(const ProjectionSpec& s) {
    char buf[256];
    switch (s.kind) {
    case ProjectionKind::WebMercator:
        return "EPSG:3857";
    case ProjectionKind::PlateCarree:
        return "+proj=eqc +lon_0=0 +datum=WGS84 +units=m +no_defs +type=crs";
    case ProjectionKind::LambertAzimuthal:
        std::snprintf(buf, sizeof buf,
                      "+proj=laea +lat_0=%.6f +lon_0=%.6f +datum=WGS84 +units=m +no_defs +type=crs", s.lat0,
                      s.lon0);
        return buf;
    case ProjectionKind::PolarNorth:
        return "EPSG:3413";
    case ProjectionKind::PolarSouth:
        return "EPSG:3031";
    case ProjectionKind::Custom:
        return s.definition;
    }
    return "EPSG:3857";
}
} // namespace

ProjectionSpec ProjectionSpec::parse(const std::string& text) {
    const std::string t = lower(text);
    ProjectionSpec s;
    if (t == "webmercator" || t == "mercator" || t == "epsg:3857" || t == "3857") {
        s.kind = ProjectionKind::WebMercator;
    } else if (t == "platecarree" || t == "plate-carree" || t == "equirectangular" || t == "epsg:4326" ||
               t == "4326") {
        s.kind = ProjectionKind::PlateCarree;
    } else if (t.rfind("laea", 0) == 0) {
        s.kind = ProjectionKind::LambertAzimuthal;
        if (t.size() > 5 && std::sscanf(t.c_str() + 5, "%lf,%lf", &s.lon0, &s.lat0) != 2)
            throw InputError(text, "expected laea:LON,LAT", ErrorKind::Unsupported);
    } else if (t == "north" || t == "polar-north" || t == "epsg:3413") {
        s.kind = ProjectionKind::PolarNorth;
    } else if (t == "south" || t == "polar-south" || t == "epsg:3031") {
        s.kind = ProjectionKind::PolarSouth;
    } else {
        s.kind = ProjectionKind::Custom;
        s.definition = text;
        // Validate now so the user hears about a typo where they typed it.
        PJ_CONTEXT* ctx = proj_context_create();
        proj_log_level(ctx, PJ_LOG_NONE); // the InputError below is the one message; PROJ would add its own
        PJ* crs = proj_create(ctx, text.c_str());
        const bool ok = crs != nullptr;
        if (crs) proj_destroy(crs);
        proj_context_destroy(ctx);
        if (!ok)
            throw InputError(text, "not a CRS that PROJ knows (try EPSG:NNNN or a +proj= string)",
                             ErrorKind::Unsupported);
    }
    return s;
}

std::string ProjectionSpec::crs_definition() const {
    return proj_definition(*this);
}

std::string ProjectionSpec::to_string() const {
    char buf[96];
    switch (kind) {
    case ProjectionKind::WebMercator:
        return "webmercator";
    case ProjectionKind::PlateCarree:
        return "platecarree";
    case ProjectionKind::LambertAzimuthal:
        std::snprintf(buf, sizeof buf, "laea:%.4f,%.4f", lon0, lat0);
        return buf;
    case ProjectionKind::PolarNorth:
        return "north";
    case ProjectionKind::PolarSouth:
        return "south";
    case ProjectionKind::Custom:
        return definition;
    }
    return "webmercator";
}

struct Projection::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    mutable std::mutex mu; // a PJ is not safe to share between threads
};

Projection::Projection(const ProjectionSpec& spec) : spec_(spec), impl_(std::make_unique<Impl>()) {
    impl_->ctx = proj_context_create();
    proj_log_level(impl_->ctx, PJ_LOG_NONE); // failures surface as InputError / NaN, not stderr chatter
    const std::string def = proj_definition(spec);
    PJ* raw = proj_create_crs_to_crs(impl_->ctx, "EPSG:4326", def.c_str(), nullptr);
    if (!raw) {
        proj_context_destroy(impl_->ctx);
        throw InputError(def, "PROJ cannot build a transformation from WGS84 to it", ErrorKind::Unsupported);
    }
    impl_->pj = proj_normalize_for_visualization(impl_->ctx, raw);
    proj_destroy(raw);
    if (!impl_->pj) {
        proj_context_destroy(impl_->ctx);
        throw InputError(def, "PROJ cannot normalise its axis order", ErrorKind::Unsupported);
    }

    domain_ = Bbox{-180, -90, 180, 90};
    switch (spec.kind) {
    case ProjectionKind::WebMercator:
        domain_ = Bbox{-180, -85.0511287798, 180, 85.0511287798};
        world_width_ = 2 * kPi * kEarthRadius;
        break;
    case ProjectionKind::PlateCarree:
        world_width_ = 2 * kPi * kEarthRadius;
        break;
    case ProjectionKind::LambertAzimuthal:
        lon0_ = spec.lon0;
        break;
    case ProjectionKind::PolarNorth:
        domain_ = Bbox{-180, -20, 180, 90};
        break;
    case ProjectionKind::PolarSouth:
        domain_ = Bbox{-180, -90, 180, 20};
        break;
    case ProjectionKind::Custom: {
        PJ* crs = proj_create(impl_->ctx, def.c_str());
        // The CRS's own PROJ string names the central meridian, also for an EPSG code ("+proj=utm +zone=34").
        const char* ps = crs ? proj_as_proj_string(impl_->ctx, crs, PJ_PROJ_5, nullptr) : nullptr;
        const std::string pstr = ps ? ps : def;
        auto param = [&](const char* key) -> std::optional<double> {
            const auto pos = pstr.find(key);
            if (pos == std::string::npos) return std::nullopt;
            return std::atof(pstr.c_str() + pos + std::strlen(key));
        };
        const bool utm = pstr.find("+proj=utm") != std::string::npos;
        const bool tmerc = utm || pstr.find("+proj=tmerc") != std::string::npos ||
                           pstr.find("+proj=etmerc") != std::string::npos;
        // The seam sits opposite the central meridian, wherever the user put it.
        if (auto l = param("+lon_0=")) lon0_ = *l;
        if (auto z = param("+zone="); utm && z) lon0_ = 6 * *z - 183;
        double w, s, e, n;
        if (tmerc) {
            // A UTM zone's area of use is its 6-degree strip, but transverse Mercator is valid (if
            // stretched) across the hemisphere around its central meridian: a map of the strip's
            // neighbourhood must still show the land there. Stop short of the two points 90 degrees out,
            // where the scale goes to infinity.
            lon_half_width_ = 80;
        } else if (crs && proj_get_area_of_use(impl_->ctx, crs, &w, &s, &e, &n, nullptr) && w > -1000 &&
                   w < e) {
            domain_ = Bbox{w, s, e, n};
        }
        if (crs) proj_destroy(crs);
        // Cylindrical world CRSs wrap; anything else is cut where PROJ fails.
        const XY a = forward({-180, 0}), b = forward({180, 0});
        if (domain_.minx <= -179.9 && domain_.maxx >= 179.9 && std::isfinite(a.x) && std::isfinite(b.x) &&
            b.x > a.x) {
            const XY mid = forward({0, 0});
            if (std::abs((a.x + b.x) / 2 - mid.x) < 1e-6 * (b.x - a.x)) world_width_ = b.x - a.x;
        }
        break;
    }
    }
}

Projection::~Projection() {
    if (impl_) {
        if (impl_->pj) proj_destroy(impl_->pj);
        if (impl_->ctx) proj_context_destroy(impl_->ctx);
    }
}

std::string Projection::name() const {
    switch (spec_.kind) {
    case ProjectionKind::WebMercator:
        return "Web Mercator (EPSG:3857)";
    case ProjectionKind::PlateCarree:
        return "Plate carree";
    case ProjectionKind::LambertAzimuthal: {
        char buf[96];
        std::snprintf(buf, sizeof buf, "Lambert azimuthal equal-area (%.1f, %.1f)", spec_.lat0, spec_.lon0);
        return buf;
    }
    case ProjectionKind::PolarNorth:
        return "Polar stereographic north (EPSG:3413)";
    case ProjectionKind::PolarSouth:
        return "Polar stereographic south (EPSG:3031)";
    case ProjectionKind::Custom:
        return spec_.definition;
    }
    return "";
}

bool Projection::closed_form() const {
    return spec_.kind == ProjectionKind::WebMercator || spec_.kind == ProjectionKind::PlateCarree;
}

bool Projection::in_domain(double lon, double lat) const {
    if (!(lon >= domain_.minx && lon <= domain_.maxx && lat >= domain_.miny && lat <= domain_.maxy))
        return false;
    if (lon_half_width_ < 180 && std::abs(wrap_lon(lon - lon0_)) > lon_half_width_) return false;
    if (spec_.kind == ProjectionKind::LambertAzimuthal) {
        // The antipode maps to the rim; keep a margin so triangles near it do not fold.
        const double d2r = kPi / 180;
        const double c =
            std::sin(spec_.lat0 * d2r) * std::sin(lat * d2r) +
            std::cos(spec_.lat0 * d2r) * std::cos(lat * d2r) * std::cos((lon - spec_.lon0) * d2r);
        return c > -0.985; // within ~170 degrees of the centre
    }
    return true;
}

std::vector<Bbox> Projection::clip_boxes() const {
    if (spec_.kind == ProjectionKind::LambertAzimuthal || clamps_latitude()) return {};
    const Bbox world{-180, -90, 180, 90};
    if (lon_half_width_ >= 180)
        return domain_.minx <= world.minx && domain_.miny <= world.miny && domain_.maxx >= world.maxx &&
                       domain_.maxy >= world.maxy
                   ? std::vector<Bbox>{}
                   : std::vector<Bbox>{domain_};
    // The window around the central meridian, cut at +-180 where it wraps past it.
    const double lo = lon0_ - lon_half_width_, hi = lon0_ + lon_half_width_;
    std::vector<Bbox> out;
    for (double k : {-360.0, 0.0, 360.0}) {
        const double a = std::max(lo + k, domain_.minx), b = std::min(hi + k, domain_.maxx);
        if (a < b) out.push_back({a, domain_.miny, b, domain_.maxy});
    }
    return out;
}

XY Projection::forward(LonLat p) const {
    std::lock_guard lock(impl_->mu);
    PJ_COORD c = proj_coord(p.lon, p.lat, 0, 0);
    c = proj_trans(impl_->pj, PJ_FWD, c);
    if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y) || c.xy.x == HUGE_VAL)
        return {std::nan(""), std::nan("")};
    return {c.xy.x, c.xy.y};
}

void Projection::forward(std::span<const LonLat> in, std::span<XY> out, bool clamp_lat) const {
    if (in.empty()) return;
    const size_t n = in.size();
    // Web Mercator and plate carree are closed-form spheres in PROJ too; computing them here is ~7x faster
    // than going through PROJ's pipeline, which matters when a million-feature layer is reprojected.
    if (closed_form()) {
        const bool merc = spec_.kind == ProjectionKind::WebMercator;
        const bool clamp = clamp_lat && clamps_latitude();
        constexpr double d2r = kPi / 180.0;
        auto run = [&](size_t a, size_t b) {
            for (size_t i = a; i < b; ++i) {
                const double lon = in[i].lon;
                const double lat = clamp ? std::clamp(in[i].lat, domain_.miny, domain_.maxy) : in[i].lat;
                if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lat) > 90) {
                    out[i] = {std::nan(""), std::nan("")};
                    continue;
                }
                const double x = kEarthRadius * lon * d2r;
                double y = kEarthRadius * lat * d2r;
                if (merc)
                    y = std::abs(lat) >= 90 ? std::nan("") : kEarthRadius * std::atanh(std::sin(lat * d2r));
                out[i] = {x, y};
            }
        };
        parallel_chunks(n, run);
        return;
    }
    const bool clamp = clamp_lat && clamps_latitude();
    for (size_t i = 0; i < n; ++i)
        out[i] = {in[i].lon, clamp ? std::clamp(in[i].lat, domain_.miny, domain_.maxy) : in[i].lat};
    // PROJ objects are not thread-safe: each chunk gets its own context and a clone of the transformation.
    auto run = [&](size_t a, size_t b) {
        PJ_CONTEXT* ctx = proj_context_create();
        proj_log_level(ctx, PJ_LOG_NONE);
        PJ* pj = nullptr;
        {
            std::lock_guard lock(impl_->mu);
            pj = proj_clone(ctx, impl_->pj);
        }
        if (pj) {
            proj_trans_generic(pj, PJ_FWD, &out[a].x, sizeof(XY), b - a, &out[a].y, sizeof(XY), b - a,
                               nullptr, 0, 0, nullptr, 0, 0);
            proj_destroy(pj);
        } else {
            for (size_t i = a; i < b; ++i)
                out[i] = {std::nan(""), std::nan("")};
        }
        proj_context_destroy(ctx);
    };
    parallel_chunks(n, run);
    for (auto& o : out)
        if (!std::isfinite(o.x) || !std::isfinite(o.y) || std::abs(o.x) >= 1e30 || std::abs(o.y) >= 1e30)
            o = {std::nan(""), std::nan("")};
}

std::optional<LonLat> Projection::inverse(XY p) const {
    std::lock_guard lock(impl_->mu);
    PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
    proj_errno_reset(impl_->pj);
    c = proj_trans(impl_->pj, PJ_INV, c);
    if (proj_errno(impl_->pj) != 0 || !std::isfinite(c.lp.lam) || !std::isfinite(c.lp.phi) ||
        std::abs(c.lp.phi) > 90.0 + 1e-9)
        return std::nullopt;
    double lon = c.lp.lam;
    if (lon > 180 || lon < -180) lon = std::remainder(lon, 360.0);
    return LonLat{lon, c.lp.phi};
}

Bbox Projection::forward_bbox(const Bbox& ll, int samples) const {
    Bbox out;
    for (int i = 0; i <= samples; ++i) {
        const double t = double(i) / samples;
        const double lon = ll.minx + t * ll.width(), lat = ll.miny + t * ll.height();
        for (LonLat p : {LonLat{lon, ll.miny}, LonLat{lon, ll.maxy}, LonLat{ll.minx, lat},
                         LonLat{ll.maxx, lat}, LonLat{lon, lat}}) {
            p.lat = std::clamp(p.lat, domain_.miny, domain_.maxy);
            // East of 180 (a box across the antimeridian) continues on the next copy of a wrapping map.
            double shift = 0;
            if (p.lon > 180 && world_width_ > 0) p.lon -= 360, shift = world_width_;
            if (p.lon > 180) p.lon -= 360; // a map that does not wrap shows it beside the seam's other side
            if (!in_domain(p.lon, p.lat)) continue;
            const XY q = forward(p);
            if (std::isfinite(q.x)) out.add(q.x + shift, q.y);
        }
    }
    return out;
}

double Projection::metres_per_unit_at(XY p) const {
    const double d = 1.0; // one map unit apart; every projection here is metric or close to it
    const auto a = inverse({p.x - d / 2, p.y});
    const auto b = inverse({p.x + d / 2, p.y});
    if (!a || !b) return std::nan("");
    double s12 = 0;
    GeographicLib::Geodesic::WGS84().Inverse(a->lat, a->lon, b->lat, b->lon, s12);
    return s12 / d;
}

std::string format_dms(double value, bool is_lat) {
    const char hemi = is_lat ? (value < 0 ? 'S' : 'N') : (value < 0 ? 'W' : 'E');
    double v = std::abs(value);
    int deg = int(v);
    v = (v - deg) * 60;
    int min = int(v);
    double sec = (v - min) * 60;
    if (sec >= 59.995) {
        sec = 0;
        if (++min == 60) {
            min = 0;
            ++deg;
        }
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d\xC2\xB0%02d'%05.2f\"%c", deg, min, sec, hemi);
    return buf;
}

} // namespace entente::geo
