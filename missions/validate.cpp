#include "validate.hpp"

#include "export.hpp"

#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "geo/measure.hpp"

#include <cmath>
#include <numeric>
#include <set>

namespace entente::missions {

namespace {

bool inside(const std::vector<geo::LonLat>& ring, geo::LonLat p) {
    return geo::ring_contains(ring.data(), ring.size(), p);
}

double cross(geo::LonLat o, geo::LonLat a, geo::LonLat b) {
    return (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon);
}

bool segments_cross(geo::LonLat a, geo::LonLat b, geo::LonLat c, geo::LonLat d) {
    const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
    return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0)) && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0;
}

// Two areas overlap when an edge of one crosses an edge of the other, or one contains the other.
bool overlap(const std::vector<geo::LonLat>& a, const std::vector<geo::LonLat>& b) {
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = 0; j < b.size(); ++j)
            if (segments_cross(a[i], a[(i + 1) % a.size()], b[j], b[(j + 1) % b.size()])) return true;
    return inside(a, b[0]) || inside(b, a[0]);
}

bool applies(const ControlMeasure& m, const std::string& phase) {
    return m.phases.empty() || std::find(m.phases.begin(), m.phases.end(), phase) != m.phases.end();
}

// The unit and everything under it in the order of battle.
std::set<std::string> subtree(const Mission& m, const std::string& root) {
    std::set<std::string> out{root};
    for (bool grew = true; grew;) {
        grew = false;
        for (const Unit& u : m.units)
            if (!u.parent.empty() && out.count(u.parent) && out.insert(u.id).second) grew = true;
    }
    return out;
}

} // namespace

size_t ValidationResult::errors() const {
    return size_t(std::count_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::Error;
    }));
}

ValidationResult validate(const Mission& m, const ValidationOptions& opt) {
    ValidationResult r;
    auto add = [&](Diagnostic::Severity s, std::string rule, std::string id, std::string msg,
                   std::optional<geo::LonLat> where) {
        r.diagnostics.push_back({s, std::move(rule), std::move(id), std::move(msg), where});
    };
    using S = Diagnostic::Severity;
    std::set<std::string> unit_ids;
    for (const Unit& u : m.units)
        unit_ids.insert(u.id);

    for (const Unit& u : m.units) {
        if (u.nation.empty())
            add(S::Error, "unit-without-nation", u.id,
                u.designation + " (" + u.id + ") has no contributing nation", u.position);
        if (!u.parent.empty() && !unit_ids.count(u.parent))
            add(S::Error, "missing-parent", u.id,
                u.id + ": its parent unit '" + u.parent + "' is not in the mission", u.position);
        // Edits refuse loops, but a file from an older version or edited by hand may hold one.
        if (const auto loop = parent_loop(m, u.id, u.parent); !loop.empty())
            add(S::Error, "parent-loop", u.id,
                u.id + ": its order of battle loops back to itself (" + chain_text(loop) + ")", u.position);
    }

    // Areas assigned to a unit must hold it and its subordinates, in every phase the area applies to.
    for (const ControlMeasure& a : m.measures) {
        if (shape_of(a.kind) != Shape::Area || a.assigned_unit.empty()) continue;
        const std::set<std::string> units = subtree(m, a.assigned_unit);
        std::vector<std::string> phases;
        for (auto& p : m.phases)
            phases.push_back(p.id);
        if (phases.empty()) phases.push_back("");
        for (const Unit& u : m.units) {
            if (!units.count(u.id)) continue;
            for (const std::string& ph : phases) {
                if (!ph.empty() && !applies(a, ph)) continue;
                const geo::LonLat p = u.position_in(ph);
                if (!inside(a.points, p)) {
                    add(S::Error, "unit-outside-area", u.id,
                        u.id + " is outside " + a.name + " (" + to_string(a.kind) + " of " + a.assigned_unit +
                            ")" + (ph.empty() ? "" : " in " + ph),
                        p);
                    break;
                }
            }
        }
    }

    // Areas of responsibility of different units must not overlap.
    for (size_t i = 0; i < m.measures.size(); ++i)
        for (size_t j = i + 1; j < m.measures.size(); ++j) {
            const ControlMeasure &a = m.measures[i], &b = m.measures[j];
            if (a.kind != MeasureKind::AreaOfResponsibility || b.kind != MeasureKind::AreaOfResponsibility)
                continue;
            if (a.assigned_unit == b.assigned_unit) continue;
            if (overlap(a.points, b.points))
                add(S::Error, "overlapping-aor", a.id,
                    a.name + " and " + b.name + " overlap (" + a.assigned_unit + ", " + b.assigned_unit + ")",
                    a.points[0]);
        }

    // Nothing may be releasable to anyone the mission's marking does not allow.
    // Compared as export compares them (normalise_marking): " nato " is NATO.
    std::set<std::string> allowed;
    for (const auto& a : m.releasability)
        allowed.insert(normalise_marking(a));
    auto check_rel = [&](const std::vector<std::string>& rel, const std::string& id,
                         std::optional<geo::LonLat> where) {
        for (const auto& to : rel)
            if (!allowed.count(normalise_marking(to))) {
                std::string list;
                for (auto& a : m.releasability)
                    list += (list.empty() ? "" : ", ") + a;
                add(S::Error, "releasability-wider-than-marking", id,
                    id + " is releasable to " + to + ", which the mission's marking (" + m.classification +
                        ", releasable to " + (list.empty() ? "nobody" : list) + ") does not allow",
                    where);
            }
    };
    for (const Unit& u : m.units)
        check_rel(u.releasability, u.id, u.position);
    for (const ControlMeasure& c : m.measures)
        check_rel(c.releasability, c.id, c.points[0]);

    // A phase in which nothing moves and no measure is specific to it is probably unfinished.
    for (const Phase& p : m.phases) {
        bool used = false;
        for (const Unit& u : m.units)
            used = used || u.phase_position.count(p.id);
        for (const ControlMeasure& c : m.measures)
            used = used || std::find(c.phases.begin(), c.phases.end(), p.id) != c.phases.end();
        if (!used)
            add(S::Warning, "empty-phase", p.id, p.name + " (" + p.id + ") has no elements of its own",
                std::nullopt);
    }

    // A measure scoped only to phases the mission no longer has shows in no phase (and in no KML folder).
    for (const ControlMeasure& c : m.measures) {
        std::vector<std::string> unknown;
        for (const auto& id : c.phases)
            if (std::none_of(m.phases.begin(), m.phases.end(), [&](const Phase& p) { return p.id == id; }))
                unknown.push_back(id);
        if (!unknown.empty()) {
            std::string ids;
            for (const auto& id : unknown)
                ids += (ids.empty() ? "" : ", ") + id;
            add(unknown.size() == c.phases.size() ? S::Error : S::Warning, "measure-unknown-phase", c.id,
                c.name + " names phase(s) the mission does not have: " + ids +
                    (unknown.size() == c.phases.size() ? " (it shows in no phase)" : ""),
                std::nullopt);
        }
    }

    // Routes through risk: sample the raster along each leg's geodesic at a fixed spacing.
    if (!opt.risk_raster.empty()) {
        geo::LoadedSource src = geo::load_source(opt.risk_raster);
        if (src.rasters.empty())
            throw geo::InputError(opt.risk_raster, "not a raster", geo::ErrorKind::Unsupported);
        const geo::RasterSource& ras = *src.rasters[0];
        for (const ControlMeasure& c : m.measures) {
            if (c.kind != MeasureKind::Route && c.kind != MeasureKind::MainSupplyRoute) continue;
            std::vector<RiskSample> profile;
            double travelled = 0, worst = -INFINITY;
            geo::LonLat worst_at{};
            for (size_t i = 0; i + 1 < c.points.size(); ++i) {
                const auto line = geo::geodesic_line(c.points[i], c.points[i + 1], opt.sample_spacing_m);
                const auto px = ras.lonlat_to_pixels(line);
                const auto leg = geo::measure_path(line);
                for (size_t k = 0; k < line.size(); ++k) {
                    if (i > 0 && k == 0) continue; // shared with the previous leg's end
                    double v = NAN;
                    const int x = int(std::floor(px[k].x)), y = int(std::floor(px[k].y));
                    if (std::isfinite(px[k].x) && x >= 0 && y >= 0 && x < ras.width && y < ras.height)
                        v = ras.read_values(x, y, 1, 1, 1, 1)[0];
                    const double d =
                        travelled +
                        (k > 0 ? std::accumulate(leg.leg_m.begin(), leg.leg_m.begin() + long(k), 0.0) : 0.0);
                    profile.push_back({d, v});
                    if (std::isfinite(v) && v > worst) worst = v, worst_at = line[k];
                }
                travelled += leg.length_m;
            }
            if (worst > opt.risk_threshold) {
                char buf[160];
                std::snprintf(buf, sizeof buf, "%s crosses risk %.4g (threshold %.4g)", c.name.c_str(), worst,
                              opt.risk_threshold);
                add(S::Error, "route-through-risk", c.id, buf, worst_at);
            }
            r.route_profiles.emplace_back(c.id, std::move(profile));
        }
    }
    return r;
}

nlohmann::json to_json(const ValidationResult& r) {
    nlohmann::json j{{"errors", r.errors()}, {"diagnostics", nlohmann::json::array()}};
    for (const auto& d : r.diagnostics) {
        nlohmann::json e{{"severity", d.severity == Diagnostic::Severity::Error ? "error" : "warning"},
                         {"rule", d.rule},
                         {"element", d.element},
                         {"message", d.message}};
        if (d.where) e["where"] = {d.where->lon, d.where->lat};
        j["diagnostics"].push_back(e);
    }
    return j;
}

} // namespace entente::missions
