#include "geo/error.hpp"
#include "geo/gdal_ptr.hpp"
#include "headless_render.hpp"
#include "missions/output_file.hpp"
#include "render/headless.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

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
    // Written to memory first, then to the disk in one piece: a failed write names its cause and leaves no
    // partial PDF.
    missions::check_output_target(path);
    missions::MemoryOutput mem_out(path);
    geo::DatasetPtr out(
        pdf->CreateCopy(mem_out.path().c_str(), ds.get(), FALSE, const_cast<char**>(opts), nullptr, nullptr));
    if (!out)
        throw geo::InputError(path, std::string("cannot write the PDF: ") + CPLGetLastErrorMsg(),
                              geo::ErrorKind::Failed);
    out.reset();
    missions::write_file_atomically(path, mem_out.bytes());
}

void write_png_file(const std::string& path, const RenderResult& res) {
    missions::check_output_target(path); // before encoding: a 4096² PNG takes seconds
    const std::vector<unsigned char> png = render::png_bytes(res.width, res.height, res.rgba);
    if (png.empty()) throw geo::InputError(path, "cannot encode the PNG", geo::ErrorKind::Failed);
    missions::write_file_atomically(path, std::string(png.begin(), png.end()));
}

} // namespace entente::app
