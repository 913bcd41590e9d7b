#include "fonts.hpp"

#include "assets.hpp"

// Debian's libstb.so carries the implementation (the same one its ImGui build links), so it is not defined
// here. stb_rect_pack.h first: the packer's rect type must be complete to gather rects.
#include <stb/stb_rect_pack.h>
#include <stb/stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>
#include <vector>

namespace entente::app {

namespace {

// Settings of the ImGui 1.86 atlas the map font was baked with; golden images depend on every one of them.
constexpr int kOversampleH = 2, kOversampleV = 1;
constexpr int kPadding = 1; // empty texels around each glyph, so bilinear sampling never bleeds
constexpr float kSizes[] = {11, 13, 16, 20, 26};
constexpr std::pair<int, int> kRanges[] = {{0x0020, 0x00FF}, {0x0100, 0x017F}, {0x2010, 0x2030}};
constexpr float kTabSpaces = 4; // ImGui gave every font a tab glyph four spaces wide

// ImGui's ImFloor truncates toward zero (it is not floorf); ascent and descent were rounded with it.
float im_floor(float f) {
    return float(int(f));
}

std::vector<unsigned char> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot load the map font");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int upper_power_of_two(int v) {
    int p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

// One font size: its stb pack range and what packing it produced.
struct SizeBake {
    float size_px = 0;
    std::vector<stbtt_packedchar> packed;
    std::vector<stbrp_rect> rects;
    stbtt_pack_range range{};
};

// Frees the packer however the bake ends.
struct PackContext {
    stbtt_pack_context spc{};
    bool begun = false;
    ~PackContext() {
        if (begun) stbtt_PackEnd(&spc);
    }
};

} // namespace

std::string font_path() {
    return asset_path("fonts/DejaVuSans.ttf");
}

render::GlyphAtlas bake_map_font(float pixel_ratio) {
    const std::string path = font_path();
    std::vector<unsigned char> ttf = read_file(path);
    stbtt_fontinfo info{};
    const int offset = ttf.empty() ? -1 : stbtt_GetFontOffsetForIndex(ttf.data(), 0);
    if (offset < 0 || !stbtt_InitFont(&info, ttf.data(), offset))
        throw std::runtime_error(path + ": cannot load the map font");

    // Code points the font lacks are left out, so text falls back to '?' as it did under ImGui.
    std::vector<int> codepoints;
    for (auto [first, last] : kRanges)
        for (int cp = first; cp <= last; ++cp)
            if (stbtt_FindGlyphIndex(&info, cp)) codepoints.push_back(cp);

    std::vector<SizeBake> sizes;
    sizes.reserve(std::size(kSizes)); // ranges point into each size's own buffers
    for (float size : kSizes) {
        SizeBake& s = sizes.emplace_back();
        s.size_px = size * pixel_ratio;
        s.packed.resize(codepoints.size());
        s.rects.resize(codepoints.size());
        s.range.font_size = s.size_px;
        s.range.array_of_unicode_codepoints = codepoints.data();
        s.range.num_chars = int(codepoints.size());
        s.range.chardata_for_range = s.packed.data();
    }

    // Measure every glyph first and pick the texture width from their total area, as ImGui did. Only the
    // packer's padding and oversampling are read while measuring, so that context needs no PackBegin.
    stbtt_pack_context measure{};
    measure.padding = kPadding;
    stbtt_PackSetOversampling(&measure, kOversampleH, kOversampleV);
    long long surface = 0;
    for (SizeBake& s : sizes) {
        stbtt_PackFontRangesGatherRects(&measure, &info, &s.range, 1, s.rects.data());
        for (const stbrp_rect& r : s.rects)
            surface += (long long)r.w * r.h;
    }
    // Width and height are powers of two, so texel edges are exact in UVs and sample as ImGui's atlas did.
    const int surface_sqrt = int(std::sqrt(float(surface))) + 1;
    const int width = surface_sqrt >= 4096 * 0.7f   ? 4096
                      : surface_sqrt >= 2048 * 0.7f ? 2048
                      : surface_sqrt >= 1024 * 0.7f ? 1024
                                                    : 512;
    PackContext pack; // packs into a virtually unbounded height, then the texture is cut to what is used
    if (!stbtt_PackBegin(&pack.spc, nullptr, width, 1024 * 32, 0, kPadding, nullptr))
        throw std::runtime_error(path + ": cannot pack the map font");
    pack.begun = true;
    int height = 0;
    for (SizeBake& s : sizes) {
        stbtt_PackFontRangesPackRects(&pack.spc, s.rects.data(), int(s.rects.size()));
        for (const stbrp_rect& r : s.rects) {
            if (!r.was_packed) throw std::runtime_error(path + ": the map font does not fit its atlas");
            height = std::max(height, r.y + r.h);
        }
    }

    render::GlyphAtlas out;
    out.width = width;
    out.height = upper_power_of_two(height);
    out.alpha.assign(size_t(out.width) * out.height, 0);
    pack.spc.pixels = out.alpha.data();
    pack.spc.height = out.height;
    for (SizeBake& s : sizes)
        if (!stbtt_PackFontRangesRenderIntoRects(&pack.spc, &info, &s.range, 1, s.rects.data()))
            throw std::runtime_error(path + ": cannot render the map font");

    int unscaled_ascent = 0, unscaled_descent = 0, line_gap = 0;
    stbtt_GetFontVMetrics(&info, &unscaled_ascent, &unscaled_descent, &line_gap);
    for (const SizeBake& s : sizes) {
        render::Font f;
        f.size_px = s.size_px;
        const float scale = stbtt_ScaleForPixelHeight(&info, s.size_px);
        f.ascent = im_floor(unscaled_ascent * scale + (unscaled_ascent > 0 ? 1.f : -1.f));
        f.descent = im_floor(unscaled_descent * scale + (unscaled_descent > 0 ? 1.f : -1.f));
        // stb's quads hang from the baseline; ours from the top of the line, a rounded ascent above it.
        const float top = float(int(f.ascent + 0.5f));
        for (size_t i = 0; i < codepoints.size(); ++i) {
            stbtt_aligned_quad q{};
            float x = 0, y = 0;
            stbtt_GetPackedQuad(s.packed.data(), out.width, out.height, int(i), &x, &y, &q, 0);
            const stbtt_packedchar& pc = s.packed[i];
            render::Glyph& g = f.glyphs[uint32_t(codepoints[i])];
            g = {q.x0, q.y0 + top, q.x1, q.y1 + top, q.s0, q.t0, q.s1, q.t1, pc.xadvance};
        }
        if (auto space = f.glyphs.find(' '); space != f.glyphs.end()) {
            render::Glyph tab = space->second;
            tab.advance *= kTabSpaces;
            f.glyphs['\t'] = tab;
        }
        out.fonts.push_back(std::move(f));
    }
    return out;
}

} // namespace entente::app
