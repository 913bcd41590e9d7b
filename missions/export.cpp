#include "export.hpp"
#include "export_internal.hpp"

#include "cot.hpp"

#include "geo/antimeridian.hpp"
#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "geo/gdal_ptr.hpp"
#include "output_file.hpp"
#include "sidc.hpp"
#include "utf8.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace entente::missions {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string upper(std::string s) {
    for (auto& c : s)
        c = char(std::toupper((unsigned char)c));
    return s;
}

std::string join(const std::vector<std::string>& v, const char* sep = ",") {
    std::string out;
    for (auto& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

// Whether the code point (of n bytes, 0: not UTF-8) may not appear in an XML 1.0 document.
bool xml_illegal(size_t n, char32_t cp) {
    return n == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
}

} // namespace

namespace detail {

// Escaped for XML text and attributes. XML 1.0 allows only tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and
// U+10000-U+10FFFF: other controls, U+FFFE/U+FFFF and bytes that are not UTF-8 would make the document
// ill-formed (readers stop there), so they are dropped (see xml_legal).
std::string xml_escape(const std::string& s) {
    std::string o;
    for (size_t i = 0; i < s.size();) {
        const char c = s[i];
        char32_t cp = 0;
        const size_t n = utf8_at(s, i, cp);
        if (xml_illegal(n, cp)) { // dropped (see xml_legal)
            i += n ? n : 1;
            continue;
        }
        if (n > 1) {
            o.append(s, i, n);
            i += n;
            continue;
        }
        ++i;
        switch (c) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        case '\'':
            o += "&apos;";
            break;
        // Line breaks and tabs as references: an XML reader turns literal ones in attributes into spaces and
        // CR LF into LF, so a name would not come back as written.
        case '\n':
            o += "&#10;";
            break;
        case '\r':
            o += "&#13;";
            break;
        case '\t':
            o += "&#9;";
            break;
        default:
            o += c;
        }
    }
    return o;
}

// Identity colours for plain viewers (simplestyle marker-color), matching the symbols' light fills.
std::string identity_colour(const std::string& sidc) {
    const auto s = parse_sidc(sidc);
    if (!s) return "#ff00ff";
    switch (s->identity) {
    case StandardIdentity::AssumedFriend:
    case StandardIdentity::Friend:
        return "#80e0ff";
    case StandardIdentity::Neutral:
        return "#aaffaa";
    case StandardIdentity::Suspect:
    case StandardIdentity::Hostile:
        return "#ff8080";
    default:
        return "#ffff80";
    }
}

std::string kind_colour(MeasureKind k) {
    switch (k) {
    case MeasureKind::AreaOfOperations:
        return "#1f4e9c";
    case MeasureKind::AreaOfResponsibility:
        return "#2e7d32";
    case MeasureKind::NoGoZone:
        return "#c62828";
    case MeasureKind::BufferZone:
        return "#ef6c00";
    case MeasureKind::AssemblyArea:
        return "#6a1b9a";
    case MeasureKind::Route:
        return "#6d4c41";
    case MeasureKind::MainSupplyRoute:
        return "#4e342e";
    case MeasureKind::PhaseLine:
        return "#1565c0";
    case MeasureKind::Boundary:
        return "#212121";
    case MeasureKind::Base:
        return "#283593";
    case MeasureKind::Headquarters:
        return "#ad1457";
    case MeasureKind::Checkpoint:
        return "#e65100";
    case MeasureKind::LandingZone:
        return "#00838f";
    case MeasureKind::Airfield:
        return "#4527a0";
    case MeasureKind::ObservationPost:
        return "#558b2f";
    }
    return "#37474f";
}

} // namespace detail
using namespace detail;

// Maki icon names (simplestyle marker-symbol) for point measures; docs/overlay-profile.md lists them.
const char* marker_symbol(MeasureKind k) {
    switch (k) {
    case MeasureKind::Base:
        return "castle"; // a fortified compound
    case MeasureKind::Headquarters:
        return "star";
    case MeasureKind::Checkpoint:
        return "roadblock";
    case MeasureKind::LandingZone:
        return "heliport";
    case MeasureKind::Airfield:
        return "airfield";
    case MeasureKind::ObservationPost:
        return "viewpoint";
    default:
        return "";
    }
}

nlohmann::json overlay_header(const Mission& m, const ExportOptions& opt) {
    json phases = json::array();
    for (const auto& p : m.phases)
        phases.push_back(to_json(p));
    json mission = to_json(m);
    json units = json::array(), measures = json::array();
    for (const auto& u : m.units)
        units.push_back(u.id);
    for (const auto& c : m.measures)
        measures.push_back(c.id);
    mission.erase("units");
    mission.erase("measures");
    mission["unit_order"] = units;
    mission["measure_order"] = measures;
    // Releasability fails closed: the briefing (slide titles and the briefer's notes) and the free-text
    // description carry no releasability of their own, so they go only with an unfiltered export.
    if (!opt.recipient.empty()) {
        mission.erase("slides");
        mission.erase("description");
        mission["withheld"] = json::array({"slides", "description"});
    }
    return {
        {"profile", kOverlayProfile},
        {"recipient", opt.recipient},
        {"marking", m.classification},
        {"phase", opt.phase},
        {"phases", phases},
        {"phase_representation",
         opt.format == ExportFormat::KML || opt.format == ExportFormat::KMZ
             ? "KML: one Folder per phase (a mission without phases: one Folder \"All elements\"); each "
               "holds "
               "every unit once, at its position in that phase, and the measures that apply in it. A "
               "placemark's phase_default and in_phases describe it within its folder: show one folder at a "
               "time."
         : opt.phase.empty()
             ? "whole plan: one feature per unit and place. The unit's default position has phase \"\" and "
               "phase_default true; each phase in which the unit has its own position adds a feature with "
               "that phase id and phase_default false. in_phases lists the phase ids in which a feature "
               "is shown, so a viewer shows phase P with the features whose in_phases contains P (measures "
               "too), and a single picture with the features whose phase_default is true."
             : "one phase: one feature per unit at its position in phase " + opt.phase +
                   " (phase_default true), and the measures that apply in it."},
        {"mission", mission}};
}

std::vector<Feat> detail::features(const Mission& m, const ExportOptions& opt) {
    std::vector<Feat> out;
    auto common = [&](json& p, const std::vector<std::string>& rel) {
        p["marking"] = m.classification;
        p["releasability"] = join(rel.empty() ? m.releasability : rel);
        p["recipient"] = opt.recipient;
    };
    for (const auto& u : m.units) {
        std::vector<std::pair<std::string, geo::LonLat>> places;
        if (!opt.phase.empty())
            places.push_back({opt.phase, u.position_in(opt.phase)});
        else {
            places.push_back({"", u.position});
            for (auto& [ph, p] : u.phase_position)
                places.push_back({ph, p});
        }
        // The phases in which the default position shows: those without a position of their own.
        std::vector<std::string> at_default;
        for (const auto& p : m.phases)
            if (!u.phase_position.count(p.id)) at_default.push_back(p.id);
        const auto s = parse_sidc(u.sidc);
        for (auto& [ph, p] : places) {
            Feat f;
            f.unit = true, f.id = u.id, f.name = u.designation.empty() ? u.id : u.designation, f.phase = ph;
            f.pts = {p};
            json& j = f.props;
            j["id"] = u.id;
            j["element"] = "unit";
            j["name"] = f.name;
            j["sidc"] = u.sidc;
            j["designation"] = u.designation;
            j["higher_formation"] = u.higher_formation;
            j["echelon"] = s ? to_string(s->echelon) : "";
            j["identity"] = s ? to_string(s->identity) : "unknown code";
            j["function"] = s ? s->function : "";
            j["nation"] = u.nation;
            j["organisation"] = u.organisation;
            j["strength"] = u.strength;
            j["command_relationship"] = u.command_relationship;
            j["parent"] = u.parent;
            j["phase"] = ph;
            j["phase_default"] = !opt.phase.empty() || ph.empty();
            j["in_phases"] = opt.phase.empty() ? (ph.empty() ? join(at_default) : ph) : opt.phase;
            common(j, u.releasability);
            j["marker-color"] = identity_colour(u.sidc);
            j["entente_json"] = to_json(u).dump();
            out.push_back(std::move(f));
        }
    }
    for (const auto& c : m.measures) {
        if (!opt.phase.empty() && !c.phases.empty() &&
            std::find(c.phases.begin(), c.phases.end(), opt.phase) == c.phases.end())
            continue;
        Feat f;
        f.id = c.id, f.name = c.name, f.shape = shape_of(c.kind), f.pts = c.points;
        f.phase = opt.phase.empty() ? join(c.phases) : opt.phase;
        json& j = f.props;
        j["id"] = c.id;
        j["element"] = "measure";
        j["name"] = c.name;
        j["kind"] = to_string(c.kind);
        j["phase"] = f.phase;
        j["phase_default"] = true;
        std::vector<std::string> shown;
        if (!opt.phase.empty())
            shown = {opt.phase};
        else if (!c.phases.empty())
            shown = c.phases;
        else
            for (const auto& p : m.phases)
                shown.push_back(p.id);
        j["in_phases"] = join(shown);
        j["assigned_unit"] = c.assigned_unit;
        common(j, c.releasability);
        const std::string col = kind_colour(c.kind);
        if (f.shape == Shape::Point)
            j["marker-color"] = col, j["marker-symbol"] = marker_symbol(c.kind);
        else
            j["stroke"] = col, j["stroke-width"] = c.kind == MeasureKind::MainSupplyRoute ? 4 : 2.5;
        if (f.shape == Shape::Area)
            j["fill"] = col, j["fill-opacity"] = c.kind == MeasureKind::AreaOfOperations ? 0.0 : 0.2;
        j["entente_json"] = to_json(c).dump();
        out.push_back(std::move(f));
    }
    return out;
}

namespace {

using geo::DatasetPtr;

std::unique_ptr<OGRGeometry> geometry(const Feat& f) {
    switch (f.shape) {
    case Shape::Point:
        return std::make_unique<OGRPoint>(f.pts[0].lon, f.pts[0].lat);
    case Shape::Line: {
        auto l = std::make_unique<OGRLineString>();
        for (auto& p : f.pts)
            l->addPoint(p.lon, p.lat);
        return l;
    }
    case Shape::Area: {
        auto ring = std::make_unique<OGRLinearRing>();
        for (auto& p : f.pts)
            ring->addPoint(p.lon, p.lat);
        ring->closeRings();
        auto poly = std::make_unique<OGRPolygon>();
        poly->addRingDirectly(ring.release());
        return poly;
    }
    }
    return nullptr;
}

const char* kFields[] = {"id",
                         "element",
                         "name",
                         "kind",
                         "sidc",
                         "designation",
                         "higher_formation",
                         "echelon",
                         "identity",
                         "function",
                         "nation",
                         "organisation",
                         "strength",
                         "command_relationship",
                         "parent",
                         "assigned_unit",
                         "phase",
                         "phase_default",
                         "in_phases",
                         "marking",
                         "releasability",
                         "recipient",
                         "marker-color",
                         "marker-symbol",
                         "stroke",
                         "stroke-width",
                         "fill",
                         "fill-opacity",
                         "entente_json"};

OGRFieldType field_type(const std::string& n) {
    if (n == "strength" || n == "phase_default") return OFTInteger;
    if (n == "stroke-width" || n == "fill-opacity") return OFTReal;
    return OFTString;
}

void write_text(const std::string& path, const std::string& text);

size_t write_ogr(const std::vector<Feat>& feats, const Mission& m, const std::string& path,
                 const ExportOptions& opt) {
    GDALAllRegister();
    const bool geojson = opt.format == ExportFormat::GeoJSON;
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "GPKG");
    if (!drv)
        throw geo::InputError(path, std::string("GDAL has no ") + (geojson ? "GeoJSON" : "GPKG") + " driver",
                              geo::ErrorKind::Failed);
    // Checked before any work; GDAL writes to memory, and the disk sees only the complete file.
    check_output_target(path);
    const MemoryOutput mem(path);
    DatasetPtr ds(drv->Create(mem.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw geo::InputError(path, "cannot create the file", geo::ErrorKind::Failed);
    const std::string meta =
        "Marking: " + m.classification +
        ". Prepared for: " + (opt.recipient.empty() ? std::string("(no recipient filter)") : opt.recipient) +
        ". Mission: " + m.name + (opt.phase.empty() ? "" : ". Phase: " + opt.phase) + ".";
    OGRSpatialReference wgs;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::map<std::string, OGRLayer*> layers;
    auto layer_for = [&](const Feat& f) -> OGRLayer* {
        const std::string name = geojson                  ? "overlay"
                                 : f.unit                 ? "units"
                                 : f.shape == Shape::Area ? "areas"
                                 : f.shape == Shape::Line ? "lines"
                                                          : "points";
        if (auto it = layers.find(name); it != layers.end()) return it->second;
        CPLStringList lco;
        if (geojson) {
            // RFC 7946: WGS84 lon/lat, right-hand winding, antimeridian split, no crs member, 7 decimals.
            lco.SetNameValue("RFC7946", "YES");
            lco.SetNameValue("COORDINATE_PRECISION", "7");
            lco.SetNameValue("DESCRIPTION", meta.c_str());
        }
        const OGRwkbGeometryType type = geojson                  ? wkbUnknown
                                        : f.unit                 ? wkbPoint
                                        : f.shape == Shape::Area ? wkbPolygon
                                        : f.shape == Shape::Line ? wkbLineString
                                                                 : wkbPoint;
        OGRLayer* l = ds->CreateLayer(name.c_str(), &wgs, type, lco.List());
        if (!l) throw geo::InputError(path, "cannot create layer " + name, geo::ErrorKind::Failed);
        for (const char* n : kFields) {
            OGRFieldDefn fd(n, field_type(n));
            if (std::string(n) == "phase_default") fd.SetSubType(OFSTBoolean);
            if (l->CreateField(&fd) != OGRERR_NONE)
                throw geo::InputError(path, std::string("cannot create field ") + n, geo::ErrorKind::Failed);
        }
        layers[name] = l;
        return l;
    };
    size_t n = 0;
    for (const auto& f : feats) {
        OGRLayer* l = layer_for(f);
        OGRFeature of(l->GetLayerDefn());
        for (auto& [k, v] : f.props.items()) {
            const int i = of.GetFieldIndex(k.c_str());
            if (i < 0) continue;
            if (v.is_boolean())
                of.SetField(i, v.get<bool>() ? 1 : 0);
            else if (v.is_number_integer())
                of.SetField(i, v.get<int>());
            else if (v.is_number())
                of.SetField(i, v.get<double>());
            else
                of.SetField(i, v.get<std::string>().c_str());
        }
        of.SetGeometryDirectly(geometry(f).release());
        if (l->CreateFeature(&of) != OGRERR_NONE)
            throw geo::InputError(path, "cannot write feature " + f.id, geo::ErrorKind::Failed);
        ++n;
    }
    const std::string header = overlay_header(m, opt).dump();
    if (!geojson) {
        ds->SetMetadataItem("ENTENTE_MARKING", m.classification.c_str());
        ds->SetMetadataItem("ENTENTE_RECIPIENT", opt.recipient.c_str());
        ds->SetMetadataItem("DESCRIPTION", meta.c_str());
        ds->SetMetadataItem(kMissionKey, header.c_str()); // the mission itself, for a lossless re-import
    }
    if (n == 0) layer_for(Feat{}); // an empty export is still a valid, empty file
    CPLErrorReset();
    ds.reset(); // closed: GDAL has written everything it will (to memory)
    const bool closed_ok = CPLGetLastErrorType() != CE_Failure;
    std::string bytes = mem.bytes();
    if (!closed_ok || bytes.empty())
        throw geo::InputError(path, std::string("GDAL could not finish the file: ") + CPLGetLastErrorMsg(),
                              geo::ErrorKind::Failed);
    if (geojson) {
        // The mission and how phases are represented, as the FeatureCollection's foreign member "entente"
        // (RFC 7946 section 6.1), inserted as the collection's first member so GDAL's output is kept as is.
        const size_t brace = bytes.find('{');
        if (brace == std::string::npos)
            throw geo::InputError(path, "GDAL wrote no JSON object", geo::ErrorKind::Failed);
        bytes.insert(brace + 1, "\n\"entente\": " + header + ",");
        // GDAL (and so QGIS and ogr2ogr) takes any file with "<kml", "<gpx" or "<VRTDataset" in its first
        // kilobyte for that format, whatever its name: a plan named "<kml>" would not open as GeoJSON. In
        // JSON
        // '<' and '>' occur only inside strings, where \u003c and \u003e read back as the same text.
        std::string escaped;
        escaped.reserve(bytes.size());
        for (const char c : bytes)
            if (c == '<')
                escaped += "\\u003c";
            else if (c == '>')
                escaped += "\\u003e";
            else
                escaped += c;
        bytes = std::move(escaped);
    }
    write_text(path, bytes);
    return n;
}

std::string now_iso(int add_hours = 0) {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                        std::chrono::hours(add_hours));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void write_text(const std::string& path, const std::string& text) {
    write_file_atomically(path, text);
}

// A CSV cell. Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or CR that
// some strip first) is neutralised with a leading single quote, as OWASP advises for CSV injection; numbers
// are written by the caller as numbers and never pass through here.
std::string csv_field(const std::string& s) {
    const std::string v = csv_neutralised(s);
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string o = "\"";
    for (char c : v)
        o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

} // namespace

std::string csv_neutralised(const std::string& text) {
    if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos)
        return "'" + text;
    return text;
}

std::string xml_legal(const std::string& s) {
    std::string o;
    for (size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const size_t n = utf8_at(s, i, cp);
        if (!xml_illegal(n, cp)) o.append(s, i, n);
        i += n ? n : 1;
    }
    return o;
}

std::optional<ExportFormat> export_format_from(std::string_view name) {
    const std::string n = upper(std::string(name));
    if (n == "GEOJSON" || n == "JSON") return ExportFormat::GeoJSON;
    if (n == "KML") return ExportFormat::KML;
    if (n == "KMZ") return ExportFormat::KMZ;
    if (n == "GPKG" || n == "GEOPACKAGE") return ExportFormat::GPKG;
    if (n == "COT" || n == "XML") return ExportFormat::CoT;
    if (n == "CSV") return ExportFormat::CSV;
    return std::nullopt;
}

const char* to_string(ExportFormat f) {
    switch (f) {
    case ExportFormat::GeoJSON:
        return "geojson";
    case ExportFormat::KML:
        return "kml";
    case ExportFormat::KMZ:
        return "kmz";
    case ExportFormat::GPKG:
        return "gpkg";
    case ExportFormat::CoT:
        return "cot";
    case ExportFormat::CSV:
        return "csv";
    }
    return "?";
}

std::optional<ExportFormat> export_format_for_path(const std::string& path) {
    const std::string ext = upper(fs::path(path).extension().string());
    if (ext == ".GEOJSON" || ext == ".JSON") return ExportFormat::GeoJSON;
    if (ext == ".KML") return ExportFormat::KML;
    if (ext == ".KMZ") return ExportFormat::KMZ;
    if (ext == ".GPKG") return ExportFormat::GPKG;
    if (ext == ".COT" || ext == ".XML") return ExportFormat::CoT;
    if (ext == ".CSV") return ExportFormat::CSV;
    return std::nullopt;
}

namespace {
const char* extensions_of(ExportFormat f) {
    switch (f) {
    case ExportFormat::GeoJSON:
        return ".geojson or .json";
    case ExportFormat::KML:
        return ".kml";
    case ExportFormat::KMZ:
        return ".kmz";
    case ExportFormat::GPKG:
        return ".gpkg";
    case ExportFormat::CoT:
        return ".cot or .xml";
    case ExportFormat::CSV:
        return ".csv";
    }
    return "";
}
} // namespace

FormatChoice choose_export_format(const std::string& given, const std::string& path) {
    const std::string ext = fs::path(path).extension().string();
    const auto by_ext = export_format_for_path(path);
    if (given.empty()) {
        if (by_ext) return {by_ext, ""};
        return {std::nullopt, "cannot tell the format of " + path + " from its extension" +
                                  (ext.empty() ? "" : " " + ext) +
                                  ": give --format (geojson, kml, kmz, gpkg, cot or csv) or an output file "
                                  "ending in .geojson, .json, .kml, .kmz, .gpkg, .cot, .xml or .csv"};
    }
    const auto f = export_format_from(given);
    if (!f) return {std::nullopt, "--format " + given + ": not one of geojson, kml, kmz, gpkg, cot, csv"};
    if (ext.empty() || by_ext == f) return {f, ""};
    return {std::nullopt,
            "--format " + given + " does not match the extension " + ext + " of " + path + " (" +
                (by_ext ? "a " + std::string(to_string(*by_ext)) + " file" : "not an export format") + "); " +
                to_string(*f) + " files end in " + extensions_of(*f)};
}

size_t export_mission(const Mission& m, const std::string& path, const ExportOptions& opt) {
    const auto feats = features(m, opt);
    switch (opt.format) {
    case ExportFormat::GeoJSON:
    case ExportFormat::GPKG:
        return write_ogr(feats, m, path, opt);
    case ExportFormat::KML: {
        const std::string kml = mission_kml(m, opt);
        write_text(path, kml);
        size_t n = 0;
        for (size_t p = 0; (p = kml.find("<Placemark>", p)) != std::string::npos; ++p)
            ++n;
        return n;
    }
    case ExportFormat::KMZ:
        throw geo::InputError(path, "KMZ is written by the app (it draws the unit icons)",
                              geo::ErrorKind::Unsupported);
    case ExportFormat::CSV: {
        std::ostringstream o;
        const char* cols[] = {"id",
                              "designation",
                              "higher_formation",
                              "sidc",
                              "identity",
                              "echelon",
                              "function",
                              "nation",
                              "organisation",
                              "strength",
                              "command_relationship",
                              "parent",
                              "releasability",
                              "phase",
                              "marking",
                              "recipient"};
        for (const char* c : cols)
            o << c << ",";
        o << "lat,lon\n";
        size_t n = 0;
        for (const auto& f : feats) {
            if (!f.unit) continue;
            for (const char* c : cols) {
                const auto& v = f.props[c];
                o << (v.is_string() ? csv_field(v.get<std::string>()) : v.dump()) << ",";
            }
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.7f,%.7f\n", f.pts[0].lat, f.pts[0].lon);
            o << buf;
            ++n;
        }
        write_text(path, o.str());
        return n;
    }
    case ExportFormat::CoT: {
        std::ostringstream o;
        const std::string now = now_iso(), stale = now_iso(24);
        o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events mission=\"" << xml_escape(m.name)
          << "\" marking=\"" << xml_escape(m.classification) << "\" recipient=\"" << xml_escape(opt.recipient)
          << "\">\n";
        size_t n = 0;
        std::string slug;
        for (char c : m.name)
            slug += std::isalnum((unsigned char)c) ? char(std::tolower((unsigned char)c)) : '-';
        for (const auto& f : feats) {
            if (f.shape != Shape::Point) continue;
            // One event per unit (its position in the phase) and per point measure.
            if (f.unit && opt.phase.empty() && !f.phase.empty()) continue;
            const std::string type = f.unit ? cot_type(f.props["sidc"].get<std::string>()) : "b-m-p-w";
            char pt[160];
            std::snprintf(
                pt, sizeof pt,
                "<point lat=\"%.7f\" lon=\"%.7f\" hae=\"9999999.0\" ce=\"9999999.0\" le=\"9999999.0\"/>",
                f.pts[0].lat, f.pts[0].lon);
            o << "<event version=\"2.0\" uid=\"entente." << xml_escape(slug + "." + f.id) << "\" type=\""
              << type << "\" how=\"h-g-i-g-o\" time=\"" << now << "\" start=\"" << now << "\" stale=\""
              << stale << "\">" << pt << "<detail><contact callsign=\"" << xml_escape(f.name) << "\"/>";
            if (f.unit) o << "<__milsym id=\"" << xml_escape(f.props["sidc"].get<std::string>()) << "\"/>";
            o << "<remarks>"
              << xml_escape("Marking: " + m.classification + ". Releasable to " +
                            f.props["releasability"].get<std::string>() + ".")
              << "</remarks></detail></event>\n";
            ++n;
        }
        o << "</events>\n";
        write_text(path, o.str());
        return n;
    }
    }
    return 0;
}

} // namespace entente::missions
