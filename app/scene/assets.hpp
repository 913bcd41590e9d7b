// Where the app's shipped data (basemap, font) lives: $ENTENTE_ASSETS, next to an installed binary, or the
// source tree the binary was built from.
#pragma once
#include <string>

namespace entente::app {
std::string assets_dir();
std::string asset_path(const std::string& relative);
} // namespace entente::app
