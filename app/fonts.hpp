// Bakes the shipped TTF through ImGui's font atlas into the renderer's glyph atlas, so map labels use the
// same font and rasteriser as the UI, headless or windowed.
#pragma once
#include "render/scene.hpp"

struct ImFontAtlas;

namespace entente::app {

// Map label sizes baked for a given pixel ratio (high-DPI or large exports use bigger glyphs).
render::GlyphAtlas bake_map_font(float pixel_ratio = 1.0f);
// Converts fonts already built in an ImGui atlas (all of its fonts).
render::GlyphAtlas glyph_atlas_from(ImFontAtlas& atlas);
std::string font_path();

} // namespace entente::app
