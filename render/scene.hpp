// Plain data the renderer draws. Geometry arrives already projected into map units; the renderer knows
// nothing of layers, missions or files, only meshes, styles and a view.
#pragma once
#include "geo/types.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace entente::render {

struct Rgba {
    float r = 0, g = 0, b = 0, a = 1;
    bool operator==(const Rgba&) const = default;
};

// Packs to the 0xAABBGGRR order of a little-endian RGBA8 texel.
inline uint32_t pack(Rgba c) {
    auto u = [](float v) { return uint32_t(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f); };
    return u(c.r) | (u(c.g) << 8) | (u(c.b) << 16) | (u(c.a) << 24);
}

// Filled triangles. `feature` indexes the per-feature colour table.
// A fill's polygons, when its vertices are their rings in order: ring r is vertices
// [ring_start[r], ring_start[r + 1]), closed (its last vertex repeats its first); polygon p is rings
// [poly_ring[p], poly_ring[p + 1]), the first its shell, the rest holes.
struct FillRings {
    std::vector<uint32_t> ring_start, poly_ring;
    size_t polygons() const { return poly_ring.size() < 2 ? 0 : poly_ring.size() - 1; }
    // Whether the rings describe `vertices` vertices and no more (fill_lod.cpp).
    bool fits(size_t vertices) const;
};

struct FillMesh {
    std::vector<float> xy;         // 2 per vertex
    std::vector<uint32_t> feature; // 1 per vertex
    std::vector<uint32_t> indices; // 3 per triangle
    // Or, when empty, triangles owned by someone else (the layer's load-time triangulation), valid until
    // upload.
    std::span<const uint32_t> shared_indices;
    // When the vertices are the polygons' rings in order, their layout: zoomed-out levels then draw each
    // polygon from its simplified rings (fill_lod.hpp). Empty: levels only leave out polygons under a pixel.
    FillRings rings;
    std::span<const uint32_t> triangles() const {
        return indices.empty() ? shared_indices : std::span<const uint32_t>(indices);
    }
};

// Line strips, one after another, separated by a vertex with NaN coordinates.
struct LineStrips {
    std::vector<float> xy;
    std::vector<uint32_t> feature;
    void begin_strip() {
        if (!xy.empty()) {
            xy.push_back(std::numeric_limits<float>::quiet_NaN());
            xy.push_back(std::numeric_limits<float>::quiet_NaN());
            feature.push_back(0);
        }
    }
    void add(float x, float y, uint32_t f) {
        xy.push_back(x);
        xy.push_back(y);
        feature.push_back(f);
    }
};

struct PointCloud {
    std::vector<float> xy;
    std::vector<uint32_t> feature;
};

enum class PointShape : int { Circle = 0, Square = 1, Triangle = 2, Diamond = 3, Cross = 4 };

// A raster tile: a grid of vertices in map units with texture coordinates, and the texture itself.
struct RasterTile {
    int grid_w = 0, grid_h = 0; // vertices across and down
    std::vector<float> xyuv;    // 4 per vertex; NaN xy marks a vertex outside the projection
    int tex_w = 0, tex_h = 0;
    std::vector<float> values; // single-band values, NaN for nodata (colour ramp path)
    std::vector<uint8_t> rgba; // or a colour image
};

struct FillStyle {
    Rgba colour{0.5f, 0.5f, 0.5f, 1};
    bool by_feature = false; // take colours from the layer's feature table instead
    float hatch_px = 0;      // >0: diagonal stripes this far apart instead of a solid fill
    // Leave out polygons smaller than a pixel: for layers whose outline, drawn over the fill, covers them
    // anyway (at least a pixel wide and mostly opaque). Zoomed out, they are most of a big layer's triangles.
    bool skip_subpixel = false;
};
struct LineStyle {
    Rgba colour{0, 0, 0, 1};
    float width_px = 1;
    bool by_feature = false;
    float dash_px = 0; // 0: solid
};
struct PointStyle {
    Rgba fill{0.9f, 0.3f, 0.1f, 1}, outline{1, 1, 1, 1};
    float size_px = 8, outline_px = 1;
    PointShape shape = PointShape::Circle;
    bool by_feature = false;
    bool size_by_feature = false; // multiply size_px by the layer's per-feature size factors
};
struct RasterStyle {
    float min = 0, max = 1;
    float opacity = 1;
    std::vector<Rgba> ramp;  // evenly spaced stops, min to max
    Rgba nodata{0, 0, 0, 0}; // colour of nodata cells; transparent by default
    float threshold = std::numeric_limits<float>::quiet_NaN(); // risk emphasis above this value; NaN: off
};

// What the map shows and at what size. Map units per pixel sets the zoom.
struct View {
    geo::XY center;
    double units_per_px = 1;
    int width = 1, height = 1; // framebuffer pixels
    double world_width = 0;    // >0: the map repeats horizontally (world wrap)
    float pixel_ratio = 1;     // framebuffer pixels per logical pixel (high-DPI); styles scale by it
    Rgba background{0.67f, 0.78f, 0.87f, 1};

    geo::XY to_screen(geo::XY p) const { // map -> framebuffer pixels, y down
        return {(p.x - center.x) / units_per_px + width * 0.5,
                height * 0.5 - (p.y - center.y) / units_per_px};
    }
    geo::XY to_map(geo::XY s) const {
        return {center.x + (s.x - width * 0.5) * units_per_px,
                center.y + (height * 0.5 - s.y) * units_per_px};
    }
    geo::Bbox map_bounds() const {
        return {center.x - width * 0.5 * units_per_px, center.y - height * 0.5 * units_per_px,
                center.x + width * 0.5 * units_per_px, center.y + height * 0.5 * units_per_px};
    }
};

// Glyphs of one font size baked into an alpha atlas (the app bakes it with stb_truetype,
// app/scene/fonts.cpp).
struct Glyph {
    float x0, y0, x1, y1; // quad relative to the pen position on the baseline, pixels
    float u0, v0, u1, v1;
    float advance;
};
struct Font {
    float size_px = 13;
    float ascent = 10, descent = -3;
    std::unordered_map<uint32_t, Glyph> glyphs;
    const Glyph* find(uint32_t cp) const {
        auto it = glyphs.find(cp);
        if (it != glyphs.end()) return &it->second;
        it = glyphs.find('?');
        return it != glyphs.end() ? &it->second : nullptr;
    }
    float text_width(const std::string& utf8) const;
};
struct GlyphAtlas {
    int width = 0, height = 0;
    std::vector<uint8_t> alpha;
    std::vector<Font> fonts; // ascending size
    const Font& nearest(float size_px) const;
};

// Text drawn at a screen position; anchor (0.5, 0.5) centres it.
struct TextItem {
    std::string text;
    geo::XY pos; // framebuffer pixels
    float size_px = 13;
    Rgba colour{0.1f, 0.1f, 0.1f, 1};
    Rgba halo{1, 1, 1, 0.85f};
    float anchor_x = 0.5f, anchor_y = 0.5f;
};

// Decodes one UTF-8 code point, advancing i.
uint32_t next_codepoint(const std::string& s, size_t& i);

// What a label shows: at most kMaxLabelChars code points, cut with "...". Each glyph costs two quads (its
// halo and itself); a hostile 1 MiB unit name would otherwise take gigabytes. No real label comes near it.
constexpr size_t kMaxLabelChars = 160;
std::string clip_label(const std::string& s);

} // namespace entente::render
