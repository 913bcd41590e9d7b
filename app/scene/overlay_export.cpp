#include "overlay_export.hpp"

#include "fonts.hpp"
#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "missions/persistence.hpp"
#include "reference_layer.hpp"
#include "symbol_draw.hpp"
#include "zip_writer.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>

namespace entente::app {

namespace fs = std::filesystem;

std::string resolve_phase(const missions::Mission& m, const std::string& phase) {
    if (phase.empty()) return phase;
    if (std::all_of(phase.begin(), phase.end(), ::isdigit)) {
        const size_t n = std::stoul(phase);
        if (n < 1 || n > m.phases.size())
            throw geo::InputError("--phase " + phase,
                                  "the mission has " + std::to_string(m.phases.size()) + " phase(s)",
                                  geo::ErrorKind::OutOfRange);
        return m.phases[n - 1].id;
    }
    for (const auto& p : m.phases)
        if (p.id == phase) return phase;
    throw geo::InputError("--phase " + phase, "no such phase in " + m.name, geo::ErrorKind::NotFound);
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
        const std::string tmp = (fs::temp_directory_path() / ("entente-icon-" + std::to_string(::getpid()) +
                                                              "-" + std::to_string(n) + ".png"))
                                    .string();
        if (!render::write_icon_png(tmp, img))
            throw geo::InputError(path, "cannot draw the symbol icons", geo::ErrorKind::Failed);
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
    // doc.kml first (KMZ readers open the first .kml), then the icons; every entry dated now.
    std::vector<ZipEntry> entries{{"doc.kml", missions::mission_kml(m, opt)}};
    for (auto& [name, bytes] : pngs)
        entries.push_back({name, std::string(bytes.begin(), bytes.end())});
    write_zip(path, entries, std::time(nullptr));
    const std::string& kml = entries[0].data;
    size_t count = 0;
    for (size_t p = 0; (p = kml.find("<Placemark>", p)) != std::string::npos; ++p)
        ++count;
    return count;
}

} // namespace

ExportResult export_overlay(const missions::Mission& m, const ExportRequest& req) {
    ExportResult res;
    std::shared_ptr<geo::ReferenceData> reference;
    if (!req.recipient.empty()) reference = load_reference_data();
    const missions::Releasable rel =
        missions::releasable_to(m, req.recipient, reference ? &reference->memberships : nullptr);
    res.withheld = rel.withheld;
    missions::ExportOptions opt;
    opt.format = req.format;
    opt.recipient = req.recipient;
    opt.phase = resolve_phase(m, req.phase);
    // Refuse an export that would hold nothing: a partner must not receive an empty overlay as if it were
    // the plan.
    bool any = !rel.mission.units.empty();
    for (const auto& c : rel.mission.measures)
        any = any || opt.phase.empty() || c.phases.empty() ||
              std::find(c.phases.begin(), c.phases.end(), opt.phase) != c.phases.end();
    if (!any && !req.allow_empty) {
        const std::string to = req.recipient.empty() ? "" : " to " + req.recipient;
        std::string why =
            rel.withheld.empty()
                ? std::string("nothing to export: the mission has no units or control measures") +
                      (opt.phase.empty() ? "" : " in phase " + opt.phase)
                : "nothing to export" + to + ": " + std::to_string(rel.withheld.size()) +
                      " element(s) withheld by releasability";
        throw EmptyExport(req.output, why, rel.withheld);
    }
    if (req.format == missions::ExportFormat::KMZ)
        res.features = write_kmz(rel.mission, req.output, opt);
    else
        res.features = missions::export_mission(rel.mission, req.output, opt);
    return res;
}

size_t export_layer_file(const std::string& source, const std::string& output,
                         missions::ExportFormat format) {
    GDALAllRegister();
    const char* driver = format == missions::ExportFormat::GeoJSON ? "GeoJSON"
                         : format == missions::ExportFormat::KML   ? "KML"
                         : format == missions::ExportFormat::GPKG  ? "GPKG"
                         : format == missions::ExportFormat::CSV   ? "CSV"
                                                                   : nullptr;
    if (!driver)
        throw geo::InputError(output,
                              std::string(missions::to_string(format)) +
                                  " export is for missions; use geojson, kml, gpkg or csv",
                              geo::ErrorKind::Unsupported);
    const geo::DatasetPtr src = geo::open_dataset(source, GDAL_OF_VECTOR | GDAL_OF_READONLY);
    if (!src)
        throw geo::InputError(source, "cannot open as a vector layer",
                              geo::open_failure(source, GDAL_OF_VECTOR));
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
    GDALDatasetH in = GDALDataset::ToHandle(src.get());
    geo::DatasetPtr out(
        GDALDataset::FromHandle(GDALVectorTranslate(output.c_str(), nullptr, 1, &in, opt, &usage_error)));
    GDALVectorTranslateOptionsFree(opt);
    size_t n = 0;
    const bool written = out != nullptr;
    if (written) {
        out.reset(); // closed, so the file is complete
        // Count what was written by reading the file back (a dataset being written may not know yet).
        if (const geo::DatasetPtr back = geo::open_dataset(output, GDAL_OF_VECTOR | GDAL_OF_READONLY))
            for (int i = 0; i < back->GetLayerCount(); ++i)
                n += size_t(std::max<GIntBig>(0, back->GetLayer(i)->GetFeatureCount(TRUE)));
    }
    if (!written)
        throw geo::InputError(output, std::string("cannot write: ") + CPLGetLastErrorMsg(),
                              geo::ErrorKind::Failed);
    return n;
}

} // namespace entente::app
