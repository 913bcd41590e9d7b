#pragma once
#include <string>

namespace entente::app {

// `entente brief`: every slide of a mission to one PDF page each. Returns the exit status.
int cmd_brief(const std::string& mission_path, const std::string& output, int width, int height, float scale);

} // namespace entente::app
