#include "reference_layer.hpp"

#include "assets.hpp"
#include "project_layer.hpp"

#include <cmath>
#include <cstdio>

namespace entente::app {

namespace {

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

std::string long_date(const geo::Date& d) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d %s %d", d.day, kMonths[std::clamp(d.month, 1, 12) - 1], d.year);
    return buf;
}

render::Rgba with_alpha(render::Rgba c, float a) {
    return {c.r, c.g, c.b, a};
}

// Symbol diameter in logical pixels: area proportional to personnel, readable at both ends.
float op_diameter(int personnel) {
    return 8.f + 22.f * std::sqrt(std::max(0, personnel) / 20000.f);
}

} // namespace

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
    for (auto* h : {&fill_a_, &fill_b_, &markers_, &ops_})
        if (*h) r.destroy_layer(*h), *h = 0;
    geometry_key_.clear(), colours_key_.clear(), sizes_key_.clear();
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
        ProjectedGeometry g = project_layer(countries, proj);
        for (auto* h : {&fill_a_, &fill_b_}) {
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
        render::PointCloud ops;
        op_labels_.clear();
        for (size_t i = 0; i < data.operations.size(); ++i) {
            const auto& op = data.operations[i];
            if (!proj.in_domain(op.hq.lon, op.hq.lat)) continue;
            const geo::XY p = proj.forward(op.hq);
            if (!std::isfinite(p.x)) continue;
            ops.xy.insert(ops.xy.end(), {float(p.x), float(p.y)});
            ops.feature.push_back(uint32_t(i));
        }
        if (!ops_) ops_ = r.create_layer();
        r.set_points(ops_, ops);
        geometry_key_ = gkey;
        colours_key_.clear();
    }

    std::string ckey = gkey + "|" + s.date.str() + "|" + (s.peace_ops ? "m" : "-");
    for (auto& a : s.alliances)
        ckey += "|" + a;
    if (ckey != colours_key_) {
        const size_t n = countries.feature_count();
        std::vector<uint32_t> fill_a(n, 0), stroke_a(n, 0), fill_b(n, 0), stroke_b(n, 0), marker(n, 0);
        counts_.clear();
        const size_t k = std::min<size_t>(s.alliances.size(), 3);
        for (size_t o = 0; o < k; ++o) {
            const geo::Organisation* org = data.memberships.organisation(s.alliances[o]);
            if (!org) continue;
            const render::Rgba c = parse_hex_colour(org->colour, {0.3f, 0.3f, 0.3f, 1});
            counts_.push_back({org->code, org->name, c, data.memberships.members(org->code, s.date).size()});
            for (size_t i = 0; i < n && fiso >= 0; ++i) {
                const std::string iso = countries.value_text(i, size_t(fiso));
                if (iso.empty() || !data.memberships.is_member(org->code, iso, s.date)) continue;
                if (o == 0) fill_a[i] = render::pack(with_alpha(c, 0.55f));
                if (o == 1) fill_b[i] = render::pack(with_alpha(c, 0.95f));
                if (o == 2) stroke_a[i] = render::pack(c);
                if (!marker[i]) marker[i] = render::pack(c);
            }
        }
        have_alliances_ = !counts_.empty();
        // Peace operations active on the date.
        std::vector<uint32_t> op_colour(data.operations.size(), 0);
        op_size_.assign(data.operations.size(), 0.f);
        op_labels_.clear();
        lead_orgs_.clear();
        active_ops_ = 0;
        if (s.peace_ops) {
            for (size_t i = 0; i < data.operations.size(); ++i) {
                const auto& op = data.operations[i];
                if (!op.active_on(s.date)) continue;
                ++active_ops_;
                // "UN;AU" (hybrid): coloured by the first lead organisation.
                const std::string lead = op.lead_org.substr(0, op.lead_org.find(';'));
                const geo::Organisation* org = data.memberships.organisation(lead);
                const render::Rgba c = parse_hex_colour(org ? org->colour : "", {0.35f, 0.35f, 0.4f, 1});
                op_colour[i] = render::pack(c);
                op_size_[i] = op_diameter(op.personnel.value_or(0));
                if (std::none_of(lead_orgs_.begin(), lead_orgs_.end(),
                                 [&](auto& p) { return p.first == lead; }))
                    lead_orgs_.push_back({lead, c});
                for (size_t j = 0; j < n && fiso >= 0; ++j)
                    for (const auto& h : op.host_iso3)
                        if (countries.value_text(j, size_t(fiso)) == h) stroke_b[j] = render::pack(c);
                if (proj.in_domain(op.hq.lon, op.hq.lat)) {
                    render::LabelCandidate lc;
                    lc.map_pos = proj.forward(op.hq);
                    lc.text = op.acronym;
                    lc.priority = 2e12f + float(op.personnel.value_or(0));
                    lc.size_px = 12;
                    lc.colour = {0.08f, 0.08f, 0.12f, 1};
                    lc.offset_y_px = op_size_[i] * 0.5f + 9;
                    op_labels_.push_back(lc);
                }
            }
        }
        have_ops_ = s.peace_ops && active_ops_ > 0;
        r.set_feature_colours(fill_a_, fill_a, stroke_a);
        r.set_feature_colours(fill_b_, fill_b, stroke_b);
        r.set_feature_colours(markers_, marker, marker);
        r.set_feature_colours(ops_, op_colour, op_colour);
        r.set_feature_sizes(ops_, op_size_);
        colours_key_ = ckey;
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
    r.draw_fill(fill_a_, {{}, true});
    if (counts_.size() >= 2) r.draw_fill(fill_b_, {{}, true, 7.f});
}

void ReferenceLayer::draw_outlines(render::Renderer& r, float pixel_ratio) {
    if (counts_.size() >= 3) r.draw_lines(fill_a_, {{}, 2.2f, true});
    if (have_ops_) r.draw_lines(fill_b_, {{}, 2.0f, true});
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

void ReferenceLayer::label_candidates(std::vector<const render::LabelCandidate*>& out) const {
    for (auto& l : op_labels_)
        out.push_back(&l);
}

std::vector<ReferenceLayer::LegendRow> ReferenceLayer::legend_rows(const ReferenceSettings& s,
                                                                   float pr) const {
    std::vector<LegendRow> rows;
    rows.push_back({"As of " + long_date(s.date), 15 * pr, 0, {}});
    static const int kind[] = {1, 2, 3};
    for (size_t i = 0; i < counts_.size(); ++i)
        rows.push_back({counts_[i].name + ": " + std::to_string(counts_[i].members) + " members", 12 * pr,
                        kind[i], counts_[i].colour});
    if (s.peace_ops) {
        rows.push_back(
            {"Peace operations active: " + std::to_string(active_ops_) + " (symbol area ~ personnel)",
             12 * pr,
             0,
             {}});
        for (auto& [code, c] : lead_orgs_)
            rows.push_back({"led by " + code, 11 * pr, 4, c});
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
            case 3:
                r.draw_screen_lines({{s0.x, s0.y}, {s1.x, s0.y}, {s1.x, s1.y}, {s0.x, s1.y}, {s0.x, s0.y}},
                                    row.colour, 2.2f * pr);
                break;
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
    const auto spells = data.memberships.memberships_of(iso3, s.date);
    if (spells.empty()) out += "\n  no membership in the listed organisations";
    for (const auto* m : spells) {
        const geo::Organisation* org = data.memberships.organisation(m->org);
        const std::string since = m->joined_text();
        out += "\n  " + (org ? org->name : m->org) +
               (since.empty() ? " (joining date not recorded)" : " since " + since);
    }
    for (const auto& op : data.operations)
        if (op.active_on(s.date) &&
            std::find(op.host_iso3.begin(), op.host_iso3.end(), iso3) != op.host_iso3.end())
            out += "\n  hosts " + op.acronym + " (" + op.lead_org + ")";
    return out;
}

std::optional<size_t> ReferenceLayer::pick_operation(const render::View& view, geo::XY screen,
                                                     const geo::Projection& proj,
                                                     const geo::ReferenceData& data) const {
    std::optional<size_t> best;
    double best_d = 1e30;
    for (size_t i = 0; i < data.operations.size() && i < op_size_.size(); ++i) {
        if (op_size_[i] <= 0 || !proj.in_domain(data.operations[i].hq.lon, data.operations[i].hq.lat))
            continue;
        geo::XY p = proj.forward(data.operations[i].hq);
        if (view.world_width > 0) {
            const geo::XY m = view.to_map(screen);
            p.x = m.x + std::remainder(p.x - m.x, view.world_width);
        }
        const geo::XY sp = view.to_screen(p);
        const double d = std::hypot(sp.x - screen.x, sp.y - screen.y);
        if (d <= op_size_[i] * 0.5 * view.pixel_ratio + 4 && d < best_d) best = i, best_d = d;
    }
    return best;
}

} // namespace entente::app
