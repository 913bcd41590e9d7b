// The PNG encoder (render/png.cpp) compresses stripes on several threads and joins them into one stream: the
// files it writes are decoded by two decoders we did not write, libpng (which checks every CRC and the
// Adler-32) and stb_image, and must give back exactly the pixels that went in.
#include "libpng_reference.hpp"
#include "render/png.hpp"

#include <catch2/catch.hpp>
#include <png.h>
#include <stb/stb_image.h>

#include <cstdint>
#include <random>

using namespace entente;

namespace {

// A map-like picture: flat areas, hard edges, gradients and a band of noise, so every code path of the
// compressor (long matches, literals, stripes that cross an edge) is exercised.
std::vector<unsigned char> picture(int w, int h, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<unsigned char> px(size_t(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &px[(size_t(y) * w + x) * 4];
            if ((x / 37 + y / 23) % 5 == 0) {
                for (int c = 0; c < 4; ++c)
                    p[c] = static_cast<unsigned char>(rng());
            } else {
                p[0] = static_cast<unsigned char>(x * 255 / std::max(1, w - 1));
                p[1] = static_cast<unsigned char>((x + y) % 7 == 0 ? 200 : 40);
                p[2] = static_cast<unsigned char>(y * 255 / std::max(1, h - 1));
                p[3] = static_cast<unsigned char>(y % 3 ? 255 : 128);
            }
        }
    return px;
}

std::vector<unsigned char> decode_libpng(const std::vector<unsigned char>& file, int& w, int& h) {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, file.data(), file.size())) return {};
    img.format = PNG_FORMAT_RGBA;
    std::vector<unsigned char> px(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, nullptr, px.data(), 0, nullptr)) return {};
    w = int(img.width), h = int(img.height);
    return px;
}

std::vector<unsigned char> decode_stb(const std::vector<unsigned char>& file, int& w, int& h) {
    int n = 0;
    unsigned char* p = stbi_load_from_memory(file.data(), int(file.size()), &w, &h, &n, 4);
    if (!p) return {};
    std::vector<unsigned char> px(p, p + size_t(w) * h * 4);
    stbi_image_free(p);
    return px;
}

} // namespace

TEST_CASE("PNG files from the parallel encoder decode to the same pixels in libpng and stb_image") {
    struct Size {
        int w, h;
    };
    // One pixel; odd sizes; a tall image of many 1 MiB stripes; a wide one whose stripe is a single row.
    const Size sizes[] = {{1, 1}, {3, 7}, {257, 129}, {1000, 1500}, {300000, 3}};
    for (const auto& s : sizes) {
        INFO(s.w << "x" << s.h);
        const auto px = picture(s.w, s.h, uint32_t(s.w * 31 + s.h));
        const auto file = render::encode_png(s.w, s.h, px.data());
        REQUIRE(!file.empty());
        int w = 0, h = 0;
        const auto a = decode_libpng(file, w, h);
        REQUIRE(!a.empty());
        CHECK((w == s.w && h == s.h));
        CHECK(a == px);
        const auto b = decode_stb(file, w, h);
        REQUIRE(!b.empty());
        CHECK(b == px);
    }
}

TEST_CASE("the PNG bytes do not depend on the number of threads, and flat maps compress well") {
    const int w = 1200, h = 1100; // 5 stripes
    auto px = picture(w, h, 7);
    const auto one = render::encode_png(w, h, px.data(), {2, 1});
    CHECK(render::encode_png(w, h, px.data(), {2, 2}) == one);
    CHECK(render::encode_png(w, h, px.data(), {2, 8}) == one);
    // A flat sea with a coastline: with the dictionary carried across stripes the file is hardly larger than
    // libpng's single stream with the same settings.
    std::vector<unsigned char> sea(size_t(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const bool land = x > 400 + (y % 50);
            const unsigned char c[4] = {static_cast<unsigned char>(land ? 230 : 170),
                                        static_cast<unsigned char>(land ? 225 : 200),
                                        static_cast<unsigned char>(land ? 210 : 230), 255};
            std::copy(c, c + 4, &sea[(size_t(y) * w + x) * 4]);
        }
    const auto file = render::encode_png(w, h, sea.data());
    const auto reference = test::libpng_reference_encode(w, h, sea.data());
    REQUIRE(!reference.empty());
    CHECK(double(file.size()) < 1.05 * double(reference.size()));
    CHECK(file.size() < sea.size() / 100);
    int dw = 0, dh = 0;
    CHECK(decode_libpng(file, dw, dh) == sea);
}

TEST_CASE("dense point clouds and hatched areas in one image: each stripe compressed its own best way") {
    // Top half: a million-point layer at world scale, coloured dots on a third of the pixels, which string
    // matching hardly compresses (the encoder picks run-length matching there). Bottom half: diagonal
    // hatching and a label-like pattern, where run-length matching alone would be twice the size.
    const int w = 2048, h = 1024;
    std::mt19937 rng(42);
    std::vector<unsigned char> px(size_t(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &px[(size_t(y) * w + x) * 4];
            unsigned char c[4] = {200, 215, 230, 255};
            if (y < h / 2) {
                if (rng() % 3 == 0) c[0] = 220, c[1] = static_cast<unsigned char>(40 + rng() % 60), c[2] = 40;
            } else if ((x + y) % 12 < 2 || ((x / 6) % 9 < 4 && (y / 10) % 7 == 0)) {
                c[0] = 30, c[1] = 60, c[2] = 160;
            }
            std::copy(c, c + 4, p);
        }
    const auto file = render::encode_png(w, h, px.data());
    const auto reference = test::libpng_reference_encode(w, h, px.data());
    REQUIRE(!reference.empty());
    CHECK(double(file.size()) < 1.02 * double(reference.size()));
    int dw = 0, dh = 0;
    CHECK(decode_libpng(file, dw, dh) == px);
    CHECK(decode_stb(file, dw, dh) == px);
    // The hatched half alone: no stripe of it may go to run-length matching.
    const std::vector<unsigned char> hatched(px.begin() + px.size() / 2, px.end());
    const auto hfile = render::encode_png(w, h / 2, hatched.data());
    const auto href = test::libpng_reference_encode(w, h / 2, hatched.data());
    CHECK(double(hfile.size()) < 1.05 * double(href.size()));
}

TEST_CASE("an empty image or a missing buffer is no PNG") {
    const unsigned char px[4] = {1, 2, 3, 4};
    CHECK(render::encode_png(0, 5, px).empty());
    CHECK(render::encode_png(5, 0, px).empty());
    CHECK(render::encode_png(1, 1, nullptr).empty());
}
