// Overlay export as KML 2.2 (KMZ wraps it with icons; the app does that): styles per unit code and measure
// kind, a folder per phase, each placemark's overlay-profile properties as ExtendedData, and the mission
// header in the Document's ExtendedData. Google Earth, ATAK and togeojson read it (tests/oracles).
#include "export.hpp"
#include "export_internal.hpp"

#include "geo/antimeridian.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace entente::missions {

using nlohmann::json;
using namespace detail;

namespace {

std::string kml_colour(const std::string& hex, double alpha) {
    // KML colours are aabbggrr.
    char buf[16];
    const unsigned v = unsigned(std::stoul(hex.substr(1), nullptr, 16));
    std::snprintf(buf, sizeof buf, "%02x%02x%02x%02x", unsigned(alpha * 255 + 0.5) & 255, v & 255,
                  (v >> 8) & 255, (v >> 16) & 255);
    return buf;
}

// ---- KML 2.2 writing. Every element goes in the order the schema's sequences require (checked against
// libkml in tests/missions/test_kml_schema.cpp):
//   Document/Folder/Placemark (AbstractFeatureGroup): name, open, Snippet, description, TimePrimitive,
//     styleUrl, Style*, Region, ExtendedData, then a container's features or a placemark's geometry;
//   Style: IconStyle, LabelStyle, LineStyle, PolyStyle, BalloonStyle, ListStyle;
//   IconStyle: color, scale, Icon; LineStyle: color, width; PolyStyle: color, fill, outline;
//   Polygon: tessellate, outerBoundaryIs, innerBoundaryIs*; LineString: tessellate, coordinates.

// A name/value list as ExtendedData (<Data name=><value>); nothing when empty.
void kml_extended_data(std::ostringstream& k, const std::vector<std::pair<std::string, std::string>>& data) {
    if (data.empty()) return;
    k << "<ExtendedData>";
    for (const auto& [name, value] : data)
        k << "<Data name=\"" << xml_escape(name) << "\"><value>" << xml_escape(value) << "</value></Data>";
    k << "</ExtendedData>";
}

// The Document's ExtendedData entries, in this order. Add mission-wide entries here.
std::vector<std::pair<std::string, std::string>> kml_document_data(const Mission& m,
                                                                   const ExportOptions& opt) {
    return {{"marking", m.classification},
            {"recipient", opt.recipient},
            {kMissionKey, overlay_header(m, opt).dump()}};
}

// Twice the signed area of a ring in plain lon/lat (positive: counter-clockwise).
double signed_area2(const geo::Ring& r) {
    double a = 0;
    for (size_t i = 0; i + 1 < r.size(); ++i)
        a += r[i].lon * r[i + 1].lat - r[i + 1].lon * r[i].lat;
    if (!r.empty()) a += r.back().lon * r.front().lat - r.front().lon * r.back().lat;
    return a;
}

// Longitudes outside [-180, 180] moved into it, so a jump across the antimeridian shows as one.
std::vector<geo::LonLat> wrapped(const std::vector<geo::LonLat>& pts) {
    std::vector<geo::LonLat> out = pts;
    for (auto& p : out)
        if (p.lon > 180.0 || p.lon < -180.0) p.lon = geo::wrap_lon(p.lon);
    return out;
}

// An area as polygons: split at +-180 degrees (each part within [-180, 180]), exterior rings
// counter-clockwise and holes clockwise (the right-hand rule KML consumers and RFC 7946 expect).
std::vector<std::vector<geo::Ring>> kml_polygons(const std::vector<geo::LonLat>& pts) {
    geo::Ring ring = wrapped(pts);
    if (ring.size() > 1 && ring.front().lon == ring.back().lon && ring.front().lat == ring.back().lat)
        ring.pop_back();
    if (ring.empty()) return {};
    ring.push_back(ring.front());
    std::vector<std::vector<geo::Ring>> polys;
    if (geo::crosses_antimeridian(ring)) polys = geo::split_polygon({ring});
    if (polys.empty()) polys = {{ring}};
    for (auto& poly : polys)
        for (size_t i = 0; i < poly.size(); ++i)
            if ((signed_area2(poly[i]) < 0) == (i == 0)) std::reverse(poly[i].begin(), poly[i].end());
    return polys;
}

std::vector<geo::Ring> kml_lines(const std::vector<geo::LonLat>& pts) {
    const geo::Ring line = wrapped(pts);
    if (!geo::crosses_antimeridian(line)) return {line};
    auto parts = geo::split_line(line);
    return parts.empty() ? std::vector<geo::Ring>{line} : parts;
}

void kml_coordinates(std::ostringstream& k, const std::vector<geo::LonLat>& pts) {
    k << "<coordinates>";
    char buf[64];
    for (size_t i = 0; i < pts.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.7f,%.7f,0", i ? " " : "", pts[i].lon, pts[i].lat);
        k << buf;
    }
    k << "</coordinates>";
}

// A feature's geometry: Point, LineString or Polygon, or a MultiGeometry of the parts when it crosses +-180.
void kml_geometry(std::ostringstream& k, Shape shape, const std::vector<geo::LonLat>& pts) {
    if (pts.empty()) return;
    if (shape == Shape::Point) {
        k << "<Point>", kml_coordinates(k, wrapped({pts[0]})), k << "</Point>";
        return;
    }
    auto line = [&](const geo::Ring& l) {
        k << "<LineString><tessellate>1</tessellate>", kml_coordinates(k, l), k << "</LineString>";
    };
    auto polygon = [&](const std::vector<geo::Ring>& rings) {
        k << "<Polygon><tessellate>1</tessellate>";
        for (size_t i = 0; i < rings.size(); ++i) {
            const char* b = i ? "innerBoundaryIs" : "outerBoundaryIs";
            k << "<" << b << "><LinearRing>", kml_coordinates(k, rings[i]),
                k << "</LinearRing></" << b << ">";
        }
        k << "</Polygon>";
    };
    if (shape == Shape::Line) {
        const auto parts = kml_lines(pts);
        if (parts.size() > 1) k << "<MultiGeometry>";
        for (const auto& l : parts)
            line(l);
        if (parts.size() > 1) k << "</MultiGeometry>";
        return;
    }
    const auto polys = kml_polygons(pts);
    if (polys.size() > 1) k << "<MultiGeometry>";
    for (const auto& p : polys)
        polygon(p);
    if (polys.size() > 1) k << "</MultiGeometry>";
}

// A Style: its sub-styles in schema order (each given as its inner elements; empty: left out).
void kml_style(std::ostringstream& k, const std::string& id, const std::string& icon,
               const std::string& label, const std::string& line, const std::string& poly) {
    k << "<Style id=\"" << xml_escape(id) << "\">";
    if (!icon.empty()) k << "<IconStyle>" << icon << "</IconStyle>";
    if (!label.empty()) k << "<LabelStyle>" << label << "</LabelStyle>";
    if (!line.empty()) k << "<LineStyle>" << line << "</LineStyle>";
    if (!poly.empty()) k << "<PolyStyle>" << poly << "</PolyStyle>";
    k << "</Style>\n";
}

} // namespace

std::string mission_kml(const Mission& m, const ExportOptions& opt) {
    std::ostringstream k;
    k << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml "
         "xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n";
    k << "<name>" << xml_escape(m.name) << "</name>\n<open>1</open>\n";
    k << "<description>"
      << xml_escape("Marking: " + m.classification + ". Prepared for: " +
                    (opt.recipient.empty() ? std::string("(no recipient filter)") : opt.recipient) + ".")
      << "</description>\n";
    // Styles: one per unit code (its icon, or a pin in the identity colour), one per measure kind.
    std::set<std::string> codes;
    for (const auto& u : m.units)
        codes.insert(u.sidc);
    int n = 0;
    std::map<std::string, std::string> code_style;
    for (const auto& c : codes) {
        const std::string id = "u" + std::to_string(n++);
        code_style[c] = id;
        const auto it = opt.icon_href.find(c);
        const std::string icon =
            it != opt.icon_href.end()
                ? "<scale>1.4</scale><Icon><href>" + xml_escape(it->second) + "</href></Icon>"
                : "<color>" + kml_colour(identity_colour(c), 1) + "</color>";
        kml_style(k, id, icon, "<scale>0.8</scale>", "", "");
    }
    for (int kind = 0; kind <= int(MeasureKind::ObservationPost); ++kind) {
        const auto mk = MeasureKind(kind);
        const std::string col = kind_colour(mk);
        char width[16];
        std::snprintf(width, sizeof width, "%g", mk == MeasureKind::MainSupplyRoute ? 4.0 : 2.5);
        // The same colours, widths and fill opacity as the simplestyle properties.
        kml_style(k, "m-" + std::string(to_string(mk)), "<color>" + kml_colour(col, 1) + "</color>", "",
                  "<color>" + kml_colour(col, 1) + "</color><width>" + width + "</width>",
                  "<color>" + kml_colour(col, mk == MeasureKind::AreaOfOperations ? 0.0 : 0.2) + "</color>");
    }
    kml_extended_data(k, kml_document_data(m, opt));
    k << "\n";
    auto placemark = [&](const Feat& f) {
        k << "<Placemark><name>" << xml_escape(f.name) << "</name><styleUrl>#"
          << (f.unit ? code_style[f.props["sidc"].get<std::string>()]
                     : "m-" + f.props["kind"].get<std::string>())
          << "</styleUrl>";
        std::vector<std::pair<std::string, std::string>> data;
        for (auto& [key, v] : f.props.items())
            data.push_back({key, v.is_string() ? v.get<std::string>() : v.dump()});
        kml_extended_data(k, data);
        kml_geometry(k, f.shape, f.pts);
        k << "</Placemark>\n";
    };
    // Folders per phase: each phase holds its units where they are then and the measures that apply.
    std::vector<std::pair<std::string, std::string>> folders; // phase id, name
    for (auto& p : m.phases)
        if (opt.phase.empty() || p.id == opt.phase) folders.push_back({p.id, p.name});
    if (folders.empty()) folders.push_back({"", "All elements"});
    for (auto& [ph, name] : folders) {
        k << "<Folder><name>" << xml_escape(name) << "</name>\n";
        ExportOptions one = opt;
        one.phase = ph;
        for (const auto& f : features(m, one))
            placemark(f);
        k << "</Folder>\n";
    }
    k << "</Document>\n</kml>\n";
    return k.str();
}

} // namespace entente::missions
