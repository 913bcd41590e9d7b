// Seeded random missions for property tests (overlay round trips, consumer oracles): units with random symbol
// codes, parents and per-phase positions (near +-180 degrees and the poles too), control measures of every
// kind, phases, D-day, releasability lists (some markings spaced or in lower case), slides, and text in many scripts with quotes, ampersands, angle
// brackets and control characters. Header-only, model only, so any test executable can use it.
#pragma once
#include "missions/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace entente::test {

class MissionGenerator {
  public:
    explicit MissionGenerator(unsigned seed) : rng_(seed) {}

    missions::Mission next() {
        missions::Mission m;
        m.name = text();
        m.classification =
            pick<std::string>({"UNCLASSIFIED", "NATO RESTRICTED", "UN RESTRICTED", "OFFICIAL & <x>"});
        m.releasability = releasability();
        m.d_day = chance(0.8) ? date() : "";
        m.description = chance(0.7) ? text() + "\n" + text() : "";
        const int phases = int(rng_() % 5);
        for (int i = 0; i < phases; ++i) {
            missions::Phase p;
            p.id =
                chance(0.7) ? "p" + std::to_string(i + 1) : "ph " + std::to_string(i) + " \"" + word() + "\"";
            p.name = text();
            p.start_day = int(rng_() % 60) - 10;
            p.end_day = p.start_day + int(rng_() % 30);
            m.phases.push_back(p);
        }
        const int units = int(rng_() % 12);
        for (int i = 0; i < units; ++i) {
            missions::Unit u;
            u.id = chance(0.8) ? "u" + std::to_string(i) : "u" + std::to_string(i) + " <" + word() + "> & '";
            u.sidc = sidc();
            u.designation = chance(0.9) ? text() : "";
            u.higher_formation = chance(0.5) ? text() : "";
            u.nation = pick<std::string>({"GHA", "SWE", "FRA", "IDN", "BRA", ""});
            u.organisation = pick<std::string>({"UN", "AU", "NATO", "EU", ""});
            u.strength = int(rng_() % 5000);
            u.command_relationship = pick<std::string>({"OPCON", "TACON", "ADCON", ""});
            if (i > 0 && chance(0.6)) u.parent = m.units[rng_() % m.units.size()].id;
            u.releasability = chance(0.5) ? releasability() : std::vector<std::string>{};
            u.notes = chance(0.5) ? text() : "";
            u.position = place();
            for (const auto& p : m.phases)
                if (chance(0.5)) u.phase_position[p.id] = place();
            m.units.push_back(u);
        }
        // Every kind at least once in a while, and most missions hold several.
        const int measures = int(rng_() % 18);
        for (int i = 0; i < measures; ++i) {
            missions::ControlMeasure c;
            c.id = "m" + std::to_string(i) + (chance(0.2) ? " \"" + word() + "\"" : "");
            c.name = text();
            c.kind = missions::MeasureKind(rng_() % (int(missions::MeasureKind::ObservationPost) + 1));
            const auto shape = missions::shape_of(c.kind);
            c.points = shape == missions::Shape::Point  ? std::vector<geo::LonLat>{place()}
                       : shape == missions::Shape::Line ? path(2 + int(rng_() % 5))
                                                        : ring(3 + int(rng_() % 6));
            for (const auto& p : m.phases)
                if (chance(0.3)) c.phases.push_back(p.id);
            if (chance(0.05)) c.phases.push_back("gone"); // a phase the mission does not have
            c.releasability = chance(0.5) ? releasability() : std::vector<std::string>{};
            if (!m.units.empty() && chance(0.4)) c.assigned_unit = m.units[rng_() % m.units.size()].id;
            c.notes = chance(0.5) ? text() : "";
            m.measures.push_back(c);
        }
        const int slides = int(rng_() % 4);
        for (int i = 0; i < slides; ++i) {
            missions::Slide s;
            s.id = "s" + std::to_string(i);
            s.title = text();
            s.notes = chance(0.6) ? text() + "\n- " + text() : "";
            s.projection = pick<std::string>({"webmercator", "EPSG:32630", "laea:10,5"});
            // Sometimes a box across the antimeridian (east < west).
            s.west = uniform(-170, 170),
            s.east = chance(0.2) ? uniform(-180, s.west - 1) : uniform(s.west + 1, 180);
            s.south = uniform(-90, 80), s.north = uniform(s.south + 1e-3, 90);
            s.date = chance(0.5) ? date() : "";
            s.phase = !m.phases.empty() && chance(0.5) ? m.phases[rng_() % m.phases.size()].id : "";
            s.layers = {"mission"};
            for (const char* l : {"operations", "alliance:NATO", "alliance:AU", "risk:demo/r.tif@60", "mgrs",
                                  "graticule", "labels"})
                if (chance(0.4)) s.layers.push_back(l);
            m.slides.push_back(s);
        }
        return m;
    }

  private:
    std::mt19937 rng_;

    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }
    template <class T> T pick(std::initializer_list<T> v) { return *(v.begin() + rng_() % v.size()); }

    std::string word() {
        return pick<std::string>({"Shield", "Bouclier", "Щит", "درع", "盾", "ढाल", "Sköld", "Ασπίδα",
                                  "🛡️", "a&b", "<tag>", "\"q\"", "it's", "]]>", "&amp;", "x\ty",
                                  "&#65;"});
    }
    std::string text() {
        std::string s;
        const int n = 1 + int(rng_() % 4);
        for (int i = 0; i < n; ++i)
            s += (i ? " " : "") + word();
        if (chance(0.1)) s += "\r\nline two";
        return s;
    }
    std::string date() {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1995 + int(rng_() % 32), 1 + int(rng_() % 12),
                      1 + int(rng_() % 28));
        return buf;
    }
    std::vector<std::string> releasability() {
        std::vector<std::string> r;
        const int n = int(rng_() % 4);
        for (int i = 0; i < n; ++i)
            // Markings as people type them too: spaces around, lower case, a no-break space (one marking).
            r.push_back(pick<std::string>({"UN", "NATO", "AU", "EU", "ECOWAS", "GHA", "SWE", "FRA", "USA",
                                           " NATO ", "nato", "UN\u00a0"}));
        return r;
    }
    std::string sidc() {
        if (chance(0.1)) return pick<std::string>({"", "not a code", "SFGPUCI----D", "SHGPUCA----E"});
        if (chance(0.2)) {
            // 2525C: scheme S, identity, dimension G, status P, function, echelon.
            std::string c = "S";
            c += "PUAFNSH"[rng_() % 7];
            c += "GP";
            c += pick<std::string>({"UCI---", "UCA---", "UCR---", "UUM---", "USM---", "UCE---"});
            c += "-";
            c += "ABCDEFGHIJKLM"[rng_() % 13];
            c += "---";
            return c;
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "10%d%d10%d%d%02d%s0000", int(rng_() % 2), int(rng_() % 7),
                      int(rng_() % 2), int(rng_() % 8), 11 + int(rng_() % 16),
                      pick<std::string>({"121100", "121102", "120500", "121300", "163600", "111000", "130100",
                                         "140700", "000000"})
                          .c_str());
        return buf;
    }
    // Anywhere, with extra weight on the antimeridian and the poles.
    geo::LonLat place() {
        switch (rng_() % 6) {
        case 0:
            return {pick<double>({180.0, -180.0, 179.9999999, -179.99999999999}), uniform(-89, 89)};
        case 1:
            return {uniform(-180, 180), pick<double>({90.0, -90.0, 89.99999, -89.9999999})};
        default:
            return {uniform(-180, 180), uniform(-85, 85)};
        }
    }
    // Paths and rings stay within a few degrees of a centre, which may sit on the antimeridian or near a
    // pole.
    geo::LonLat around(const geo::LonLat& c, double r) {
        double lon = c.lon + uniform(-r, r), lat = c.lat + uniform(-r, r);
        if (lon > 180) lon -= 360;
        if (lon < -180) lon += 360;
        lat = std::max(-89.9, std::min(89.9, lat));
        return {lon, lat};
    }
    geo::LonLat centre() {
        switch (rng_() % 4) {
        case 0:
            return {pick<double>({180.0, -180.0, 179.5, -179.5}), uniform(-60, 60)};
        case 1:
            return {uniform(-170, 170), pick<double>({86.0, -86.0})};
        default:
            return {uniform(-170, 170), uniform(-70, 70)};
        }
    }
    std::vector<geo::LonLat> path(int n) {
        const auto c = centre();
        std::vector<geo::LonLat> v;
        for (int i = 0; i < n; ++i)
            v.push_back(around(c, 3));
        return v;
    }
    // A simple ring: points at increasing (or decreasing: either winding) angles around a centre.
    std::vector<geo::LonLat> ring(int n) {
        const auto c = centre();
        const double dir = chance(0.5) ? 1 : -1;
        std::vector<geo::LonLat> v;
        for (int i = 0; i < n; ++i) {
            const double a = dir * (i + uniform(0.1, 0.9)) * 2 * 3.14159265358979 / n, r = uniform(0.5, 3);
            double lon = c.lon + r * std::cos(a),
                   lat = std::max(-89.9, std::min(89.9, c.lat + r * std::sin(a)));
            if (lon > 180) lon -= 360;
            if (lon < -180) lon += 360;
            v.push_back({lon, lat});
        }
        return v;
    }
};

// Field-by-field differences between two missions ("" when equal), for a failure message.
inline std::string mission_diff(const missions::Mission& a, const missions::Mission& b) {
    std::ostringstream o;
    auto field = [&](const std::string& what, const nlohmann::json& x, const nlohmann::json& y) {
        if (x != y) o << what << ": " << x.dump() << " != " << y.dump() << "\n";
    };
    nlohmann::json ja = missions::to_json(a), jb = missions::to_json(b);
    for (const char* k :
         {"name", "classification", "releasability", "d_day", "description", "phases", "slides"})
        field(std::string("mission.") + k, ja[k], jb[k]);
    for (const char* list : {"units", "measures"}) {
        const auto &x = ja[list], &y = jb[list];
        if (x.size() != y.size()) o << list << ": " << x.size() << " != " << y.size() << " elements\n";
        for (size_t i = 0; i < std::min(x.size(), y.size()); ++i)
            for (auto& [k, v] : x[i].items())
                field(std::string(list) + "[" + std::to_string(i) + "] " + x[i].value("id", "") + "." + k, v,
                      y[i].value(k, nlohmann::json()));
    }
    if (o.str().empty() && !(a == b))
        o << "(equal JSON forms, but the missions differ: a coordinate's last bits?)\n";
    return o.str();
}

// One random mission seeded from `rng` (for loops that draw many).
inline missions::Mission random_mission(std::mt19937& rng) {
    return MissionGenerator(unsigned(rng())).next();
}

} // namespace entente::test
