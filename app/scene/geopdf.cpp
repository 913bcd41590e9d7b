#include "fonts.hpp"
#include "geo/error.hpp"
#include "geo/gdal_ptr.hpp"
#include "headless_render.hpp"
#include "missions/persistence.hpp"
#include "render/pdf.hpp"
#include "slide_frame.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <filesystem>

namespace entente::app {

void write_geopdf(const std::string& path, const RenderResult& res) {
    GDALAllRegister();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* pdf = GetGDALDriverManager()->GetDriverByName("PDF");
    if (!mem || !pdf) throw geo::InputError(path, "GDAL has no PDF driver", geo::ErrorKind::Failed);
    geo::DatasetPtr ds(mem->Create("", res.width, res.height, 3, GDT_Byte, nullptr));
    if (!ds) throw geo::InputError(path, "cannot hold the image", geo::ErrorKind::Failed);
    std::vector<unsigned char> band(size_t(res.width) * res.height);
    for (int b = 0; b < 3; ++b) {
        for (size_t i = 0; i < band.size(); ++i)
            band[i] = res.rgba[i * 4 + size_t(b)];
        if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, res.width, res.height, band.data(), res.width,
                                               res.height, GDT_Byte, 0, 0) != CE_None)
            throw geo::InputError(path, "cannot hold the image", geo::ErrorKind::Failed);
    }
    const geo::Bbox& m = res.map_bounds;
    double gt[6] = {m.minx, (m.maxx - m.minx) / res.width, 0, m.maxy, 0, -(m.maxy - m.miny) / res.height};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(res.crs.c_str()) != OGRERR_NONE)
        throw geo::InputError(path, "cannot georeference: GDAL does not know the CRS " + res.crs,
                              geo::ErrorKind::Unsupported);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ds->SetSpatialRef(&srs);
    // 150 dpi: an A4-ish page for a 1600-pixel map; the image keeps every pixel.
    const char* opts[] = {"DPI=150", "PRODUCER=Entente", "COMPRESS=DEFLATE", nullptr};
    const std::string part = path + ".part";
    geo::DatasetPtr out(
        pdf->CreateCopy(part.c_str(), ds.get(), FALSE, const_cast<char**>(opts), nullptr, nullptr));
    if (!out)
        throw geo::InputError(path, std::string("cannot write the PDF: ") + CPLGetLastErrorMsg(),
                              geo::ErrorKind::Failed);
    out.reset();
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec) throw geo::InputError(path, "cannot write the PDF: " + ec.message(), geo::ErrorKind::Failed);
}

size_t write_briefing_pdf(const std::string& mission_path, const std::string& output, int width, int height,
                          float scale, const SlideProgress& progress) {
    const missions::Mission m = missions::load_mission(mission_path);
    if (m.slides.empty())
        throw geo::InputError(mission_path, "the mission has no briefing slides", geo::ErrorKind::NotFound);
    std::vector<render::PdfPage> pages;
    const render::GlyphAtlas metrics = bake_map_font(scale); // text measured as the screen measures it
    for (size_t i = 0; i < m.slides.size(); ++i) {
        RenderRequest rq;
        rq.files = {mission_path};
        rq.slide = std::to_string(i + 1);
        rq.width = width, rq.height = height, rq.scale = scale;
        rq.frame_as_vector = true; // banners, titles, legend and scale bar as PDF vectors over the map
        RenderResult res = render_map(rq);
        // 16:9 slides become 13.33 x 7.5 inch pages (a presentation's size), whatever the pixel count.
        const double pw = 960.0, ph = 960.0 * res.height / res.width;
        const geo::Projection proj(geo::ProjectionSpec::parse(res.projection));
        std::string frame = slide_frame_pdf(res.view, proj, res.frame, metrics, pw, ph);
        pages.push_back({res.width, res.height, std::move(res.rgba), pw, ph, std::move(frame)});
        if (progress) progress(i + 1, m.slides.size(), m.slides[i].title, res.warnings);
    }
    if (!render::write_pdf(output, pages, m.name + " - briefing"))
        throw geo::InputError(output, "cannot write the PDF", geo::ErrorKind::Failed);
    return pages.size();
}

} // namespace entente::app
