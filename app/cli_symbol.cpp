#include "cli_symbol.hpp"

#include "missions/sidc.hpp"

#include <iostream>

namespace entente::app {

int cmd_symbol(const std::string& code, bool /*describe*/) {
    std::string error;
    const auto sidc = missions::parse_sidc(code, &error);
    if (!sidc) {
        std::cerr << "entente symbol: " << error << "\n";
        return 2;
    }
    std::cout << missions::describe(*sidc);
    return 0;
}

} // namespace entente::app
