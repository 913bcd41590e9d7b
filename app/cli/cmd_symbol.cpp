// `entente symbol SIDC [--describe] [-o out.png]`: what a unit symbol code means (identity, symbol set,
// echelon, function), for 20-digit MIL-STD-2525D / APP-6(D) codes and 15-character MIL-STD-2525C codes
// (missions/sidc.hpp), or the symbol itself drawn to a PNG.
#include "command.hpp"

#include "missions/sidc.hpp"
#include "scene/fonts.hpp"
#include "scene/symbol_draw.hpp"

#include <algorithm>
#include <iostream>

namespace entente::app {

struct SymbolCommand {
    std::string code;
    bool describe = false;
    std::string output;  // PNG path; empty: describe only
    float size_px = 120; // frame height in pixels
    bool unfilled = false;
    std::string designation, higher_formation;
};

// Prints missions::describe() of the code (unless only -o is given) and draws it to `output`. A malformed
// code prints one line `entente symbol: <error>` on stderr (naming the code) and returns 2; with -o it still
// writes the marked fallback symbol, so a batch of symbols never has holes. A well-formed code whose function
// has no icon prints a warning and returns 0.
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

namespace {

class SymbolCli : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand("symbol", "Say what a unit symbol code (SIDC) means, or draw it");
        c->add_option("sidc", sym_.code, "20-digit APP-6(D)/2525D code or 15-character 2525C code")
            ->required();
        c->add_flag("--describe", sym_.describe, "Identity, dimension, echelon and function in words");
        c->add_option("-o,--output", sym_.output, "Draw the symbol to this PNG");
        c->add_option("--size", sym_.size_px, "Frame height in pixels (default 120)")->check(finite_number());
        c->add_flag("--unfilled", sym_.unfilled, "Unfilled frame, drawn in the identity colour");
        c->add_option("--designation", sym_.designation, "Unique designation (text modifier T)");
        c->add_option("--higher", sym_.higher_formation, "Higher formation (text modifier M)");
        return c;
    }
    int run() override { return cmd_symbol(sym_); }

  private:
    SymbolCommand sym_;
};

} // namespace

std::unique_ptr<Command> symbol_command() {
    return std::make_unique<SymbolCli>();
}

} // namespace entente::app
