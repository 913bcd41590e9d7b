#include "geojson_reader.hpp"

#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <vector>

namespace entente::geo {

namespace od = simdjson::ondemand;

namespace {

// A property's type over every feature, as GDAL's GeoJSON driver settles it
// (OGRGeoJSONReaderAddOrUpdateField): booleans and integers stay integers, any real makes the field real,
// null alone makes it a string.
enum class Kind { Null, Bool, Int, Real, String };

[[noreturn]] void give_up(std::string why) {
    throw NeedsGdal{std::move(why)};
}

template <typename T> T got(simdjson::simdjson_result<T> r, const char* what) {
    T v{};
    if (std::move(r).get(v)) give_up(what);
    return v;
}

// Strings GDAL's driver might read as a date, time or date-time (OGRParseDate: digits with '-', '/' or
// ':'); GDAL then makes the field a date field and formats its values its own way.
bool may_be_date(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    if (s.empty() || !(std::isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '+')) return false;
    return s.find_first_of("-/:", 1) != std::string_view::npos;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower((unsigned char)a[i]) != std::tolower((unsigned char)b[i])) return false;
    return true;
}

// Coordinates of one geometry, flattened: positions, where each innermost array (line, ring) ends, where
// each array of those (polygon) ends, and where each array of polygons ends.
struct Coords {
    std::vector<double> xy;
    std::vector<size_t> ends[3];
    void clear() {
        xy.clear();
        for (auto& e : ends)
            e.clear();
    }
    size_t points() const { return xy.size() / 2; }
};

// Reads a coordinates array; returns its depth (1: a position, 2: an array of positions...). Gives up on
// anything GDAL might read differently: empty arrays, positions of fewer than 2 or more than 3 numbers,
// mixed depths.
int read_coords(od::array arr, Coords& c) {
    int depth = 0;
    size_t numbers = 0;
    for (auto element : arr) {
        od::value v = got(std::move(element), "malformed coordinates");
        const od::json_type t = got(v.type(), "malformed coordinates");
        if (t == od::json_type::number) {
            if (depth > 1 || ++numbers > 3) give_up("a position that is not 2 or 3 numbers");
            depth = 1;
            const double x = got(v.get_double(), "a coordinate that is not a double");
            if (numbers <= 2) c.xy.push_back(x);
            continue;
        }
        if (t != od::json_type::array || depth == 1) give_up("malformed coordinates");
        const int d = read_coords(got(v.get_array(), "malformed coordinates"), c);
        if (depth && d != depth - 1) give_up("coordinates of mixed depth");
        depth = d + 1;
    }
    if (depth == 0) give_up("empty coordinates");
    if (depth == 1 && numbers < 2) give_up("a position that is not 2 or 3 numbers");
    if (depth >= 2 && depth <= 4)
        c.ends[depth - 2].push_back(depth == 2 ? c.points() : c.ends[depth - 3].size());
    if (depth > 4) give_up("coordinates nested too deep");
    return depth;
}

std::unique_ptr<OGRLineString> line_of(const Coords& c, size_t from, size_t to, bool ring) {
    std::unique_ptr<OGRLineString> l(ring ? new OGRLinearRing : new OGRLineString);
    l->setNumPoints(int(to - from), FALSE);
    for (size_t i = from; i < to; ++i)
        l->setPoint(int(i - from), c.xy[2 * i], c.xy[2 * i + 1]);
    return l;
}

// Rings ends[0][r0..r1) as a polygon.
std::unique_ptr<OGRPolygon> polygon_of(const Coords& c, size_t r0, size_t r1) {
    auto p = std::make_unique<OGRPolygon>();
    for (size_t r = r0; r < r1; ++r)
        p->addRingDirectly(
            static_cast<OGRLinearRing*>(line_of(c, r ? c.ends[0][r - 1] : 0, c.ends[0][r], true).release()));
    return p;
}

std::unique_ptr<OGRGeometry> geometry_of(std::string_view type, int depth, const Coords& c) {
    const auto want = [&](int d) {
        if (depth != d) give_up("coordinates of the wrong depth for " + std::string(type));
    };
    if (type == "Point") {
        want(1);
        return std::make_unique<OGRPoint>(c.xy[0], c.xy[1]);
    }
    if (type == "MultiPoint") {
        want(2);
        auto m = std::make_unique<OGRMultiPoint>();
        for (size_t i = 0; i < c.points(); ++i)
            m->addGeometryDirectly(new OGRPoint(c.xy[2 * i], c.xy[2 * i + 1]));
        return m;
    }
    if (type == "LineString") {
        want(2);
        return line_of(c, 0, c.points(), false);
    }
    if (type == "MultiLineString") {
        want(3);
        auto m = std::make_unique<OGRMultiLineString>();
        for (size_t r = 0; r < c.ends[0].size(); ++r)
            m->addGeometryDirectly(line_of(c, r ? c.ends[0][r - 1] : 0, c.ends[0][r], false).release());
        return m;
    }
    if (type == "Polygon") {
        want(3);
        return polygon_of(c, 0, c.ends[0].size());
    }
    if (type == "MultiPolygon") {
        want(4);
        auto m = std::make_unique<OGRMultiPolygon>();
        for (size_t p = 0; p < c.ends[1].size(); ++p)
            m->addGeometryDirectly(polygon_of(c, p ? c.ends[1][p - 1] : 0, c.ends[1][p]).release());
        return m;
    }
    give_up("geometry type " + std::string(type));
}

} // namespace

struct GeoJsonReader::Impl {
    const std::string& text;
    od::parser parser;
    od::document doc;
    std::string name;
    // Properties by first appearance; the layer's fields are in GDAL's order (ordered_fields()), slot[i]
    // being property i's field.
    std::vector<std::string> keys;
    std::vector<Kind> kinds;
    std::map<std::string, int, std::less<>> index;
    std::vector<int> slot;
    // Which property came right before which in some feature: GDAL orders fields by this graph.
    std::vector<std::set<int>> after, before;
    int previous = -1;
    int64_t count = 0;
    // An integer "id" property is GDAL's FID column: each feature's id is its value. Taken when every
    // feature has one, none negative, and they rise (so GDAL renumbers none); the field's slot, or -1.
    struct Ids {
        bool in_feature = false, every = true, rising = true, boolean = false, any = false;
        int64_t last = 0;
    } ids;
    int id_slot = -1;
    // Reference-counted by OGR: released here, after the feature that holds it.
    struct DefnRef {
        OGRFeatureDefn* p = nullptr;
        ~DefnRef() {
            if (p) p->Release();
        }
    } defn_ref;
    OGRFeatureDefn* defn = nullptr;
    OGRSpatialReference wgs84;
    std::unique_ptr<OGRFeature> feature;
    od::array_iterator it, end;
    int64_t read = 0;
    Coords coords;

    Impl(const std::string& path, const std::string& t) : text(t) {
        start();
        od::object root = got(doc.get_object(), "not a JSON object");
        bool features = false;
        for (auto each : root) {
            od::field field = got(std::move(each), "malformed member");
            const std::string_view key = got(field.unescaped_key(), "malformed key");
            od::value& v = field.value();
            if (key == "type") {
                if (got(v.get_string(), "type") != "FeatureCollection") give_up("not a FeatureCollection");
            } else if (key == "name") {
                name = std::string(got(v.get_string(), "a name that is not a string"));
            } else if (key == "features") {
                features = true;
                for (auto f : got(v.get_array(), "features that are not an array"))
                    schema_of(got(std::move(f), "malformed feature"));
            } else if (key != "bbox") {
                give_up("member \"" + std::string(key) + "\""); // "crs" and foreign members: GDAL's reading
            }
        }
        if (!features) give_up("no features array");
        if (name.empty()) name = std::filesystem::path(path).stem().string();
        defn = defn_ref.p = new OGRFeatureDefn(name.c_str());
        defn->Reference();
        defn->SetGeomType(wkbUnknown);
        slot.assign(keys.size(), 0);
        for (const int i : ordered_fields()) {
            slot[size_t(i)] = defn->GetFieldCount();
            const OGRFieldType t = kinds[i] == Kind::Real                            ? OFTReal
                                   : kinds[i] == Kind::Int || kinds[i] == Kind::Bool ? OFTInteger64
                                                                                     : OFTString;
            OGRFieldDefn fd(keys[i].c_str(), t);
            defn->AddFieldDefn(&fd);
        }
        if (const auto id = index.find("id"); id != index.end()) {
            const Kind k = kinds[size_t(id->second)];
            if (k == Kind::Bool || (k == Kind::Int && (!ids.every || !ids.rising || ids.boolean)))
                give_up("an \"id\" property GDAL would number the features by, not one a feature, rising");
            if (k == Kind::Int) id_slot = slot[size_t(id->second)];
        }
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        defn->GetGeomFieldDefn(0)->SetSpatialRef(&wgs84);
        feature = std::make_unique<OGRFeature>(defn);
        // The second pass: to the features array, whose elements next() reads one at a time. The document is
        // rewound, not parsed again: its structural index is kept.
        doc.rewind();
        for (auto each : got(doc.get_object(), "not a JSON object")) {
            od::field field = got(std::move(each), "malformed member");
            if (got(field.unescaped_key(), "malformed key") != "features") continue;
            od::array arr = got(field.value().get_array(), "features");
            it = got(arr.begin(), "features");
            end = got(arr.end(), "features");
            return;
        }
    }

    void start() {
        if (parser.iterate(text.data(), text.size(), text.capacity()).get(doc))
            give_up("simdjson cannot read it");
    }

    void schema_of(od::value f) {
        bool typed = false;
        ids.in_feature = false;
        for (auto each : got(f.get_object(), "a feature that is not an object")) {
            od::field field = got(std::move(each), "malformed member");
            const std::string_view key = got(field.unescaped_key(), "malformed key");
            od::value& v = field.value();
            if (key == "type") {
                typed = got(v.get_string(), "type") == "Feature";
            } else if (key == "properties") {
                if (got(v.type(), "properties") == od::json_type::null) continue;
                previous = -1;
                for (auto each : got(v.get_object(), "properties that are not an object")) {
                    od::field p = got(std::move(each), "malformed property");
                    property_kind(got(p.unescaped_key(), "malformed key"), p.value());
                }
            } else if (key == "id") {
                give_up("feature ids (GDAL makes them the feature's id or a field)");
            }
        }
        if (!typed) give_up("an element of features that is not a Feature");
        if (!ids.in_feature) ids.every = false;
        ++count;
    }

    void property_kind(std::string_view key, od::value& v) {
        Kind k = Kind::Null;
        switch (got(v.type(), "property")) {
        case od::json_type::null:
            break;
        case od::json_type::boolean:
            k = Kind::Bool;
            if (key == "id") ids.boolean = true;
            break;
        case od::json_type::number: {
            const od::number_type nt = got(v.get_number_type(), "a number beyond 64 bits");
            if (nt == od::number_type::unsigned_integer) give_up("an integer beyond 64 bits");
            k = nt == od::number_type::floating_point_number ? Kind::Real : Kind::Int;
            if (key == "id" && k == Kind::Int) {
                const int64_t id = got(v.get_int64(), "integer");
                if ((ids.any && id <= ids.last) || id < 0)
                    ids.rising = false; // GDAL renumbers -1, refuses less
                ids.any = ids.in_feature = true, ids.last = id;
            }
            break;
        }
        case od::json_type::string:
            if (may_be_date(got(v.get_string(), "string"))) give_up("a string GDAL may read as a date");
            k = Kind::String;
            break;
        default:
            give_up("a property that is an array or object");
        }
        auto at = index.find(key);
        if (at == index.end()) {
            if (key.empty()) give_up("a property with an empty name");
            for (const auto& other : keys)
                if (same_ignoring_case(other, key)) give_up("properties whose names differ only by case");
            at = index.emplace(std::string(key), int(keys.size())).first;
            keys.emplace_back(key);
            kinds.push_back(Kind::Null);
            after.emplace_back();
            before.emplace_back();
        }
        if (previous >= 0) add_edge(previous, at->second);
        previous = at->second;
        Kind& was = kinds[size_t(at->second)];
        if (k == Kind::Null || k == was) return;
        if (was == Kind::Null) {
            was = k;
        } else if ((was == Kind::String) != (k == Kind::String)) {
            give_up("a property with both text and non-text values");
        } else if (was == Kind::Real || k == Kind::Real) {
            was = Kind::Real;
        } else {
            was = Kind::Int; // booleans with integers
        }
    }

    // GDAL's field order (its GeoJSON reader's DirectedAcyclicGraph): an edge from each property to the next
    // in every feature unless it would close a cycle, then Kahn's topological order, ties taken by name.
    void add_edge(int i, int j) {
        if (i == j || after[size_t(i)].count(j) || reaches(j, i)) return;
        after[size_t(i)].insert(j);
        before[size_t(j)].insert(i);
    }
    bool reaches(int from, int to) const {
        std::vector<int> stack{from};
        std::vector<bool> seen(keys.size());
        seen[size_t(from)] = true;
        while (!stack.empty()) {
            const int n = stack.back();
            stack.pop_back();
            if (n == to) return true;
            for (const int m : after[size_t(n)])
                if (!seen[size_t(m)]) seen[size_t(m)] = true, stack.push_back(m);
        }
        return false;
    }
    std::vector<int> ordered_fields() {
        const auto by_name = [this](int a, int b) { return keys[size_t(a)] < keys[size_t(b)]; };
        std::set<int, decltype(by_name)> ready(by_name);
        std::vector<size_t> waiting(keys.size());
        for (size_t i = 0; i < keys.size(); ++i)
            if ((waiting[i] = before[i].size()) == 0) ready.insert(int(i));
        std::vector<int> order;
        while (!ready.empty()) {
            const int n = *ready.begin();
            ready.erase(ready.begin());
            order.push_back(n);
            for (const int m : after[size_t(n)])
                if (--waiting[size_t(m)] == 0) ready.insert(m);
        }
        return order;
    }

    OGRFeature* next() {
        if (it == end) return nullptr;
        od::value f = got(*it, "malformed feature");
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            feature->UnsetField(i);
        feature->SetGeometryDirectly(nullptr);
        feature->SetFID(read++);
        for (auto each : got(f.get_object(), "malformed feature")) {
            od::field field = got(std::move(each), "malformed member");
            const std::string_view key = got(field.unescaped_key(), "malformed key");
            od::value& v = field.value();
            if (key == "properties") {
                if (got(v.type(), "properties") == od::json_type::null) continue;
                for (auto each : got(v.get_object(), "properties")) {
                    od::field p = got(std::move(each), "malformed property");
                    set_property(slot[size_t(index.find(got(p.unescaped_key(), "key"))->second)], p.value());
                }
            } else if (key == "geometry") {
                if (got(v.type(), "geometry") == od::json_type::null) continue;
                feature->SetGeometryDirectly(read_geometry(got(v.get_object(), "geometry")).release());
            }
        }
        if (id_slot >= 0) feature->SetFID(feature->GetFieldAsInteger64(id_slot));
        ++it;
        return feature.get();
    }

    void set_property(int i, od::value& v) {
        switch (got(v.type(), "property")) {
        case od::json_type::null:
            return;
        case od::json_type::boolean:
            return feature->SetField(i, GIntBig(got(v.get_bool(), "boolean") ? 1 : 0));
        case od::json_type::number:
            if (defn->GetFieldDefn(i)->GetType() == OFTReal)
                return feature->SetField(i, got(v.get_double(), "number"));
            return feature->SetField(i, GIntBig(got(v.get_int64(), "integer")));
        default: {
            const std::string s(got(v.get_string(), "string"));
            return feature->SetField(i, s.c_str());
        }
        }
    }

    std::unique_ptr<OGRGeometry> read_geometry(od::object g) {
        std::string type;
        int depth = 0;
        coords.clear();
        for (auto each : g) {
            od::field field = got(std::move(each), "malformed member");
            const std::string_view key = got(field.unescaped_key(), "malformed key");
            od::value& v = field.value();
            if (key == "type")
                type = std::string(got(v.get_string(), "geometry type"));
            else if (key == "coordinates")
                depth = read_coords(got(v.get_array(), "coordinates that are not an array"), coords);
        }
        static const char* const kSimple[] = {"Point",           "MultiPoint", "LineString",
                                              "MultiLineString", "Polygon",    "MultiPolygon"};
        if (std::find(std::begin(kSimple), std::end(kSimple), type) == std::end(kSimple))
            give_up("geometry type " + type);
        if (depth == 0) give_up("a geometry without coordinates");
        return geometry_of(type, depth, coords);
    }
};

GeoJsonReader::GeoJsonReader(const std::string& path, const std::string& text)
    : impl_(std::make_unique<Impl>(path, text)) {}
GeoJsonReader::~GeoJsonReader() = default;
const std::string& GeoJsonReader::layer_name() const {
    return impl_->name;
}
OGRFeatureDefn* GeoJsonReader::defn() const {
    return impl_->defn;
}
const OGRSpatialReference* GeoJsonReader::spatial_ref() const {
    return &impl_->wgs84;
}
int64_t GeoJsonReader::feature_count() const {
    return impl_->count;
}
OGRFeature* GeoJsonReader::next() {
    return impl_->next();
}

} // namespace entente::geo
