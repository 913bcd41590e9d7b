#include "overlay_export.hpp"

#include "fonts.hpp"
#include "geo/antimeridian.hpp"
#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "geo/input_gate.hpp"
#include "missions/output_file.hpp"
#include "missions/persistence.hpp"
#include "reference_layer.hpp"
#include "symbol_draw.hpp"
#include "zip_writer.hpp"

#include <charconv>
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
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <thread>

namespace entente::app {

namespace fs = std::filesystem;

std::string resolve_phase(const missions::Mission& m, const std::string& phase) {
    if (phase.empty()) return phase;
    if (std::all_of(phase.begin(), phase.end(), ::isdigit)) {
        size_t n = 0; // more digits than size_t holds: out of range like 0
        if (std::from_chars(phase.data(), phase.data() + phase.size(), n).ec != std::errc()) n = 0;
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

// A KMZ: doc.kml plus one PNG per unit symbol code (encoded in memory), written by zip_writer.
size_t write_kmz(const missions::Mission& m, const std::string& path, missions::ExportOptions opt) {
    const render::GlyphAtlas glyphs = bake_map_font(1.5f);
    std::map<std::string, std::vector<unsigned char>> pngs;
    int n = 0;
    for (const auto& u : m.units) {
        if (opt.icon_href.count(u.sidc)) continue;
        const UnitSymbol sym = draw_unit_symbol(u.sidc);
        const render::IconImage img = render::rasterize_icon(sym.drawing, symbol_scale(48), &glyphs);
        std::vector<unsigned char> bytes = render::icon_png_bytes(img);
        if (bytes.empty())
            throw geo::InputError(path, "cannot encode the symbol icons", geo::ErrorKind::Failed);
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

// KML consumers draw rings by the right-hand rule and do not split at the antimeridian: a geometry (in WGS84
// longitude/latitude) made ready for them, as the missions' KML is: exterior rings counterclockwise, holes
// clockwise, lines and polygons with a segment jumping more than 180 degrees split at +-180
// (geo/antimeridian) into a multi-geometry. Geometries needing no split keep their coordinates (and Z) as
// they are.
std::unique_ptr<OGRGeometry> kml_ready(const OGRGeometry* g);

std::vector<geo::Ring> rings_of(const OGRPolygon* poly) {
    std::vector<geo::Ring> rings;
    for (const OGRLinearRing* r : *poly) {
        geo::Ring ring;
        for (const OGRPoint& p : *r)
            ring.push_back({p.getX(), p.getY()});
        rings.push_back(std::move(ring));
    }
    return rings;
}

bool polygon_crosses(const OGRPolygon* poly) {
    for (const auto& r : rings_of(poly))
        if (geo::crosses_antimeridian(r)) return true;
    return false;
}

// Adds the polygon's parts, right-hand ruled, to `out`.
void add_polygon_parts(const OGRPolygon* poly, OGRMultiPolygon& out) {
    if (!polygon_crosses(poly)) {
        auto p = std::unique_ptr<OGRPolygon>(poly->clone());
        int i = 0;
        for (OGRLinearRing* r : *p)
            if (r->isClockwise() == (i++ == 0)) r->reverseWindingOrder();
        out.addGeometryDirectly(p.release());
        return;
    }
    auto rings = rings_of(poly);
    for (auto& r : rings)
        if (!r.empty() && (r.front().lon != r.back().lon || r.front().lat != r.back().lat))
            r.push_back(r.front());
    for (const auto& part : geo::split_polygon(rings)) {
        auto p = std::make_unique<OGRPolygon>();
        for (const auto& ring : part) {
            auto lr = std::make_unique<OGRLinearRing>();
            for (const auto& q : ring)
                lr->addPoint(q.lon, q.lat);
            p->addRingDirectly(lr.release());
        }
        int i = 0;
        for (OGRLinearRing* r : *p)
            if (r->isClockwise() == (i++ == 0)) r->reverseWindingOrder();
        out.addGeometryDirectly(p.release());
    }
}

void add_line_parts(const OGRLineString* line, OGRMultiLineString& out) {
    geo::Ring pts;
    for (const OGRPoint& p : *line)
        pts.push_back({p.getX(), p.getY()});
    if (!geo::crosses_antimeridian(pts)) {
        out.addGeometry(line);
        return;
    }
    for (const auto& part : geo::split_line(pts)) {
        auto l = std::make_unique<OGRLineString>();
        for (const auto& q : part)
            l->addPoint(q.lon, q.lat);
        out.addGeometryDirectly(l.release());
    }
}

std::unique_ptr<OGRGeometry> kml_ready(const OGRGeometry* g) {
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
    case wkbMultiPolygon: {
        OGRMultiPolygon parts;
        if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
            add_polygon_parts(g->toPolygon(), parts);
        else
            for (const OGRPolygon* p : *g->toMultiPolygon())
                add_polygon_parts(p, parts);
        if (wkbFlatten(g->getGeometryType()) == wkbPolygon && parts.getNumGeometries() == 1)
            return std::unique_ptr<OGRGeometry>(parts.getGeometryRef(0)->clone());
        return std::unique_ptr<OGRGeometry>(parts.clone());
    }
    case wkbLineString:
    case wkbMultiLineString: {
        OGRMultiLineString parts;
        if (wkbFlatten(g->getGeometryType()) == wkbLineString)
            add_line_parts(g->toLineString(), parts);
        else
            for (const OGRLineString* l : *g->toMultiLineString())
                add_line_parts(l, parts);
        if (wkbFlatten(g->getGeometryType()) == wkbLineString && parts.getNumGeometries() == 1)
            return std::unique_ptr<OGRGeometry>(parts.getGeometryRef(0)->clone());
        return std::unique_ptr<OGRGeometry>(parts.clone());
    }
    case wkbGeometryCollection: {
        auto out = std::make_unique<OGRGeometryCollection>();
        for (const OGRGeometry* x : *g->toGeometryCollection())
            out->addGeometryDirectly(kml_ready(x).release());
        return out;
    }
    default:
        return std::unique_ptr<OGRGeometry>(g->clone());
    }
}

// GDALVectorTranslate with ogr2ogr's arguments; the dataset it made, or null.
geo::DatasetPtr vector_translate(const std::string& output, GDALDataset* src, std::vector<std::string> args) {
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* opt = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    int usage_error = 0;
    GDALDatasetH in = GDALDataset::ToHandle(src);
    geo::DatasetPtr out(
        GDALDataset::FromHandle(GDALVectorTranslate(output.c_str(), nullptr, 1, &in, opt, &usage_error)));
    GDALVectorTranslateOptionsFree(opt);
    return out;
}

// Counts GDAL's GeoJSON features in a stream's blocks: the writer starts every feature on a line of its own,
// and JSON text holds no raw line break (tested against GDAL reading the file back).
class FeatureCounter {
  public:
    size_t count = 0;
    void operator()(std::string_view block) {
        // A start cut between blocks lies in the carry and the block's first bytes, never wholly in either.
        std::string joined = carry_;
        joined.append(block.substr(0, std::min(block.size(), kKeep)));
        find(joined);
        find(block);
        carry_.append(block.substr(block.size() > kKeep ? block.size() - kKeep : 0));
        if (carry_.size() > kKeep) carry_.erase(0, carry_.size() - kKeep);
    }

  private:
    static constexpr std::string_view kStart = "\n{ \"type\": \"Feature\"";
    static constexpr size_t kKeep = kStart.size() - 1;
    std::string carry_; // the end of the previous block
    void find(std::string_view text) {
        for (size_t at = text.find(kStart); at != std::string_view::npos; at = text.find(kStart, at + 1))
            ++count;
    }
};

// GeoJSON streams to the disk as GDAL writes it, so memory does not grow with the output (a layer of millions
// of features), and its features are counted as they pass.
size_t export_geojson_streamed(GDALDataset* src, const std::string& output,
                               const std::vector<std::string>& args) {
    missions::StreamedOutput stream(output);
    auto counter = std::make_shared<FeatureCounter>();
    stream.observe([counter](std::string_view block) { (*counter)(block); });
    CPLErrorReset();
    geo::DatasetPtr out = vector_translate(stream.path(), src, args);
    if (!out)
        throw geo::InputError(output, std::string("cannot write: ") + CPLGetLastErrorMsg(),
                              geo::ErrorKind::Failed);
    out.reset(); // closed, so the file is complete
    if (stream.size() == 0)
        throw geo::InputError(output, "GDAL wrote nothing: " + std::string(CPLGetLastErrorMsg()),
                              geo::ErrorKind::Failed);
    stream.commit();
    return counter->count;
}

// GDAL's GeoJSON writer is most of an export's time and runs on one core. A large layer is written as two
// halves at once, each by GDAL's own writer through an OGR SQL view (LIMIT, OFFSET) of its own reader of the
// source, and the second half's features are joined after the first's: the same bytes as one writer (tested).
// Only for sources whose features carry nothing the view could drop (GeoJSON's foreign members do); anything
// unexpected in the two files and the export is written in one piece instead. Returns nullopt then.
std::optional<size_t> export_geojson_halves(GDALDataset* src, const std::string& source,
                                            const std::string& output, const std::vector<std::string>& args,
                                            const std::string& layer, GIntBig half) {
    const geo::DatasetPtr src2 = geo::open_input(source, GDAL_OF_VECTOR, nullptr, nullptr);
    if (!src2 || src2->GetLayerCount() != 1) return std::nullopt;
    // The second half's temporary is named after a path the user did not give: if that path cannot be
    // written (a directory of that name), the export goes in one piece instead of failing.
    std::optional<missions::StreamedOutput> second_out;
    try {
        second_out.emplace(output + ".part");
    } catch (const geo::InputError&) {
        return std::nullopt;
    }
    missions::StreamedOutput first(output);
    missions::StreamedOutput& second = *second_out;
    auto count1 = std::make_shared<FeatureCounter>(), count2 = std::make_shared<FeatureCounter>();
    auto tail = std::make_shared<std::string>(), head = std::make_shared<std::string>();
    constexpr size_t kHead = 64 << 10;
    first.observe([count1, tail](std::string_view block) {
        (*count1)(block);
        tail->append(block.substr(block.size() > 16 ? block.size() - 16 : 0));
        if (tail->size() > 16) tail->erase(0, tail->size() - 16);
    });
    second.observe([count2, head](std::string_view block) {
        (*count2)(block);
        if (head->size() < kHead) head->append(block.substr(0, kHead - head->size()));
    });
    auto view = [&](const std::string& range) {
        std::vector<std::string> a = args;
        for (const std::string& x : {std::string("-dialect"), std::string("OGRSQL"), std::string("-sql"),
                                     "SELECT * FROM \"" + layer + "\" " + range})
            a.push_back(x);
        return a;
    };
    bool second_ok = false;
    std::thread other([&] {
        try {
            geo::DatasetPtr out =
                vector_translate(second.path(), src2.get(), view("OFFSET " + std::to_string(half)));
            second_ok = out != nullptr;
        } catch (...) {
            second_ok = false; // written in one piece instead
        }
    });
    bool first_ok = false;
    try {
        geo::DatasetPtr out = vector_translate(first.path(), src, view("LIMIT " + std::to_string(half)));
        first_ok = out != nullptr;
    } catch (...) {
        other.join();
        throw;
    }
    other.join();
    if (!first_ok || !second_ok) return std::nullopt;

    static constexpr std::string_view kFeatures = "\n\"features\": [\n", kEnd = "\n]\n}\n";
    const size_t at = head->find(kFeatures);
    if (at == std::string::npos || !tail->ends_with(kEnd) || count1->count == 0) return std::nullopt;
    if (count2->count > 0) {
        first.truncate(first.size() - kEnd.size());
        first.write(",\n");
        first.append(second, at + kFeatures.size());
    }
    first.commit();
    return count1->count + count2->count;
}

} // namespace

ExportResult export_overlay(const missions::Mission& m, const ExportRequest& req) {
    ExportResult res;
    std::shared_ptr<geo::ReferenceData> reference;
    const bool filter = req.filtered || !req.recipient.empty();
    if (filter) reference = load_reference_data();
    const geo::MembershipTable* table = reference ? &reference->memberships : nullptr;
    // Checked and normalised once (refused when blank or unknown); every decision and the files use it.
    const std::string recipient = filter ? missions::canonical_recipient(req.recipient, m, table) : "";
    // Refused before anything is computed, so a bad target never costs the work or leaves a file.
    missions::check_output_target(req.output);
    const missions::Releasable rel =
        filter ? missions::releasable_to(m, recipient, table) : missions::Releasable{m, {}};
    res.withheld = rel.withheld;
    missions::ExportOptions opt;
    opt.format = req.format;
    opt.recipient = recipient;
    opt.phase = resolve_phase(m, req.phase);
    // Refuse an export that would hold nothing: a partner must not receive an empty overlay as if it were
    // the plan.
    // Count only what the format carries: CSV holds units, CoT units and point measures.
    bool any = !rel.mission.units.empty();
    for (const auto& c : rel.mission.measures) {
        if (req.format == missions::ExportFormat::CSV) break;
        if (req.format == missions::ExportFormat::CoT && missions::shape_of(c.kind) != missions::Shape::Point)
            continue;
        any = any || opt.phase.empty() || c.phases.empty() ||
              std::find(c.phases.begin(), c.phases.end(), opt.phase) != c.phases.end();
    }
    if (!any && !req.allow_empty) {
        const std::string to = recipient.empty() ? "" : " to " + recipient;
        std::string why =
            rel.withheld.empty()
                ? std::string("nothing to export: the mission has no units or control measures that ") +
                      missions::to_string(req.format) + " carries" +
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

size_t export_layer_file(const std::string& source, const std::string& output, missions::ExportFormat format,
                         size_t split_from) {
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
    // Through the input gate like every user file: no VRT, no network, no FIFO.
    const geo::DatasetPtr src = geo::open_input(source, GDAL_OF_VECTOR, nullptr, nullptr);
    for (int i = 0; i < src->GetLayerCount(); ++i)
        if (const std::string why = geo::refused_layer_reason(src.get(), src->GetLayer(i)->GetName());
            !why.empty())
            throw geo::InputError(source, "layer '" + std::string(src->GetLayer(i)->GetName()) + "' " + why,
                                  geo::ErrorKind::RefusedForSafety);
    const bool kml = format == missions::ExportFormat::KML, csv = format == missions::ExportFormat::CSV;
    // KML and CSV go through memory first, reprojected there: KML's geometries made ready for KML consumers
    // and its text XML-legal, CSV's text cells neutralised against formulas.
    const bool staged = kml || csv;
    std::vector<std::string> args{"-f", staged ? "Memory" : driver, "-t_srs", "EPSG:4326", "-skipfailures"};
    if (format == missions::ExportFormat::GeoJSON)
        for (const char* a : {"-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=7"})
            args.push_back(a);
    missions::check_output_target(output);
    if (format == missions::ExportFormat::GeoJSON) {
        static const std::set<std::string> splittable{"GPKG", "ESRI Shapefile", "FlatGeobuf"};
        OGRLayer* layer = src->GetLayerCount() == 1 ? src->GetLayer(0) : nullptr;
        const GIntBig n = layer ? layer->GetFeatureCount(FALSE) : -1; // -1: not known without a pass
        const std::string name = layer ? layer->GetName() : "";
        if (n >= GIntBig(split_from) && std::max(1u, std::thread::hardware_concurrency()) > 1 &&
            splittable.count(src->GetDriver()->GetDescription()) && name.find('"') == std::string::npos)
            if (const auto written = export_geojson_halves(src.get(), source, output, args, name, n / 2))
                return *written;
        return export_geojson_streamed(src.get(), output, args);
    }
    // GDAL writes to memory (CSV named .csv there, or its driver makes a directory); the disk sees only the
    // complete file, written beside the target and renamed.
    const fs::path ext = fs::path(output).extension();
    const missions::MemoryOutput mem(
        format == missions::ExportFormat::CSV && ext != ".csv" && ext != ".CSV" ? output + ".csv" : output);
    CPLErrorReset();
    geo::DatasetPtr out = vector_translate(staged ? "" : mem.path(), src.get(), args);
    if (staged && out) {
        for (OGRLayer* l : out->GetLayers()) {
            l->ResetReading();
            std::vector<std::unique_ptr<OGRFeature>> feats;
            for (auto& f : *l)
                feats.emplace_back(f->Clone());
            for (auto& f : feats) {
                if (const OGRGeometry* g = f->GetGeometryRef(); g && kml)
                    f->SetGeometryDirectly(kml_ready(g).release());
                // Text fields only: numbers (coordinates included) stay numbers.
                for (int i = 0; i < f->GetFieldCount(); ++i)
                    if (f->GetFieldDefnRef(i)->GetType() == OFTString && f->IsFieldSetAndNotNull(i)) {
                        const std::string v = f->GetFieldAsString(i);
                        f->SetField(i, (kml ? missions::xml_legal(v) : missions::csv_neutralised(v)).c_str());
                    }
                l->SetFeature(f.get());
            }
        }
        out = vector_translate(
            mem.path(), out.get(),
            kml ? std::vector<std::string>{"-f", "KML", "-skipfailures"}
                : std::vector<std::string>{"-f", "CSV", "-lco", "GEOMETRY=AS_XY", "-skipfailures"});
    }
    if (!out)
        throw geo::InputError(output, std::string("cannot write: ") + CPLGetLastErrorMsg(),
                              geo::ErrorKind::Failed);
    out.reset(); // closed, so the file is complete
    size_t n = 0;
    const std::string bytes = mem.bytes();
    if (const geo::DatasetPtr back(GDALDataset::Open(mem.path().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                     nullptr, nullptr, nullptr));
        back) {
        // Count what was written by reading the file back (a dataset being written may not know yet).
        // Our own output in memory, so GDAL opens it directly (not through the gate for untrusted files).
        for (int i = 0; i < back->GetLayerCount(); ++i)
            n += size_t(std::max<GIntBig>(0, back->GetLayer(i)->GetFeatureCount(TRUE)));
    }
    if (bytes.empty())
        throw geo::InputError(output, "GDAL wrote nothing: " + std::string(CPLGetLastErrorMsg()),
                              geo::ErrorKind::Failed);
    missions::write_file_atomically(output, bytes);
    return n;
}

} // namespace entente::app
