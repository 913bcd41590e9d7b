// Mission commands: `entente edit MISSION --apply OPS.json` (the window's edit vocabulary, from a script) and
// `entente validate MISSION`.
#pragma once
#include <string>

namespace entente::app {
int cmd_edit(const std::string& mission_path, const std::string& ops_path);
// `entente validate MISSION`: the plan's diagnostics; non-zero exit when there are errors.
int cmd_validate(const std::string& mission_path, bool json, const std::string& risk, double risk_threshold);
} // namespace entente::app
