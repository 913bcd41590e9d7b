// Unit symbols: a SIDC (20-digit APP-6(D) / MIL-STD-2525D, or 15-character 2525C) turned into a vector
// drawing the renderer rasterizes into its icon atlas: the frame by standard identity (shape, colour, dashed
// for pending / assumed friend / suspect and for planned status, filled or unfilled), the main icon of the
// land-unit function, the echelon amplifier above the frame, headquarters staff, task force and feint/dummy
// indicators, and the exercise letter. An unknown or malformed code draws a marked fallback (magenta) and a
// message naming the code. Drawing units: the 2525D 200 x 200 box, friend frame 150 x 100 centred at (100,
// 100).
#pragma once
#include "render/icon.hpp"

#include <string>

namespace entente::app {

struct SymbolOptions {
    bool filled = true;
    // Text modifiers drawn into the image (for `entente symbol -o`); the map draws them as text instead, so
    // units share one atlas image per code.
    std::string designation, higher_formation;
};

struct UnitSymbol {
    render::IconDrawing drawing;
    bool fallback = false; // the code is malformed or its function has no icon: drawn marked
    std::string message;   // why, naming the code; empty when the symbol is complete
    // Where the text modifiers go, in drawing units: designation (T) and higher formation (M), left-aligned.
    geo::XY designation_pos, higher_pos;
};

UnitSymbol draw_unit_symbol(const std::string& sidc, const SymbolOptions& opt = {});

// Drawing units per framebuffer pixel for a symbol whose friend frame is `frame_px` pixels tall.
inline float symbol_scale(float frame_px) {
    return frame_px / 100.f;
}

} // namespace entente::app
