#include "mission_features.hpp"

#include "geo/tessellate.hpp"

#include <algorithm>

namespace entente::app {

namespace {

using missions::Shape;

std::shared_ptr<geo::VectorLayer> new_layer(const std::string& name) {
    auto l = std::make_shared<geo::VectorLayer>();
    l->name = name;
    l->source = "mission";
    l->crs = "EPSG:4326";
    for (const char* f : {"id", "name", "kind"})
        l->fields.push_back({f, false});
    l->columns.resize(3);
    return l;
}

void add_row(geo::VectorLayer& l, const missions::ControlMeasure& c) {
    l.fids.push_back(int64_t(l.fids.size()));
    geo::Bbox bb;
    for (auto& p : c.points)
        bb.add(p.lon, p.lat);
    l.feature_bbox.push_back(bb);
    l.extent.add(bb);
    l.columns[0].push_text(c.id);
    l.columns[1].push_text(c.name);
    l.columns[2].push_text(missions::to_string(c.kind));
}

} // namespace

bool applies_in(const missions::ControlMeasure& c, const std::string& phase) {
    return phase.empty() || c.phases.empty() ||
           std::find(c.phases.begin(), c.phases.end(), phase) != c.phases.end();
}

MissionFeatures mission_features(const missions::Mission& m, const std::string& phase) {
    MissionFeatures out;
    out.areas = new_layer("Areas");
    out.lines = new_layer("Routes and lines");
    for (const auto& c : m.measures) {
        for (auto& p : c.points)
            out.extent.add(p.lon, p.lat);
        if (!applies_in(c, phase) || c.points.empty()) continue;
        switch (missions::shape_of(c.kind)) {
        case Shape::Area: {
            if (c.points.size() < 3) continue;
            auto& ps = out.areas->polygons;
            const uint32_t fi = uint32_t(out.areas->fids.size());
            if (ps.ring_start.empty()) ps.ring_start.push_back(0);
            ps.poly_ring.push_back(uint32_t(ps.ring_start.size() - 1));
            const uint32_t base = uint32_t(ps.coords.size());
            ps.coords.insert(ps.coords.end(), c.points.begin(), c.points.end());
            ps.coords.push_back(c.points.front());
            ps.ring_start.push_back(uint32_t(ps.coords.size()));
            ps.poly_feature.push_back(fi);
            const std::vector<uint32_t> starts{0, uint32_t(c.points.size() + 1)};
            geo::tessellate_polygon(
                std::span<const geo::LonLat>(ps.coords.data() + base, c.points.size() + 1), starts, base,
                ps.triangles);
            add_row(*out.areas, c);
            out.area_measures.push_back(&c);
            break;
        }
        case Shape::Line: {
            if (c.points.size() < 2) continue;
            auto& ls = out.lines->lines;
            if (ls.part_start.empty()) ls.part_start.push_back(0);
            ls.coords.insert(ls.coords.end(), c.points.begin(), c.points.end());
            ls.part_start.push_back(uint32_t(ls.coords.size()));
            ls.part_feature.push_back(uint32_t(out.lines->fids.size()));
            add_row(*out.lines, c);
            out.line_measures.push_back(&c);
            break;
        }
        case Shape::Point:
            break; // drawn as icons by the overlay
        }
    }
    for (const auto& u : m.units) {
        out.extent.add(u.position.lon, u.position.lat);
        for (auto& [id, p] : u.phase_position)
            out.extent.add(p.lon, p.lat);
    }
    // Terminators: one past the last polygon's rings, as the loader leaves them.
    if (out.areas->polygons.polygons() > 0)
        out.areas->polygons.poly_ring.push_back(uint32_t(out.areas->polygons.ring_start.size() - 1));
    if (out.lines->lines.part_start.empty()) out.lines->lines.part_start.push_back(0);
    return out;
}

} // namespace entente::app
