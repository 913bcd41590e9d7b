// `entente alliances`: which countries belonged to which organisation on a given day, from the domain tables
// in assets/domain/ (memberships.csv, organisations.csv, countries.csv).
#pragma once
#include <string>
#include <vector>

namespace entente::app {

// `date`: YYYY-MM-DD, or empty for today. `orgs`: codes or names (any case); empty lists every organisation
// that has membership rows. Prints to stdout (a table, or JSON with `json`); returns the exit code. An
// unparsable date or an unknown organisation prints one line on stderr naming the value and returns 2. Rows
// of the tables that could not be used are reported on stderr as warnings. Throws geo::InputError when a
// table is missing.
int cmd_alliances(const std::string& date, const std::vector<std::string>& orgs, bool json);

} // namespace entente::app
