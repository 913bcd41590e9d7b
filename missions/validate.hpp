// Checks a planner runs before briefing a plan. Each finding names the rule, the element and where it is, so
// the panel can zoom to it and `entente validate` can list it.
#pragma once
#include "model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace entente::missions {

struct Diagnostic {
    enum class Severity { Error, Warning } severity = Severity::Error;
    std::string rule;    // e.g. "unit-outside-area"
    std::string element; // id of the unit, measure or phase concerned
    std::string message;
    std::optional<geo::LonLat> where;
};

struct RiskSample {
    double distance_m;
    double value; // NaN where the raster has no data
};

struct ValidationOptions {
    std::string risk_raster;   // empty: the route-risk rule is skipped
    double risk_threshold = 0; // routes crossing cells above this are reported
    double sample_spacing_m = 1000;
};

struct ValidationResult {
    std::vector<Diagnostic> diagnostics;
    // Risk along each route sampled on its geodesics, for the profile plot: route id -> samples.
    std::vector<std::pair<std::string, std::vector<RiskSample>>> route_profiles;
    size_t errors() const;
};

// Throws geo::InputError when the risk raster cannot be read.
ValidationResult validate(const Mission& m, const ValidationOptions& options = {});
nlohmann::json to_json(const ValidationResult& r);

} // namespace entente::missions
