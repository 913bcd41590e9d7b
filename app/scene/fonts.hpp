// Bakes the shipped TTF into the renderer's glyph atlas with stb_truetype, so map labels need no UI library
// (the command-line tools render maps without ImGui). The glyphs match what ImGui 1.86 baked before.
#pragma once
#include "render/scene.hpp"

#include <string>

namespace entente::app {

// Map label sizes baked for a given pixel ratio (high-DPI or large exports use bigger glyphs).
render::GlyphAtlas bake_map_font(float pixel_ratio = 1.0f);
std::string font_path();

} // namespace entente::app
