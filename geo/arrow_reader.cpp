#include "arrow_reader.hpp"

#include "error.hpp"

#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace entente::geo {

namespace {

// One batch of rows; releases itself.
struct Batch {
    ArrowArray a{};
    Batch() = default;
    Batch(Batch&& o) noexcept : a(o.a) { o.a.release = nullptr; }
    Batch& operator=(Batch&& o) noexcept {
        if (this != &o) {
            reset();
            a = o.a;
            o.a.release = nullptr;
        }
        return *this;
    }
    ~Batch() { reset(); }
    void reset() {
        if (a.release) a.release(&a);
        a.release = nullptr;
    }
};

// What a column holds, among those read exactly as GDAL's features give them.
enum class Kind { Fid, Geometry, Int16, Int32, Int64, Double, Text, LargeText };

struct Column {
    Kind kind;
    int field = -1; // in the layer's definition; -1 for the id and the geometry
};

bool valid(const ArrowArray& a, int64_t row) {
    if (a.null_count == 0 || !a.buffers[0]) return true;
    const int64_t i = a.offset + row;
    return (static_cast<const uint8_t*>(a.buffers[0])[i >> 3] >> (i & 7)) & 1;
}

template <typename T> T value(const ArrowArray& a, int64_t row) {
    return static_cast<const T*>(a.buffers[1])[a.offset + row];
}

// Bytes of row `row` of a (large) text or binary column.
template <typename Offset> std::pair<const char*, size_t> bytes(const ArrowArray& a, int64_t row) {
    const auto* off = static_cast<const Offset*>(a.buffers[1]);
    const int64_t i = a.offset + row;
    return {static_cast<const char*>(a.buffers[2]) + off[i], size_t(off[i + 1] - off[i])};
}

} // namespace

struct ArrowReader::Impl {
    std::string path;
    OGRLayer* layer;
    ArrowArrayStream stream{};
    std::vector<Column> columns;
    std::vector<int> field_column;         // the batch column of each field (-1: none), from read_schema
    int fid_column = -1, geom_column = -1; // the batch columns of the id and the geometry
    std::unique_ptr<OGRFeature> feature;
    Batch batch;
    // Batches are read on a thread of their own, up to kAhead ahead of the rows being taken: one thread for
    // the whole stream (a thread a batch cost a third of the read in start-up and hand-over), and enough
    // batches (a few MB) that the reader never waits on the rows' bursts of work (projecting a run of
    // points).
    static constexpr size_t kAhead = 8;
    std::thread reader;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::pair<int, Batch>> ready; // get_next's result and its batch, in stream order
    bool stop = false;
    bool failed = false; // the reading thread stopped on an exception
    const OGRSpatialReference* srs = nullptr;
    int64_t count = -1;
    int64_t row = 0;
    bool done = false;
    std::string text;

    Impl(const std::string& p, OGRLayer* l) : path(p), layer(l) {
        OGRFeatureDefn* d = layer->GetLayerDefn();
        if (d->GetGeomFieldCount() != 1) throw NeedsGdal{"not one geometry column"};
        // Lines and polygons: GDAL's features come as fast (the time goes to parsing and tessellating their
        // geometries, not to SQLite), and a reading thread would take the core the tessellation runs on.
        if (wkbFlatten(d->GetGeomType()) != wkbPoint)
            throw NeedsGdal{"not a point layer (the stream is no faster for other geometries)"};
        // Batches of 4,096 rows: as fast as GDAL's 65,536 and 27 MB less at the peak for a million points.
        const char* const opts[] = {"MAX_FEATURES_IN_BATCH=4096", nullptr};
        if (!layer->GetArrowStream(&stream, opts)) throw NeedsGdal{"no Arrow stream"};
        ArrowSchema schema{};
        try {
            if (stream.get_schema(&stream, &schema) != 0) throw NeedsGdal{"no Arrow schema"};
            read_schema(schema, d);
        } catch (...) {
            if (schema.release) schema.release(&schema);
            stream.release(&stream);
            throw;
        }
        schema.release(&schema);
        feature = std::make_unique<OGRFeature>(d);
        // Asked here, before the reading thread uses the layer: GDAL's layer is not to be used from two
        // threads at once (a count may run SQL on the same connection).
        srs = layer->GetSpatialRef();
        count = layer->GetFeatureCount(FALSE);
        try {
            reader = std::thread([this] { read_ahead(); });
        } catch (const std::system_error& e) {
            stream.release(&stream);
            throw NeedsGdal{std::string("no thread to read the stream: ") + e.what()};
        }
    }

    ~Impl() {
        {
            std::lock_guard lock(mu);
            stop = true;
        }
        cv.notify_all();
        if (reader.joinable()) reader.join();
        ready.clear();
        batch.reset();
        if (stream.release) stream.release(&stream);
    }

    void read_schema(const ArrowSchema& schema, OGRFeatureDefn* d) {
        if (std::strcmp(schema.format, "+s") != 0) throw NeedsGdal{"Arrow stream is not of rows"};
        const char* fid = layer->GetFIDColumn();
        const std::string fid_name = fid && *fid ? fid : "OGC_FID";
        const std::string geom_name = d->GetGeomFieldDefn(0)->GetNameRef();
        std::vector<bool> seen(size_t(d->GetFieldCount()), false);
        field_column.assign(size_t(d->GetFieldCount()), -1);
        bool has_fid = false, has_geom = false;
        for (int64_t c = 0; c < schema.n_children; ++c) {
            const ArrowSchema& s = *schema.children[c];
            const std::string name = s.name ? s.name : "", fmt = s.format ? s.format : "";
            if (s.dictionary) throw NeedsGdal{"column '" + name + "' is dictionary-encoded"};
            if (name == fid_name && fmt == "l" && !has_fid) {
                fid_column = int(columns.size());
                columns.push_back({Kind::Fid});
                has_fid = true;
                continue;
            }
            if (name == geom_name && fmt == "z" && !has_geom) {
                geom_column = int(columns.size());
                columns.push_back({Kind::Geometry});
                has_geom = true;
                continue;
            }
            const int field = d->GetFieldIndex(name.c_str());
            if (field < 0 || seen[size_t(field)]) throw NeedsGdal{"column '" + name + "' is not a field"};
            seen[size_t(field)] = true;
            const OGRFieldDefn* fd = d->GetFieldDefn(field);
            const OGRFieldType t = fd->GetType();
            Kind k;
            // A float32 would come back rounded from the double SQLite stores; dates, times and blobs are
            // formatted differently; booleans come back with the wrong bits set (GDAL 3.6.2): GDAL's features
            // read those.
            if (fmt == "s" && t == OFTInteger)
                k = Kind::Int16;
            else if (fmt == "i" && t == OFTInteger)
                k = Kind::Int32;
            else if (fmt == "l" && t == OFTInteger64)
                k = Kind::Int64;
            else if (fmt == "g" && t == OFTReal && fd->GetSubType() == OFSTNone)
                k = Kind::Double;
            else if (fmt == "u" && t == OFTString)
                k = Kind::Text;
            else if (fmt == "U" && t == OFTString)
                k = Kind::LargeText;
            else
                throw NeedsGdal{"field '" + name + "' is " + OGRFieldDefn::GetFieldTypeName(t) + " (Arrow " +
                                fmt + ")"};
            field_column[size_t(field)] = int(columns.size());
            columns.push_back({k, field});
        }
        if (!has_fid) throw NeedsGdal{"no feature id column"};
        if (!has_geom) throw NeedsGdal{"no geometry column"};
        for (size_t i = 0; i < seen.size(); ++i)
            if (!seen[i] && !d->GetFieldDefn(int(i))->IsIgnored()) // ignored: left out of the read
                throw NeedsGdal{"field '" + std::string(d->GetFieldDefn(int(i))->GetNameRef()) +
                                "' missing from the Arrow stream"};
    }

    // The reading thread: every batch in order until the end, an error, or the reader going away.
    void read_ahead() {
        for (;;) {
            {
                std::unique_lock lock(mu);
                cv.wait(lock, [&] { return stop || ready.size() < kAhead; });
                if (stop) return;
            }
            try {
                Batch b;
                const int rc = stream.get_next(&stream, &b.a);
                const bool last = rc != 0 || !b.a.release;
                {
                    std::lock_guard lock(mu);
                    ready.emplace_back(rc, std::move(b));
                }
                cv.notify_all();
                if (last) return;
            } catch (
                ...) { // out of memory: the rows read so far stand, the read fails as a corrupt batch would
                {
                    std::lock_guard lock(mu);
                    failed = true;
                }
                cv.notify_all();
                return;
            }
        }
    }

    // Moves to the next batch with rows; false at the end.
    bool advance() {
        while (!done) {
            std::pair<int, Batch> next;
            {
                std::unique_lock lock(mu);
                cv.wait(lock, [&] { return !ready.empty() || failed; });
                if (ready.empty()) {
                    done = true;
                    throw InputError(
                        path, "layer '" + std::string(layer->GetName()) + "': out of memory reading its rows",
                        ErrorKind::Failed);
                }
                next = std::move(ready.front());
                ready.pop_front();
            }
            cv.notify_all();
            auto& [rc, b] = next;
            if (rc != 0) {
                const char* why = stream.get_last_error(&stream);
                done = true;
                throw InputError(path,
                                 "layer '" + std::string(layer->GetName()) +
                                     "': cannot read its rows: " + (why ? why : "unknown error"),
                                 ErrorKind::Corrupt);
            }
            if (!b.a.release) {
                done = true;
                break;
            }
            if (b.a.n_children != int64_t(columns.size()))
                throw InputError(path,
                                 "layer '" + std::string(layer->GetName()) + "': a batch of rows has " +
                                     std::to_string(b.a.n_children) + " columns, the schema " +
                                     std::to_string(columns.size()),
                                 ErrorKind::Corrupt);
            batch = std::move(b);
            row = 0;
            if (batch.a.length > 0) return true;
        }
        batch.reset();
        return false;
    }

    void set_geometry(const ArrowArray& a, int64_t r) {
        if (!valid(a, r)) return void(feature->SetGeometryDirectly(nullptr));
        const auto [p, n] = bytes<int32_t>(a, r);
        // A little-endian 2D point: set in place on the previous row's point.
        if (n == 21 && p[0] == 1) {
            uint32_t type;
            double xy[2];
            std::memcpy(&type, p + 1, 4);
            std::memcpy(xy, p + 5, 16);
            OGRGeometry* g = feature->GetGeometryRef();
            if (type == wkbPoint && !std::isnan(xy[0]) && !std::isnan(xy[1])) {
                if (g && g->getGeometryType() == wkbPoint && !g->IsEmpty()) {
                    g->toPoint()->setX(xy[0]);
                    g->toPoint()->setY(xy[1]);
                } else {
                    feature->SetGeometryDirectly(new OGRPoint(xy[0], xy[1]));
                }
                return;
            }
        }
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkb(p, nullptr, &g, n, wkbVariantIso) != OGRERR_NONE) {
            delete g;
            g = nullptr; // as GDAL's feature path gives a blob it cannot parse: no geometry
        }
        feature->SetGeometryDirectly(g);
    }

    // The next row: on in this batch, or the first of the next batch with rows.
    bool next_row() {
        if (row + 1 < batch.a.length) return ++row, true;
        return advance();
    }

    OGRFeature* current_feature() {
        const int64_t r = row;
        for (size_t c = 0; c < columns.size(); ++c) {
            const ArrowArray& a = *batch.a.children[c];
            const Column& col = columns[c];
            if (col.kind == Kind::Geometry) {
                set_geometry(a, r);
                continue;
            }
            if (!valid(a, r)) {
                if (col.kind == Kind::Fid)
                    feature->SetFID(OGRNullFID);
                else
                    feature->SetFieldNull(col.field);
                continue;
            }
            switch (col.kind) {
            case Kind::Fid:
                feature->SetFID(value<int64_t>(a, r));
                break;
            case Kind::Int16:
                feature->SetField(col.field, int(value<int16_t>(a, r)));
                break;
            case Kind::Int32:
                feature->SetField(col.field, value<int32_t>(a, r));
                break;
            case Kind::Int64:
                feature->SetField(col.field, GIntBig(value<int64_t>(a, r)));
                break;
            case Kind::Double:
                feature->SetField(col.field, value<double>(a, r));
                break;
            case Kind::Text:
            case Kind::LargeText: {
                const auto [p, n] = col.kind == Kind::Text ? bytes<int32_t>(a, r) : bytes<int64_t>(a, r);
                text.assign(p, n); // SetField takes a C string: text up to a NUL, as SQLite's reader gives
                feature->SetField(col.field, text.c_str());
                break;
            }
            case Kind::Geometry:
                break;
            }
        }
        return feature.get();
    }
};

ArrowReader::ArrowReader(const std::string& path, OGRLayer* layer)
    : impl_(std::make_unique<Impl>(path, layer)) {}
ArrowReader::~ArrowReader() = default;

OGRFeatureDefn* ArrowReader::defn() const {
    return impl_->layer->GetLayerDefn();
}

const OGRSpatialReference* ArrowReader::spatial_ref() const {
    return impl_->srs;
}

int64_t ArrowReader::feature_count() const {
    return impl_->count;
}

OGRFeature* ArrowReader::next() {
    return impl_->next_row() ? impl_->current_feature() : nullptr;
}

bool ArrowReader::next_row() {
    return impl_->next_row();
}

OGRFeature* ArrowReader::row_feature() {
    return impl_->current_feature();
}

bool ArrowReader::row_point(double& x, double& y) const {
    const ArrowArray& a = *impl_->batch.a.children[impl_->geom_column];
    const int64_t r = impl_->row;
    if (!valid(a, r)) return false;
    const auto [p, n] = bytes<int32_t>(a, r);
    uint32_t type;
    if (n != 21 || p[0] != 1) return false;
    std::memcpy(&type, p + 1, 4);
    if (type != wkbPoint) return false;
    std::memcpy(&x, p + 5, 8);
    std::memcpy(&y, p + 13, 8);
    return true;
}

int64_t ArrowReader::row_fid() const {
    const ArrowArray& a = *impl_->batch.a.children[impl_->fid_column];
    return valid(a, impl_->row) ? value<int64_t>(a, impl_->row) : OGRNullFID;
}

double ArrowReader::row_number(int field) const {
    const int c = impl_->field_column[size_t(field)];
    const ArrowArray& a = *impl_->batch.a.children[c];
    const int64_t r = impl_->row;
    if (!valid(a, r)) return std::nan("");
    switch (impl_->columns[size_t(c)].kind) {
    case Kind::Int16:
        return value<int16_t>(a, r);
    case Kind::Int32:
        return value<int32_t>(a, r);
    case Kind::Int64:
        return double(value<int64_t>(a, r));
    case Kind::Double:
        return value<double>(a, r);
    default:
        return std::nan("");
    }
}

std::optional<std::string_view> ArrowReader::row_text(int field) const {
    const int c = impl_->field_column[size_t(field)];
    const ArrowArray& a = *impl_->batch.a.children[c];
    const int64_t r = impl_->row;
    if (!valid(a, r)) return std::nullopt;
    const auto [p, n] =
        impl_->columns[size_t(c)].kind == Kind::Text ? bytes<int32_t>(a, r) : bytes<int64_t>(a, r);
    // As GDAL's feature gives it: text up to a NUL.
    return std::string_view(p, ::strnlen(p, n));
}

} // namespace entente::geo
