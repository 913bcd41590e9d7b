#include "mission_layer.hpp"

#include "mission_features.hpp"
#include "missions/sidc.hpp"
#include "project_layer.hpp"
#include "symbol_draw.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace entente::app {

namespace {

using missions::MeasureKind;
using render::Rgba;

geo::XY plus(geo::XY a, geo::XY b) {
    return {a.x + b.x, a.y + b.y};
}

Rgba rgb(uint32_t v, float a = 1) {
    return {((v >> 16) & 255) / 255.f, ((v >> 8) & 255) / 255.f, (v & 255) / 255.f, a};
}

Rgba kind_colour(MeasureKind k) {
    switch (k) {
    case MeasureKind::AreaOfOperations:
        return rgb(0x1f4e9c);
    case MeasureKind::AreaOfResponsibility:
        return rgb(0x2e7d32);
    case MeasureKind::NoGoZone:
        return rgb(0xc62828);
    case MeasureKind::BufferZone:
        return rgb(0xef6c00);
    case MeasureKind::AssemblyArea:
        return rgb(0x6a1b9a);
    case MeasureKind::Route:
        return rgb(0x6d4c41);
    case MeasureKind::MainSupplyRoute:
        return rgb(0x4e342e);
    case MeasureKind::PhaseLine:
        return rgb(0x1565c0);
    case MeasureKind::Boundary:
        return rgb(0x212121);
    case MeasureKind::Base:
        return rgb(0x37474f);
    case MeasureKind::Headquarters:
        return rgb(0x1f4e9c);
    case MeasureKind::Checkpoint:
        return rgb(0xe65100);
    case MeasureKind::LandingZone:
        return rgb(0x2e7d32);
    case MeasureKind::Airfield:
        return rgb(0x455a64);
    case MeasureKind::ObservationPost:
        return rgb(0x6a1b9a);
    }
    return rgb(0x333333);
}

float line_width(MeasureKind k) {
    switch (k) {
    case MeasureKind::MainSupplyRoute:
        return 4.5f;
    case MeasureKind::Route:
        return 3.0f;
    default:
        return 2.5f;
    }
}

// Small markers for point measures: a ringed disc with the kind's letters (an observation post is the
// 2525 triangle).
render::IconDrawing point_marker(MeasureKind k) {
    render::IconDrawing d;
    const Rgba c = kind_colour(k);
    render::IconPath p;
    p.closed = true, p.fill = {1, 1, 1, 0.95f}, p.stroke = c, p.width = 9;
    if (k == MeasureKind::ObservationPost) {
        p.pts = {{50, 8}, {94, 86}, {6, 86}};
    } else {
        for (int i = 0; i < 40; ++i)
            p.pts.push_back({50 + 42 * std::cos(i * M_PI / 20), 50 + 42 * std::sin(i * M_PI / 20)});
    }
    d.paths.push_back(p);
    const char* code = k == MeasureKind::Base           ? "B"
                       : k == MeasureKind::Headquarters ? "HQ"
                       : k == MeasureKind::Checkpoint   ? "CP"
                       : k == MeasureKind::LandingZone  ? "LZ"
                       : k == MeasureKind::Airfield     ? "AF"
                                                        : "";
    if (*code) {
        render::IconText t;
        t.text = code, t.pos = {50, 52}, t.size = std::string(code).size() == 1 ? 52.f : 40.f, t.colour = c;
        d.texts.push_back(t);
    }
    d.bounds = {-4, -4, 104, 104};
    d.anchor = {50, k == MeasureKind::ObservationPost ? 60.0 : 50.0};
    return d;
}

// Dashed screen line: dashes of `on` pixels separated by `off`.
void dashed(render::Renderer& r, geo::XY a, geo::XY b, Rgba c, float w, float on, float off) {
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len < 1e-6) return;
    const double dx = (b.x - a.x) / len, dy = (b.y - a.y) / len;
    for (double s = 0; s < len; s += on + off) {
        const double e = std::min(len, s + on);
        r.draw_screen_lines({{a.x + dx * s, a.y + dy * s}, {a.x + dx * e, a.y + dy * e}}, c, w);
    }
}

void arrow_head(render::Renderer& r, geo::XY tip, geo::XY dir, float size, Rgba c, float w) {
    const geo::XY n{-dir.y, dir.x};
    r.draw_screen_lines({{tip.x - dir.x * size + n.x * size * 0.6, tip.y - dir.y * size + n.y * size * 0.6},
                         tip,
                         {tip.x - dir.x * size - n.x * size * 0.6, tip.y - dir.y * size - n.y * size * 0.6}},
                        c, w);
}

} // namespace

struct MissionLayer::Impl {
    const missions::Mission* mission = nullptr;
    std::string phase, previous_phase;
    std::vector<std::string> selection;
    uint64_t revision = 0;

    // What the last build made, for one projection and pixel ratio.
    uint64_t built_revision = 0;
    std::string built_projection;
    float built_ratio = 0;
    MissionOverlayOptions built_options;
    render::Renderer* renderer = nullptr;
    render::LayerHandle area_fill = 0, nogo_fill = 0, area_lines = 0, units_gpu = 0, points_gpu = 0;
    std::map<MeasureKind, render::LayerHandle> line_layers;
    std::vector<std::string> messages;

    struct UnitItem {
        std::string id, designation, higher;
        geo::XY xy, prev_xy; // map units; prev_xy NaN when the unit did not move
        uint32_t icon = 0;
        geo::XY offset; // framebuffer pixels from its position (units sharing a place are fanned out)
    };
    std::vector<UnitItem> units;
    render::IconAtlas unit_atlas;
    std::vector<UnitSymbol> unit_symbols; // per atlas entry (text modifier positions)
    float scale = 0.36f;                  // drawing units -> framebuffer pixels

    struct MeasureItem {
        std::string id;
        MeasureKind kind;
        std::vector<geo::XY> xy; // projected vertices (NaN outside the projection)
    };
    std::vector<MeasureItem> measures; // those that apply in the phase
    std::vector<render::LabelCandidate> labels;

    void release(render::Renderer& r) {
        for (auto* h : {&area_fill, &nogo_fill, &area_lines, &units_gpu, &points_gpu})
            if (*h) r.destroy_layer(*h), *h = 0;
        for (auto& [k, h] : line_layers)
            r.destroy_layer(h);
        line_layers.clear();
    }

    std::vector<geo::XY> uploaded_offsets;
    size_t visible_units = 0; // on screen in the last view
    bool text_shown = true;   // amplifier text beside symbols (not over a crowd)
    float symbol_px_used = 36;
    std::vector<render::TextItem> text_items; // unit amplifiers for the current view
    void upload_units(render::Renderer& r);

    void build(render::Renderer& r, const render::View& view, const geo::Projection& proj,
               const MissionOverlayOptions& opt);
    void place_units(const render::View& view, render::LabelPlacer& placer, bool with_text);
    std::vector<geo::XY> marker_xy; // point measures' markers, map units
};

void MissionLayer::Impl::build(render::Renderer& r, const render::View& view, const geo::Projection& proj,
                               const MissionOverlayOptions& opt) {
    const float symbol_px = opt.symbol_px;
    release(r);
    units.clear(), measures.clear(), labels.clear(), messages.clear(), unit_symbols.clear(),
        marker_xy.clear();
    if (!mission) return;
    const missions::Mission& m = *mission;
    const float ratio = view.pixel_ratio;
    auto project = [&](geo::LonLat p) -> geo::XY {
        if (!proj.in_domain(p.lon, p.lat)) return {NAN, NAN};
        return proj.forward(p);
    };

    // Areas and lines through the same projection code as loaded layers.
    const MissionFeatures f = mission_features(m, phase);
    if (!f.area_measures.empty()) {
        ProjectedGeometry g = project_layer(*f.areas, proj);
        std::vector<uint32_t> fill, stroke, nogo_fill_colours;
        for (const auto* c : f.area_measures) {
            Rgba k = kind_colour(c->kind);
            stroke.push_back(render::pack(k));
            // Operational areas are mostly outlines (they nest and overlap); zones a planner must notice are
            // tinted.
            k.a = c->kind == MeasureKind::AreaOfOperations       ? 0.0f
                  : c->kind == MeasureKind::AreaOfResponsibility ? 0.06f
                  : c->kind == MeasureKind::NoGoZone             ? 0.10f
                                                                 : 0.16f;
            fill.push_back(render::pack(k));
        }
        area_fill = r.create_layer();
        r.set_fill(area_fill, g.fill);
        r.set_feature_colours(area_fill, fill, stroke);
        area_lines = r.create_layer();
        r.set_lines(area_lines, g.lines);
        r.set_feature_colours(area_lines, fill, stroke);
        // No-go zones: the same triangles drawn again as hatching, only those features coloured.
        for (const auto* c : f.area_measures)
            nogo_fill_colours.push_back(c->kind == MeasureKind::NoGoZone ? render::pack(rgb(0xc62828, 0.55f))
                                                                         : 0u);
        nogo_fill = r.create_layer();
        r.set_fill(nogo_fill, g.fill);
        r.set_feature_colours(nogo_fill, nogo_fill_colours, nogo_fill_colours);
    }
    {
        ProjectedGeometry g = project_layer(*f.lines, proj);
        // One render layer per line kind, so each kind has its width.
        std::map<MeasureKind, render::LineStrips> by_kind;
        const auto& xy = g.lines.xy;
        const auto& feat = g.lines.feature;
        for (size_t i = 0; i < feat.size();) {
            size_t j = i;
            while (j < feat.size() && !std::isnan(xy[2 * j]))
                ++j;
            if (j > i) {
                const uint32_t fi = feat[i];
                auto& ls = by_kind[f.line_measures.at(fi)->kind];
                ls.begin_strip();
                for (size_t k = i; k < j; ++k)
                    ls.add(xy[2 * k], xy[2 * k + 1], 0);
            }
            i = j + 1;
        }
        for (auto& [kind, ls] : by_kind) {
            const auto h = r.create_layer();
            r.set_lines(h, ls);
            line_layers[kind] = h;
        }
    }
    // Every measure that applies, projected, for selection outlines, route arrows and labels.
    for (const auto& c : m.measures) {
        if (!applies_in(c, phase) || c.points.empty()) continue;
        MeasureItem it{c.id, c.kind, {}};
        for (auto& p : c.points)
            it.xy.push_back(project(p));
        measures.push_back(std::move(it));
        const auto& xy = measures.back().xy;
        render::LabelCandidate lc;
        lc.colour = kind_colour(c.kind);
        lc.colour = {lc.colour.r * 0.8f, lc.colour.g * 0.8f, lc.colour.b * 0.8f, 1};
        lc.priority = 4e12f;
        lc.size_px = 13;
        lc.what = render::LabelClass::Mission;
        switch (missions::shape_of(c.kind)) {
        case missions::Shape::Area: {
            // Name inside the area: at the vertex average (the planner's areas are mostly convex), else
            // wherever inside the outline there is room.
            double lon = 0, lat = 0;
            for (auto& p : c.points)
                lon += p.lon, lat += p.lat;
            lc.map_pos = project({lon / double(c.points.size()), lat / double(c.points.size())});
            lc.text = c.name;
            lc.priority = 4.2e12f;
            lc.size_px = 14;
            for (auto& p : xy)
                if (std::isfinite(p.x)) lc.area.push_back(p);
            break;
        }
        case missions::Shape::Line: {
            const size_t mid = xy.size() / 2;
            lc.map_pos = xy.size() % 2
                             ? xy[mid]
                             : geo::XY{(xy[mid - 1].x + xy[mid].x) / 2, (xy[mid - 1].y + xy[mid].y) / 2};
            // Phase lines and MSRs carry their prefix, unless the planner already wrote it.
            auto prefixed = [&](const std::string& p) {
                return c.name.rfind(p + " ", 0) == 0 ? c.name : p + " " + c.name;
            };
            lc.text = c.kind == MeasureKind::PhaseLine         ? prefixed("PL")
                      : c.kind == MeasureKind::MainSupplyRoute ? prefixed("MSR")
                                                               : c.name;
            lc.priority = 4.1e12f;
            if (c.kind == MeasureKind::PhaseLine && xy.size() >= 2) {
                // Phase lines are labelled at both ends, as on an overlay.
                render::LabelCandidate a = lc, b = lc;
                a.kind = b.kind = render::LabelKind::Point;
                a.clearance_px = b.clearance_px = 4;
                a.leader = b.leader = false;
                a.map_pos = xy.front(), b.map_pos = xy.back();
                // Beyond each end, in screen directions (y down).
                a.prefer = {xy[0].x - xy[1].x, xy[1].y - xy[0].y};
                const size_t n = xy.size();
                b.prefer = {xy[n - 1].x - xy[n - 2].x, xy[n - 2].y - xy[n - 1].y};
                labels.push_back(a), labels.push_back(b);
                continue;
            }
            // Along the line, again every 700 px on a long route.
            lc.kind = render::LabelKind::Line;
            lc.repeat_px = 700;
            for (auto& p : xy)
                if (std::isfinite(p.x)) lc.line.push_back(p);
            break;
        }
        case missions::Shape::Point:
            lc.map_pos = xy[0];
            lc.text = c.name;
            lc.size_px = 12;
            lc.kind = render::LabelKind::Point;
            lc.clearance_px = 11; // the marker's radius
            break;
        }
        if (!lc.text.empty() && std::isfinite(lc.map_pos.x)) labels.push_back(lc);
    }

    // Point measures as markers from a small atlas.
    {
        std::vector<render::IconImage> imgs;
        std::map<MeasureKind, uint32_t> index;
        std::vector<render::IconInstance> inst;
        const float s = 22.f * ratio / 100.f;
        for (const auto& it : measures) {
            if (missions::shape_of(it.kind) != missions::Shape::Point || !std::isfinite(it.xy[0].x)) continue;
            auto [pos, fresh] = index.try_emplace(it.kind, uint32_t(imgs.size()));
            if (fresh) imgs.push_back(render::rasterize_icon(point_marker(it.kind), s, &r.glyph_atlas()));
            inst.push_back({it.xy[0], pos->second});
            marker_xy.push_back(it.xy[0]);
        }
        if (!inst.empty()) {
            points_gpu = r.create_layer();
            r.set_icons(points_gpu, render::pack_icons(imgs), inst);
        }
    }

    // Units: one atlas image per distinct code, drawn at the unit's position in the phase.
    scale = symbol_scale(symbol_px * ratio);
    std::map<std::string, uint32_t> by_code;
    std::vector<render::IconImage> imgs;
    for (const auto& u : m.units) {
        auto [pos, fresh] = by_code.try_emplace(u.sidc, uint32_t(imgs.size()));
        if (fresh) {
            SymbolOptions so;
            so.filled = opt.filled;
            UnitSymbol sym = draw_unit_symbol(u.sidc, so);
            imgs.push_back(render::rasterize_icon(sym.drawing, scale, &r.glyph_atlas()));
            unit_symbols.push_back(std::move(sym));
        }
        const UnitSymbol& sym = unit_symbols[pos->second];
        if (!sym.message.empty())
            messages.push_back("unit " + (u.designation.empty() ? u.id : u.designation) + " (" + u.id +
                               "): " + sym.message);
        UnitItem it{u.id,       u.designation, u.higher_formation, project(u.position_in(phase)),
                    {NAN, NAN}, pos->second};
        if (!previous_phase.empty()) {
            const geo::LonLat a = u.position_in(previous_phase), b = u.position_in(phase);
            if (a.lon != b.lon || a.lat != b.lat) it.prev_xy = project(a);
        }
        units.push_back(std::move(it));
    }
    unit_atlas = render::pack_icons(imgs);
    if (!units.empty()) units_gpu = r.create_layer();
    uploaded_offsets.clear(); // instances are uploaded by declutter() at the first draw
}

void MissionLayer::Impl::place_units(const render::View& view, render::LabelPlacer& placer, bool with_text) {
    // Each unit claims its footprint (symbol with every amplifier, designation and higher formation) in
    // mission order. Where that would overlap a unit already placed, a label or the slide frame, the unit
    // moves to the nearest free spot (preferring below and right, as a stack reads) and a leader line joins
    // it to its true position. Zoomed in far enough, every footprint is free where it stands, so every unit
    // is back on its position. Over a crowd (zoomed far out) moving symbols would only scatter them, so a
    // crowded view keeps every symbol on its position.
    const float pr = view.pixel_ratio;
    size_t on_screen = 0;
    const double margin = 40 * pr;
    auto near_centre = [&](geo::XY m) {
        if (view.world_width > 0)
            m.x += std::round((view.center.x - m.x) / view.world_width) * view.world_width;
        return m;
    };
    std::vector<geo::XY> screen(units.size(), geo::XY{NAN, NAN});
    for (size_t i = 0; i < units.size(); ++i) {
        units[i].offset = {0, 0};
        if (!std::isfinite(units[i].xy.x)) continue;
        const geo::XY p = view.to_screen(near_centre(units[i].xy));
        if (p.x > -margin && p.y > -margin && p.x < view.width + margin && p.y < view.height + margin) {
            screen[i] = p;
            ++on_screen;
        }
    }
    visible_units = on_screen;
    const bool crowded = on_screen > 400;
    text_shown = with_text && on_screen <= 300;
    for (const geo::XY& m : marker_xy) {
        const geo::XY c = view.to_screen(near_centre(m));
        const double h = 11 * pr;
        placer.add_obstacle({c.x - h, c.y - h, c.x + h, c.y + h}, render::LabelClass::Marker, "marker");
    }
    // Free-spot search: offsets on a grid of half a symbol, nearest first, below-right before above-left.
    const double step = symbol_px_used * pr * 0.5;
    std::vector<geo::XY> tries;
    for (int dy = -14; dy <= 14; ++dy)
        for (int dx = -16; dx <= 16; ++dx)
            if (dx || dy) tries.push_back({dx * step, dy * step});
    std::stable_sort(tries.begin(), tries.end(), [](geo::XY a, geo::XY b) {
        auto cost = [](geo::XY o) {
            return std::hypot(o.x, o.y * 1.15) - (o.y > 0 ? 0.3 : 0) - (o.x > 0 ? 0.2 : 0);
        };
        return cost(a) < cost(b);
    });
    for (size_t i = 0; i < units.size(); ++i) {
        if (!std::isfinite(screen[i].x)) continue;
        UnitItem& u = units[i];
        const auto& e = unit_atlas.entries.at(u.icon);
        const UnitSymbol& sym = unit_symbols[u.icon];
        // The footprint and the text items at an offset from the true position.
        auto layout = [&](geo::XY off, std::vector<render::TextItem>& text) {
            const geo::XY c{screen[i].x + off.x, screen[i].y + off.y};
            render::ScreenBox b{c.x - e.anchor_x, c.y - e.anchor_y, c.x - e.anchor_x + e.w,
                                c.y - e.anchor_y + e.h};
            text.clear();
            if (!text_shown) return b;
            auto at = [&](geo::XY p) {
                return geo::XY{c.x + (p.x - sym.drawing.anchor.x) * scale,
                               c.y + (p.y - sym.drawing.anchor.y) * scale};
            };
            render::TextItem t;
            t.halo = {1, 1, 1, 0.9f};
            t.colour = {0.05f, 0.05f, 0.05f, 1};
            t.anchor_x = 0;
            if (!u.designation.empty()) {
                t.text = u.designation, t.pos = at(sym.designation_pos), t.size_px = 12.5f * pr,
                t.anchor_y = 0.6f;
                text.push_back(t);
            }
            if (!u.higher.empty()) {
                t.text = u.higher, t.pos = at(sym.higher_pos), t.size_px = 11 * pr, t.anchor_y = 0.5f;
                t.colour = {0.25f, 0.25f, 0.25f, 1};
                text.push_back(t);
            }
            for (const auto& ti : text) {
                const render::ScreenBox tb = placer.text_box(ti);
                b = {std::min(b.x0, tb.x0), std::min(b.y0, tb.y0), std::max(b.x1, tb.x1),
                     std::max(b.y1, tb.y1)};
            }
            return b;
        };
        std::vector<render::TextItem> text;
        geo::XY off{0, 0};
        render::ScreenBox box = layout(off, text);
        bool placed = crowded || placer.is_free(box, false);
        // Nearest free spot with the amplifier text, else (a full view) the symbol alone.
        for (const bool with : {true, false}) {
            if (placed || (!with && !text_shown)) break;
            const bool keep = text_shown;
            text_shown = with && keep;
            for (const geo::XY& t : tries) {
                std::vector<render::TextItem> tt;
                const render::ScreenBox b = layout(t, tt);
                if (placer.is_free(b, true)) { // moved: only to where it can be seen whole
                    off = t, box = b, text = std::move(tt), placed = true;
                    break;
                }
            }
            text_shown = keep;
        }
        const std::string name = u.designation.empty() ? u.id : u.designation;
        if (!placed) {
            // No room anywhere near: drawn on its position, over others, and reported.
            off = {0, 0};
            box = layout(off, text);
            placer.report_unplaced(box, render::LabelClass::Unit, name);
        }
        u.offset = off;
        if (placed) placer.claim(box, render::LabelClass::Unit, name);
        for (const auto& t : text)
            text_items.push_back(t);
    }
}

std::vector<std::pair<render::Rgba, std::string>> mission_legend(const missions::Mission& m,
                                                                 const std::string& phase) {
    std::vector<std::pair<render::Rgba, std::string>> out;
    std::set<MeasureKind> kinds;
    for (const auto& c : m.measures)
        if (applies_in(c, phase)) kinds.insert(c.kind);
    for (MeasureKind k : kinds) {
        std::string label = missions::to_string(k);
        std::replace(label.begin(), label.end(), '_', ' ');
        label[0] = char(std::toupper((unsigned char)label[0]));
        out.push_back({kind_colour(k), label});
    }
    std::set<std::string> identities;
    for (const auto& u : m.units)
        if (auto sidc = missions::parse_sidc(u.sidc)) identities.insert(missions::to_string(sidc->identity));
    for (const auto& id : identities) {
        const Rgba c = id.find("riend") != std::string::npos ? rgb(0x80e0ff)
                       : id == "Neutral"                     ? rgb(0xaaffaa)
                       : id == "Hostile" || id == "Suspect"  ? rgb(0xff8080)
                                                             : rgb(0xffff80);
        out.push_back({c, id + " unit"});
    }
    return out;
}

MissionLayer::MissionLayer() : impl_(std::make_unique<Impl>()) {}
MissionLayer::~MissionLayer() = default;
MissionLayer::MissionLayer(MissionLayer&&) noexcept = default;
MissionLayer& MissionLayer::operator=(MissionLayer&&) noexcept = default;

void MissionLayer::set(const missions::Mission* mission, const std::string& phase,
                       const std::vector<std::string>& selection, uint64_t revision) {
    Impl& s = *impl_;
    if (mission == s.mission && phase == s.phase && selection == s.selection && revision == s.revision)
        return;
    s.mission = mission, s.phase = phase, s.selection = selection, s.revision = revision;
    s.previous_phase.clear();
    if (mission)
        for (size_t i = 1; i < mission->phases.size(); ++i)
            if (mission->phases[i].id == phase) s.previous_phase = mission->phases[i - 1].id;
}

void MissionLayer::draw(render::Renderer& r, const render::View& view, const geo::Projection& proj,
                        const std::string& projection_key) {
    Impl& s = *impl_;
    if (s.renderer != &r) {
        // Another GL context: the old handles are gone with it.
        s.area_fill = s.nogo_fill = s.area_lines = s.units_gpu = s.points_gpu = 0;
        s.line_layers.clear();
        s.renderer = &r;
        s.built_revision = 0;
    }
    if (!s.mission) {
        if (s.built_revision) s.release(r), s.built_revision = 0, s.units.clear(), s.measures.clear();
        return;
    }
    if (s.built_revision != s.revision || s.built_projection != projection_key ||
        s.built_ratio != view.pixel_ratio || !(s.built_options == options)) {
        s.build(r, view, proj, options);
        s.built_revision = s.revision, s.built_projection = projection_key, s.built_ratio = view.pixel_ratio;
        s.built_options = options;
    }
    s.symbol_px_used = options.symbol_px;
    s.text_items.clear();
    const float pr = view.pixel_ratio;
    const double ww = view.world_width;
    // The copy of a map position nearest the view centre (world wrap).
    auto near_centre = [&](geo::XY p) {
        if (ww > 0 && std::isfinite(p.x)) p.x += std::round((view.center.x - p.x) / ww) * ww;
        return p;
    };
    auto screen = [&](geo::XY p, double shift) { return view.to_screen({p.x + shift, p.y}); };
    auto shift_for = [&](const std::vector<geo::XY>& xy) {
        for (auto& p : xy)
            if (std::isfinite(p.x)) return near_centre(p).x - p.x;
        return 0.0;
    };
    auto selected = [&](const std::string& id) {
        return std::find(s.selection.begin(), s.selection.end(), id) != s.selection.end();
    };
    const Rgba sel{1.0f, 0.78f, 0.0f, 0.95f};

    // Selected measures: a wide yellow band under their geometry.
    for (const auto& it : s.measures) {
        if (!selected(it.id)) continue;
        const double sh = shift_for(it.xy);
        std::vector<geo::XY> pts;
        for (auto& p : it.xy)
            if (std::isfinite(p.x)) pts.push_back(screen(p, sh));
        if (pts.empty()) continue;
        if (missions::shape_of(it.kind) == missions::Shape::Area) pts.push_back(pts.front());
        if (pts.size() == 1) {
            const double h = 16 * pr;
            pts = {{pts[0].x - h, pts[0].y - h},
                   {pts[0].x + h, pts[0].y - h},
                   {pts[0].x + h, pts[0].y + h},
                   {pts[0].x - h, pts[0].y + h},
                   {pts[0].x - h, pts[0].y - h}};
        }
        r.draw_screen_lines(pts, sel, 9 * pr);
    }

    if (s.area_fill) {
        r.draw_fill(s.area_fill, {{0, 0, 0, 1}, true});
        r.draw_fill(s.nogo_fill, {{0, 0, 0, 1}, true, 9});
        r.draw_lines(s.area_lines, {{0, 0, 0, 1}, 2.2f, true});
    }
    for (auto& [kind, h] : s.line_layers) {
        if (kind == MeasureKind::MainSupplyRoute) r.draw_lines(h, {{1, 1, 1, 0.9f}, line_width(kind) + 2.5f});
        r.draw_lines(h, {kind_colour(kind), line_width(kind)});
    }
    // Routes show their direction of travel: chevrons along the path, about every 130 pixels.
    for (const auto& it : s.measures) {
        if (it.kind != MeasureKind::Route && it.kind != MeasureKind::MainSupplyRoute) continue;
        const double sh = shift_for(it.xy);
        const double every = 130 * pr;
        double carry = every * 0.5;
        for (size_t i = 0; i + 1 < it.xy.size(); ++i) {
            if (!std::isfinite(it.xy[i].x) || !std::isfinite(it.xy[i + 1].x)) continue;
            const geo::XY a = screen(it.xy[i], sh), b = screen(it.xy[i + 1], sh);
            const double len = std::hypot(b.x - a.x, b.y - a.y);
            if (len < 1e-6) continue;
            const geo::XY d{(b.x - a.x) / len, (b.y - a.y) / len};
            double t = carry;
            for (; t < len; t += every) {
                const geo::XY tip{a.x + d.x * (t + 6 * pr), a.y + d.y * (t + 6 * pr)};
                arrow_head(r, tip, d, 9 * pr, {1, 1, 1, 0.9f}, 5 * pr);
                arrow_head(r, tip, d, 9 * pr, kind_colour(it.kind), 2.5f * pr);
            }
            carry = t - len;
        }
    }
    if (s.points_gpu) r.draw_icons(s.points_gpu);

    // Movement since the previous phase: a dashed arrow from where the unit was to the edge of its symbol.
    const Rgba move{0.10f, 0.18f, 0.35f, 0.9f};
    const double sym_half = options.symbol_px * 0.5 * pr;
    for (const auto& u : s.units) {
        if (!std::isfinite(u.prev_xy.x) || !std::isfinite(u.xy.x)) continue;
        const geo::XY to_m = near_centre(u.xy);
        const double sh = to_m.x - u.xy.x;
        const geo::XY a = screen(u.prev_xy, sh), b = screen(u.xy, sh);
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        if (len < sym_half * 1.5) continue;
        const geo::XY d{(b.x - a.x) / len, (b.y - a.y) / len};
        const geo::XY end{b.x - d.x * sym_half * 1.1, b.y - d.y * sym_half * 1.1};
        r.draw_screen_lines({{a.x - 4 * pr, a.y}, {a.x + 4 * pr, a.y}}, move, 8 * pr); // where it was
        dashed(r, a, end, {1, 1, 1, 0.8f}, 5 * pr, 12 * pr, 6 * pr);
        dashed(r, a, end, move, 2.5f * pr, 12 * pr, 6 * pr);
        arrow_head(r, end, d, 12 * pr, move, 3 * pr);
    }
}

void MissionLayer::place_units(const render::View& view, render::LabelPlacer& placer) {
    Impl& s = *impl_;
    s.text_items.clear();
    if (!s.mission || !s.units_gpu) return;
    s.place_units(view, placer, options.labels);
}

void MissionLayer::label_candidates(std::vector<const render::LabelCandidate*>& out) const {
    if (!impl_->mission || !options.labels || impl_->visible_units > 300) return;
    for (const auto& l : impl_->labels)
        out.push_back(&l);
}

void MissionLayer::Impl::upload_units(render::Renderer& r) {
    std::vector<geo::XY> offs;
    for (auto& u : units)
        offs.push_back(u.offset);
    if (offs.size() == uploaded_offsets.size() &&
        std::equal(offs.begin(), offs.end(), uploaded_offsets.begin(), [](geo::XY a, geo::XY b) {
            return std::abs(a.x - b.x) < 0.5 && std::abs(a.y - b.y) < 0.5;
        }))
        return;
    std::vector<render::IconInstance> inst;
    for (auto& u : units)
        if (std::isfinite(u.xy.x)) inst.push_back({u.xy, u.icon, float(u.offset.x), float(u.offset.y)});
    r.set_icons(units_gpu, unit_atlas, inst);
    uploaded_offsets = std::move(offs);
}

void MissionLayer::draw_units(render::Renderer& r, const render::View& view) {
    Impl& s = *impl_;
    if (!s.mission || !s.units_gpu) return;
    s.upload_units(r);
    const float pr = view.pixel_ratio;
    auto near_centre = [&](geo::XY p) {
        if (view.world_width > 0 && std::isfinite(p.x))
            p.x += std::round((view.center.x - p.x) / view.world_width) * view.world_width;
        return p;
    };
    // Leader lines from a unit's true position to its symbol where it had to move, with a dot where it is.
    for (const auto& u : s.units) {
        if ((u.offset.x == 0 && u.offset.y == 0) || !std::isfinite(u.xy.x)) continue;
        const geo::XY c = view.to_screen(near_centre(u.xy));
        const geo::XY to{c.x + u.offset.x, c.y + u.offset.y};
        r.draw_screen_lines({c, to}, {1, 1, 1, 0.8f}, 3.5f * pr);
        r.draw_screen_lines({c, to}, {0.1f, 0.1f, 0.1f, 0.85f}, 1.5f * pr);
        r.draw_screen_rect({c.x - 2.5 * pr, c.y - 2.5 * pr}, {c.x + 2.5 * pr, c.y + 2.5 * pr},
                           {0.1f, 0.1f, 0.1f, 1});
    }
    // Selected units: a frame around the symbol, drawn under it.
    const Rgba sel{1.0f, 0.78f, 0.0f, 0.95f};
    for (const auto& u : s.units) {
        if (std::find(s.selection.begin(), s.selection.end(), u.id) == s.selection.end() ||
            !std::isfinite(u.xy.x))
            continue;
        const auto& e = s.unit_atlas.entries.at(u.icon);
        const geo::XY c = plus(view.to_screen(near_centre(u.xy)), u.offset);
        const double x0 = c.x - e.anchor_x - 3 * pr, y0 = c.y - e.anchor_y - 3 * pr;
        const double x1 = x0 + e.w + 6 * pr, y1 = y0 + e.h + 6 * pr;
        r.draw_screen_lines({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, sel, 4 * pr);
    }
    r.draw_icons(s.units_gpu);
    r.draw_text(s.text_items);
}

bool MissionLayer::has_content() const {
    return impl_->mission != nullptr;
}

std::string MissionLayer::unit_at(const render::View& view, geo::XY p) const {
    const Impl& s = *impl_;
    for (auto it = s.units.rbegin(); it != s.units.rend(); ++it) {
        if (!std::isfinite(it->xy.x) || it->icon >= s.unit_atlas.entries.size()) continue;
        geo::XY m = it->xy;
        if (view.world_width > 0)
            m.x += std::round((view.center.x - m.x) / view.world_width) * view.world_width;
        const geo::XY c = plus(view.to_screen(m), it->offset);
        const auto& e = s.unit_atlas.entries[it->icon];
        const double x0 = c.x - e.anchor_x, y0 = c.y - e.anchor_y;
        if (p.x >= x0 && p.x <= x0 + e.w && p.y >= y0 && p.y <= y0 + e.h) return it->id;
    }
    return "";
}

const std::vector<std::string>& MissionLayer::symbol_messages() const {
    return impl_->messages;
}

void MissionLayer::reset_gpu() {
    impl_->renderer = nullptr;
}

} // namespace entente::app
