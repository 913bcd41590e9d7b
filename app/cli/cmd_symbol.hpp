// `entente symbol SIDC [--describe] [-o out.png]`: what a unit symbol code means (identity, symbol set,
// echelon, function), for 20-digit MIL-STD-2525D / APP-6(D) codes and 15-character MIL-STD-2525C codes
// (missions/sidc.hpp), or the symbol itself drawn to a PNG.
#pragma once
#include <string>

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
int cmd_symbol(const SymbolCommand& c);

} // namespace entente::app
