// Timing for geo::tessellate_polygon: many small random polygons (throughput) and one large ring (latency).
#include "geo/tessellate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using entente::geo::LonLat;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Star-shaped ring: evenly spaced angles, random radii, so it is simple but strongly concave.
void add_star(std::mt19937& rng, std::vector<LonLat>& out, size_t n, double cx, double cy, double rmin,
              double rmax, bool reverse) {
    std::uniform_real_distribution<double> ur(rmin, rmax);
    for (size_t i = 0; i < n; ++i) {
        const size_t k = reverse ? n - 1 - i : i;
        const double t = 2 * kPi * static_cast<double>(k) / static_cast<double>(n);
        const double r = ur(rng);
        out.push_back({cx + r * std::cos(t), cy + r * std::sin(t)});
    }
}

void time_big(const char* what, const std::vector<LonLat>& ring, int reps = 5) {
    const std::vector<uint32_t> starts{0, static_cast<uint32_t>(ring.size())};
    double best_ms = 1e30, first_ms = 0;
    size_t tris = 0;
    for (int rep = 0; rep < reps; ++rep) { // the first run also pays for warming the scratch memory
        std::vector<uint32_t> out;
        const auto t0 = std::chrono::steady_clock::now();
        tris = entente::geo::tessellate_polygon(ring, starts, 0, out);
        const auto t1 = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        if (rep == 0) first_ms = ms;
        best_ms = std::min(best_ms, ms);
    }
    std::printf("%s: %zu triangles, first %.2f ms, best %.2f ms\n", what, tris, first_ms, best_ms);
}

struct Poly {
    std::vector<LonLat> coords;
    std::vector<uint32_t> starts;
};

} // namespace

int main() {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> un(8, 64);
    std::uniform_real_distribution<double> ulon(-170, 170), ulat(-80, 80), u01(0, 1);

    constexpr size_t kPolys = 100000;
    std::vector<Poly> polys(kPolys);
    size_t vertices = 0;
    for (Poly& p : polys) {
        const size_t n = static_cast<size_t>(un(rng));
        const double cx = ulon(rng), cy = ulat(rng), size = 0.01 + u01(rng);
        p.starts.push_back(0);
        add_star(rng, p.coords, n, cx, cy, 0.3 * size, size, false);
        p.starts.push_back(static_cast<uint32_t>(p.coords.size()));
        if (u01(rng) < 0.2) { // hole inside the disc every such star contains
            const size_t h = 4 + n / 4;
            add_star(rng, p.coords, h, cx, cy, 0.05 * size,
                     0.12 * size * std::cos(kPi / static_cast<double>(n)), true);
            p.starts.push_back(static_cast<uint32_t>(p.coords.size()));
        }
        vertices += p.coords.size();
    }

    std::vector<uint32_t> indices;
    indices.reserve(vertices * 4);
    size_t triangles = 0;
    double small_s = 1e30;
    for (int rep = 0; rep < 3; ++rep) { // best of three: the machine may be busy with other work
        indices.clear();
        triangles = 0;
        uint32_t base = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (const Poly& p : polys) {
            triangles += entente::geo::tessellate_polygon(p.coords, p.starts, base, indices);
            base += static_cast<uint32_t>(p.coords.size());
        }
        const auto t1 = std::chrono::steady_clock::now();
        small_s = std::min(small_s, std::chrono::duration<double>(t1 - t0).count());
    }
    std::printf(
        "small polygons: %zu polygons (%zu vertices, %zu triangles), best of 3: %.1f ms = %.0f polygons/s\n",
        kPolys, vertices, triangles, small_s * 1e3, static_cast<double>(kPolys) / small_s);

    // Coastline-like ring: a radius built from many harmonics with a 1/k spectrum plus a little per-vertex
    // jitter. This is what country outlines look like to the triangulator.
    std::vector<LonLat> coast;
    {
        constexpr int kHarmonics = 600;
        std::vector<double> phase(kHarmonics + 1), amp(kHarmonics + 1);
        for (int k = 1; k <= kHarmonics; ++k) {
            phase[k] = u01(rng) * 2 * kPi;
            amp[k] = 0.25 / k;
        }
        for (int i = 0; i < 20000; ++i) {
            const double t = 2 * kPi * i / 20000;
            double r = 4;
            for (int k = 1; k <= kHarmonics; ++k)
                r += amp[k] * std::sin(k * t + phase[k]);
            r *= 1 + 0.01 * (u01(rng) - 0.5);
            coast.push_back({10 + r * std::cos(t), 50 + r * std::sin(t)});
        }
    }
    time_big("20000-vertex coastline-like ring", coast);

    // Worst case for bbox/z-order ear tests: every vertex a long, thin spike at a random radius.
    std::vector<LonLat> spiky;
    add_star(rng, spiky, 20000, 10, 50, 2.0, 5.0, false);
    time_big("20000-vertex spiky star ring (worst case)", spiky);

    // Rings of a size ear clipping could not handle (1M random star: over 400 s); these take the sweep.
    for (const size_t n : {200000, 1000000}) {
        std::vector<LonLat> big;
        add_star(rng, big, n, 10, 50, 2.0, 5.0, false);
        const std::string what = std::to_string(n) + "-vertex random star ring";
        time_big(what.c_str(), big, 2);
    }
    auto circle = [](size_t n, double wobble) {
        std::vector<LonLat> ring;
        for (size_t i = 0; i < n; ++i) {
            const double t = 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
            const double r = 5 * (1 + wobble * std::sin(1000 * t));
            // Rounded to 1e-7 degrees as stored coordinates are: many equal y values.
            ring.push_back({std::round((10 + r * std::cos(t)) * 1e7) / 1e7,
                            std::round((50 + r * std::sin(t)) * 1e7) / 1e7});
        }
        return ring;
    };
    time_big("1000000-vertex circle rounded to 1e-7", circle(1000000, 0), 2);
    time_big("5000000-vertex wavy circle rounded to 1e-7", circle(5000000, 0.02), 1);
    return 0;
}
