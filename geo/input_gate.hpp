// The one door through which untrusted input reaches GDAL: files a user opens, files a mission names (slide
// layers), and the features they hold. A file must not read other files, reach the network, hang or exhaust
// memory, so the gate checks the path before anything opens it, opens it only with the drivers Entente
// supports, and checks what those drivers are known to mishandle.
#pragma once
#include "gdal_ptr.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace entente::geo {

// Limits on untrusted input. Each refusal or repair names the limit it met.
namespace limits {
inline constexpr uint64_t archive_expanded_bytes = 1ull << 30; // KMZ/zip: sum of uncompressed entries
inline constexpr double archive_ratio = 100;                   // uncompressed / compressed, checked past:
inline constexpr uint64_t archive_ratio_from_bytes = 64ull << 20;
inline constexpr size_t text_value_bytes = 64 * 1024; // longer attribute values are truncated
inline constexpr int geometry_depth = 32;             // nested collections
inline constexpr size_t feature_vertices = 8'000'000; // a national coastline is a few million
inline constexpr int json_depth = 100; // JSON arrays/objects inside each other (32 collections need ~70)
} // namespace limits

// Checks a path before anything opens it: local regular files (or a .gdb folder) only, /vsimem/ (memory),
// /vsigzip/ or /vsizip/ over a local file; no URL, network or other /vsi path, no FIFO, device or socket
// (stat only: opening a FIFO blocks). Throws InputError (NotFound, Corrupt for an empty file,
// RefusedForSafety, Unsupported). missions/ and app/ call it for every path a mission file names.
void check_input_path(const std::string& path);

// The GDAL drivers Entente reads user files with (no VRT, WMS, HTTP or other drivers that can reach other
// files or the network), null-terminated for GDALOpenEx.
const char* const* input_drivers();

// check_input_path, then the content checks (VRT and other referencing formats, archive expansion, JSON
// well-formedness, KML tracks LIBKML crashes on), then GDALOpenEx with input_drivers(). notes receives what
// the gate skipped (e.g. GeoPackage views). Throws InputError naming the file and the reason.
DatasetPtr open_input(const std::string& path, unsigned flags, const char* const* open_options,
                      std::vector<std::string>* notes);

// For a reader that parses JSON itself (geo/geojson_reader): the path and head checks open_input makes on a
// JSON file, then its text (decompressed for /vsigzip/), with 64 bytes of capacity past its end.
// check_json_text must pass on the text before anything read from it is used. Empty when the file is not a
// local JSON object, plain or gzipped (in an archive, with a byte order mark...): open_input is the way then.
std::string json_input(const std::string& path);

// Layers open_input's caller must not read (GeoPackage SQL views: a recursive view never ends). Empty reason
// when the layer may be read.
std::string refused_layer_reason(GDALDataset* ds, const char* layer_name);

// Content checks, separately testable. Each throws InputError(input, reason, kind) on the first problem.
// JSON: RFC 8259 syntax, no NaN/Infinity, no duplicate keys, nesting within limits::json_depth, GeoJSON
// "type" values with the right case.
void check_json_text(const std::string& input, std::string_view text);
// KML: every gx:Track has as many <when> as <gx:coord> (GDAL 3.6's LIBKML crashes otherwise).
void check_kml_tracks(const std::string& input, std::string_view text);
// Zip (KMZ, zipped shapefile): the expanded size and ratio within limits, checked from the central directory.
void check_archive(const std::string& path);

// No plugins, no PROJ network, every HTTP request and network file system refused; set in code so that the
// environment cannot undo it. Called by init_gdal() before GDALAllRegister.
void harden_gdal();

} // namespace entente::geo
