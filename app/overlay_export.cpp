#include "overlay_export.hpp"

#include "domain_overlay.hpp"
#include "fonts.hpp"
#include "geo/error.hpp"
#include "missions/persistence.hpp"
#include "symbol_draw.hpp"

#include <cpl_conv.h>
#include <gdal_utils.h>
#include <ogr_api.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

namespace entente::app {

namespace fs = std::filesystem;

std::string resolve_phase(const missions::Mission& m, const std::string& phase) {
    if (phase.empty()) return phase;
    if (std::all_of(phase.begin(), phase.end(), ::isdigit)) {
        const size_t n = std::stoul(phase);
        if (n < 1 || n > m.phases.size())
            throw geo::InputError("--phase " + phase, "the mission has " + std::to_string(m.phases.size()) + " phase(s)");
        return m.phases[n - 1].id;
    }
    for (const auto& p : m.phases)
        if (p.id == phase) return phase;
    throw geo::InputError("--phase " + phase, "no such phase in " + m.name);
}

namespace {

// A KMZ: doc.kml plus one PNG per unit symbol code, written with GDAL's zip support.
size_t write_kmz(const missions::Mission& m, const std::string& path, missions::ExportOptions opt) {
    const render::GlyphAtlas glyphs = bake_map_font(1.5f);
    std::map<std::string, std::vector<unsigned char>> pngs;
    int n = 0;
    for (const auto& u : m.units) {
        if (opt.icon_href.count(u.sidc)) continue;
        const UnitSymbol sym = draw_unit_symbol(u.sidc);
        const render::IconImage img = render::rasterize_icon(sym.drawing, symbol_scale(48), &glyphs);
        const std::string tmp = (fs::temp_directory_path() / ("entente-icon-" + std::to_string(::getpid()) + "-" +
                                                             std::to_string(n) + ".png"))
                                    .string();
        if (!render::write_icon_png(tmp, img)) throw geo::InputError(path, "cannot draw the symbol icons");
        std::FILE* f = std::fopen(tmp.c_str(), "rb");
        std::vector<unsigned char> bytes;
        if (f) {
            unsigned char buf[65536];
            for (size_t k; (k = std::fread(buf, 1, sizeof buf, f)) > 0;)
                bytes.insert(bytes.end(), buf, buf + k);
            std::fclose(f);
        }
        fs::remove(tmp);
        const std::string name = "icons/symbol" + std::to_string(n++) + ".png";
        opt.icon_href[u.sidc] = name;
        pngs[name] = std::move(bytes);
    }
    const std::string kml = missions::mission_kml(m, opt);
    const std::string part = path + ".part";
    std::error_code ec;
    fs::remove(part, ec);
    void* zip = CPLCreateZip(part.c_str(), nullptr);
    if (!zip) throw geo::InputError(path, "cannot create the KMZ");
    bool ok = CPLCreateFileInZip(zip, "doc.kml", nullptr) == CE_None &&
              CPLWriteFileInZip(zip, kml.data(), int(kml.size())) == CE_None && CPLCloseFileInZip(zip) == CE_None;
    for (auto& [name, bytes] : pngs)
        ok = ok && CPLCreateFileInZip(zip, name.c_str(), nullptr) == CE_None &&
             CPLWriteFileInZip(zip, bytes.data(), int(bytes.size())) == CE_None && CPLCloseFileInZip(zip) == CE_None;
    ok = CPLCloseZip(zip) == CE_None && ok;
    if (!ok) throw geo::InputError(path, "cannot write the KMZ");
    fs::rename(part, path, ec);
    if (ec) throw geo::InputError(path, "cannot write the KMZ: " + ec.message());
    size_t count = 0;
    for (size_t p = 0; (p = kml.find("<Placemark>", p)) != std::string::npos; ++p)
        ++count;
    return count;
}

} // namespace

ExportResult export_overlay(const missions::Mission& m, const ExportRequest& req) {
    ExportResult res;
    std::shared_ptr<DomainData> domain;
    if (!req.recipient.empty()) domain = DomainData::load_default();
    const missions::Releasable rel =
        missions::releasable_to(m, req.recipient, domain ? &domain->memberships : nullptr);
    res.withheld = rel.withheld;
    missions::ExportOptions opt;
    opt.format = req.format;
    opt.recipient = req.recipient;
    opt.phase = resolve_phase(m, req.phase);
    if (req.format == missions::ExportFormat::KMZ)
        res.features = write_kmz(rel.mission, req.output, opt);
    else
        res.features = missions::export_mission(rel.mission, req.output, opt);
    return res;
}

size_t export_layer_file(const std::string& source, const std::string& output, missions::ExportFormat format) {
    GDALAllRegister();
    const char* driver = format == missions::ExportFormat::GeoJSON ? "GeoJSON"
                         : format == missions::ExportFormat::KML   ? "KML"
                         : format == missions::ExportFormat::GPKG  ? "GPKG"
                         : format == missions::ExportFormat::CSV   ? "CSV"
                                                                   : nullptr;
    if (!driver)
        throw geo::InputError(output, std::string(missions::to_string(format)) + " export is for missions; use geojson, kml, gpkg or csv");
    GDALDatasetH src = GDALOpenEx(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!src) throw geo::InputError(source, "cannot open as a vector layer");
    std::vector<std::string> args{"-f", driver, "-t_srs", "EPSG:4326", "-skipfailures"};
    if (format == missions::ExportFormat::GeoJSON)
        for (const char* a : {"-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=7"})
            args.push_back(a);
    if (format == missions::ExportFormat::CSV)
        for (const char* a : {"-lco", "GEOMETRY=AS_XY"})
            args.push_back(a);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* opt = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    std::error_code ec;
    fs::remove(output, ec);
    int usage_error = 0;
    GDALDatasetH out = GDALVectorTranslate(output.c_str(), nullptr, 1, &src, opt, &usage_error);
    GDALVectorTranslateOptionsFree(opt);
    size_t n = 0;
    if (out) {
        GDALClose(out);
        // Count what was written by reading the file back (a dataset being written may not know yet).
        if (GDALDatasetH back = GDALOpenEx(output.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)) {
            for (int i = 0; i < GDALDatasetGetLayerCount(back); ++i)
                n += size_t(std::max<GIntBig>(0, OGR_L_GetFeatureCount(GDALDatasetGetLayer(back, i), TRUE)));
            GDALClose(back);
        }
    }
    GDALClose(src);
    if (!out) throw geo::InputError(output, std::string("cannot write: ") + CPLGetLastErrorMsg());
    return n;
}

int cmd_export(const std::string& mission_path, const ExportRequest& req) {
    auto ends = [&](const std::string& x) {
        return mission_path.size() > x.size() && mission_path.compare(mission_path.size() - x.size(), x.size(), x) == 0;
    };
    if (!ends(".entente.gpkg")) {
        // Any other vector file: reprojected to WGS84 for partners' tools.
        try {
            if (!req.recipient.empty() || !req.phase.empty())
                throw geo::InputError(mission_path, "--releasable-to and --phase apply to mission files only");
            const size_t n = export_layer_file(mission_path, req.output, req.format);
            std::printf("exported %zu feature(s) of %s to %s (%s, WGS84 longitude/latitude)\n", n, mission_path.c_str(),
                        req.output.c_str(), missions::to_string(req.format));
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "entente export: %s\n", e.what());
            return 1;
        }
    }
    try {
        const missions::Mission m = missions::load_mission(mission_path);
        const ExportResult r = export_overlay(m, req);
        std::printf("exported %zu feature(s) of %s to %s (%s%s%s)\n", r.features, m.name.c_str(), req.output.c_str(),
                    missions::to_string(req.format), req.recipient.empty() ? "" : ", releasable to ",
                    req.recipient.c_str());
        if (!r.withheld.empty()) {
            std::printf("withheld %zu element(s) from %s:\n", r.withheld.size(), req.recipient.c_str());
            for (const auto& w : r.withheld)
                std::printf("  %s (%s): %s\n", w.id.c_str(), w.name.c_str(), w.reason.c_str());
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente export: %s\n", e.what());
        return 1;
    }
}

int cmd_import(const std::string& overlay_path, const std::string& mission_path) {
    try {
        missions::Mission m = missions::import_overlay(overlay_path);
        m.name = fs::path(mission_path).stem().stem().string();
        missions::save_mission(m, mission_path);
        std::printf("imported %zu unit(s) and %zu control measure(s) from %s into %s\n", m.units.size(),
                    m.measures.size(), overlay_path.c_str(), mission_path.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente import: %s\n", e.what());
        return 1;
    }
}

} // namespace entente::app
