#include "style.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace entente::app {

namespace {
render::Rgba hex(uint32_t v, float a = 1) {
    return {((v >> 16) & 255) / 255.f, ((v >> 8) & 255) / 255.f, (v & 255) / 255.f, a};
}

const std::map<std::string, std::vector<uint32_t>>& ramps() {
    static const std::map<std::string, std::vector<uint32_t>> r = {
        {"viridis",
         {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b,
          0xfde725}},
        {"magma", {0x000004, 0x1c1044, 0x4f127b, 0x812581, 0xb5367a, 0xe55064, 0xfb8861, 0xfec287, 0xfcfdbf}},
        {"YlOrRd",
         {0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026}},
        {"Blues", {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b}},
        {"Greens",
         {0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c, 0x00441b}},
        {"RdYlGn",
         {0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee08b, 0xd9ef8b, 0xa6d96a, 0x66bd63, 0x1a9850,
          0x006837}},
        {"greys", {0x000000, 0xffffff}},
        {"terrain", {0x333399, 0x0294fa, 0x24d36d, 0xfefe98, 0x805c54, 0xffffff}},
    };
    return r;
}
} // namespace

std::vector<std::string> ramp_names() {
    std::vector<std::string> out;
    for (auto& [k, v] : ramps())
        out.push_back(k);
    return out;
}

std::vector<render::Rgba> ramp_stops(const std::string& name) {
    auto it = ramps().find(name);
    if (it == ramps().end()) it = ramps().find("viridis");
    std::vector<render::Rgba> out;
    for (uint32_t v : it->second)
        out.push_back(hex(v));
    return out;
}

render::Rgba ramp_at(const std::string& name, float t) {
    const auto stops = ramp_stops(name);
    t = std::clamp(t, 0.f, 1.f) * float(stops.size() - 1);
    const int a = std::min(int(t), int(stops.size()) - 1), b = std::min(a + 1, int(stops.size()) - 1);
    const float f = t - a;
    return {stops[a].r + (stops[b].r - stops[a].r) * f, stops[a].g + (stops[b].g - stops[a].g) * f,
            stops[a].b + (stops[b].b - stops[a].b) * f, 1};
}

render::Rgba category_colour(size_t i) {
    // ColorBrewer Set2 + Dark2: distinct, readable on the light basemap.
    static const uint32_t p[] = {0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d,
                                 0x1f78b4, 0xb2df8a, 0xfb9a99, 0xcab2d6, 0x6a3d9a, 0xb15928, 0x33a02c};
    return hex(p[i % (sizeof p / sizeof p[0])]);
}

VectorStyle default_style(size_t index, geo::GeometryKind kind) {
    VectorStyle s;
    const render::Rgba c = category_colour(index + 1);
    s.fill = {c.r, c.g, c.b, kind == geo::GeometryKind::Point ? 1.f : 0.45f};
    s.stroke = {c.r * 0.6f, c.g * 0.6f, c.b * 0.6f, 1};
    if (kind == geo::GeometryKind::Line) s.stroke = c, s.stroke_width = 2;
    return s;
}

FeatureColours feature_colours(const geo::VectorLayer& layer, const VectorStyle& style) {
    FeatureColours out;
    const size_t n = layer.feature_count();
    const int field = style.field.empty() ? -1 : layer.field_index(style.field);
    // One colour needs no table: the renderer draws the style's colour (4 bytes a feature saved per table).
    if (style.mode == ColourMode::Single || field < 0) return out;
    auto darker = [](render::Rgba c) { return render::Rgba{c.r * 0.6f, c.g * 0.6f, c.b * 0.6f, 1}; };
    out.fill.resize(n);
    out.stroke.resize(n);
    if (style.mode == ColourMode::Categorized) {
        std::map<std::string, size_t> cats;
        std::vector<std::string> order;
        for (size_t i = 0; i < n; ++i) {
            auto [it, inserted] = cats.try_emplace(layer.value_text(i, size_t(field)), cats.size());
            if (inserted) order.push_back(it->first);
        }
        // Too many categories would repeat colours; the legend says so.
        auto colour_of = [&](const std::string& v) {
            auto it = style.category_colours.find(v);
            return it != style.category_colours.end() ? it->second : category_colour(cats[v]);
        };
        for (size_t i = 0; i < n; ++i) {
            render::Rgba c = colour_of(layer.value_text(i, size_t(field)));
            c.a = style.fill.a;
            out.fill[i] = render::pack(c);
            out.stroke[i] = render::pack(
                layer.kind() == geo::GeometryKind::Line ? render::Rgba{c.r, c.g, c.b, 1} : darker(c));
        }
        for (size_t k = 0; k < order.size() && k < 14; ++k)
            out.legend.push_back({order[k].empty() ? "(empty)" : order[k], colour_of(order[k])});
        if (order.size() > 14)
            out.legend.push_back(
                {"+" + std::to_string(order.size() - 14) + " more (colours repeat)", {0.5f, 0.5f, 0.5f, 1}});
        return out;
    }
    // Graduated: quantile class breaks so every class holds about as many features.
    std::vector<double> vals;
    vals.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const double v = layer.value_number(i, size_t(field));
        if (std::isfinite(v)) vals.push_back(v);
    }
    std::sort(vals.begin(), vals.end());
    const int k = std::clamp(style.classes, 2, 9);
    std::vector<double> breaks;
    for (int c = 1; c < k; ++c)
        if (!vals.empty()) breaks.push_back(vals[std::min(vals.size() - 1, vals.size() * c / k)]);
    auto class_of = [&](double v) {
        return int(std::upper_bound(breaks.begin(), breaks.end(), v) - breaks.begin());
    };
    for (size_t i = 0; i < n; ++i) {
        const double v = layer.value_number(i, size_t(field));
        render::Rgba c = std::isfinite(v) ? ramp_at(style.ramp, float(class_of(v)) / float(k - 1))
                                          : render::Rgba{0.7f, 0.7f, 0.7f, 1};
        c.a = style.fill.a;
        out.fill[i] = render::pack(c);
        out.stroke[i] = render::pack(layer.kind() == geo::GeometryKind::Line ? render::Rgba{c.r, c.g, c.b, 1}
                                                                             : darker(c));
    }
    if (!vals.empty()) {
        char buf[96];
        double lo = vals.front();
        for (int c = 0; c < k; ++c) {
            const double hi = c + 1 < k ? breaks[c] : vals.back();
            std::snprintf(buf, sizeof buf, "%.4g - %.4g", lo, hi);
            out.legend.push_back({buf, ramp_at(style.ramp, float(c) / float(k - 1))});
            lo = hi;
        }
    }
    return out;
}

namespace {
nlohmann::json rgba_json(render::Rgba c) {
    return {c.r, c.g, c.b, c.a};
}
render::Rgba rgba_from(const nlohmann::json& j, render::Rgba def) {
    if (!j.is_array() || j.size() != 4) return def;
    return {j[0].get<float>(), j[1].get<float>(), j[2].get<float>(), j[3].get<float>()};
}
} // namespace

nlohmann::json to_json(const VectorStyle& s) {
    nlohmann::json cats = nlohmann::json::object();
    for (auto& [k, c] : s.category_colours)
        cats[k] = rgba_json(c);
    return {{"categories", cats},         {"label_field", s.label_field},  {"risk", s.risk},
            {"fill", rgba_json(s.fill)},  {"stroke", rgba_json(s.stroke)}, {"stroke_width", s.stroke_width},
            {"point_size", s.point_size}, {"shape", int(s.shape)},         {"mode", int(s.mode)},
            {"field", s.field},           {"classes", s.classes},          {"ramp", s.ramp}};
}

VectorStyle vector_style_from_json(const nlohmann::json& j) {
    VectorStyle s;
    s.fill = rgba_from(j.value("fill", nlohmann::json()), s.fill);
    s.stroke = rgba_from(j.value("stroke", nlohmann::json()), s.stroke);
    s.stroke_width = j.value("stroke_width", s.stroke_width);
    s.point_size = j.value("point_size", s.point_size);
    s.shape = render::PointShape(std::clamp(j.value("shape", 0), 0, 4));
    s.mode = ColourMode(std::clamp(j.value("mode", 0), 0, 2));
    s.field = j.value("field", std::string());
    s.classes = j.value("classes", s.classes);
    s.ramp = j.value("ramp", s.ramp);
    s.label_field = j.value("label_field", std::string());
    s.risk = j.value("risk", false);
    if (j.contains("categories") && j["categories"].is_object())
        for (auto& [k, v] : j["categories"].items())
            s.category_colours[k] = rgba_from(v, category_colour(0));
    return s;
}

int risk_field(const std::vector<geo::Field>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        std::string n = fields[i].name;
        for (auto& c : n)
            c = char(std::tolower((unsigned char)c));
        if (fields[i].numeric &&
            (n.find("risk") != std::string::npos || n.find("score") != std::string::npos ||
             n.find("index") != std::string::npos))
            return int(i);
    }
    for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i].numeric) return int(i);
    return -1;
}

std::optional<VectorStyle> sidecar_style(const std::string& source, const std::string& layer, bool report) {
    namespace fs = std::filesystem;
    std::string src = source;
    if (src.rfind("/vsigzip/", 0) == 0) src = src.substr(9);
    const fs::path p = fs::path(src).replace_extension(".style.json");
    std::ifstream in(p);
    if (!in) return std::nullopt;
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        if (j.contains(layer)) return vector_style_from_json(j[layer]);
        if (j.contains("*")) return vector_style_from_json(j["*"]);
    } catch (const std::exception& e) {
        if (report)
            std::fprintf(stderr, "entente: %s: ignored, not a valid style file (%s)\n", p.string().c_str(),
                         e.what());
    }
    return std::nullopt;
}

nlohmann::json to_json(const RasterDisplay& s) {
    return {{"ramp", s.ramp},
            {"min", s.min},
            {"max", s.max},
            {"auto_stretch", s.auto_stretch},
            {"nodata_transparent", s.nodata_transparent},
            {"risk", s.risk},
            {"threshold_on", s.threshold_on},
            {"threshold", s.threshold}};
}

RasterDisplay raster_display_from_json(const nlohmann::json& j) {
    RasterDisplay s;
    s.ramp = j.value("ramp", s.ramp);
    s.min = j.value("min", s.min);
    s.max = j.value("max", s.max);
    s.auto_stretch = j.value("auto_stretch", s.auto_stretch);
    s.nodata_transparent = j.value("nodata_transparent", s.nodata_transparent);
    s.risk = j.value("risk", false);
    s.threshold_on = j.value("threshold_on", false);
    s.threshold = j.value("threshold", 0.0f);
    return s;
}

} // namespace entente::app
