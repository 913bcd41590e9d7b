// Mission files: one GeoPackage (`.entente.gpkg`) with the app's own tables and a schema version, readable by
// any GIS (units and control measures are ordinary point/line/polygon layers in WGS84).
//
// Saving is atomic: the file is written beside the target and renamed over it, so an interrupted save leaves
// the previous version intact. A mission file from elsewhere is untrusted: it is opened read-only, any view,
// trigger other than GeoPackage's own spatial-index triggers, or table that is not ours or GeoPackage's is
// refused, as is a newer schema version, each with a message naming the file and the reason.
#pragma once
#include "model.hpp"

#include <string>

namespace entente::missions {

inline constexpr int kSchemaVersion = 2;                          // 2: briefing slides (entente_slides)
inline constexpr const char* kMissionExtension = ".entente.gpkg"; // what new mission files are named

// Whether `path` is a mission file. Decided by content where the file can be read (a GeoPackage with the
// entente_meta table, whatever its name), by the name (kMissionExtension) where it cannot (missing or
// damaged), so that opening it reports why the mission cannot be read instead of treating it as a layer.
bool is_mission_file(const std::string& path);

// Throws geo::InputError naming the file and the reason.
void save_mission(const Mission& m, const std::string& path);
Mission load_mission(const std::string& path);

} // namespace entente::missions
