// Overlay export as the CLI and the window run it: load the memberships, filter by releasability (fail
// closed), write the format (KMZ with the unit symbols drawn as icons inside), and say what was withheld and
// why.
#pragma once
#include "geo/error.hpp"
#include "missions/export.hpp"

#include <string>
#include <vector>

namespace entente::app {

struct ExportRequest {
    missions::ExportFormat format = missions::ExportFormat::GeoJSON;
    std::string recipient; // organisation code or ISO alpha-3; empty: everything (unless `filtered`)
    // Releasability was asked for (--releasable-to given): an empty or blank recipient is then refused, never
    // taken as "everything".
    bool filtered = false;
    std::string phase; // number (1 = first) or id; empty: all phases
    std::string output;
    bool allow_empty = false; // write an overlay with nothing in it rather than refuse (EmptyExport)
};

struct ExportResult {
    size_t features = 0;
    std::vector<missions::Withheld> withheld;
};

// An export that would hold nothing (everything withheld, or nothing in the mission or phase), refused unless
// ExportRequest::allow_empty: nothing is written. Kind RefusedForSafety when releasability withheld elements
// (listed with their reasons in `withheld`), Failed when there was nothing to withhold.
class EmptyExport : public geo::InputError {
  public:
    EmptyExport(const std::string& output, const std::string& reason, std::vector<missions::Withheld> w)
        : geo::InputError(output, reason,
                          w.empty() ? geo::ErrorKind::Failed : geo::ErrorKind::RefusedForSafety),
          withheld(std::move(w)) {}
    std::vector<missions::Withheld> withheld;
};

// Throws geo::InputError naming the input and the reason (EmptyExport as above); nothing is written then.
ExportResult export_overlay(const missions::Mission& m, const ExportRequest& req);

// A phase given as a number (1 = first) or an id, as its id; throws geo::InputError when the mission has no
// such phase. Empty stays empty.
std::string resolve_phase(const missions::Mission& m, const std::string& number_or_id);

// A loaded GDAL vector source (any format GDAL reads) exported to a partner format, reprojected to WGS84
// longitude/latitude (GeoJSON as RFC 7946). KMZ and CoT are for missions only. Returns the features written;
// throws geo::InputError. A GeoJSON export of `split_from` features or more is written in two halves on two
// cores (the same bytes).
inline constexpr size_t kGeoJSONSplitFrom = 20000;
size_t export_layer_file(const std::string& source, const std::string& output, missions::ExportFormat format,
                         size_t split_from = kGeoJSONSplitFrom);

} // namespace entente::app
