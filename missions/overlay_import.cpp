// Import of overlays: ours (the embedded mission JSON and header make it exact) and other tools' GeoJSON/KML.
#include "export.hpp"

#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "geo/gdal_ptr.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

namespace entente::missions {

namespace fs = std::filesystem;
using nlohmann::json;
using geo::DatasetPtr;

namespace {

std::string xml_unescape(const std::string& s) {
    std::string o;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            o += s[i];
            continue;
        }
        const size_t semi = s.find(';', i);
        if (semi == std::string::npos) {
            o += s[i];
            continue;
        }
        const std::string e = s.substr(i + 1, semi - i - 1);
        if (e == "amp")
            o += '&';
        else if (e == "lt")
            o += '<';
        else if (e == "gt")
            o += '>';
        else if (e == "quot")
            o += '"';
        else if (e == "apos")
            o += '\'';
        else if (!e.empty() && e[0] == '#') {
            const unsigned long cp = e.size() > 1 && (e[1] == 'x' || e[1] == 'X')
                                         ? std::stoul(e.substr(2), nullptr, 16)
                                         : std::stoul(e.substr(1));
            // UTF-8
            if (cp < 0x80)
                o += char(cp);
            else if (cp < 0x800)
                o += char(0xC0 | (cp >> 6)), o += char(0x80 | (cp & 0x3F));
            else if (cp < 0x10000)
                o += char(0xE0 | (cp >> 12)), o += char(0x80 | ((cp >> 6) & 0x3F)),
                    o += char(0x80 | (cp & 0x3F));
            else
                o += char(0xF0 | (cp >> 18)), o += char(0x80 | ((cp >> 12) & 0x3F)),
                    o += char(0x80 | ((cp >> 6) & 0x3F)), o += char(0x80 | (cp & 0x3F));
        } else {
            o += s.substr(i, semi - i + 1);
        }
        i = semi;
    }
    return o;
}

std::string read_vsi(const std::string& path) {
    GByte* data = nullptr;
    vsi_l_offset size = 0;
    if (!VSIIngestFile(nullptr, path.c_str(), &data, &size, 256 * 1024 * 1024)) return {};
    std::string s(reinterpret_cast<const char*>(data), size_t(size));
    VSIFree(data);
    return s;
}

// The mission header an overlay carries (see overlay_header); null when it has none.
json read_header(GDALDataset& ds, const std::string& path) {
    const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
    std::string text;
    if (driver == "GPKG") {
        const char* v = ds.GetMetadataItem(kMissionKey);
        if (!v) return nullptr;
        text = v;
    } else if (driver == "GeoJSON") {
        const json doc = json::parse(read_vsi(path), nullptr, false);
        if (doc.is_discarded() || !doc.is_object() || !doc.contains("entente")) return nullptr;
        return doc["entente"];
    } else if (driver == "KML" || driver == "LIBKML") {
        std::string kml = read_vsi(path);
        if (kml.rfind("PK", 0) == 0) { // KMZ: the document is the zip's first .kml (doc.kml)
            kml = read_vsi("/vsizip/" + path + "/doc.kml");
        }
        // The Data element by its name, then its value, wherever a rewriting tool put whitespace.
        const size_t d = kml.find(std::string("name=\"") + kMissionKey + "\"");
        if (d == std::string::npos) return nullptr;
        const size_t v = kml.find("<value>", d);
        if (v == std::string::npos) return nullptr;
        const size_t a = v + 7;
        const size_t b = kml.find("</value>", a);
        if (b == std::string::npos) return nullptr;
        // The value as written (escaped), or as tools that rewrite KML keep it (libkml: CDATA sections).
        const std::string raw = kml.substr(a, b - a);
        for (size_t at = 0; at < raw.size();) {
            const size_t c = raw.find("<![CDATA[", at);
            text += xml_unescape(raw.substr(at, c == std::string::npos ? std::string::npos : c - at));
            if (c == std::string::npos) break;
            const size_t end = raw.find("]]>", c + 9);
            if (end == std::string::npos) break;
            text += raw.substr(c + 9, end - c - 9);
            at = end + 3;
        }
    } else {
        return nullptr;
    }
    try {
        return json::parse(text);
    } catch (const std::exception& e) {
        throw geo::InputError(path, std::string("the overlay's mission header is not JSON: ") + e.what(),
                              geo::ErrorKind::Corrupt);
    }
}

template <class T> void order_by(std::vector<T>& v, const json& ids) {
    if (!ids.is_array()) return;
    std::map<std::string, size_t> rank;
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i].is_string()) rank.emplace(ids[i].get<std::string>(), i);
    std::stable_sort(v.begin(), v.end(), [&](const T& a, const T& b) {
        auto ra = rank.find(a.id), rb = rank.find(b.id);
        return (ra == rank.end() ? rank.size() : ra->second) < (rb == rank.end() ? rank.size() : rb->second);
    });
}

} // namespace

Mission import_overlay(const std::string& path, bool* with_mission) {
    GDALAllRegister();
    DatasetPtr ds = geo::open_dataset(path, GDAL_OF_VECTOR | GDAL_OF_READONLY);
    if (!ds)
        throw geo::InputError(path, "cannot open as a vector overlay",
                              geo::open_failure(path, GDAL_OF_VECTOR));
    Mission m;
    m.name = fs::path(path).stem().string();
    const json header = read_header(*ds, path);
    const bool has_mission =
        header.is_object() && header.contains("mission") && header["mission"].is_object();
    if (with_mission) *with_mission = has_mission;
    if (has_mission) {
        try {
            json mj = header["mission"];
            mj.erase("units");
            mj.erase("measures");
            m = mission_from_json(mj);
        } catch (const std::exception& e) {
            throw geo::InputError(path, std::string("the overlay's mission header: ") + e.what(),
                                  geo::ErrorKind::Corrupt);
        }
    }
    std::set<std::string> seen;
    size_t without = 0;
    for (OGRLayer* l : ds->GetLayers()) {
        l->ResetReading();
        for (auto& f : *l) {
            const int i = f->GetFieldIndex("entente_json");
            if (i < 0 || !f->IsFieldSetAndNotNull(i)) {
                ++without;
                continue;
            }
            json j;
            try {
                j = json::parse(f->GetFieldAsString(i));
            } catch (const std::exception& e) {
                throw geo::InputError(path, std::string("a feature's entente_json is not JSON: ") + e.what(),
                                      geo::ErrorKind::Corrupt);
            }
            const int ei = f->GetFieldIndex("element");
            const std::string element = ei >= 0 ? f->GetFieldAsString(ei) : "";
            const std::string id = j.value("id", "");
            if (!seen.insert(element + ":" + id).second) continue; // a unit appears once per phase
            if (element == "unit")
                m.units.push_back(unit_from_json(j));
            else
                m.measures.push_back(measure_from_json(j));
        }
    }
    if (m.units.empty() && m.measures.empty() && without > 0)
        throw geo::InputError(path, "no Entente elements (features lack the entente_json property)",
                              geo::ErrorKind::Unsupported);
    if (has_mission) {
        order_by(m.units, header["mission"].value("unit_order", json()));
        order_by(m.measures, header["mission"].value("measure_order", json()));
    }
    return m;
}

} // namespace entente::missions
