// `entente symbol SIDC [--describe]`: what a unit symbol code means (identity, symbol set, echelon,
// function), for 20-digit MIL-STD-2525D / APP-6(D) codes and 15-character MIL-STD-2525C codes
// (missions/sidc.hpp).
#pragma once
#include <string>

namespace entente::app {

// Prints missions::describe() of the code on stdout and returns 0 (for now with or without `describe`:
// drawing the symbol with -o comes later). A malformed code prints one line `entente symbol: <error>` on
// stderr (the error names the code) and returns 2. A well-formed code whose function is not in the table
// still prints its description, with a Warning line, and returns 0.
int cmd_symbol(const std::string& sidc, bool describe);

} // namespace entente::app
