// What the overlay writers share (export.cpp: GeoJSON, GeoPackage, CoT, CSV; export_kml.cpp: KML): the
// mission's elements as exported features and the colours and escapes every format uses. Not part of the
// missions API.
#pragma once
#include "export.hpp"

#include "geo/types.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace entente::missions::detail {

// One exported feature: an element at one place (a unit appears once per phase it has a position for).
struct Feat {
    bool unit = false;
    std::string id, name, phase;
    Shape shape = Shape::Point;
    std::vector<geo::LonLat> pts;
    nlohmann::json props; // the overlay profile's properties
};

// The mission's exported features for `opt` (its phase, or every phase), units before measures.
std::vector<Feat> features(const Mission& m, const ExportOptions& opt);
// Text as XML character data or an attribute value: escaped, and without the code points XML 1.0 forbids.
std::string xml_escape(const std::string& s);
// "#rrggbb" of a unit's standard identity (friend blue, hostile red...) and of a control measure's kind.
std::string identity_colour(const std::string& sidc);
std::string kind_colour(MeasureKind k);

} // namespace entente::missions::detail
