#include "layer_reader.hpp"

#include "antimeridian.hpp"
#include "arrow_reader.hpp"
#include "error.hpp"
#include "feature_stream.hpp"
#include "input_gate.hpp"
#include "polygon_check.hpp"
#include "tessellate.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace entente::geo {

std::string short_crs(const OGRSpatialReference* srs) {
    if (!srs) return "unknown";
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    const char* name = srs->GetName();
    return name ? name : "custom";
}

namespace {

// How many bytes the reader may reserve ahead in one go (the rows' attribute arrays, or the geometry arrays)
// for this file. A count in a file's header is a claim (a 1 KB FlatGeobuf may say 2^36 features), and so is
// an archive member's size; the file's own size is not, and loaded data takes a few times its size (8-byte
// numbers and 16-byte coordinates from text or WKB). Past the budget arrays grow as features arrive: slower
// for a file that lied or packs its rows tightly, never wrong.
int64_t reservation_budget(const std::string& path) {
    constexpr int64_t kUnsure = int64_t(64) << 20; // a folder (.gdb), or a member of an archive
    int64_t bytes = kUnsure;
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) == 0 && VSI_ISREG(st.st_mode)) {
        const bool archived = path.rfind("/vsi", 0) == 0 && path.rfind("/vsimem/", 0) != 0;
        bytes = archived ? std::min<int64_t>(int64_t(st.st_size), kUnsure) : int64_t(st.st_size);
    }
    return 8 * std::max<int64_t>(bytes, 4096);
}

// Triangulates polygons on a second thread while the reader is still reading: batches of finished polygons
// are copied out (the reader's vectors keep growing) and their triangles come back in order.
class TessPipeline {
  public:
    explicit TessPipeline(const std::atomic<bool>* cancel) : cancel_(cancel), worker_([this] { run(); }) {}
    ~TessPipeline() { finish(); }

    // Sends polygons [from, ps.polygons()) that the reader has completed; simple[p]: polygon p proven valid.
    void send(const PolygonSet& ps, size_t from, const std::vector<uint8_t>& simple) {
        const size_t to = ps.polygons();
        if (to <= from) return;
        Batch b;
        const uint32_t r0 = ps.poly_ring[from], c0 = ps.ring_start[r0];
        if (from == 0) {
            // About one triangle per vertex: size the output once from the reader's own reservation.
            std::lock_guard lock(mu_);
            triangles_.reserve(3 * std::max(ps.coords.capacity(), ps.coords.size()) + 64);
        }
        b.base = c0;
        b.coords.assign(ps.coords.begin() + c0, ps.coords.end());
        for (size_t r = r0; r < ps.ring_start.size(); ++r)
            b.ring_start.push_back(ps.ring_start[r] - c0);
        b.ring_start.push_back(uint32_t(ps.coords.size()) - c0);
        for (size_t p = from; p < to; ++p)
            b.poly_ring.push_back(ps.poly_ring[p] - r0);
        b.simple.assign(to - from, 0); // a polygon without its flag is not taken as proven
        for (size_t p = from; p < std::min(to, simple.size()); ++p)
            b.simple[p - from] = simple[p];
        b.poly_ring.push_back(uint32_t(ps.ring_start.size()) - r0);
        {
            std::lock_guard lock(mu_);
            queue_.push_back(std::move(b));
        }
        cv_.notify_one();
    }

    // Waits for every batch and returns all triangles.
    std::vector<uint32_t> finish() {
        {
            std::lock_guard lock(mu_);
            done_ = true;
        }
        cv_.notify_one();
        if (worker_.joinable()) worker_.join();
        return std::move(triangles_);
    }

  private:
    struct Batch {
        uint32_t base = 0;
        std::vector<LonLat> coords;
        std::vector<uint32_t> ring_start, poly_ring;
        std::vector<uint8_t> simple;
    };
    void run() {
        std::vector<uint32_t> starts;
        for (;;) {
            Batch b;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [&] { return done_ || !queue_.empty(); });
                if (queue_.empty()) return;
                b = std::move(queue_.front());
                queue_.pop_front();
            }
            if (cancel_ && cancel_->load()) continue;
            for (size_t p = 0; p + 1 < b.poly_ring.size(); ++p) {
                const uint32_t r0 = b.poly_ring[p], r1 = b.poly_ring[p + 1];
                const uint32_t c0 = b.ring_start[r0], c1 = b.ring_start[r1];
                starts.clear();
                for (uint32_t r = r0; r <= r1; ++r)
                    starts.push_back(b.ring_start[r] - c0);
                tessellate_polygon(std::span<const LonLat>(b.coords.data() + c0, c1 - c0), starts,
                                   b.base + c0, triangles_, b.simple[p] != 0);
            }
        }
    }
    const std::atomic<bool>* cancel_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Batch> queue_;
    bool done_ = false;
    std::vector<uint32_t> triangles_;
    std::thread worker_;
};

// A field as the layer keeps it: numbers as doubles, anything else as text.
Field field_of(const OGRFieldDefn* fd) {
    const auto t = fd->GetType();
    return {fd->GetNameRef(), t == OFTInteger || t == OFTInteger64 || t == OFTReal};
}

// Reads features of one OGR layer into column-wise storage, reprojecting to WGS84 lon/lat.
class Reader {
  public:
    Reader(VectorLayer& out, const LoadOptions& opt, double progress_base, double progress_span)
        : out_(out), opt_(opt), base_(progress_base), span_(progress_span) {}

    // Every feature of a GDAL layer, without the attributes at the indices in `hidden`.
    void read(OGRLayer* layer, const std::vector<int>& hidden = {}) {
        layer->ResetReading();
        read(
            layer->GetLayerDefn(), layer->GetSpatialRef(), layer->GetFeatureCount(FALSE),
            [layer] { return std::unique_ptr<OGRFeature, FeatureRelease>(layer->GetNextFeature()); }, hidden);
    }

    // Every feature of a fast reader's (its features are its own, so not freed here).
    void read(FeatureStream& stream, const std::vector<int>& hidden) {
        read(
            stream.defn(), stream.spatial_ref(), stream.feature_count(),
            [&stream] {
                return std::unique_ptr<OGRFeature, FeatureRelease>(stream.next(), FeatureRelease{false});
            },
            hidden);
    }

    // Every row of a GeoPackage point layer's Arrow stream. A row that is one usable 2D point in lon/lat goes
    // straight from the batch's columns to the layer's (add_point_row); any other row becomes an OGR feature
    // for add_feature, so what is checked, repaired, skipped and reported stays one code.
    void read(ArrowReader& rows, const std::vector<int>& hidden) {
        OGRFeatureDefn* defn = rows.defn();
        // No transform: the row's point is the layer's.
        const bool direct = !needs_transform(rows.spatial_ref());
        size_t given = 0; // points handed to on_points
        auto give = [&](size_t at_least) {
            const size_t n = out_.points.coords.size();
            if (opt_.on_points && n - given >= at_least && n > given)
                opt_.on_points(out_, given, n), given = n;
        };
        read(
            defn, rows.spatial_ref(), rows.feature_count(),
            [&]() -> OGRFeature* {
                while (rows.next_row()) {
                    double x, y;
                    give(4096);
                    if (direct && rows.row_point(x, y) && std::isfinite(x) && std::isfinite(y) &&
                        valid_lonlat(x, y)) {
                        add_point_row(rows, {x, y});
                        after_feature();
                        continue;
                    }
                    return rows.row_feature();
                }
                return nullptr;
            },
            hidden);
        give(1);
    }

    bool tessellated() const { return tessellated_; }

  private:
    // Frees a feature from GDAL's GetNextFeature; leaves a reader's own alone.
    struct FeatureRelease {
        bool owned = true;
        void operator()(OGRFeature* f) const {
            if (owned) OGRFeature::DestroyFeature(f);
        }
    };

    template <typename Next>
    void read(OGRFeatureDefn* defn, const OGRSpatialReference* srs, int64_t total, Next next,
              const std::vector<int>& hidden = {}) {
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (std::find(hidden.begin(), hidden.end(), i) != hidden.end()) continue;
            source_field_.push_back(i);
            out_.fields.push_back(field_of(defn->GetFieldDefn(i)));
        }
        out_.columns.resize(out_.fields.size());
        setup_transform(srs);
        budget_ = reservation_budget(out_.source);
        if (total > 0) {
            int64_t row_bytes = 8; // the fid, then each kept attribute
            for (const auto& f : out_.fields)
                row_bytes += f.numeric ? 8 : 4;
            reserve(size_t(std::min(total, budget_ / row_bytes)));
        }
        n_ = 0, total_ = total, sent_ = 0;
        simple_.clear();
        tess_.reset();
        if (opt_.tessellate) tess_ = std::make_unique<TessPipeline>(opt_.cancel);
        while (const auto f = next()) {
            add_feature(&*f);
            after_feature();
        }
        if (tess_) {
            tess_->send(out_.polygons, sent_, simple_);
            out_.polygons.triangles = tess_->finish();
            tess_.reset();
            if (opt_.cancel && opt_.cancel->load()) throw Cancelled();
            tessellated_ = true;
        }
    }

    // What follows each feature read: the arrays grown once, polygons handed to the tessellation, progress
    // and cancellation.
    void after_feature() {
        if (n_ == 1023 && total_ > 4096) reserve_geometry(double(total_) / 1024.0);
        if (tess_ && out_.polygons.polygons() - sent_ >= 2048) {
            tess_->send(out_.polygons, sent_, simple_);
            sent_ = out_.polygons.polygons();
        }
        if ((++n_ & 0x3fff) == 0) {
            if (opt_.cancel && opt_.cancel->load()) throw Cancelled();
            if (opt_.progress && total_ > 0)
                opt_.progress(base_ + span_ * std::min(1.0, double(n_) / double(total_)),
                              "reading " + out_.name);
        }
    }

    // WGS84 and a source CRS, both in longitude/latitude (x, y) order.
    static OGRSpatialReference lonlat_order(const OGRSpatialReference& srs) {
        OGRSpatialReference out(srs);
        out.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return out;
    }
    static OGRSpatialReference wgs84() {
        OGRSpatialReference wgs;
        wgs.SetWellKnownGeogCS("WGS84");
        return lonlat_order(wgs);
    }

    // Whether coordinates in `srs` need transforming to WGS84 lon/lat (setup_transform's test).
    static bool needs_transform(const OGRSpatialReference* srs) {
        if (!srs) return false;
        const OGRSpatialReference wgs = wgs84(), src = lonlat_order(*srs);
        static const char* const same_opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                                                "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
        if (src.IsGeographic() && src.IsSame(&wgs, same_opts)) return false;
        const char* datum = src.GetAttrValue("DATUM");
        return !(src.IsGeographic() && datum && std::string(datum).find("WGS") != std::string::npos);
    }

    void setup_transform(const OGRSpatialReference* srs) {
        out_.crs = short_crs(srs);
        if (!needs_transform(srs)) return; // lon/lat (or assumed so); out-of-range coordinates are skipped
        const OGRSpatialReference wgs = wgs84(), src = lonlat_order(*srs);
        ct_.reset(OGRCreateCoordinateTransformation(&src, &wgs));
        if (!ct_)
            throw InputError(out_.source, "layer '" + out_.name + "': cannot transform its CRS to WGS84",
                             ErrorKind::Unsupported);
    }

    // After the first features, grow the geometry arrays once to the projected total instead of doubling
    // (each doubling of a multi-hundred-megabyte array costs a copy and fresh page faults).
    void reserve_geometry(double factor) {
        auto grow = [&](auto& v) {
            // A layer of one kind grows up to four arrays: each gets a quarter of the budget at most.
            const double most = double(budget_) / 4 / double(sizeof(v[0]));
            v.reserve(size_t(std::min(double(v.size()) * factor * 1.1, most)) + 16);
        };
        grow(out_.points.coords), grow(out_.points.feature);
        grow(out_.lines.coords), grow(out_.lines.part_start), grow(out_.lines.part_feature);
        grow(out_.polygons.coords), grow(out_.polygons.ring_start), grow(out_.polygons.poly_ring);
        grow(out_.polygons.poly_feature);
    }

    void reserve(size_t n) {
        out_.fids.reserve(n);
        for (size_t i = 0; i < out_.fields.size(); ++i) {
            if (out_.fields[i].numeric)
                out_.columns[i].num.reserve(n);
            else
                out_.columns[i].reserve_text(n);
        }
    }

    void skip(const char* reason) {
        if (out_.skipped++ == 0) out_.skipped_reason = reason;
        note(std::string("feature(s) skipped: ") + reason);
    }

    // Counts one repair or skip under its reason for the layer's report.
    void note(const std::string& what, size_t n = 1) {
        for (auto& [w, c] : out_.report)
            if (w == what) return void(c += n);
        out_.report.emplace_back(what, n);
    }

    // Transforms and validates pts in place; false when any coordinate is unusable.
    bool to_lonlat(std::vector<LonLat>& pts) {
        if (ct_ && !pts.empty()) {
            xs_.resize(pts.size());
            ys_.resize(pts.size());
            for (size_t i = 0; i < pts.size(); ++i)
                xs_[i] = pts[i].lon, ys_[i] = pts[i].lat;
            ok_.assign(pts.size(), 0);
            if (!ct_->Transform(pts.size(), xs_.data(), ys_.data(), nullptr, ok_.data())) {
                skip("coordinates outside the valid range of the layer's CRS");
                return false;
            }
            for (size_t i = 0; i < pts.size(); ++i)
                pts[i] = {xs_[i], ys_[i]};
        }
        for (auto& p : pts) {
            if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) {
                skip("non-finite coordinates");
                return false;
            }
            if (!valid_lonlat(p.lon, p.lat)) {
                skip(ct_ ? "coordinates outside the valid range of the layer's CRS"
                         : "coordinates outside longitude -180..180 / latitude -90..90");
                return false;
            }
        }
        return true;
    }

    static void collect(const OGRSimpleCurve* c, std::vector<LonLat>& out) {
        const int n = c->getNumPoints();
        const size_t base = out.size();
        out.resize(base + n);
        for (int i = 0; i < n; ++i)
            out[base + i] = {c->getX(i), c->getY(i)};
    }

    static bool finite_ring(const OGRLinearRing* r) {
        for (int i = 0; i < r->getNumPoints(); ++i)
            if (!std::isfinite(r->getX(i)) || !std::isfinite(r->getY(i))) return false;
        return true;
    }

    // Closes open rings and drops rings under 4 points (a polygon whose exterior goes whole), counting
    // each; returns the repaired copy, or poly itself when nothing needed it, or null when nothing is left.
    const OGRPolygon* repair_rings(const OGRPolygon* poly, std::unique_ptr<OGRPolygon>& fixed) {
        bool needed = false;
        for (const OGRLinearRing* r : *poly)
            needed = needed || r->getNumPoints() < 4 || !r->get_IsClosed();
        if (!needed) return poly;
        fixed = std::make_unique<OGRPolygon>();
        bool first = true;
        for (const OGRLinearRing* r : *poly) {
            OGRLinearRing ring(*r);
            if (ring.getNumPoints() > 0 && !ring.get_IsClosed()) {
                ring.closeRings();
                note("ring(s) closed: first and last point differed");
            }
            const bool exterior = first;
            first = false;
            if (ring.getNumPoints() < 4) {
                note(exterior ? "polygon(s) dropped: outer ring with fewer than 4 points"
                              : "hole(s) dropped: ring with fewer than 4 points");
                if (exterior) return nullptr;
                continue;
            }
            fixed->addRing(&ring);
        }
        return fixed.get();
    }

    // Flattens a geometry into staged points / line parts / polygon rings of the current feature.
    // valid: the polygon came out of make-valid (not checked again).
    void stage(const OGRGeometry* g, int depth = 0, bool valid = false) {
        if (!g || g->IsEmpty()) return;
        if (depth > limits::geometry_depth) {
            too_deep_ = true;
            return;
        }
        switch (wkbFlatten(g->getGeometryType())) {
        case wkbPoint: {
            auto* p = g->toPoint();
            pts_.push_back({p->getX(), p->getY()});
            break;
        }
        case wkbLineString:
        case wkbLinearRing: {
            line_starts_.push_back(uint32_t(line_pts_.size()));
            collect(g->toSimpleCurve(), line_pts_);
            break;
        }
        case wkbPolygon: {
            std::unique_ptr<OGRPolygon> fixed;
            const OGRPolygon* poly = repair_rings(g->toPolygon(), fixed);
            if (!poly) break;
            bool finite = true;
            for (const OGRLinearRing* r : *poly)
                finite = finite && finite_ring(r);
            // Self-intersections fill wrongly and break area and containment; GEOS repairs them. Non-finite
            // coordinates are left for to_lonlat to skip.
            if (!valid && opt_.repair_polygons && finite && !certainly_valid(poly) && !poly->IsValid()) {
                CPLErrorReset();
                std::unique_ptr<OGRGeometry> made(poly->MakeValid());
                if (made && !made->IsEmpty()) {
                    note("polygon(s) repaired: self-intersecting or otherwise invalid (GEOS make-valid)");
                    stage(made.get(), depth + 1, true);
                } else {
                    note("polygon(s) dropped: invalid and not repairable");
                }
                break;
            }
            poly_starts_.push_back(uint32_t(ring_starts_.size()));
            // Valid here (proven fast, by GEOS, or made so by GEOS): tessellation need not look for
            // crossings.
            poly_proven_.push_back(valid || (opt_.repair_polygons && finite));
            for (const OGRLinearRing* r : *poly) {
                ring_starts_.push_back(uint32_t(ring_pts_.size()));
                collect(r, ring_pts_);
            }
            break;
        }
        case wkbCircularString:
        case wkbCompoundCurve:
        case wkbCurvePolygon:
        case wkbMultiCurve:
        case wkbMultiSurface: {
            std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
            stage(lin.get(), depth + 1, valid);
            break;
        }
        default:
            if (auto* gc = dynamic_cast<const OGRGeometryCollection*>(g))
                for (const OGRGeometry* sub : *gc)
                    stage(sub, depth + 1, valid);
            break;
        }
    }

    // The fast proof first (polygon_check.hpp); GEOS only for what it cannot vouch for.
    bool certainly_valid(const OGRPolygon* poly) {
        check_pts_.clear(), check_starts_.clear();
        for (const OGRLinearRing* r : *poly) {
            check_starts_.push_back(uint32_t(check_pts_.size()));
            collect(r, check_pts_);
        }
        check_starts_.push_back(uint32_t(check_pts_.size()));
        return certainly_valid_polygon(check_pts_, check_starts_);
    }

    static const char* too_many_vertices() {
        static const std::string text =
            "more than " + std::to_string(limits::feature_vertices) + " vertices in one feature";
        return text.c_str();
    }

    // Vertices of a geometry as stored (curves before linearisation); deep nesting is stage()'s to report.
    static size_t vertex_count(const OGRGeometry* g, int depth = 0) {
        if (!g || depth > limits::geometry_depth) return 0;
        // Points first: a dynamic_cast across libraries compares type names, and most features are points.
        if (wkbFlatten(g->getGeometryType()) == wkbPoint) return 1;
        if (auto* c = dynamic_cast<const OGRSimpleCurve*>(g)) return size_t(c->getNumPoints());
        size_t n = 0;
        if (auto* p = dynamic_cast<const OGRCurvePolygon*>(g)) {
            for (const OGRCurve* r : *p)
                n += vertex_count(r, depth + 1);
        } else if (auto* cc = dynamic_cast<const OGRCompoundCurve*>(g)) {
            for (const OGRCurve* r : *cc)
                n += vertex_count(r, depth + 1);
        } else if (auto* gc = dynamic_cast<const OGRGeometryCollection*>(g)) {
            for (const OGRGeometry* sub : *gc)
                n += vertex_count(sub, depth + 1);
        }
        return n;
    }

    void add_feature(OGRFeature* f) {
        pts_.clear(), line_pts_.clear(), line_starts_.clear(), ring_pts_.clear(), ring_starts_.clear(),
            poly_starts_.clear(), poly_proven_.clear();
        too_deep_ = false;
        const OGRGeometry* geom = f->GetGeometryRef();
        // GDAL reads NaN coordinates in a shapefile or GeoPackage as an empty geometry, without a word.
        if (geom && geom->IsEmpty()) {
            skip("empty geometry (NaN or no coordinates)");
            return;
        }
        // Counted before staging: make-valid on a hostile ring of millions of vertices would run first.
        if (vertex_count(geom) > limits::feature_vertices) {
            skip(too_many_vertices());
            return;
        }
        stage(geom);
        if (too_deep_) {
            skip("geometry nested deeper than 32 levels");
            return;
        }
        if (pts_.size() + line_pts_.size() + ring_pts_.size() > limits::feature_vertices) {
            skip(too_many_vertices()); // curves linearised, or repairs, can add vertices
            return;
        }
        if (!to_lonlat(pts_) || !to_lonlat(line_pts_) || !to_lonlat(ring_pts_)) return;
        densify_parts(line_pts_, line_starts_);
        const size_t ring_points = ring_pts_.size();
        densify_parts(ring_pts_, ring_starts_);
        // Validity was proven on the coordinates as read: it holds for the stored ones when nothing moved
        // them.
        const bool as_checked = !ct_ && ring_pts_.size() == ring_points;

        const uint32_t fi = uint32_t(out_.fids.size());
        Bbox bb;
        for (auto& p : pts_) {
            out_.points.coords.push_back(p);
            out_.points.feature.push_back(fi);
            bb.add(p.lon, p.lat);
        }
        line_starts_.push_back(uint32_t(line_pts_.size()));
        for (size_t i = 0; i + 1 < line_starts_.size(); ++i) {
            std::span<const LonLat> part(line_pts_.data() + line_starts_[i],
                                         line_starts_[i + 1] - line_starts_[i]);
            if (part.size() < 2) continue;
            for (auto& p : part)
                bb.add(p.lon, p.lat);
            if (crosses_antimeridian(part)) {
                for (auto& piece : split_line(part))
                    add_line(piece, fi);
            } else {
                add_line(part, fi);
            }
        }
        ring_starts_.push_back(uint32_t(ring_pts_.size()));
        poly_starts_.push_back(uint32_t(ring_starts_.size() - 1));
        for (size_t pi = 0; pi + 1 < poly_starts_.size(); ++pi) {
            const uint32_t r0 = poly_starts_[pi], r1 = poly_starts_[pi + 1];
            bool crosses = false;
            for (uint32_t r = r0; r < r1; ++r) {
                std::span<const LonLat> ring(ring_pts_.data() + ring_starts_[r],
                                             ring_starts_[r + 1] - ring_starts_[r]);
                for (auto& p : ring)
                    bb.add(p.lon, p.lat);
                crosses = crosses || crosses_antimeridian(ring);
            }
            if (!crosses) {
                simple_.push_back(as_checked && poly_proven_[pi]);
                auto& ps = out_.polygons;
                ps.poly_ring.push_back(uint32_t(ps.ring_start.size()));
                for (uint32_t r = r0; r < r1; ++r) {
                    ps.ring_start.push_back(uint32_t(ps.coords.size()));
                    ps.coords.insert(ps.coords.end(), ring_pts_.begin() + ring_starts_[r],
                                     ring_pts_.begin() + ring_starts_[r + 1]);
                }
                ps.poly_feature.push_back(fi);
                continue;
            }
            std::vector<Ring> rings;
            for (uint32_t r = r0; r < r1; ++r)
                rings.emplace_back(ring_pts_.begin() + ring_starts_[r],
                                   ring_pts_.begin() + ring_starts_[r + 1]);
            for (auto& piece : split_polygon(rings)) {
                auto& ps = out_.polygons;
                simple_.push_back(0); // cut at the antimeridian: not the rings that were checked
                ps.poly_ring.push_back(uint32_t(ps.ring_start.size()));
                for (auto& ring : piece) {
                    ps.ring_start.push_back(uint32_t(ps.coords.size()));
                    ps.coords.insert(ps.coords.end(), ring.begin(), ring.end());
                }
                ps.poly_feature.push_back(fi);
            }
        }
        finish_feature(fi, bb, pts_.size() == 1, f->GetFID());
        for (size_t i = 0; i < out_.fields.size(); ++i) {
            const int src = source_field_[i];
            const bool set = f->IsFieldSetAndNotNull(src);
            if (out_.fields[i].numeric)
                out_.columns[i].num.push_back(set ? f->GetFieldAsDouble(src) : std::nan(""));
            else
                out_.columns[i].push_text(set ? text_value(f->GetFieldAsString(src)) : std::string_view());
        }
    }

    // What add_feature does for a feature that is one point, finite and in lon/lat, read from the batch.
    void add_point_row(const ArrowReader& rows, LonLat p) {
        const uint32_t fi = uint32_t(out_.fids.size());
        out_.points.coords.push_back(p);
        out_.points.feature.push_back(fi);
        Bbox bb;
        bb.add(p.lon, p.lat);
        finish_feature(fi, bb, true, rows.row_fid());
        for (size_t i = 0; i < out_.fields.size(); ++i) {
            if (out_.fields[i].numeric) {
                out_.columns[i].num.push_back(rows.row_number(source_field_[i]));
            } else {
                const std::optional<std::string_view> t = rows.row_text(source_field_[i]);
                out_.columns[i].push_text(t ? text_value(*t) : std::string_view());
            }
        }
    }

    // A feature's box, id and extent, once its geometry is stored.
    void finish_feature(uint32_t fi, const Bbox& bb, bool one_point, int64_t fid) {
        // A feature that is one point, after only such features, keeps no box (feature_box reads its point);
        // the first other feature gives the earlier ones theirs.
        const bool lone_point = one_point && out_.points.coords.size() == fi + 1 && out_.lines.parts() == 0 &&
                                out_.polygons.polygons() == 0;
        if (!lone_point || !out_.feature_bbox.empty()) {
            for (size_t i = out_.feature_bbox.size(); i < fi; ++i)
                out_.feature_bbox.push_back(out_.feature_box(i));
            out_.feature_bbox.push_back(bb);
        }
        out_.fids.push_back(fid);
        out_.extent.add(bb);
    }

    // A huge value would be copied into labels, tables and exports; the first 64 KiB (whole UTF-8 characters)
    // are kept.
    std::string_view text_value(const char* v) { return text_value(std::string_view(v)); }
    std::string_view text_value(std::string_view text) {
        const char* v = text.data();
        const size_t n = text.size();
        if (n <= limits::text_value_bytes) return {v, n};
        size_t cut = limits::text_value_bytes;
        while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80)
            --cut;
        note("text value(s) truncated: longer than 64 KiB");
        return {v, cut};
    }

    // Long edges get intermediate points (rare: only edges over 1 degree), keeping the part offsets right.
    static void densify_parts(std::vector<LonLat>& pts, std::vector<uint32_t>& starts) {
        bool any = false;
        for (size_t i = 1; i < pts.size() && !any; ++i)
            any = std::abs(pts[i].lon - pts[i - 1].lon) > 1.0 || std::abs(pts[i].lat - pts[i - 1].lat) > 1.0;
        if (!any) return;
        std::vector<LonLat> out;
        std::vector<uint32_t> new_starts;
        for (size_t p = 0; p < starts.size(); ++p) {
            const size_t a = starts[p], b = p + 1 < starts.size() ? starts[p + 1] : pts.size();
            std::vector<LonLat> part(pts.begin() + a, pts.begin() + b);
            densify(part, 1.0);
            new_starts.push_back(uint32_t(out.size()));
            out.insert(out.end(), part.begin(), part.end());
        }
        pts = std::move(out);
        starts = std::move(new_starts);
    }

    void add_line(std::span<const LonLat> part, uint32_t fi) {
        auto& ls = out_.lines;
        if (ls.part_start.empty()) ls.part_start.push_back(0);
        ls.coords.insert(ls.coords.end(), part.begin(), part.end());
        ls.part_start.push_back(uint32_t(ls.coords.size()));
        ls.part_feature.push_back(fi);
    }

    VectorLayer& out_;
    int64_t n_ = 0, total_ = 0;          // features read; the count the source gave (may be -1)
    int64_t budget_ = 0;                 // the most bytes reserved ahead at once (reservation_budget)
    size_t sent_ = 0;                    // polygons handed to the tessellation
    std::unique_ptr<TessPipeline> tess_; // while reading, when tessellating
    bool tessellated_ = false;
    bool too_deep_ = false;
    const LoadOptions& opt_;
    double base_, span_;
    std::unique_ptr<OGRCoordinateTransformation> ct_;
    std::vector<double> xs_, ys_;
    std::vector<int> ok_;
    std::vector<int> source_field_; // GDAL's field index of each kept attribute
    std::vector<LonLat> pts_, line_pts_, ring_pts_;
    std::vector<uint32_t> line_starts_, ring_starts_, poly_starts_;
    std::vector<uint8_t> poly_proven_; // per staged polygon: valid as read
    std::vector<uint8_t> simple_;      // per stored polygon: proven valid as stored (tessellate_polygon)
    std::vector<LonLat> check_pts_;
    std::vector<uint32_t> check_starts_;
};

} // namespace

struct LayerReader::Impl {
    Reader reader;
};

LayerReader::LayerReader(VectorLayer& out, const LoadOptions& opt, double progress_base, double progress_span)
    : impl_(std::make_unique<Impl>(Impl{Reader(out, opt, progress_base, progress_span)})) {}
LayerReader::~LayerReader() = default;

void LayerReader::read(OGRLayer* layer, const std::vector<int>& hidden) {
    impl_->reader.read(layer, hidden);
}
void LayerReader::read(FeatureStream& stream, const std::vector<int>& hidden) {
    impl_->reader.read(stream, hidden);
}
void LayerReader::read(ArrowReader& rows, const std::vector<int>& hidden) {
    impl_->reader.read(rows, hidden);
}
bool LayerReader::tessellated() const {
    return impl_->reader.tessellated();
}

std::vector<int> dropped_fields(const OGRFeatureDefn* defn, const std::string& layer, const LoadOptions& opt,
                                std::vector<int> hidden) {
    if (!opt.keep_fields) return hidden;
    std::vector<int> offered; // the fields not hidden, as the callback sees them
    std::vector<Field> fields;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        if (std::find(hidden.begin(), hidden.end(), i) != hidden.end()) continue;
        offered.push_back(i);
        fields.push_back(field_of(defn->GetFieldDefn(i)));
    }
    const std::vector<bool> keep = opt.keep_fields(layer, fields);
    if (keep.size() != fields.size()) return hidden;
    for (size_t k = 0; k < keep.size(); ++k)
        if (!keep[k]) hidden.push_back(offered[k]);
    return hidden;
}

// Triangulates all polygons, split across the machine's cores.
void tessellate_all(PolygonSet& ps, const std::atomic<bool>* cancel) {
    const size_t n = ps.polygons();
    if (n == 0) return;
    if (ps.poly_ring.size() == n) ps.poly_ring.push_back(uint32_t(ps.ring_start.size()));
    if (ps.ring_start.empty() || ps.ring_start.back() != ps.coords.size())
        ps.ring_start.push_back(uint32_t(ps.coords.size()));
    const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::vector<std::vector<uint32_t>> parts(threads);
    auto work = [&](unsigned t) {
        const size_t a = n * t / threads, b = n * (t + 1) / threads;
        std::vector<uint32_t> starts;
        for (size_t p = a; p < b; ++p) {
            if (cancel && (p & 0xfff) == 0 && cancel->load()) return;
            const uint32_t r0 = ps.poly_ring[p], r1 = ps.poly_ring[p + 1];
            const uint32_t c0 = ps.ring_start[r0], c1 = ps.ring_start[r1];
            starts.clear();
            for (uint32_t r = r0; r <= r1; ++r)
                starts.push_back(ps.ring_start[r] - c0);
            tessellate_polygon(std::span<const LonLat>(ps.coords.data() + c0, c1 - c0), starts, c0, parts[t]);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool)
        th.join();
    if (cancel && cancel->load()) throw Cancelled();
    size_t total = 0;
    for (auto& p : parts)
        total += p.size();
    ps.triangles.reserve(total);
    for (auto& p : parts)
        ps.triangles.insert(ps.triangles.end(), p.begin(), p.end());
}

} // namespace entente::geo
