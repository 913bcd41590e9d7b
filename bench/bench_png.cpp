// PNG encoding of a map image: Entente's striped parallel encoder (render/png.cpp) against libpng writing the
// same image with the same settings (zlib level 2, Up filter) as one stream, which is what Entente used
// before. Usage: bench_png IMAGE.png [runs]  (decode with stb_image, then encode each way `runs` times;
// medians)
#include "libpng_reference.hpp"
#include "render/png.hpp"

#include <stb/stb_image.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace entente;
using Clock = std::chrono::steady_clock;

namespace {

template <class F> void measure(const char* name, int runs, F f) {
    std::vector<double> t;
    size_t bytes = 0;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        bytes = f().size();
        t.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    std::printf("{\"encoder\": \"%s\", \"seconds\": %.3f, \"bytes\": %zu}\n", name, t[t.size() / 2], bytes);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_png IMAGE.png [runs]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 4);
    if (!px) {
        std::fprintf(stderr, "bench_png: %s: cannot read (%s)\n", argv[1], stbi_failure_reason());
        return 1;
    }
    std::printf("{\"image\": \"%s\", \"width\": %d, \"height\": %d, \"cores\": %u}\n", argv[1], w, h,
                std::thread::hardware_concurrency());
    measure("libpng, one stream", runs, [&] { return test::libpng_reference_encode(w, h, px); });
    measure("entente, 1 thread", runs, [&] { return render::encode_png(w, h, px, {2, 1}); });
    measure("entente, all cores", runs, [&] { return render::encode_png(w, h, px); });
    stbi_image_free(px);
    return 0;
}
