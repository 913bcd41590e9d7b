// RasterSource: reads of an opened raster (values, colours) and the coordinate transforms between its pixels
// and lon/lat. Opening and the metadata it reads are in dataset.cpp (SourceLoader, setup_raster).
#include "dataset.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <memory>

namespace entente::geo {

RasterSource::~RasterSource() = default;

XY RasterSource::pixel_to_crs(double px, double py) const {
    const auto& g = geotransform;
    return {g[0] + px * g[1] + py * g[2], g[3] + px * g[4] + py * g[5]};
}

namespace {
// Transforms coordinates in place between a raster's CRS and WGS84 lon/lat (to_wgs84 picks the direction);
// returns per-point success. A geographic CRS is taken as lon/lat already.
std::vector<int> transform_wgs84(const std::string& wkt, bool to_wgs84, std::vector<double>& xs,
                                 std::vector<double>& ys) {
    OGRSpatialReference crs, wgs;
    crs.importFromWkt(wkt.c_str());
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<int> ok(xs.size(), 1);
    if (crs.IsGeographic()) return ok;
    std::unique_ptr<OGRCoordinateTransformation> ct(to_wgs84 ? OGRCreateCoordinateTransformation(&crs, &wgs)
                                                             : OGRCreateCoordinateTransformation(&wgs, &crs));
    if (!ct)
        ok.assign(xs.size(), 0);
    else
        ct->Transform(xs.size(), xs.data(), ys.data(), nullptr, ok.data());
    return ok;
}
} // namespace

std::vector<LonLat> RasterSource::pixels_to_lonlat(const std::vector<XY>& px) const {
    std::vector<LonLat> out(px.size());
    std::vector<double> xs(px.size()), ys(px.size());
    for (size_t i = 0; i < px.size(); ++i) {
        const XY c = pixel_to_crs(px[i].x, px[i].y);
        xs[i] = c.x, ys[i] = c.y;
    }
    std::vector<int> ok = transform_wgs84(crs_wkt, true, xs, ys);
    for (size_t i = 0; i < px.size(); ++i) {
        if (ok[i] && valid_lonlat(xs[i], ys[i]))
            out[i] = {xs[i], ys[i]};
        else
            out[i] = {std::nan(""), std::nan("")};
    }
    return out;
}

std::vector<XY> RasterSource::lonlat_to_pixels(const std::vector<LonLat>& ll) const {
    std::vector<double> xs(ll.size()), ys(ll.size());
    for (size_t i = 0; i < ll.size(); ++i)
        xs[i] = ll[i].lon, ys[i] = ll[i].lat;
    std::vector<int> ok = transform_wgs84(crs_wkt, false, xs, ys);
    // Invert the affine geotransform.
    const auto& g = geotransform;
    const double det = g[1] * g[5] - g[2] * g[4];
    std::vector<XY> out(ll.size(), XY{std::nan(""), std::nan("")});
    if (det == 0) return out;
    for (size_t i = 0; i < ll.size(); ++i) {
        if (!ok[i] || !std::isfinite(xs[i])) continue;
        const double dx = xs[i] - g[0], dy = ys[i] - g[3];
        out[i] = {(g[5] * dx - g[2] * dy) / det, (-g[4] * dx + g[1] * dy) / det};
    }
    return out;
}

namespace {

// A read that shrinks the raster (its preview, a zoomed-out tile) passes through far more source blocks than
// it returns, and GDAL would keep them all in its block cache: the whole file at full resolution after a
// preview (134 MB of a 128 MB float raster in `entente render`). They are dropped once the read is done.
struct DropBlocksAfterShrinkingRead {
    GDALDataset* ds;
    bool shrinking;
    DropBlocksAfterShrinkingRead(GDALDataset* d, int w, int h, int out_w, int out_h)
        : ds(d), shrinking(double(w) * h > 4.0 * out_w * out_h) {}
    ~DropBlocksAfterShrinkingRead() {
        if (shrinking) ds->FlushCache(false);
    }
};

} // namespace

std::vector<float> RasterSource::read_values(int x, int y, int w, int h, int out_w, int out_h) const {
    std::lock_guard lock(mu_);
    std::vector<float> buf(size_t(out_w) * out_h, std::nanf(""));
    GDALDataset* ds = ds_.get();
    const DropBlocksAfterShrinkingRead drop(ds, w, h, out_w, out_h);
    GDALRasterIOExtraArg arg;
    INIT_RASTERIO_EXTRA_ARG(arg);
    arg.eResampleAlg = GRIORA_NearestNeighbour;
    GDALRasterBand* b = ds->GetRasterBand(1);
    if (b->RasterIO(GF_Read, x, y, w, h, buf.data(), out_w, out_h, GDT_Float32, 0, 0, &arg) != CE_None)
        throw InputError(source, "read failed: " + last_gdal_error("unknown GDAL error"), ErrorKind::Corrupt);
    GDALRasterBand* mask = nullptr;
    const int mflags = b->GetMaskFlags();
    if (!has_nodata && !(mflags & GMF_ALL_VALID)) mask = b->GetMaskBand();
    if (has_nodata) {
        const float nd = float(nodata);
        for (auto& v : buf)
            if (v == nd || std::isnan(v)) v = std::nanf("");
    } else if (mask) {
        std::vector<uint8_t> m(buf.size());
        if (mask->RasterIO(GF_Read, x, y, w, h, m.data(), out_w, out_h, GDT_Byte, 0, 0, &arg) == CE_None)
            for (size_t i = 0; i < buf.size(); ++i)
                if (!m[i]) buf[i] = std::nanf("");
    }
    return buf;
}

std::vector<uint8_t> RasterSource::read_rgba(int x, int y, int w, int h, int out_w, int out_h) const {
    std::lock_guard lock(mu_);
    const size_t n = size_t(out_w) * out_h;
    std::vector<uint8_t> rgba(n * 4, 255);
    GDALDataset* ds = ds_.get();
    const DropBlocksAfterShrinkingRead drop(ds, w, h, out_w, out_h);
    GDALRasterIOExtraArg arg;
    INIT_RASTERIO_EXTRA_ARG(arg);
    GDALRasterBand* b1 = ds->GetRasterBand(1);
    if (GDALColorTable* ct = b1->GetColorTable()) {
        std::vector<int> idx(n);
        if (b1->RasterIO(GF_Read, x, y, w, h, idx.data(), out_w, out_h, GDT_Int32, 0, 0, &arg) != CE_None)
            throw InputError(source, "read failed: " + last_gdal_error("unknown GDAL error"),
                             ErrorKind::Corrupt);
        for (size_t i = 0; i < n; ++i) {
            const GDALColorEntry* e = ct->GetColorEntry(idx[i]);
            const bool nd = has_nodata && idx[i] == int(nodata);
            rgba[4 * i + 0] = e ? uint8_t(e->c1) : 0;
            rgba[4 * i + 1] = e ? uint8_t(e->c2) : 0;
            rgba[4 * i + 2] = e ? uint8_t(e->c3) : 0;
            rgba[4 * i + 3] = (!e || nd) ? 0 : uint8_t(e->c4);
        }
        return rgba;
    }
    const int nb = std::min(bands, 4);
    std::vector<int> band_list;
    for (int i = 1; i <= nb; ++i)
        band_list.push_back(i);
    if (ds->RasterIO(GF_Read, x, y, w, h, rgba.data(), out_w, out_h, GDT_Byte, nb, band_list.data(), 4,
                     4 * out_w, 1, &arg) != CE_None)
        throw InputError(source, "read failed: " + last_gdal_error("unknown GDAL error"), ErrorKind::Corrupt);
    if (nb < 3)
        for (size_t i = 0; i < n; ++i)
            rgba[4 * i + 1] = rgba[4 * i + 2] = rgba[4 * i];
    if (nb < 4) {
        for (size_t i = 0; i < n; ++i)
            rgba[4 * i + 3] = 255;
        if (has_nodata)
            for (size_t i = 0; i < n; ++i)
                if (rgba[4 * i] == uint8_t(nodata) && rgba[4 * i + 1] == uint8_t(nodata) &&
                    rgba[4 * i + 2] == uint8_t(nodata))
                    rgba[4 * i + 3] = 0;
    }
    return rgba;
}

} // namespace entente::geo
