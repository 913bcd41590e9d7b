#include "mission_layers.hpp"

#include "geo/tessellate.hpp"
#include "missions/sidc.hpp"

namespace entente::app {

namespace {

using missions::Shape;

render::Rgba rgb(uint32_t v, float a = 1) {
    return {((v >> 16) & 255) / 255.f, ((v >> 8) & 255) / 255.f, (v & 255) / 255.f, a};
}

std::shared_ptr<geo::VectorLayer> new_layer(const std::string& name, std::vector<std::string> fields) {
    auto l = std::make_shared<geo::VectorLayer>();
    l->name = name;
    l->source = "mission";
    l->crs = "EPSG:4326";
    for (auto& f : fields)
        l->fields.push_back({f, false});
    l->columns.resize(fields.size());
    return l;
}

void add_row(geo::VectorLayer& l, std::vector<std::string> values, const std::vector<geo::LonLat>& pts) {
    l.fids.push_back(int64_t(l.fids.size()));
    geo::Bbox bb;
    for (auto& p : pts)
        bb.add(p.lon, p.lat);
    l.feature_bbox.push_back(bb);
    l.extent.add(bb);
    for (size_t i = 0; i < values.size(); ++i)
        l.columns[i].text.push_back(values[i]);
}

bool applies(const missions::ControlMeasure& c, const std::string& phase) {
    return phase.empty() || c.phases.empty() ||
           std::find(c.phases.begin(), c.phases.end(), phase) != c.phases.end();
}

} // namespace

geo::Bbox add_mission_layers(MapScene& scene, const missions::Mission& m, const std::string& phase) {
    auto areas = new_layer("Areas", {"name", "kind"});
    auto lines = new_layer("Routes and lines", {"name", "kind"});
    auto points = new_layer("Bases and points", {"name", "kind"});
    auto units = new_layer("Units", {"designation", "nation", "identity", "echelon", "function", "sidc"});
    for (const auto& c : m.measures) {
        if (!applies(c, phase)) continue;
        switch (missions::shape_of(c.kind)) {
        case Shape::Area: {
            auto& ps = areas->polygons;
            const uint32_t fi = uint32_t(areas->fids.size());
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
            add_row(*areas, {c.name, missions::to_string(c.kind)}, c.points);
            break;
        }
        case Shape::Line: {
            auto& ls = lines->lines;
            if (ls.part_start.empty()) ls.part_start.push_back(0);
            ls.coords.insert(ls.coords.end(), c.points.begin(), c.points.end());
            ls.part_start.push_back(uint32_t(ls.coords.size()));
            ls.part_feature.push_back(uint32_t(lines->fids.size()));
            add_row(*lines, {c.name, missions::to_string(c.kind)}, c.points);
            break;
        }
        case Shape::Point:
            points->points.coords.push_back(c.points[0]);
            points->points.feature.push_back(uint32_t(points->fids.size()));
            add_row(*points, {c.name, missions::to_string(c.kind)}, c.points);
            break;
        }
    }
    // Terminators: one past the last polygon's rings, as the loader leaves them.
    if (areas->polygons.polygons() > 0)
        areas->polygons.poly_ring.push_back(uint32_t(areas->polygons.ring_start.size() - 1));
    if (lines->lines.part_start.empty()) lines->lines.part_start.push_back(0);
    for (const auto& u : m.units) {
        std::string error;
        const auto sidc = missions::parse_sidc(u.sidc, &error);
        const std::string identity = sidc ? missions::to_string(sidc->identity) : "unknown code";
        const geo::LonLat p = u.position_in(phase);
        units->points.coords.push_back(p);
        units->points.feature.push_back(uint32_t(units->fids.size()));
        add_row(*units,
                {u.designation.empty() ? u.id : u.designation, u.nation, identity,
                 sidc ? missions::to_string(sidc->echelon) : "", sidc ? sidc->function : error, u.sidc},
                {p});
    }
    geo::Bbox extent;
    auto add = [&](std::shared_ptr<geo::VectorLayer> l, VectorStyle st) -> MapLayer* {
        if (l->fids.empty()) return nullptr;
        extent.add(l->extent);
        MapLayer& ml = scene.add_vector(l);
        ml.title = m.name + ": " + l->name;
        ml.source = "mission:" + m.name;
        ml.style = st;
        ml.colours_dirty = true;
        return &ml;
    };
    VectorStyle area_style;
    area_style.mode = ColourMode::Categorized;
    area_style.field = "kind";
    area_style.label_field = "name";
    area_style.fill.a = 0.18f;
    area_style.stroke_width = 2;
    area_style.category_colours = {{"area_of_operations", rgb(0x1f4e9c)},
                                   {"area_of_responsibility", rgb(0x2e7d32)},
                                   {"no_go_zone", rgb(0xc62828)},
                                   {"buffer_zone", rgb(0xef6c00)},
                                   {"assembly_area", rgb(0x6a1b9a)}};
    VectorStyle line_style = area_style;
    line_style.stroke_width = 3;
    line_style.category_colours = {{"route", rgb(0x5d4037)},
                                   {"main_supply_route", rgb(0x3e2723)},
                                   {"phase_line", rgb(0x1565c0)},
                                   {"boundary", rgb(0x212121)}};
    VectorStyle point_style = area_style;
    point_style.fill.a = 1;
    point_style.point_size = 9;
    point_style.shape = render::PointShape::Square;
    point_style.category_colours = {{"base", rgb(0x37474f)},       {"headquarters", rgb(0x1f4e9c)},
                                    {"checkpoint", rgb(0xef6c00)}, {"landing_zone", rgb(0x2e7d32)},
                                    {"airfield", rgb(0x455a64)},   {"observation_post", rgb(0x6a1b9a)}};
    // Standard identity colours of MIL-STD-2525 / APP-6 frames (light fill); unknown codes in magenta.
    VectorStyle unit_style;
    unit_style.mode = ColourMode::Categorized;
    unit_style.field = "identity";
    unit_style.label_field = "designation";
    unit_style.point_size = 16;
    unit_style.shape = render::PointShape::Square;
    unit_style.fill.a = 1;
    unit_style.category_colours = {{"Friend", rgb(0x80e0ff)},  {"Assumed friend", rgb(0x80e0ff)},
                                   {"Neutral", rgb(0xaaffaa)}, {"Hostile", rgb(0xff8080)},
                                   {"Suspect", rgb(0xff8080)}, {"Unknown", rgb(0xffff80)},
                                   {"Pending", rgb(0xffff80)}, {"unknown code", rgb(0xff00ff)}};
    add(areas, area_style);
    add(lines, line_style);
    add(points, point_style);
    add(units, unit_style);
    return extent;
}

} // namespace entente::app
