// PNG encoding of RGBA8 images, compressed on all cores (render/png.cpp says how).
#pragma once

#include <vector>

namespace entente::render {

struct PngOptions {
    int level = 2;   // zlib level: 2 is several times faster than the default 6 at a similar size for maps
    int threads = 0; // 0: one per core. The bytes written do not depend on it.
};

// `rgba` holds `height` rows of `width` pixels, top row first, straight alpha. Empty when encoding failed.
std::vector<unsigned char> encode_png(int width, int height, const unsigned char* rgba,
                                      const PngOptions& opt = {});

} // namespace entente::render
