// Seeded random missions for export tests: units (valid, legacy and broken symbol codes, names with XML's
// special characters and non-ASCII), areas (either winding, some around or across +-180 degrees, some with
// longitudes written past 180), lines (some crossing +-180), points, and 0-4 phases with positions and
// measures in random subsets of them.
#pragma once
#include "missions/model.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace entente::test {

inline missions::Mission random_mission(std::mt19937& rng) {
    using namespace entente::missions;
    auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
    auto pick = [&](int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
    auto chance = [&](double p) { return uni(0, 1) < p; };
    // Longitudes: a third near the antimeridian, the rest anywhere.
    auto lon = [&] {
        return chance(0.35) ? (chance(0.5) ? uni(178.5, 180.0) : uni(-180.0, -178.5)) : uni(-180, 180);
    };
    auto wrap = [](double l) { return l > 180 ? l - 360 : l < -180 ? l + 360 : l; };
    static const char* kSidc[] = {
        "10031000161211000000", "10061000161211000000", "10041000141211000000", "10011000151211000000",
        "SFGPUCI----D---",      "SHGPUCA----E---",      "10031000181211000000", "not-a-code"};
    static const char* kNames[] = {"1st Bn", "A & B Coy <HQ>", "\"Quote\" 'Sq'", "Bataillon de génie", "Ω-7"};
    Mission m;
    m.name = std::string("Random ") + kNames[pick(5)];
    m.classification = chance(0.5) ? "UNCLASSIFIED" : "NATO RESTRICTED";
    m.releasability = {"UN", "NATO"};
    m.d_day = "2026-03-01";
    const int phases = pick(5);
    for (int i = 0; i < phases; ++i)
        m.phases.push_back({"p" + std::to_string(i + 1),
                            "Phase " + std::to_string(i + 1) + " <" + kNames[pick(5)] + ">", i * 10,
                            i * 10 + 9});
    auto some_phases = [&] {
        std::vector<std::string> out;
        for (auto& p : m.phases)
            if (chance(0.4)) out.push_back(p.id);
        return out;
    };
    const int units = pick(9);
    for (int i = 0; i < units; ++i) {
        Unit u;
        u.id = "u" + std::to_string(i);
        u.sidc = kSidc[pick(8)];
        u.designation = chance(0.85) ? std::string(kNames[pick(5)]) + " " + std::to_string(i) : "";
        u.nation = chance(0.5) ? "GHA" : "FRA";
        u.organisation = "UN";
        u.strength = pick(900);
        if (i > 0 && chance(0.5)) u.parent = "u" + std::to_string(pick(i));
        u.position = {lon(), uni(-80, 80)};
        for (auto& ph : some_phases())
            u.phase_position[ph] = {lon(), uni(-80, 80)};
        m.units.push_back(u);
    }
    const int measures = pick(10);
    for (int i = 0; i < measures; ++i) {
        ControlMeasure c;
        c.id = "m" + std::to_string(i);
        c.kind = MeasureKind(pick(int(MeasureKind::ObservationPost) + 1));
        c.name = std::string(kNames[pick(5)]) + " m" + std::to_string(i);
        c.phases = some_phases();
        if (units && chance(0.3)) c.assigned_unit = "u" + std::to_string(pick(units));
        const double x0 = lon(), y0 = uni(-70, 70);
        const bool past_180 = chance(0.15); // longitudes written unwrapped (181 rather than -179)
        switch (shape_of(c.kind)) {
        case Shape::Point:
            c.points = {{x0, y0}};
            break;
        case Shape::Line: {
            double x = x0, y = y0;
            for (int k = 0, n = 2 + pick(6); k < n; ++k) {
                c.points.push_back({past_180 ? x : wrap(x), y});
                x += uni(-1.5, 1.5), y = std::clamp(y + uni(-1, 1), -85.0, 85.0);
            }
            break;
        }
        case Shape::Area: {
            // A star-shaped ring around (x0, y0), counterclockwise or clockwise.
            const int n = 3 + pick(8);
            const double r = uni(0.05, 2.0), dir = chance(0.5) ? 1 : -1;
            for (int k = 0; k < n; ++k) {
                const double a = dir * 2 * M_PI * k / n, rr = r * uni(0.5, 1.0);
                const double x = x0 + rr * std::cos(a), y = std::clamp(y0 + rr * std::sin(a), -85.0, 85.0);
                c.points.push_back({past_180 ? x : wrap(x), y});
            }
            break;
        }
        }
        if (chance(0.3)) c.releasability = {"UN"};
        m.measures.push_back(c);
    }
    return m;
}

} // namespace entente::test
