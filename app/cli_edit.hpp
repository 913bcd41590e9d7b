// `entente edit MISSION --apply OPS.json`: the same edit vocabulary as the window, from a script.
#pragma once
#include <string>

namespace entente::app {
int cmd_edit(const std::string& mission_path, const std::string& ops_path);
}
