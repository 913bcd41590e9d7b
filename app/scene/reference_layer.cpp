#include "reference_layer.hpp"

#include "assets.hpp"
#include "project_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace entente::app {

namespace {

render::Rgba with_alpha(render::Rgba c, float a) {
    return {c.r, c.g, c.b, a};
}

// Symbol diameter in logical pixels: area proportional to personnel, readable at both ends.
float op_diameter(int personnel) {
    return 8.f + 22.f * std::sqrt(std::max(0, personnel) / 20000.f);
}

std::string thousands(int n) {
    std::string s = std::to_string(n);
    for (int i = int(s.size()) - 3; i > 0; i -= 3)
        s.insert(size_t(i), ",");
    return s;
}

// Grey for memberships uncertain on the date: neither member nor non-member.
constexpr render::Rgba kUncertain{0.33f, 0.33f, 0.36f, 1};

} // namespace

std::string long_date(const geo::Date& d) {
    static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d %s %d", d.day, months[std::clamp(d.month, 1, 12) - 1], d.year);
    return buf;
}

std::string strength_text(const geo::PeaceOperation& op, const geo::Date& d) {
    const geo::StrengthFigure* f = op.strength_on(d);
    if (!f) return "strength not recorded yet on this date";
    return thousands(f->personnel) + " " + f->kind + " as of " + f->date.text();
}

std::vector<std::string> describe_operation(const geo::PeaceOperation& op, const geo::Date& d,
                                            const geo::ReferenceData& data) {
    std::vector<std::string> out;
    out.push_back(op.acronym + (op.name.empty() ? "" : ": " + op.name));
    out.push_back("Lead organisation: " + op.lead_org);
    std::string hosts;
    for (auto& h : op.host_iso3)
        hosts += (hosts.empty() ? "" : ", ") + data.memberships.country_name(h) + " (" + h + ")";
    out.push_back("Host countries: " + hosts);
    const auto basis = [](const std::string& b) { return b.empty() ? std::string() : " (" + b + ")"; };
    out.push_back(
        "Start: " + op.start.text() + basis(op.start_basis) + "; end: " +
        (op.end ? op.end->text() + basis(op.end_basis) + " (first day no longer active)" : "ongoing"));
    const auto join = [](const std::vector<std::string>& v) {
        std::string t;
        for (auto& x : v)
            t += (t.empty() ? "" : ", ") + x;
        return t;
    };
    if (!op.predecessors.empty()) out.push_back("Predecessor: " + join(op.predecessors));
    if (!op.successors.empty()) out.push_back("Successor: " + join(op.successors));
    const char* state = op.on(d) == geo::Holds::Yes ? "active"
                        : op.on(d) == geo::Holds::Uncertain
                            ? "uncertain (its date is known only to the month or year)"
                            : "not active";
    out.push_back("On " + d.str() + ": " + state);
    if (const geo::OperationHq* hq = op.hq_on(d)) {
        char pos[64];
        std::snprintf(pos, sizeof pos, " (%.4f, %.4f)", hq->at.lat, hq->at.lon);
        out.push_back("Headquarters: " + hq->city + pos);
    }
    out.push_back("Strength: " + strength_text(op, d));
    if (const geo::StrengthFigure* f = op.strength_on(d)) {
        if (!f->note.empty()) out.push_back("  counted: " + f->note);
        out.push_back("  source: " + f->source);
    }
    out.push_back("Source: " + op.source);
    if (!op.note.empty()) out.push_back("Note: " + op.note);
    return out;
}

render::Rgba parse_hex_colour(const std::string& hex, render::Rgba fallback) {
    unsigned v = 0;
    if (hex.size() == 7 && hex[0] == '#' && std::sscanf(hex.c_str() + 1, "%x", &v) == 1)
        return {((v >> 16) & 255) / 255.f, ((v >> 8) & 255) / 255.f, (v & 255) / 255.f, 1};
    return fallback;
}

std::shared_ptr<geo::ReferenceData> load_reference_data() {
    return geo::ReferenceData::load(assets_dir() + "/domain");
}

void ReferenceLayer::release(render::Renderer& r) {
    for (auto* h : {&fill_a_, &fill_b_, &status_, &markers_, &ops_})
        if (*h) r.destroy_layer(*h), *h = 0;
    drop_spare(r);
    geometry_key_.clear(), colours_key_.clear(), sizes_key_.clear();
}

void ReferenceLayer::drop_spare(render::Renderer& r) {
    for (auto h : {spare_.fill_a, spare_.fill_b, spare_.status, spare_.markers})
        if (h) r.destroy_layer(h);
    spare_ = {};
}

void ReferenceLayer::prepare(render::Renderer& r, const geo::VectorLayer& countries,
                             const geo::Projection& proj, const std::string& projection_key,
                             const ReferenceSettings& s, const geo::ReferenceData& data, double mpp) {
    char ptr[32];
    std::snprintf(ptr, sizeof ptr, "%p", static_cast<const void*>(&countries));
    const std::string gkey = projection_key + "|" + ptr;
    const int fiso = countries.field_index("iso_a3"), flon = countries.field_index("label_lon"),
              flat = countries.field_index("label_lat"), farea = countries.field_index("area_km2");
    if (gkey != geometry_key_) {
        countries_ = &countries;
        Shapes shown{geometry_key_, fill_a_, fill_b_, status_, markers_};
        const bool kept = spare_.key == gkey && !gkey.empty();
        if (!kept)
            drop_spare(r); // the spare is of neither scale: it goes, and the one shown becomes the spare
        fill_a_ = kept ? spare_.fill_a : 0, fill_b_ = kept ? spare_.fill_b : 0;
        status_ = kept ? spare_.status : 0, markers_ = kept ? spare_.markers : 0;
        spare_ = shown;
        geometry_key_ = gkey;
        colours_key_.clear(); // the colours are per country of this scale's layer
    }
    if (!fill_a_ || !fill_b_ || !status_ || !markers_) { // none yet, or a build an exception cut short
        ProjectedGeometry g = project_layer(countries, proj);
        for (auto* h : {&fill_a_, &fill_b_, &status_}) {
            if (!*h) *h = r.create_layer();
            r.set_fill(*h, g.fill);
            r.set_lines(*h, g.lines);
        }
        // One marker per country at its label point, for states too small to see at this scale.
        render::PointCloud pts;
        for (size_t i = 0; i < countries.feature_count(); ++i) {
            const double lon = flon >= 0 ? countries.value_number(i, flon) : NAN;
            const double lat = flat >= 0 ? countries.value_number(i, flat) : NAN;
            geo::XY p{NAN, NAN};
            if (std::isfinite(lon) && proj.in_domain(lon, lat)) p = proj.forward({lon, lat});
            if (!std::isfinite(p.x)) continue;
            pts.xy.insert(pts.xy.end(), {float(p.x), float(p.y)});
            pts.feature.push_back(uint32_t(i));
        }
        if (!markers_) markers_ = r.create_layer();
        r.set_points(markers_, pts);
    }

    std::string ckey = gkey + "|" + s.date.str() + "|" + (s.peace_ops ? "m" : "-") + (s.subdued ? "s" : "f");
    for (auto& a : s.alliances)
        ckey += "|" + a;
    if (ckey != colours_key_) {
        const size_t n = countries.feature_count();
        std::vector<uint32_t> fill_a(n, 0), stroke_a(n, 0), fill_b(n, 0), stroke_b(n, 0), marker(n, 0),
            status_fill(n, 0), status_line(n, 0);
        counts_.clear();
        unsure_labels_.clear();
        have_status_ = false;
        const size_t k = std::min<size_t>(s.alliances.size(), 3);
        for (size_t o = 0; o < k; ++o) {
            const geo::Organisation* org = data.memberships.organisation(s.alliances[o]);
            if (!org) continue;
            const render::Rgba c = parse_hex_colour(org->colour, {0.3f, 0.3f, 0.3f, 1});
            const geo::Roster roster = data.memberships.roster(org->code, s.date);
            counts_.push_back({org->code, org->name, c, roster.members.size(), roster.suspended.size(),
                               roster.uncertain.size()});
            for (size_t i = 0; i < n && fiso >= 0; ++i) {
                const std::string iso = countries.value_text(i, size_t(fiso));
                if (iso.empty()) continue;
                const geo::Standing st = data.memberships.standing(org->code, iso, s.date).standing;
                if (st == geo::Standing::Suspended || st == geo::Standing::Uncertain) {
                    // Neither a member's fill nor nothing: dense hatching and a dashed outline, in the
                    // organisation's colour when suspended, grey with a "?" when uncertain.
                    if (!status_fill[i]) {
                        const render::Rgba sc = st == geo::Standing::Suspended ? c : kUncertain;
                        status_fill[i] = render::pack(with_alpha(sc, 0.9f));
                        status_line[i] = render::pack(sc);
                        have_status_ = true;
                        if (!marker[i]) marker[i] = render::pack(sc);
                        if (st == geo::Standing::Uncertain && flon >= 0 && flat >= 0) {
                            const double lon = countries.value_number(i, flon),
                                         lat = countries.value_number(i, flat);
                            if (std::isfinite(lon) && proj.in_domain(lon, lat)) {
                                render::LabelCandidate lc;
                                lc.map_pos = proj.forward({lon, lat});
                                lc.text = "?";
                                lc.priority = 3.5e12f; // above operation names: the reader must see the doubt
                                lc.what = render::LabelClass::Place;
                                lc.size_px = 16;
                                lc.colour = kUncertain;
                                unsure_labels_.push_back(lc);
                            }
                        }
                    }
                    continue;
                }
                if (st != geo::Standing::Member) continue;
                if (o == 0) fill_a[i] = render::pack(with_alpha(c, s.subdued ? 0.38f : 0.55f));
                if (o == 1) fill_b[i] = render::pack(with_alpha(c, 0.95f));
                if (o == 2 || (o == 0 && s.subdued && s.alliances.size() < 3)) stroke_a[i] = render::pack(c);
                if (!marker[i]) marker[i] = render::pack(c);
            }
        }
        have_alliances_ = !counts_.empty();
        // Peace operations active on the date.
        std::vector<uint32_t> op_colour;
        op_size_.clear();
        op_index_.clear();
        op_xy_.assign(data.operations.size(), geo::XY{NAN, NAN});
        render::PointCloud ops;
        op_labels_.clear();
        lead_orgs_.clear();
        active_ops_ = unsure_ops_ = 0;
        if (s.peace_ops) {
            for (size_t i = 0; i < data.operations.size(); ++i) {
                const auto& op = data.operations[i];
                const geo::Holds holds = op.on(s.date);
                if (holds == geo::Holds::Uncertain) ++unsure_ops_;
                if (holds != geo::Holds::Yes) continue;
                ++active_ops_;
                const geo::OperationHq* hq = op.hq_on(s.date);
                const bool placed = hq && proj.in_domain(hq->at.lon, hq->at.lat);
                const geo::XY at = placed ? proj.forward(hq->at) : geo::XY{NAN, NAN};
                // "UN;AU" (hybrid): coloured by the first lead organisation.
                const std::string lead = op.lead_org.substr(0, op.lead_org.find(';'));
                const geo::Organisation* org = data.memberships.organisation(lead);
                const render::Rgba c = parse_hex_colour(org ? org->colour : "", {0.35f, 0.35f, 0.4f, 1});
                const geo::StrengthFigure* strength = op.strength_on(s.date);
                const float diameter = op_diameter(strength ? strength->personnel : 0);
                if (std::isfinite(at.x)) {
                    op_xy_[i] = at;
                    ops.xy.insert(ops.xy.end(), {float(at.x), float(at.y)});
                    ops.feature.push_back(uint32_t(op_colour.size()));
                    op_colour.push_back(render::pack(c));
                    op_size_.push_back(diameter);
                    op_index_.push_back(i);
                }
                if (std::none_of(lead_orgs_.begin(), lead_orgs_.end(),
                                 [&](auto& p) { return p.first == lead; }))
                    lead_orgs_.push_back({lead, c});
                for (size_t j = 0; j < n && fiso >= 0; ++j)
                    for (const auto& h : op.host_iso3)
                        if (countries.value_text(j, size_t(fiso)) == h) stroke_b[j] = render::pack(c);
                if (std::isfinite(at.x)) {
                    render::LabelCandidate lc;
                    lc.map_pos = at;
                    lc.text = op.acronym;
                    lc.priority = 3e12f + float(strength ? strength->personnel : 0);
                    lc.size_px = 12;
                    lc.colour = {0.08f, 0.08f, 0.12f, 1};
                    lc.kind = render::LabelKind::Point;
                    lc.what = render::LabelClass::Operation;
                    lc.clearance_px = diameter * 0.5f;
                    op_labels_.push_back(lc);
                }
            }
        }
        have_ops_ = s.peace_ops && active_ops_ > 0;
        r.set_feature_colours(fill_a_, fill_a, stroke_a);
        r.set_feature_colours(fill_b_, fill_b, stroke_b);
        r.set_feature_colours(status_, status_fill, status_line);
        r.set_feature_colours(markers_, marker, marker);
        if (!ops_) ops_ = r.create_layer();
        r.set_points(ops_, ops);
        r.set_feature_colours(ops_, op_colour, op_colour);
        r.set_feature_sizes(ops_, op_size_);
        colours_key_ = ckey;
        subdued_ = s.subdued;
        sizes_key_.clear();
    }

    // Markers for member states smaller than a few pixels at this scale; rebuilt when the zoom changes
    // octave.
    const std::string skey = ckey + "|" + std::to_string(int(std::floor(std::log2(std::max(mpp, 1e-3)) * 2)));
    if (skey != sizes_key_ && farea >= 0) {
        std::vector<float> sz(countries.feature_count(), 0.f);
        for (size_t i = 0; i < sz.size(); ++i) {
            const double area = countries.value_number(i, size_t(farea));
            const double px = std::sqrt(std::max(0.0, area)) * 1000.0 / mpp;
            sz[i] = (std::isfinite(px) && px < 6) ? 1.f : 0.f;
        }
        r.set_feature_sizes(markers_, sz);
        sizes_key_ = skey;
    }
}

void ReferenceLayer::draw_fills(render::Renderer& r) {
    if (!have_alliances_) return;
    if (subdued_)
        r.draw_fill(fill_a_, {{}, true, 12.f}); // light hatch: the layers under it keep their colours
    else
        r.draw_fill(fill_a_, {{}, true});
    if (counts_.size() >= 2) r.draw_fill(fill_b_, {{}, true, 7.f});
    if (have_status_) r.draw_fill(status_, {{}, true, 3.5f});
}

void ReferenceLayer::draw_outlines(render::Renderer& r, float pixel_ratio) {
    if (counts_.size() >= 3 || subdued_) r.draw_lines(fill_a_, {{}, 2.2f, true});
    if (have_ops_) r.draw_lines(fill_b_, {{}, 2.0f, true});
    if (have_status_) r.draw_lines(status_, {{}, 2.0f, true, 7.f});
    (void)pixel_ratio;
}

void ReferenceLayer::draw_symbols(render::Renderer& r) {
    if (have_alliances_) {
        render::PointStyle ms;
        ms.by_feature = true;
        ms.size_by_feature = true;
        ms.size_px = 8;
        ms.outline = {1, 1, 1, 1};
        ms.shape = render::PointShape::Diamond;
        r.draw_points(markers_, ms);
    }
    if (have_ops_) {
        render::PointStyle ps;
        ps.by_feature = true;
        ps.size_by_feature = true;
        ps.size_px = 1; // the per-feature factor is the diameter
        ps.outline = {0.1f, 0.1f, 0.12f, 0.9f};
        ps.outline_px = 1.2f;
        r.draw_points(ops_, ps, 0.9f);
    }
}

void ReferenceLayer::add_obstacles(const render::View& view, render::LabelPlacer& placer) const {
    if (!have_ops_) return;
    for (size_t k = 0; k < op_index_.size(); ++k) {
        geo::XY m = op_xy_[op_index_[k]];
        if (!std::isfinite(m.x)) continue;
        if (view.world_width > 0)
            m.x += std::round((view.center.x - m.x) / view.world_width) * view.world_width;
        const geo::XY c = view.to_screen(m);
        const double rad = op_size_[k] * 0.5 * view.pixel_ratio;
        placer.add_obstacle({c.x - rad, c.y - rad, c.x + rad, c.y + rad}, render::LabelClass::Symbol,
                            "operation");
    }
}

void ReferenceLayer::label_candidates(std::vector<const render::LabelCandidate*>& out) const {
    for (auto& l : unsure_labels_)
        out.push_back(&l);
    for (auto& l : op_labels_)
        out.push_back(&l);
}

std::vector<ReferenceLayer::LegendRow> ReferenceLayer::legend_rows(const ReferenceSettings& s,
                                                                   float pr) const {
    std::vector<LegendRow> rows;
    rows.push_back({"As of " + long_date(s.date), 15 * pr, 0, {}});
    const int kind[] = {s.subdued ? 7 : 1, 2, 3};
    size_t uncertain = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
        const OrgCount& c = counts_[i];
        const size_t all = c.members + c.suspended;
        rows.push_back({c.name + ": " + std::to_string(all) + (all == 1 ? " member" : " members"), 12 * pr,
                        kind[i], c.colour});
        if (c.suspended)
            rows.push_back({"of which suspended: " + std::to_string(c.suspended), 11 * pr, 5, c.colour});
        uncertain += c.uncertain;
    }
    if (uncertain)
        rows.push_back({std::to_string(uncertain) + (uncertain == 1 ? " membership" : " memberships") +
                            " uncertain on this date (?)",
                        11 * pr, 6, kUncertain});
    if (s.peace_ops) {
        rows.push_back({"Peace operations active: " + std::to_string(active_ops_) +
                            " (symbol area ~ strength on the date)",
                        12 * pr,
                        0,
                        {}});
        for (auto& [code, c] : lead_orgs_)
            rows.push_back({"led by " + code, 11 * pr, 4, c});
        if (unsure_ops_)
            rows.push_back({std::to_string(unsure_ops_) + (unsure_ops_ == 1 ? " operation" : " operations") +
                                " not drawn: start or end known only to the month or year",
                            10 * pr,
                            0,
                            {}});
    }
    if (!counts_.empty())
        rows.push_back(
            {"Borders are today's: states that did not exist then are not shown apart.", 10 * pr, 0, {}});
    return rows;
}

std::vector<std::string> ReferenceLayer::legend_lines(const ReferenceSettings& s) const {
    std::vector<std::string> out;
    for (const auto& r : legend_rows(s, 1))
        out.push_back(r.text);
    return out;
}

geo::Bbox ReferenceLayer::draw_legend(render::Renderer& r, const render::View& view,
                                      const ReferenceSettings& s, float margin_left, float margin_bottom) {
    const float pr = view.pixel_ratio;
    const render::Font& f = r.glyph_atlas().nearest(12 * pr);
    auto width_of = [&](const std::string& t, float size) {
        return f.text_width(t) * size / std::max(1.f, f.size_px);
    };
    const std::vector<LegendRow> rows = legend_rows(s, pr);
    float w = 0, h = 0;
    for (auto& row : rows) {
        w = std::max(w, width_of(row.text, row.size) + (row.swatch ? 26 * pr : 0));
        h += row.size * 1.45f;
    }
    const float pad = 10 * pr;
    const geo::XY b0{12 * pr + margin_left, view.height - 12 * pr - margin_bottom - h - 2 * pad};
    const geo::XY b1{b0.x + w + 2 * pad, view.height - 12 * pr - margin_bottom};
    r.draw_screen_rect(b0, b1, {1, 1, 1, 0.88f});
    r.draw_screen_lines({{b0.x, b0.y}, {b1.x, b0.y}, {b1.x, b1.y}, {b0.x, b1.y}, {b0.x, b0.y}},
                        {0.3f, 0.3f, 0.3f, 0.8f}, 1 * pr);
    std::vector<render::TextItem> text;
    float y = float(b0.y + pad);
    for (auto& row : rows) {
        const float lh = row.size * 1.45f;
        float x = float(b0.x + pad);
        if (row.swatch) {
            const geo::XY s0{x, y + lh * 0.15f}, s1{x + 18 * pr, y + lh * 0.85f};
            switch (row.swatch) {
            case 1:
                r.draw_screen_rect(s0, s1, with_alpha(row.colour, 0.55f));
                break;
            case 2:
                for (int k = 0; k < 4; ++k) {
                    const float x0 = float(s0.x) + k * 5 * pr;
                    r.draw_screen_lines({{x0, s1.y}, {x0 + 6 * pr, s0.y}}, row.colour, 1.6f * pr);
                }
                break;
            case 7: // outline and light hatch (the first organisation over a mission or user layer)
                for (int k = 0; k < 3; ++k) {
                    const float x0 = float(s0.x) + k * 7 * pr;
                    r.draw_screen_lines({{x0, s1.y}, {std::min(x0 + 6 * pr, float(s1.x)), s0.y}},
                                        with_alpha(row.colour, 0.6f), 1.2f * pr);
                }
                [[fallthrough]];
            case 3:
                r.draw_screen_lines({{s0.x, s0.y}, {s1.x, s0.y}, {s1.x, s1.y}, {s0.x, s1.y}, {s0.x, s0.y}},
                                    row.colour, 2.2f * pr);
                break;
            case 5:
            case 6: {
                // Dense hatching inside a dashed box, as on the map.
                for (int k = 0; k < 7; ++k) {
                    const float x0 = float(s0.x) + k * 2.6f * pr;
                    r.draw_screen_lines({{x0, s1.y}, {std::min(x0 + 5 * pr, float(s1.x)), s0.y}}, row.colour,
                                        1.f * pr);
                }
                for (int k = 0; k < 3; ++k) {
                    const float a = float(s0.x) + k * 6.5f * pr, b = std::min(a + 4 * pr, float(s1.x));
                    r.draw_screen_lines({{a, s0.y}, {b, s0.y}}, row.colour, 1.8f * pr);
                    r.draw_screen_lines({{a, s1.y}, {b, s1.y}}, row.colour, 1.8f * pr);
                }
                break;
            }
            case 4: {
                const float cx = float(s0.x + s1.x) / 2, cy = float(s0.y + s1.y) / 2, rad = 6 * pr;
                std::vector<geo::XY> circle;
                for (int k = 0; k <= 16; ++k)
                    circle.push_back({cx + rad * std::cos(k * 0.3927f), cy + rad * std::sin(k * 0.3927f)});
                r.draw_screen_lines(circle, row.colour, 4 * pr);
                break;
            }
            }
            x += 26 * pr;
        }
        text.push_back(
            {row.text, {x, y + lh * 0.5f}, row.size, {0.1f, 0.1f, 0.12f, 1}, {1, 1, 1, 0}, 0.f, 0.5f});
        y += lh;
    }
    r.draw_text(text);
    return {b0.x, b0.y, b1.x, b1.y};
}

std::string ReferenceLayer::describe_country(const std::string& iso3, const std::string& name,
                                             const ReferenceSettings& s,
                                             const geo::ReferenceData& data) const {
    std::string out = name + " (" + iso3 + ") on " + long_date(s.date) + ":";
    const auto standings = data.memberships.standings_of(iso3, s.date);
    if (standings.empty()) out += "\n  no membership in the listed organisations";
    for (const auto& [org, cs] : standings) {
        const std::string since = cs.spell ? cs.spell->from_text() : std::string();
        const std::string since_text = since.empty() ? " (date not recorded)" : " since " + since;
        out += "\n  " + org->name + ": ";
        switch (cs.standing) {
        case geo::Standing::Suspended:
            out += "SUSPENDED since " + cs.detail->from_text() +
                   (cs.detail->note.empty() ? "" : " (" + cs.detail->note + ")") + "; member" + since_text +
                   "\n    source: " + cs.detail->source;
            break;
        case geo::Standing::Uncertain: {
            const geo::MembershipSpell& u = *cs.detail;
            const bool start = u.from && u.from->uncertain_on(s.date);
            out += std::string("UNCERTAIN on this date: ") + geo::status_name(u.status) + " " +
                   (start ? "from " + u.from_text() : "until " + u.to_text()) + ", the day is not recorded" +
                   "\n    source: " + u.source;
            break;
        }
        default:
            out += std::string(geo::standing_name(cs.standing)) + since_text;
        }
    }
    for (const auto& op : data.operations)
        if (op.active_on(s.date) &&
            std::find(op.host_iso3.begin(), op.host_iso3.end(), iso3) != op.host_iso3.end())
            out += "\n  hosts " + op.acronym + " (" + op.lead_org + "), " + strength_text(op, s.date);
    return out;
}

std::optional<size_t> ReferenceLayer::pick_operation(const render::View& view, geo::XY screen,
                                                     const geo::Projection& proj,
                                                     const geo::ReferenceData& data) const {
    std::optional<size_t> best;
    double best_d = 1e30;
    (void)proj;
    for (size_t k = 0; k < op_index_.size() && k < op_size_.size(); ++k) {
        const size_t i = op_index_[k];
        if (i >= data.operations.size() || i >= op_xy_.size()) continue;
        geo::XY p = op_xy_[i];
        if (view.world_width > 0) {
            const geo::XY m = view.to_map(screen);
            p.x = m.x + std::remainder(p.x - m.x, view.world_width);
        }
        const geo::XY sp = view.to_screen(p);
        const double d = std::hypot(sp.x - screen.x, sp.y - screen.y);
        if (d <= op_size_[k] * 0.5 * view.pixel_ratio + 4 && d < best_d) best = i, best_d = d;
    }
    return best;
}

} // namespace entente::app
