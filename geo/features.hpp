// In-memory vector data in WGS84 lon/lat, stored column-wise so a million features load and draw without a
// million small allocations. A feature may own points, line parts and polygons at once (multi/collection
// types).
#pragma once
#include "types.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace entente::geo {

struct Field {
    std::string name;
    bool numeric = false;
};

// Numbers that mostly count up by one from the first (feature ids as GeoPackage numbers them, the owning
// feature of each point of a point layer): kept as the first and the count until a value breaks the run,
// then stored one by one. A million points so spend nothing on their ids and features, not 12 MB.
template <class T> class CountingColumn {
  public:
    CountingColumn() = default;
    CountingColumn(std::initializer_list<T> values) {
        for (T v : values)
            push_back(v);
    }
    void push_back(T v) {
        if (stored_.empty() && (n_ == 0 || same(v, at(n_)))) {
            if (n_ == 0) first_ = v;
        } else {
            store();
            stored_.push_back(v);
        }
        ++n_;
    }
    T operator[](size_t i) const { return stored_.empty() ? at(i) : stored_[i]; }
    size_t size() const { return n_; }
    bool empty() const { return n_ == 0; }
    void reserve(size_t n) {
        capacity_ = n;
        if (!stored_.empty()) stored_.reserve(n);
    }
    bool counted() const { return stored_.empty(); } // no value stored: each is first + index
    friend bool operator==(const CountingColumn& a, const CountingColumn& b) {
        if (a.n_ != b.n_) return false;
        for (size_t i = 0; i < a.n_; ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

  private:
    T at(size_t i) const { return i == 0 ? first_ : T(first_ + T(i)); }
    // The very value: for numbers with a sign of zero (-1 + 1 is +0, not the -0 a file may hold) and NaN.
    static bool same(T a, T b) {
        if constexpr (std::is_floating_point_v<T>)
            return a == b && std::signbit(a) == std::signbit(b);
        else
            return a == b;
    }
    void store() {
        if (!stored_.empty() || n_ == 0) return;
        stored_.reserve(std::max(capacity_, n_ + 1));
        for (size_t i = 0; i < n_; ++i)
            stored_.push_back(at(i));
    }
    T first_{};
    size_t n_ = 0, capacity_ = 0;
    std::vector<T> stored_;
};

// One attribute column: numeric columns keep doubles (NaN for null), as a run while they count up by one (an
// "id" numbered 1, 2, 3 as most exports number it: 8 MB a million rows less). Text columns keep each distinct
// value once and a 4-byte reference a row: categories, nations and statuses repeat, and a million rows of
// them cost 4 MB instead of 32.
class Column {
  public:
    CountingColumn<double> num;

    Column() = default;
    // A copy gets its own lookup table (the source's points into the source's values); a move keeps it.
    Column(const Column& o) : num(o.num), values_(o.values_), refs_(o.refs_), distinct_(o.distinct_) {
        reindex(o);
    }
    Column& operator=(const Column& o) {
        if (this != &o)
            num = o.num, values_ = o.values_, refs_ = o.refs_, distinct_ = o.distinct_, reindex(o);
        return *this;
    }
    Column(Column&&) = default;
    Column& operator=(Column&&) = default;

    const std::string& text(size_t row) const { return values_[refs_[row]]; }
    size_t text_rows() const { return refs_.size(); }
    void reserve_text(size_t rows) { refs_.reserve(rows); }
    void push_text(std::string_view value);
    // Drops the lookup table push_text keeps while a layer loads.
    void done_loading() { index_.clear(); }

  private:
    void reindex(const Column& o) {
        index_.clear();
        if (!o.index_.empty())
            for (size_t i = 0; i < values_.size(); ++i)
                index_.emplace(values_[i], uint32_t(i));
    }

    std::deque<std::string> values_; // a deque: index_ points into it while it grows
    std::vector<uint32_t> refs_;
    std::unordered_map<std::string_view, uint32_t> index_;
    bool distinct_ = false; // values mostly distinct: stored a row each, not looked up
};

struct PointSet {
    std::vector<LonLat> coords;
    CountingColumn<uint32_t> feature; // owning feature of each point
};

struct LineSet {
    std::vector<LonLat> coords;
    std::vector<uint32_t> part_start; // size parts+1
    std::vector<uint32_t> part_feature;
    size_t parts() const { return part_feature.size(); }
};

struct PolygonSet {
    std::vector<LonLat> coords;       // all rings, closed (last point repeats the first)
    std::vector<uint32_t> ring_start; // size rings+1
    std::vector<uint32_t> poly_ring;  // first ring of each polygon, size polygons+1
    std::vector<uint32_t> poly_feature;
    std::vector<uint32_t> triangles; // indices into coords, computed once at load
    size_t polygons() const { return poly_feature.size(); }
};

enum class GeometryKind { None, Point, Line, Polygon, Mixed };

struct VectorLayer {
    std::string source; // the file it came from
    std::string name;   // layer name within the file
    std::string crs;    // source CRS as the user would recognise it (e.g. "EPSG:4326")
    std::vector<Field> fields;
    std::vector<Column> columns;  // one per field
    CountingColumn<int64_t> fids; // per feature
    // Per feature; empty while every feature is one point (a million points would spend 32 MB on boxes that
    // are their points): read through feature_box.
    std::vector<Bbox> feature_bbox;
    PointSet points;
    LineSet lines;
    PolygonSet polygons;
    Bbox extent;
    size_t skipped = 0;         // features dropped: non-finite or out-of-range coordinates
    std::string skipped_reason; // first reason met, for the message
    // What loading skipped or repaired, per reason in the order met: ("feature(s) skipped: <why>", n),
    // ("ring(s) closed: <why>", n)... Each becomes one "N <entry>" warning.
    std::vector<std::pair<std::string, size_t>> report;

    size_t feature_count() const { return fids.size(); }
    Bbox feature_box(size_t feature) const;
    GeometryKind kind() const;
    // Attribute as display text ("" for null).
    std::string value_text(size_t feature, size_t field) const;
    // Numeric value of a field (NaN when null or not a number).
    double value_number(size_t feature, size_t field) const;
    int field_index(const std::string& name) const;
};

} // namespace entente::geo
