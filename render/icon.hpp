// Vector icons (unit symbols, map markers) as plain data, rasterized on the CPU into RGBA images and packed
// into one atlas texture, so the GPU draws thousands of them as textured quads. Each image is rasterized at
// the pixel size it is shown at, so symbols stay crisp at every zoom (the map scales positions, not icons).
#pragma once
#include "scene.hpp"

#include <string>
#include <vector>

namespace entente::render {

// A polyline or polygon in icon units (y down), filled (even-odd) and/or stroked with round joins.
struct IconPath {
    std::vector<geo::XY> pts;
    bool closed = false;
    Rgba fill{0, 0, 0, 0};   // alpha 0: no fill
    Rgba stroke{0, 0, 0, 0}; // alpha 0: no stroke
    float width = 0;         // stroke width, icon units
    float dash = 0, gap = 0; // >0: dashed stroke, icon units
};
struct IconText {
    std::string text;
    geo::XY pos;     // icon units
    float size = 30; // cap-to-descender height, icon units
    Rgba colour{0, 0, 0, 1};
    float anchor_x = 0.5f, anchor_y = 0.5f;
    Rgba halo{0, 0, 0, 0}; // alpha > 0: an outline for legibility over the map
};
struct IconDrawing {
    geo::Bbox bounds; // icon units covered (paths, texts); the image spans this
    geo::XY anchor;   // the point placed on the map position
    std::vector<IconPath> paths;
    std::vector<IconText> texts; // drawn after the paths
};

// Premultiplied RGBA8, row 0 at the top.
struct IconImage {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
    float anchor_x = 0, anchor_y = 0; // pixels from the top-left corner
};

// Rasterizes with 4x4 supersampling at `px_per_unit`. Texts need a glyph atlas (skipped without one).
IconImage rasterize_icon(const IconDrawing& d, float px_per_unit, const GlyphAtlas* glyphs = nullptr);

// Images packed into one texture (shelf packing).
struct IconAtlas {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba; // premultiplied
    struct Entry {
        int x = 0, y = 0, w = 0, h = 0;
        float anchor_x = 0, anchor_y = 0;
    };
    std::vector<Entry> entries; // one per image, in the order given
};
IconAtlas pack_icons(const std::vector<IconImage>& images, int max_width = 2048);

// One icon on the map: atlas entry `icon` at a map position.
struct IconInstance {
    geo::XY pos; // map units
    uint32_t icon = 0;
    float dx = 0, dy = 0; // screen offset in pixels (y down), e.g. to fan out units at one place
};

// Writes an image (un-premultiplied) as PNG. False on failure.
bool write_icon_png(const std::string& path, const IconImage& img);
// The same PNG in memory (for archives); empty when encoding failed.
std::vector<unsigned char> icon_png_bytes(const IconImage& img);

} // namespace entente::render
