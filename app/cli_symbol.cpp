#include "cli_symbol.hpp"

#include "fonts.hpp"
#include "missions/sidc.hpp"
#include "symbol_draw.hpp"

#include <algorithm>
#include <iostream>

namespace entente::app {

int cmd_symbol(const SymbolCommand& c) {
    std::string error;
    const auto sidc = missions::parse_sidc(c.code, &error);
    if (sidc && (c.describe || c.output.empty())) std::cout << missions::describe(*sidc);
    if (!c.output.empty()) {
        if (!(c.size_px >= 8 && c.size_px <= 2000)) {
            std::cerr << "entente symbol: --size " << c.size_px << ": must be 8 to 2000 pixels\n";
            return 2;
        }
        SymbolOptions opt;
        opt.filled = !c.unfilled;
        opt.designation = c.designation, opt.higher_formation = c.higher_formation;
        const UnitSymbol sym = draw_unit_symbol(c.code, opt);
        const float scale = symbol_scale(c.size_px);
        // Glyphs baked near the size they are drawn at keep icon letters and modifiers sharp.
        const render::GlyphAtlas glyphs = bake_map_font(std::max(1.0f, c.size_px / 36.f));
        const render::IconImage img = render::rasterize_icon(sym.drawing, scale, &glyphs);
        if (!render::write_icon_png(c.output, img)) {
            std::cerr << "entente symbol: " << c.output << ": cannot write the PNG\n";
            return 1;
        }
        if (!sym.message.empty()) std::cerr << "entente symbol: warning: " << sym.message << "\n";
        std::cout << "Wrote " << c.output << " (" << img.width << "x" << img.height << ")\n";
    }
    if (!sidc) {
        std::cerr << "entente symbol: " << error << "\n";
        return 2;
    }
    return 0;
}

} // namespace entente::app
