#include "map_tools.hpp"

#include "geo/coords.hpp"
#include "missions/sidc.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace entente::app {

using nlohmann::json;

namespace {

json pt(geo::LonLat p) {
    return json::array({p.lon, p.lat});
}

double dist2(geo::XY a, geo::XY b) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return dx * dx + dy * dy;
}

// Closest point of segment a-b to p, as the parameter t in 0..1.
double seg_t(geo::XY p, geo::XY a, geo::XY b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    return len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
}

geo::XY lerp(geo::XY a, geo::XY b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

// Keeps a moved point a valid longitude/latitude (a drag across the antimeridian wraps).
geo::LonLat normalised(geo::LonLat p) {
    p.lon = std::remainder(p.lon, 360.0);
    p.lat = std::clamp(p.lat, -90.0, 90.0);
    return p;
}

// "area_of_operations" -> "Area of operations".
std::string kind_label(missions::MeasureKind k) {
    std::string s = missions::to_string(k);
    std::replace(s.begin(), s.end(), '_', ' ');
    if (!s.empty()) s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

const char* to_string(MapTool t) {
    switch (t) {
    case MapTool::Select:
        return "Select";
    case MapTool::PlaceUnit:
        return "Place unit";
    case MapTool::DrawPoint:
        return "Point";
    case MapTool::DrawLine:
        return "Line";
    case MapTool::DrawArea:
        return "Area";
    }
    return "";
}

void MapTools::set_tool(MapTool t) {
    cancel_drawing();
    tool_ = t;
    snap_.reset();
}

bool MapTools::applies(const missions::ControlMeasure& c) const {
    const std::string& ph = s_.mission.phase;
    return ph.empty() || c.phases.empty() || contains(c.phases, ph);
}

bool MapTools::apply(const json& op) {
    std::string err;
    if (s_.mission.apply(op, &err)) return true;
    s_.error("edit refused: " + err);
    return false;
}

void MapTools::apply_drag(const json& op) {
    // Undo the drag's previous step and apply the new one: the whole drag stays one undo step, and two drags
    // of the same element in a row stay two steps (merged moves would fold them together).
    if (drag_applied_) s_.mission.undo();
    std::string err;
    if (s_.mission.apply(op, &err)) {
        drag_applied_ = true;
        return;
    }
    if (drag_applied_) s_.mission.redo(); // keep the last position that was accepted
    if (!drag_failed_) s_.error("edit refused: " + err);
    drag_failed_ = true;
}

std::optional<geo::LonLat> MapTools::to_lonlat(const render::View& v, geo::XY screen) const {
    geo::XY m = v.to_map(screen);
    if (v.world_width > 0) m.x = std::remainder(m.x, v.world_width);
    auto ll = s_.scene.projection().inverse(m);
    if (ll && !geo::valid_lonlat(ll->lon, ll->lat)) return std::nullopt;
    return ll;
}

geo::XY MapTools::to_screen(const render::View& v, geo::LonLat p) const {
    geo::XY m = s_.scene.projection().forward(p);
    // The copy of a wrapping world nearest the view centre.
    if (v.world_width > 0) m.x = v.center.x + std::remainder(m.x - v.center.x, v.world_width);
    return v.to_screen(m);
}

std::optional<geo::LonLat> MapTools::position_of(const std::string& id, int vertex) const {
    const missions::Mission* m = mission();
    if (!m) return std::nullopt;
    for (auto& u : m->units)
        if (u.id == id) return u.position_in(s_.mission.phase);
    for (auto& c : m->measures)
        if (c.id == id && vertex >= 0 && size_t(vertex) < c.points.size()) return c.points[size_t(vertex)];
    return std::nullopt;
}

std::string MapTools::describe(const std::string& id) const {
    const missions::Mission* m = mission();
    if (!m) return "";
    for (auto& u : m->units) {
        if (u.id != id) continue;
        std::string t = u.designation.empty() ? u.id : u.designation;
        if (!u.higher_formation.empty()) t += " / " + u.higher_formation;
        if (auto sidc = missions::parse_sidc(u.sidc)) {
            t += "\n" + missions::to_string(sidc->identity) + " " + sidc->function;
            if (sidc->echelon != missions::Echelon::None) t += ", " + missions::to_string(sidc->echelon);
        } else {
            t += "\nunknown symbol code " + u.sidc;
        }
        std::string who = u.nation;
        if (!u.organisation.empty()) who += (who.empty() ? "" : ", ") + u.organisation;
        if (!u.command_relationship.empty()) who += (who.empty() ? "" : ", ") + u.command_relationship;
        if (!who.empty()) t += "\n" + who;
        if (u.strength > 0) t += "\nstrength " + std::to_string(u.strength);
        return t;
    }
    for (auto& c : m->measures) {
        if (c.id != id) continue;
        std::string t = c.name + "\n" + kind_label(c.kind);
        if (!c.phases.empty()) {
            t += "\nphases:";
            for (auto& p : c.phases) {
                const missions::Phase* ph = const_cast<missions::Mission*>(m)->phase(p);
                t += " " + (ph ? ph->name : p);
            }
        }
        return t;
    }
    return "";
}

geo::Bbox MapTools::bbox_of(const std::vector<std::string>& ids) const {
    geo::Bbox b;
    const missions::Mission* m = mission();
    if (!m) return b;
    for (auto& u : m->units)
        if (contains(ids, u.id)) {
            const auto p = u.position_in(s_.mission.phase);
            b.add(p.lon, p.lat);
        }
    for (auto& c : m->measures)
        if (contains(ids, c.id))
            for (auto& p : c.points)
                b.add(p.lon, p.lat);
    return b;
}

const missions::ControlMeasure* MapTools::single_selected_shape() const {
    const missions::Mission* m = mission();
    if (!m || tool_ != MapTool::Select || s_.mission.selection.size() != 1) return nullptr;
    for (auto& c : m->measures)
        if (c.id == s_.mission.selection[0] && missions::shape_of(c.kind) != missions::Shape::Point)
            return &c;
    return nullptr;
}

std::string MapTools::hit(const render::View& v, geo::XY screen, bool* interior) const {
    if (interior) *interior = false;
    const missions::Mission* m = mission();
    if (!m) return "";
    std::string id = s_.scene.mission_layer().unit_at(v, screen);
    if (!id.empty()) return id;
    const double pr = v.pixel_ratio;
    // Units: the symbol's box; the last drawn (on top) wins, then the nearest centre.
    double best = 1e300;
    for (auto it = m->units.rbegin(); it != m->units.rend(); ++it) {
        const geo::XY c = to_screen(v, it->position_in(s_.mission.phase));
        if (std::abs(c.x - screen.x) <= unit_half_w * pr && std::abs(c.y - screen.y) <= unit_half_h * pr &&
            dist2(c, screen) < best)
            best = dist2(c, screen), id = it->id;
    }
    if (!id.empty()) return id;
    const double r2 = (pick_px + 5) * pr * (pick_px + 5) * pr; // point symbols are bigger than a stroke
    const double l2 = pick_px * pr * pick_px * pr;
    // Points, then lines near the stroke, then area edges; then the smallest area containing the position.
    for (int pass = 0; pass < 3; ++pass) {
        best = pass == 0 ? r2 : l2;
        for (auto& c : m->measures) {
            if (!applies(c)) continue;
            const auto shape = missions::shape_of(c.kind);
            if ((pass == 0) != (shape == missions::Shape::Point)) continue;
            if (pass == 1 && shape != missions::Shape::Line) continue;
            const size_t n = c.points.size();
            const size_t segs = shape == missions::Shape::Area ? n : n - 1;
            if (pass == 0) {
                const double d = dist2(to_screen(v, c.points[0]), screen);
                if (d <= best) best = d, id = c.id;
                continue;
            }
            for (size_t i = 0; i < segs && n > 1; ++i) {
                const geo::XY a = to_screen(v, c.points[i]), b = to_screen(v, c.points[(i + 1) % n]);
                const double d = dist2(lerp(a, b, seg_t(screen, a, b)), screen);
                if (d <= best) best = d, id = c.id;
            }
        }
        if (!id.empty()) return id;
    }
    const auto ll = to_lonlat(v, screen);
    if (!ll) return "";
    double smallest = 1e300;
    for (auto& c : m->measures) {
        if (!applies(c) || missions::shape_of(c.kind) != missions::Shape::Area) continue;
        if (!geo::ring_contains(c.points.data(), c.points.size(), *ll)) continue;
        geo::Bbox b;
        for (auto& p : c.points)
            b.add(p.lon, p.lat);
        if (b.width() * b.height() < smallest) smallest = b.width() * b.height(), id = c.id;
    }
    if (interior) *interior = !id.empty();
    return id;
}

std::optional<VertexHandle> MapTools::handle_at(const render::View& v, geo::XY screen) const {
    const missions::ControlMeasure* c = single_selected_shape();
    if (!c) return std::nullopt;
    const double pr = v.pixel_ratio;
    const double rv = (handle_px + 3) * pr, rm = (handle_px + 1) * pr;
    const size_t n = c->points.size();
    for (size_t i = 0; i < n; ++i)
        if (dist2(to_screen(v, c->points[i]), screen) <= rv * rv) return VertexHandle{int(i), false};
    const size_t segs = missions::shape_of(c->kind) == missions::Shape::Area ? n : n - 1;
    for (size_t i = 0; i < segs; ++i) {
        const geo::XY mid = lerp(to_screen(v, c->points[i]), to_screen(v, c->points[(i + 1) % n]), 0.5);
        if (dist2(mid, screen) <= rm * rm) return VertexHandle{int(i), true};
    }
    return std::nullopt;
}

std::optional<SnapTarget> MapTools::snap_target(const render::View& v, geo::XY screen,
                                                const std::vector<std::string>& exclude,
                                                const std::string& exclude_measure,
                                                int exclude_vertex) const {
    const double r = snap_px * v.pixel_ratio, r2 = r * r;
    std::optional<SnapTarget> vert, edge;
    double best_v = r2, best_e = r2;
    auto vertex = [&](geo::LonLat p) {
        const geo::XY s = to_screen(v, p);
        const double d = dist2(s, screen);
        if (d <= best_v) best_v = d, vert = SnapTarget{p, s, true};
    };
    auto segment = [&](geo::LonLat pa, geo::LonLat pb) {
        const geo::XY a = to_screen(v, pa), b = to_screen(v, pb);
        const geo::XY q = lerp(a, b, seg_t(screen, a, b));
        const double d = dist2(q, screen);
        if (!(d <= best_e)) return;
        if (auto ll = to_lonlat(v, q)) best_e = d, edge = SnapTarget{*ll, q, false};
    };
    if (const missions::Mission* m = mission()) {
        for (auto& u : m->units)
            if (!contains(exclude, u.id)) vertex(u.position_in(s_.mission.phase));
        for (auto& c : m->measures) {
            if (!applies(c) || contains(exclude, c.id)) continue;
            const size_t n = c.points.size();
            const bool self = c.id == exclude_measure;
            for (size_t i = 0; i < n; ++i)
                if (!self || int(i) != exclude_vertex) vertex(c.points[i]);
            const size_t segs = missions::shape_of(c.kind) == missions::Shape::Area ? n : n - 1;
            for (size_t i = 0; i < segs && n > 1; ++i) {
                const size_t j = (i + 1) % n;
                if (self && (int(i) == exclude_vertex || int(j) == exclude_vertex)) continue;
                segment(c.points[i], c.points[j]);
            }
        }
    }
    for (size_t i = 0; i + 1 < pending_.size(); ++i)
        segment(pending_[i], pending_[i + 1]);
    for (auto& p : pending_)
        vertex(p);
    // Loaded layers: only features whose box is near the cursor.
    const auto a = to_lonlat(v, {screen.x - r, screen.y - r}), b = to_lonlat(v, {screen.x + r, screen.y + r});
    if (a && b) {
        geo::Bbox box;
        box.add(a->lon, a->lat), box.add(b->lon, b->lat);
        const double mx = box.width() * 0.5, my = box.height() * 0.5;
        box = {box.minx - mx, box.miny - my, box.maxx + mx, box.maxy + my};
        auto inside = [&](geo::LonLat p) {
            return p.lon >= box.minx && p.lon <= box.maxx && p.lat >= box.miny && p.lat <= box.maxy;
        };
        for (auto& lp : s_.scene.layers()) {
            if (!lp->visible || !lp->vector) continue;
            const geo::VectorLayer& l = *lp->vector;
            for (auto& p : l.points.coords)
                if (inside(p)) vertex(p);
            for (size_t k = 0; k < l.lines.parts(); ++k) {
                if (!l.feature_box(l.lines.part_feature[k]).intersects(box)) continue;
                for (uint32_t i = l.lines.part_start[k]; i < l.lines.part_start[k + 1]; ++i) {
                    vertex(l.lines.coords[i]);
                    if (i + 1 < l.lines.part_start[k + 1]) segment(l.lines.coords[i], l.lines.coords[i + 1]);
                }
            }
            const auto& ps = l.polygons;
            for (size_t k = 0; k < ps.polygons(); ++k) {
                if (!l.feature_box(ps.poly_feature[k]).intersects(box)) continue;
                for (uint32_t ring = ps.poly_ring[k]; ring < ps.poly_ring[k + 1]; ++ring)
                    for (uint32_t i = ps.ring_start[ring]; i < ps.ring_start[ring + 1]; ++i) {
                        vertex(ps.coords[i]);
                        if (i + 1 < ps.ring_start[ring + 1]) segment(ps.coords[i], ps.coords[i + 1]);
                    }
            }
        }
    }
    return vert ? vert : edge;
}

std::optional<geo::LonLat> MapTools::snapped(const render::View& v, geo::XY screen) {
    snap_.reset();
    if (snapping) {
        if (gesture_ == Gesture::MoveSelection)
            snap_ = snap_target(v, screen, s_.mission.selection);
        else if (gesture_ == Gesture::MoveVertex)
            snap_ = snap_target(v, screen, {}, drag_measure_, drag_vertex_);
        else if (gesture_ == Gesture::InsertVertex)
            snap_ = snap_target(v, screen, {drag_measure_});
        else
            snap_ = snap_target(v, screen);
    }
    if (snap_) return snap_->at;
    return to_lonlat(v, screen);
}

bool MapTools::press(const render::View& v, geo::XY screen, Mods mods, bool double_click) {
    press_screen_ = screen;
    moved_ = false;
    drag_applied_ = drag_failed_ = false;
    if (tool_ != MapTool::Select) {
        if (!double_click) return false; // a click places or adds a vertex, a drag pans
        if (drawing()) finish_drawing();
        gesture_ = Gesture::Taken; // never a second placement, nor a zoom
        return true;
    }
    const missions::Mission* m = mission();
    if (!m) return false;
    if (auto h = handle_at(v, screen)) {
        const missions::ControlMeasure* c = single_selected_shape();
        drag_measure_ = c->id;
        const size_t n = c->points.size();
        if (h->midpoint) {
            // Inserted at once, so a click without a drag inserts; a drag then moves the new vertex.
            gesture_ = Gesture::InsertVertex;
            drag_vertex_ = h->index + 1;
            const geo::LonLat a = c->points[size_t(h->index)], b = c->points[size_t(h->index + 1) % n];
            anchor_ = {(a.lon + b.lon) * 0.5, (a.lat + b.lat) * 0.5};
            apply_drag({{"op", "insert_vertex"},
                        {"id", drag_measure_},
                        {"index", drag_vertex_},
                        {"position", pt(anchor_)}});
        } else {
            gesture_ = Gesture::MoveVertex;
            drag_vertex_ = h->index;
            anchor_ = c->points[size_t(h->index)];
        }
        active_vertex = drag_vertex_;
        grab_offset_ = {to_screen(v, anchor_).x - screen.x, to_screen(v, anchor_).y - screen.y};
        return true;
    }
    bool interior = false;
    const std::string id = hit(v, screen, &interior);
    if (id.empty()) return false;
    // Inside an area that is not selected a drag still pans (areas often fill the view); the click selects
    // it.
    if (interior && !s_.mission.is_selected(id) && !mods.shift && !mods.ctrl) return false;
    active_vertex = -1;
    if (mods.shift || mods.ctrl) {
        std::vector<std::string> sel = s_.mission.selection;
        if (contains(sel, id))
            std::erase(sel, id);
        else
            sel.push_back(id);
        s_.mission.select(sel);
        gesture_ = Gesture::Taken;
        return true;
    }
    if (!s_.mission.is_selected(id)) s_.mission.select({id});
    gesture_ = Gesture::MoveSelection;
    pressed_id_ = id;
    drag_start_ = json::array();
    for (auto& u : m->units)
        if (s_.mission.is_selected(u.id)) drag_start_.push_back(missions::to_json(u));
    for (auto& c : m->measures)
        if (s_.mission.is_selected(c.id)) drag_start_.push_back(missions::to_json(c));
    // The grabbed element's point that snaps: a unit's position, or the measure's vertex nearest the press.
    anchor_ = *to_lonlat(v, screen);
    if (const missions::Unit* u = const_cast<missions::Mission*>(m)->unit(id)) {
        anchor_ = u->position_in(s_.mission.phase);
    } else if (const missions::ControlMeasure* c = const_cast<missions::Mission*>(m)->measure(id)) {
        double best = 1e300;
        for (auto& p : c->points)
            if (dist2(to_screen(v, p), screen) < best) best = dist2(to_screen(v, p), screen), anchor_ = p;
    }
    grab_offset_ = {to_screen(v, anchor_).x - screen.x, to_screen(v, anchor_).y - screen.y};
    return true;
}

void MapTools::drag(const render::View& v, geo::XY screen) {
    if (gesture_ == Gesture::None || gesture_ == Gesture::Taken) return;
    if (!moved_ && dist2(screen, press_screen_) <= 9.0 * v.pixel_ratio * v.pixel_ratio) return;
    moved_ = true;
    const geo::XY target{screen.x + grab_offset_.x, screen.y + grab_offset_.y};
    const auto p = snapped(v, target);
    if (!p) return;
    if (gesture_ == Gesture::MoveVertex || gesture_ == Gesture::InsertVertex) {
        apply_drag({{"op", gesture_ == Gesture::MoveVertex ? "move_vertex" : "insert_vertex"},
                    {"id", drag_measure_},
                    {"index", drag_vertex_},
                    {"position", pt(normalised(*p))}});
        return;
    }
    const double dlon = p->lon - anchor_.lon, dlat = p->lat - anchor_.lat;
    auto shifted = [&](const json& q) {
        return pt(normalised({q[0].get<double>() + dlon, q[1].get<double>() + dlat}));
    };
    json ops = json::array();
    for (auto& e : drag_start_) {
        if (e.contains("sidc")) {
            // A unit moves where the map shows it: in the shown phase, or its default position.
            const std::string& ph = s_.mission.phase;
            const json& from =
                !ph.empty() && e["phase_position"].contains(ph) ? e["phase_position"][ph] : e["position"];
            json op{{"op", "move_unit"}, {"id", e["id"]}, {"position", shifted(from)}};
            if (!ph.empty()) op["phase"] = ph;
            ops.push_back(op);
        } else {
            json pts = json::array();
            for (auto& q : e["points"])
                pts.push_back(shifted(q));
            ops.push_back({{"op", "update_measure"}, {"id", e["id"]}, {"set", {{"points", pts}}}});
        }
    }
    apply_drag({{"op", "group"}, {"label", "move"}, {"ops", ops}});
}

void MapTools::release(const render::View&, geo::XY) {
    // A click (no drag) on one element of a multi-selection selects just that element.
    if (gesture_ == Gesture::MoveSelection && !moved_ && s_.mission.selection.size() > 1)
        s_.mission.select({pressed_id_});
    gesture_ = Gesture::None;
    drag_start_ = nullptr;
    snap_.reset();
}

bool MapTools::click(const render::View& v, geo::XY screen, Mods mods, bool moved) {
    gesture_ = Gesture::None;
    if (moved) return false;
    if (tool_ == MapTool::Select) {
        bool interior = false;
        const std::string id = hit(v, screen, &interior);
        if (!id.empty() && interior) {
            s_.mission.select({id});
            active_vertex = -1;
            return true;
        }
        // A click on the empty map clears the selection; the window still identifies what is there.
        if (!mods.shift && !mods.ctrl) {
            s_.mission.select({});
            active_vertex = -1;
        }
        return false;
    }
    const auto p = snapped(v, screen);
    if (!p) return true;
    switch (tool_) {
    case MapTool::PlaceUnit:
        place_unit(*p);
        break;
    case MapTool::DrawPoint:
        add_measure(point_kind, {*p});
        break;
    default:
        pending_.push_back(*p);
        break;
    }
    return true;
}

void MapTools::hover(const render::View& v, geo::XY screen) {
    cursor_ = to_lonlat(v, screen);
    if (tool_ == MapTool::Select || !snapping)
        snap_.reset();
    else
        snapped(v, screen);
}

bool MapTools::right_click(const render::View& v, geo::XY screen) {
    if (drawing()) return finish_drawing();
    auto h = handle_at(v, screen);
    if (!h || h->midpoint) return false;
    return delete_vertex(single_selected_shape()->id, h->index);
}

bool MapTools::key(EditKey k, const render::View& v) {
    switch (k) {
    case EditKey::Undo:
        if (drawing()) {
            pending_.pop_back(); // while drawing, Ctrl+Z takes back the last vertex
            return true;
        }
        active_vertex = -1;
        return s_.mission.undo();
    case EditKey::Redo:
        active_vertex = -1;
        return s_.mission.redo();
    case EditKey::Delete:
        if (const auto* c = single_selected_shape(); c && active_vertex >= 0)
            return delete_vertex(c->id, active_vertex);
        return delete_selection();
    case EditKey::Copy:
        copy();
        return !clipboard_.empty();
    case EditKey::Paste:
        return paste(v);
    case EditKey::Escape:
        if (drawing()) {
            cancel_drawing();
            return true;
        }
        active_vertex = -1;
        if (s_.mission.selection.empty()) return false;
        s_.mission.select({});
        return true;
    case EditKey::Enter:
        return drawing() && finish_drawing();
    case EditKey::ToggleSnap:
        snapping = !snapping;
        if (!snapping) snap_.reset();
        return true;
    }
    return false;
}

std::string MapTools::fresh_id(const std::string& prefix, std::set<std::string>& taken) const {
    const missions::Mission* m = mission();
    for (size_t n = m ? m->units.size() + m->measures.size() + 1 : 1;; ++n) {
        std::string id = prefix + std::to_string(n);
        if (taken.count(id)) continue;
        if (m &&
            (const_cast<missions::Mission*>(m)->unit(id) || const_cast<missions::Mission*>(m)->measure(id)))
            continue;
        taken.insert(id);
        return id;
    }
}

void MapTools::ensure_mission() {
    if (mission()) return;
    // Placing or drawing with no mission open starts a new one rather than refusing.
    s_.mission.adopt(missions::Mission{}, "");
    s_.info("started a new mission");
}

bool MapTools::place_unit(geo::LonLat at) {
    ensure_mission();
    std::set<std::string> taken;
    const std::string id = fresh_id("u", taken);
    json unit{{"id", id}, {"sidc", unit_sidc}, {"designation", "New unit"}, {"position", pt(at)}};
    if (!mission()->releasability.empty()) unit["releasability"] = mission()->releasability;
    if (!apply({{"op", "add_unit"}, {"unit", unit}})) return false;
    s_.mission.select({id});
    return true;
}

bool MapTools::add_measure(missions::MeasureKind kind, const std::vector<geo::LonLat>& points) {
    ensure_mission();
    std::set<std::string> taken;
    const std::string id = fresh_id("m", taken);
    size_t same_kind = 0;
    for (auto& c : mission()->measures)
        same_kind += c.kind == kind;
    json pts = json::array();
    for (auto& p : points)
        pts.push_back(pt(p));
    json measure{{"id", id},
                 {"name", kind_label(kind) + " " + std::to_string(same_kind + 1)},
                 {"kind", missions::to_string(kind)},
                 {"points", pts}};
    if (!mission()->releasability.empty()) measure["releasability"] = mission()->releasability;
    if (!apply({{"op", "add_measure"}, {"measure", measure}})) return false;
    s_.mission.select({id});
    return true;
}

bool MapTools::finish_drawing() {
    if (pending_.empty()) return false;
    const auto kind = tool_ == MapTool::DrawArea ? area_kind : line_kind;
    const size_t need = tool_ == MapTool::DrawArea ? 3 : 2;
    if (pending_.size() < need) {
        s_.error(kind_label(kind) + " needs at least " + std::to_string(need) +
                 " points; click more, or Esc to cancel");
        return false;
    }
    if (!add_measure(kind, pending_)) return false;
    pending_.clear();
    return true;
}

void MapTools::cancel_drawing() {
    pending_.clear();
}

bool MapTools::delete_vertex(const std::string& id, int index) {
    if (!apply({{"op", "delete_vertex"}, {"id", id}, {"index", index}})) return false;
    active_vertex = -1;
    return true;
}

bool MapTools::delete_selection() {
    const missions::Mission* m = mission();
    if (!m || s_.mission.selection.empty()) return false;
    const auto& sel = s_.mission.selection;
    json ops = json::array();
    // Nothing is left pointing at a removed unit: its subordinates move up to its parent, measures assigned
    // to it become unassigned. All in the same step.
    auto surviving_parent = [&](std::string p) {
        while (!p.empty() && contains(sel, p)) {
            const missions::Unit* u = const_cast<missions::Mission*>(m)->unit(p);
            p = u ? u->parent : "";
        }
        return p;
    };
    for (auto& u : m->units)
        if (!contains(sel, u.id) && contains(sel, u.parent))
            ops.push_back(
                {{"op", "update_unit"}, {"id", u.id}, {"set", {{"parent", surviving_parent(u.parent)}}}});
    for (auto& c : m->measures)
        if (!contains(sel, c.id) && !c.assigned_unit.empty() && contains(sel, c.assigned_unit))
            ops.push_back({{"op", "update_measure"}, {"id", c.id}, {"set", {{"assigned_unit", ""}}}});
    size_t n = 0;
    for (auto& u : m->units)
        if (contains(sel, u.id)) ops.push_back({{"op", "remove_unit"}, {"id", u.id}}), ++n;
    for (auto& c : m->measures)
        if (contains(sel, c.id)) ops.push_back({{"op", "remove_measure"}, {"id", c.id}}), ++n;
    if (n == 0) return false;
    active_vertex = -1;
    return apply({{"op", "group"}, {"label", "delete " + std::to_string(n)}, {"ops", ops}});
}

void MapTools::copy() {
    const missions::Mission* m = mission();
    clipboard_ = nullptr;
    pastes_ = 0;
    if (!m || s_.mission.selection.empty()) return;
    json units = json::array(), measures = json::array();
    for (auto& u : m->units)
        if (s_.mission.is_selected(u.id)) units.push_back(missions::to_json(u));
    for (auto& c : m->measures)
        if (s_.mission.is_selected(c.id)) measures.push_back(missions::to_json(c));
    clipboard_ = {{"units", units}, {"measures", measures}};
}

bool MapTools::paste(const render::View& v) {
    if (clipboard_.is_null() || (clipboard_["units"].empty() && clipboard_["measures"].empty())) return false;
    ensure_mission();
    const missions::Mission* m = mission();
    ++pastes_;
    // Each paste lands a little further down and right of the copied elements, so copies never hide them.
    const json& first = !clipboard_["units"].empty() ? clipboard_["units"][0]["position"]
                                                     : clipboard_["measures"][0]["points"][0];
    const geo::LonLat ref{first[0].get<double>(), first[1].get<double>()};
    const double off = 24.0 * v.pixel_ratio * pastes_;
    const geo::XY rs = to_screen(v, ref);
    auto moved = to_lonlat(v, {rs.x + off, rs.y + off});
    double dlon = 0.01 * pastes_, dlat = -0.01 * pastes_;
    if (std::isfinite(rs.x) && moved) dlon = moved->lon - ref.lon, dlat = moved->lat - ref.lat;
    auto shifted = [&](const json& q) {
        return pt(normalised({q[0].get<double>() + dlon, q[1].get<double>() + dlat}));
    };
    std::set<std::string> taken;
    std::map<std::string, std::string> new_ids;
    for (auto& u : clipboard_["units"])
        new_ids[u["id"]] = fresh_id("u", taken);
    for (auto& c : clipboard_["measures"])
        new_ids[c["id"]] = fresh_id("m", taken);
    auto phase_known = [&](const std::string& id) {
        return const_cast<missions::Mission*>(m)->phase(id) != nullptr;
    };
    json ops = json::array();
    std::vector<std::string> ids;
    for (json u : clipboard_["units"]) {
        u["id"] = new_ids[u["id"]];
        u["position"] = shifted(u["position"]);
        json pp = json::object();
        for (auto& [ph, q] : u["phase_position"].items())
            if (phase_known(ph)) pp[ph] = shifted(q); // phases of another mission mean nothing here
        u["phase_position"] = pp;
        if (new_ids.count(u["parent"])) u["parent"] = new_ids[u["parent"]];
        ids.push_back(u["id"]);
        ops.push_back({{"op", "add_unit"}, {"unit", u}});
    }
    for (json c : clipboard_["measures"]) {
        c["id"] = new_ids[c["id"]];
        for (auto& q : c["points"])
            q = shifted(q);
        json phases = json::array();
        for (auto& ph : c["phases"])
            if (phase_known(ph)) phases.push_back(ph);
        c["phases"] = phases;
        if (new_ids.count(c["assigned_unit"])) c["assigned_unit"] = new_ids[c["assigned_unit"]];
        ids.push_back(c["id"]);
        ops.push_back({{"op", "add_measure"}, {"measure", c}});
    }
    if (!apply({{"op", "group"}, {"label", "paste " + std::to_string(ids.size())}, {"ops", ops}}))
        return false;
    s_.mission.select(ids);
    return true;
}

bool MapTools::move_to_text(const std::string& id, int vertex, const std::string& text, std::string* error) {
    const missions::Mission* m = mission();
    if (!m) {
        if (error) *error = "no mission is open";
        return false;
    }
    const auto p = geo::parse_coordinate(text, error);
    if (!p) return false;
    json op;
    if (const_cast<missions::Mission*>(m)->unit(id)) {
        op = {{"op", "move_unit"}, {"id", id}, {"position", pt(*p)}};
        if (!s_.mission.phase.empty()) op["phase"] = s_.mission.phase;
    } else {
        op = {{"op", "move_vertex"}, {"id", id}, {"index", vertex}, {"position", pt(*p)}};
    }
    std::string err;
    if (s_.mission.apply(op, &err)) return true;
    s_.error("edit refused: " + err);
    if (error) *error = err;
    return false;
}

void MapTools::draw(render::Renderer& r, const render::View& v) const {
    const float pr = v.pixel_ratio;
    const render::Rgba accent{1.0f, 0.5f, 0.0f, 1}, white{1, 1, 1, 0.95f}, dark{0.1f, 0.1f, 0.15f, 1};
    auto ring = [&](geo::XY c, double radius, render::Rgba col, float w) {
        std::vector<geo::XY> pts;
        for (int i = 0; i <= 32; ++i) {
            const double a = i * 2 * 3.14159265358979 / 32;
            pts.push_back({c.x + radius * std::cos(a), c.y + radius * std::sin(a)});
        }
        r.draw_screen_lines(pts, col, w);
    };
    auto square = [&](geo::XY c, double h, render::Rgba col) {
        r.draw_screen_rect({c.x - h, c.y - h}, {c.x + h, c.y + h}, col);
    };
    // The selection itself is highlighted by the mission overlay (where it draws each symbol). Here: the
    // vertex handles of the one selected line or area, and "+" handles halfway along its edges.
    if (const missions::ControlMeasure* c = single_selected_shape()) {
        const size_t n = c->points.size();
        const size_t segs = missions::shape_of(c->kind) == missions::Shape::Area ? n : n - 1;
        const double h = handle_px * pr;
        for (size_t i = 0; i < segs; ++i) {
            const geo::XY mid = lerp(to_screen(v, c->points[i]), to_screen(v, c->points[(i + 1) % n]), 0.5);
            square(mid, h * 0.75, {0.1f, 0.1f, 0.15f, 0.6f});
            square(mid, h * 0.75 - pr, {1, 1, 1, 0.8f});
        }
        for (size_t i = 0; i < n; ++i) {
            const geo::XY p = to_screen(v, c->points[i]);
            square(p, h + pr, dark);
            square(p, h, int(i) == active_vertex ? accent : white);
        }
    }
    // The line or area being drawn, with a rubber band to the cursor (or its snap target).
    if (!pending_.empty()) {
        std::vector<geo::XY> pts;
        for (auto& p : pending_)
            pts.push_back(to_screen(v, p));
        if (snap_)
            pts.push_back(snap_->screen);
        else if (cursor_)
            pts.push_back(to_screen(v, *cursor_));
        const render::Rgba ink{0.85f, 0.1f, 0.1f, 1};
        r.draw_screen_lines(pts, {1, 1, 1, 0.8f}, 4.5f * pr);
        r.draw_screen_lines(pts, ink, 2 * pr);
        if (tool_ == MapTool::DrawArea && pts.size() >= 3)
            r.draw_screen_lines({pts.back(), pts.front()}, {0.85f, 0.1f, 0.1f, 0.45f}, 1.5f * pr);
        for (size_t i = 0; i < pending_.size(); ++i) {
            square(pts[i], 3.5 * pr, dark);
            square(pts[i], 2.5 * pr, white);
        }
    }
    // Snap cue: a ring at the target (with a dot on a vertex, hollow on an edge).
    if (snap_) {
        const render::Rgba cue{0.85f, 0.0f, 0.85f, 1};
        ring(snap_->screen, snap_px * pr, {1, 1, 1, 0.9f}, 4 * pr);
        ring(snap_->screen, snap_px * pr, cue, 2 * pr);
        if (snap_->vertex) square(snap_->screen, 2 * pr, cue);
    }
}

} // namespace entente::app
