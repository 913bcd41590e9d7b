// Overlay export: what a partner may see of a mission (filtered by releasability.hpp first), in a format its
// own tools open. The properties every format carries follow docs/overlay-profile.md (SIDC, designation,
// echelon, identity, nation, organisation, phase, marking, releasability, simplestyle colours, and the
// element itself as JSON so a re-import is exact). Import of overlays (ours or others') is in
// overlay_import.cpp.
#pragma once
#include "cot.hpp"
#include "model.hpp"
#include "releasability.hpp"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace entente::missions {

enum class ExportFormat { GeoJSON, KML, KMZ, GPKG, CoT, CSV };
std::optional<ExportFormat> export_format_from(std::string_view name); // "geojson", "kml", ...
const char* to_string(ExportFormat f);
// The format an output file's extension names: .geojson/.json, .kml, .kmz, .gpkg, .cot/.xml, .csv (case
// ignored); none for any other extension or none.
std::optional<ExportFormat> export_format_for_path(const std::string& path);
// The format to write `path` in: `given` (a --format value), or the extension's when `given` is empty. Either
// a format, or a message naming the --format value and the extension that do not go together (an extension
// of another format, or an unknown one), or why neither names a format. No extension with `given`: fine.
struct FormatChoice {
    std::optional<ExportFormat> format;
    std::string error;
};
FormatChoice choose_export_format(const std::string& given, const std::string& path);

struct ExportOptions {
    ExportFormat format = ExportFormat::GeoJSON;
    std::string recipient; // recorded in the metadata; filtering is done by releasable_to() beforehand
    std::string phase; // a phase id: only that phase (unit positions there, measures applying); empty: all
    // KML/KMZ: icon file (relative href) per SIDC, for unit placemarks; empty: coloured pins.
    std::map<std::string, std::string> icon_href;
};

// Writes the (already filtered) mission. Throws geo::InputError naming the output and the reason. Returns
// the number of features written.
size_t export_mission(const Mission& m, const std::string& path, const ExportOptions& opt);
// KML text (KMZ wraps it with icons; the app does that).
std::string mission_kml(const Mission& m, const ExportOptions& opt);

// Text as a spreadsheet may safely open it: a value starting with = + - @, tab or CR (a formula to Excel,
// LibreOffice, Google Sheets) gets a leading single quote (OWASP, CSV injection). For text cells only:
// numbers are written as numbers and never pass through here.
std::string csv_neutralised(const std::string& text);
// Text without the code points XML 1.0 forbids (controls other than tab/LF/CR, U+FFFE, U+FFFF, surrogates,
// bytes that are not UTF-8), so an XML writer cannot make an ill-formed document of it. Dropped rather than
// replaced by U+FFFD: XML readers (xmldom) warn of a replacement character as an encoding fault.
std::string xml_legal(const std::string& text);

// The overlay profile's name and version, as the mission header records it.
inline constexpr const char* kOverlayProfile = "entente-overlay/2";
// Where each format carries the mission header: the GeoPackage's dataset metadata item and the KML Document's
// ExtendedData Data name (GeoJSON: the FeatureCollection's foreign member "entente").
inline constexpr const char* kMissionKey = "entente_mission";

// The Maki icon name (simplestyle marker-symbol) for a point measure kind; "" for areas and lines.
const char* marker_symbol(MeasureKind k);

// The header every GeoJSON, GeoPackage and KML overlay carries: the profile, recipient, marking, the phase
// exported, the phases and how features represent them, and the mission itself without its elements
// ("mission": name, classification, releasability, D-day, description, phases, slides, and the order of the
// units and measures), so that a re-import gives back an equal mission.
nlohmann::json overlay_header(const Mission& m, const ExportOptions& opt);

// Reads an overlay written by export_mission (GeoJSON, GeoPackage, KML, KMZ) back into a mission: elements
// are rebuilt from their JSON property and the mission from the header, so the result equals the exported
// mission. `with_mission` (optional) is set to whether the overlay carried the header (an older export does
// not: then the mission has the overlay's name and default settings).
Mission import_overlay(const std::string& path, bool* with_mission = nullptr);

} // namespace entente::missions
