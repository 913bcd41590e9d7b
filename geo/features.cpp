// The column store's own operations: text kept once per distinct value, per-feature boxes, values as text
// or numbers. Filling it from files is geo/dataset.cpp's (opening) and geo/layer_reader.cpp's (features).
#include "features.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace entente::geo {

void Column::push_text(std::string_view value) {
    if (distinct_) {
        values_.emplace_back(value);
        refs_.push_back(uint32_t(values_.size() - 1));
        return;
    }
    // Mostly distinct after the first rows (names, identifiers): each row keeps its own value, without the
    // lookups that would save nothing.
    if (refs_.size() == 4096 && values_.size() > 2048) {
        distinct_ = true;
        index_.clear();
        return push_text(value);
    }
    // A handful of categories (statuses, nations): comparing with each is quicker than hashing the text.
    if (values_.size() <= 16)
        for (uint32_t i = 0; i < values_.size(); ++i)
            if (values_[i] == value) return refs_.push_back(i);
    auto at = index_.find(value);
    if (at == index_.end()) {
        values_.emplace_back(value);
        at = index_.emplace(values_.back(), uint32_t(values_.size() - 1)).first;
    }
    refs_.push_back(at->second);
}

Bbox VectorLayer::feature_box(size_t feature) const {
    if (feature < feature_bbox.size()) return feature_bbox[feature];
    Bbox b;
    if (feature < points.coords.size()) b.add(points.coords[feature].lon, points.coords[feature].lat);
    return b;
}

GeometryKind VectorLayer::kind() const {
    int k = (!points.coords.empty()) + (lines.parts() > 0) + (polygons.polygons() > 0);
    if (k == 0) return GeometryKind::None;
    if (k > 1) return GeometryKind::Mixed;
    if (!points.coords.empty()) return GeometryKind::Point;
    return lines.parts() > 0 ? GeometryKind::Line : GeometryKind::Polygon;
}

std::string VectorLayer::value_text(size_t feature, size_t field) const {
    const Column& c = columns[field];
    if (fields[field].numeric) {
        const double v = c.num[feature];
        if (std::isnan(v)) return "";
        char buf[64];
        if (v == std::floor(v) && std::abs(v) < 1e15)
            std::snprintf(buf, sizeof buf, "%.0f", v);
        else
            std::snprintf(buf, sizeof buf, "%.6g", v);
        return buf;
    }
    return c.text(feature);
}

double VectorLayer::value_number(size_t feature, size_t field) const {
    const Column& c = columns[field];
    if (fields[field].numeric) return c.num[feature];
    char* end = nullptr;
    const std::string& s = c.text(feature);
    const double v = std::strtod(s.c_str(), &end);
    return (end && end != s.c_str()) ? v : std::nan("");
}

int VectorLayer::field_index(const std::string& name) const {
    for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name) return int(i);
    return -1;
}

} // namespace entente::geo
