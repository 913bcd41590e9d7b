#include "symbol_draw.hpp"

#include "missions/sidc.hpp"

#include <cmath>
#include <map>

namespace entente::app {

namespace {

using geo::XY;
using missions::Echelon;
using missions::StandardIdentity;
using render::IconPath;
using render::Rgba;

constexpr Rgba kBlack{0, 0, 0, 1};
constexpr Rgba kFallback{0.85f, 0, 0.85f, 1}; // magenta: never an identity colour
constexpr float kFrameWidth = 4, kIconWidth = 4;

Rgba hex(uint32_t v) {
    return {((v >> 16) & 255) / 255.f, ((v >> 8) & 255) / 255.f, (v & 255) / 255.f, 1};
}

// The four frame families (2525D land unit) and where icons that span the frame meet it.
enum class Frame { Friend, Hostile, Neutral, Unknown };

struct FrameGeom {
    std::vector<XY> outline;
    double left, right, top, bottom;
    XY diag_a0, diag_a1; // top-left -> bottom-right
    XY diag_b0, diag_b1; // bottom-left -> top-right
    XY vert0, vert1, horz0, horz1;
    double low_y, low_x0, low_x1; // a horizontal line near the bottom (supply)
    XY staff;                     // headquarters staff starts here and runs down to y = 250
};

void cubic(std::vector<XY>& out, XY p0, XY p1, XY p2, XY p3, int steps = 16) {
    for (int i = 1; i <= steps; ++i) {
        const double t = double(i) / steps, u = 1 - t;
        out.push_back({u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
                       u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y});
    }
}

FrameGeom frame_geom(Frame f) {
    FrameGeom g;
    switch (f) {
    case Frame::Friend:
        g.outline = {{25, 50}, {175, 50}, {175, 150}, {25, 150}};
        g.left = 25, g.right = 175, g.top = 50, g.bottom = 150;
        g.diag_a0 = {25, 50}, g.diag_a1 = {175, 150}, g.diag_b0 = {25, 150}, g.diag_b1 = {175, 50};
        g.vert0 = {100, 50}, g.vert1 = {100, 150}, g.horz0 = {25, 100}, g.horz1 = {175, 100};
        g.low_y = 135, g.low_x0 = 25, g.low_x1 = 175;
        g.staff = {25, 150};
        break;
    case Frame::Hostile:
        g.outline = {{100, 28}, {172, 100}, {100, 172}, {28, 100}};
        g.left = 28, g.right = 172, g.top = 28, g.bottom = 172;
        g.diag_a0 = {64, 64}, g.diag_a1 = {136, 136}, g.diag_b0 = {64, 136}, g.diag_b1 = {136, 64};
        g.vert0 = {100, 28}, g.vert1 = {100, 172}, g.horz0 = {28, 100}, g.horz1 = {172, 100};
        g.low_y = 140, g.low_x0 = 68, g.low_x1 = 132;
        g.staff = {28, 100};
        break;
    case Frame::Neutral:
        g.outline = {{45, 45}, {155, 45}, {155, 155}, {45, 155}};
        g.left = 45, g.right = 155, g.top = 45, g.bottom = 155;
        g.diag_a0 = {45, 45}, g.diag_a1 = {155, 155}, g.diag_b0 = {45, 155}, g.diag_b1 = {155, 45};
        g.vert0 = {100, 45}, g.vert1 = {100, 155}, g.horz0 = {45, 100}, g.horz1 = {155, 100};
        g.low_y = 140, g.low_x0 = 45, g.low_x1 = 155;
        g.staff = {45, 155};
        break;
    case Frame::Unknown: {
        // The quatrefoil: four lobes, each a cubic from corner to corner of the central square.
        XY p{63, 63};
        g.outline.push_back(p);
        cubic(g.outline, {63, 63}, {63, 20}, {137, 20}, {137, 63});
        cubic(g.outline, {137, 63}, {180, 63}, {180, 137}, {137, 137});
        cubic(g.outline, {137, 137}, {137, 180}, {63, 180}, {63, 137});
        cubic(g.outline, {63, 137}, {20, 137}, {20, 63}, {63, 63});
        g.outline.pop_back();
        g.left = 31, g.right = 169, g.top = 31, g.bottom = 169;
        g.diag_a0 = {50, 65}, g.diag_a1 = {150, 135}, g.diag_b0 = {50, 135}, g.diag_b1 = {150, 65};
        g.vert0 = {100, 31}, g.vert1 = {100, 169}, g.horz0 = {31, 100}, g.horz1 = {169, 100};
        g.low_y = 140, g.low_x0 = 52, g.low_x1 = 148;
        g.staff = {31, 100};
        break;
    }
    }
    return g;
}

struct Builder {
    render::IconDrawing d;
    Rgba ink = kBlack;
    void line(std::vector<XY> pts, float w = kIconWidth, bool closed = false) {
        IconPath p;
        p.pts = std::move(pts), p.closed = closed, p.stroke = ink, p.width = w;
        d.paths.push_back(std::move(p));
    }
    void filled(std::vector<XY> pts, Rgba c) {
        IconPath p;
        p.pts = std::move(pts), p.closed = true, p.fill = c;
        d.paths.push_back(std::move(p));
    }
    void circle(XY c, double r, bool fill, float w = kIconWidth) {
        std::vector<XY> pts;
        for (int i = 0; i < 48; ++i)
            pts.push_back({c.x + r * std::cos(i * M_PI / 24), c.y + r * std::sin(i * M_PI / 24)});
        if (fill)
            filled(std::move(pts), ink);
        else
            line(std::move(pts), w, true);
    }
    void arc(XY c, double r, double a0_deg, double a1_deg, std::vector<XY>& out) {
        for (int i = 0; i <= 16; ++i) {
            const double a = (a0_deg + (a1_deg - a0_deg) * i / 16) * M_PI / 180;
            out.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
        }
    }
    void text(const std::string& t, XY pos, float size, Rgba c, float ax = 0.5f, float ay = 0.5f) {
        render::IconText it;
        it.text = t, it.pos = pos, it.size = size, it.colour = c, it.anchor_x = ax, it.anchor_y = ay;
        d.texts.push_back(it);
    }
};

// A stadium (the armour "track"): a rectangle with semicircular ends.
std::vector<XY> stadium(double x0, double x1, double y0, double y1) {
    const double r = (y1 - y0) / 2;
    std::vector<XY> pts;
    Builder b;
    b.arc({x1 - r, y0 + r}, r, -90, 90, pts);
    b.arc({x0 + r, y0 + r}, r, 90, 270, pts);
    return pts;
}

// Main icons of the land-unit functions a peace-support force uses. False when the entity has no drawing.
bool draw_icon(Builder& b, const std::string& entity, const FrameGeom& g) {
    auto text_icon = [&](const std::string& t) {
        const float size = t.size() <= 2 ? 42.f : t.size() == 3 ? 36.f : t.size() == 4 ? 32.f : 29.f;
        b.text(t, {100, 100}, size, b.ink);
        return true;
    };
    auto cross = [&] {
        b.line({g.vert0, g.vert1});
        b.line({g.horz0, g.horz1});
    };
    auto x_icon = [&] {
        b.line({g.diag_a0, g.diag_a1});
        b.line({g.diag_b0, g.diag_b1});
    };
    auto armour = [&] { b.line(stadium(62, 138, 82, 118), kIconWidth, true); };
    auto engineer = [&] {
        b.line({{62, 118}, {62, 86}, {138, 86}, {138, 118}});
        b.line({{100, 86}, {100, 118}});
    };
    const std::string e = entity;
    if (e == "121100") return x_icon(), true;                             // infantry
    if (e == "121102") return x_icon(), armour(), true;                   // mechanised infantry
    if (e == "121104") return x_icon(), b.line({g.vert0, g.vert1}), true; // motorised infantry
    if (e == "120500") return armour(), true;                             // armour
    if (e == "121300") return b.line({g.diag_b0, g.diag_b1}), true;       // reconnaissance
    if (e == "130300") return b.circle({100, 100}, 15, true), true;       // field artillery
    if (e == "130800") {                                                  // mortar
        b.circle({100, 122}, 10, false);
        b.line({{100, 112}, {100, 74}});
        b.line({{88, 86}, {100, 74}, {112, 86}});
        return true;
    }
    if (e == "130100") { // air defence: a dome over the bottom of the frame
        std::vector<XY> pts{{g.low_x0, g.low_y + 5}};
        cubic(pts, {g.low_x0, g.low_y + 5}, {g.low_x0 + 25, g.low_y - 35}, {g.low_x1 - 25, g.low_y - 35},
              {g.low_x1, g.low_y + 5});
        b.line(pts);
        return true;
    }
    if (e == "140700") return engineer(), true;
    if (e == "140701") return engineer(), b.line(stadium(52, 148, 76, 128), kIconWidth, true), true;
    if (e == "161300" || e == "161400") return cross(), true; // medical, medical treatment facility
    if (e == "141200") return text_icon("MP");
    if (e == "111000") { // signal: a lightning bolt from upper left to lower right
        b.line({g.diag_a0, {100, 116}, {100, 84}, g.diag_a1});
        return true;
    }
    if (e == "163400") return b.line({{g.low_x0, g.low_y}, {g.low_x1, g.low_y}}), true; // supply
    if (e == "161100") { // maintenance: a bar with a half-ring at each end, open outward
        std::vector<XY> l, r;
        b.arc({62, 100}, 12, -90, 90, l);
        b.arc({138, 100}, 12, 90, 270, r);
        b.line(l);
        b.line(r);
        b.line({{74, 100}, {126, 100}});
        return true;
    }
    if (e == "163600") { // transportation: a wheel
        b.circle({100, 100}, 24, false);
        for (int k = 0; k < 4; ++k) {
            const double a = k * M_PI / 4;
            b.line({{100 - 24 * std::cos(a), 100 - 24 * std::sin(a)},
                    {100 + 24 * std::cos(a), 100 + 24 * std::sin(a)}},
                   3);
        }
        return true;
    }
    if (e == "120600") { // rotary-wing aviation: a bow tie
        b.filled({{62, 82}, {100, 100}, {62, 118}}, b.ink);
        b.filled({{138, 82}, {100, 100}, {138, 118}}, b.ink);
        return true;
    }
    if (e == "120400")
        return b.line({{g.diag_b0.x, g.diag_b0.y}, {100, g.top + 2}, {g.diag_a1.x, g.diag_a1.y}}), true;
    if (e == "110300") return text_icon("CIMIC");
    if (e == "110200") return text_icon("CA");
    if (e == "110500") return text_icon("LO");
    if (e == "110000") return text_icon("C2");
    if (e == "121700") return text_icon("SF");
    if (e == "121800") return text_icon("SOF");
    if (e == "121200") return text_icon("MO"); // military observer (code unverified, see missions/sidc.cpp)
    if (e == "140100") return text_icon("CBRN");
    if (e == "140800") return text_icon("EOD");
    if (e == "141700") return text_icon("SEC");
    if (e == "151000") return text_icon("MI");
    if (e == "160000") return text_icon("SUST");
    if (e == "160600") return text_icon("CSS");
    return false;
}

// Echelon amplifier centred above the frame; returns its half width (0 when none).
double draw_echelon(Builder& b, Echelon e, double top) {
    const double yb = top - 8, yt = yb - 28;
    auto dots = [&](int n) {
        for (int i = 0; i < n; ++i)
            b.circle({100 + (i - (n - 1) / 2.0) * 20, yb - 10}, 7, true);
        return 10.0 * n;
    };
    auto bars = [&](int n) {
        for (int i = 0; i < n; ++i) {
            const double x = 100 + (i - (n - 1) / 2.0) * 16;
            b.line({{x, yb}, {x, yt}}, 5);
        }
        return 8.0 * n + 4;
    };
    auto xs = [&](int n) {
        for (int i = 0; i < n; ++i) {
            const double cx = 100 + (i - (n - 1) / 2.0) * 26;
            b.line({{cx - 10, yb}, {cx + 10, yt}}, 5);
            b.line({{cx - 10, yt}, {cx + 10, yb}}, 5);
        }
        return 13.0 * n + 2;
    };
    switch (e) {
    case Echelon::None:
        return 0;
    case Echelon::Team:
        b.circle({100, yb - 12}, 11, false);
        b.line({{86, yb + 2}, {114, yb - 26}});
        return 14;
    case Echelon::Squad:
        return dots(1);
    case Echelon::Section:
        return dots(2);
    case Echelon::Platoon:
        return dots(3);
    case Echelon::Company:
        return bars(1);
    case Echelon::Battalion:
        return bars(2);
    case Echelon::Regiment:
        return bars(3);
    case Echelon::Brigade:
        return xs(1);
    case Echelon::Division:
        return xs(2);
    case Echelon::Corps:
        return xs(3);
    case Echelon::Army:
        return xs(4);
    case Echelon::ArmyGroup:
        return xs(5);
    case Echelon::Region:
        return xs(6);
    case Echelon::Command:
        for (double cx : {86.0, 114.0}) {
            b.line({{cx - 11, yb - 14}, {cx + 11, yb - 14}}, 5);
            b.line({{cx, yb - 25}, {cx, yb - 3}}, 5);
        }
        return 28;
    }
    return 0;
}

void finish_bounds(render::IconDrawing& d) {
    geo::Bbox bb;
    for (auto& p : d.paths)
        for (auto& q : p.pts) {
            const double w = p.width / 2 + 1;
            bb.add(q.x - w, q.y - w);
            bb.add(q.x + w, q.y + w);
        }
    for (auto& t : d.texts) {
        // Generous estimate of the text's extent (the glyph atlas is not known here): 0.62 em per character.
        size_t chars = 0;
        for (unsigned char c : t.text)
            chars += (c & 0xC0) != 0x80;
        const double w = t.size * 0.62 * double(chars) + t.size * 0.3, h = t.size * 1.2;
        const double x0 = t.pos.x - w * t.anchor_x, y0 = t.pos.y - h * t.anchor_y;
        bb.add(x0, y0);
        bb.add(x0 + w, y0 + h);
    }
    d.bounds = bb;
}

} // namespace

UnitSymbol draw_unit_symbol(const std::string& code, const SymbolOptions& opt) {
    UnitSymbol out;
    Builder b;
    std::string error;
    const auto s = missions::parse_sidc(code, &error);
    if (!s) {
        // Malformed: a magenta dashed square with a question mark; unmistakably not a real symbol.
        IconPath frame;
        frame.pts = frame_geom(Frame::Neutral).outline;
        frame.closed = true;
        frame.fill = {1, 0.85f, 1, 1};
        frame.stroke = kFallback, frame.width = 5, frame.dash = 14, frame.gap = 8;
        b.d.paths.push_back(frame);
        b.text("?", {100, 100}, 70, kFallback);
        out.fallback = true;
        out.message = error.empty() ? "symbol code '" + code + "' cannot be read" : error;
        out.designation_pos = {165, 100}, out.higher_pos = {165, 132};
        b.d.anchor = {100, 100};
    } else {
        Frame f = Frame::Unknown;
        Rgba fill = hex(0xFFFF80), dark = hex(0xE1DC00);
        StandardIdentity id = s->identity;
        if (s->joker) id = StandardIdentity::Suspect;
        if (s->faker) id = StandardIdentity::Hostile;
        switch (id) {
        case StandardIdentity::Pending:
        case StandardIdentity::Unknown:
            break;
        case StandardIdentity::AssumedFriend:
        case StandardIdentity::Friend:
            f = Frame::Friend, fill = hex(0x80E0FF), dark = hex(0x006B8C);
            break;
        case StandardIdentity::Neutral:
            f = Frame::Neutral, fill = hex(0xAAFFAA), dark = hex(0x00A000);
            break;
        case StandardIdentity::Suspect:
        case StandardIdentity::Hostile:
            f = Frame::Hostile, fill = hex(0xFF8080), dark = hex(0xC80000);
            break;
        }
        const FrameGeom g = frame_geom(f);
        // Pending, assumed friend and suspect are shown with a dashed frame (2525D 5.3.1); so is a planned
        // (anticipated) unit.
        const bool uncertain = !s->joker && !s->faker &&
                               (id == StandardIdentity::Pending || id == StandardIdentity::AssumedFriend ||
                                id == StandardIdentity::Suspect);
        const bool planned = s->status == missions::Status::Planned;
        if (opt.filled) b.filled(g.outline, fill);
        b.ink = opt.filled ? kBlack : dark;
        const bool land = s->symbol_set == "10" || s->symbol_set.empty();
        bool icon_ok = false;
        if (land && !s->entity_code.empty()) icon_ok = draw_icon(b, s->entity_code, g);
        if (!land) {
            out.message = "symbol code '" + s->code + "': symbol set " + s->symbol_set +
                          " is drawn with a land-unit frame and no icon";
        } else if (!icon_ok && !(s->entity_code == "000000" ||
                                 (s->function_id.find_first_not_of('-') == std::string::npos &&
                                  !s->function_id.empty()))) {
            // No drawing for this function: a magenta question mark marks the symbol as incomplete.
            b.text("?", {100, 100}, 60, kFallback);
            out.fallback = true;
            out.message = !s->warning.empty()
                              ? s->warning
                              : "symbol code '" + s->code + "': no icon is drawn for " + s->function;
        }
        IconPath frame;
        frame.pts = g.outline;
        frame.closed = true;
        frame.stroke = opt.filled ? kBlack : dark;
        frame.width = kFrameWidth;
        if (uncertain || planned) frame.dash = planned ? 16 : 10, frame.gap = 8;
        b.d.paths.push_back(frame);
        b.ink = opt.filled ? kBlack : dark;
        // Amplifiers above the frame: echelon, then the task-force bracket around it, then feint/dummy.
        const double half = draw_echelon(b, s->echelon, g.top);
        double above = s->echelon != Echelon::None ? g.top - 40 : g.top;
        if (s->task_force) {
            const double hw = std::max(half + 8, 26.0);
            const double yt = g.top - 44;
            b.line({{100 - hw, g.top}, {100 - hw, yt}, {100 + hw, yt}, {100 + hw, g.top}}, kFrameWidth);
            above = yt;
        }
        if (s->feint_dummy) {
            IconPath chevron;
            chevron.pts = {{g.left, g.top}, {100, above - 36}, {g.right, g.top}};
            chevron.stroke = b.ink, chevron.width = kFrameWidth, chevron.dash = 10, chevron.gap = 8;
            b.d.paths.push_back(chevron);
        }
        b.d.anchor = {100, 100};
        if (s->hq) {
            // The staff's foot marks the headquarters' location.
            b.line({g.staff, {g.staff.x, 250}}, kFrameWidth);
            b.d.anchor = {g.staff.x, 250};
        }
        if (s->exercise || s->joker || s->faker) {
            const std::string letter = s->joker ? "J" : s->faker ? "K" : "X";
            b.text(letter, {g.right + 6, g.top - 4}, 34, opt.filled ? kBlack : dark, 0, 1);
        }
        out.designation_pos = {g.right + 10, 100};
        out.higher_pos = {g.right + 10, 132};
    }
    const float text_size = 30;
    if (!opt.designation.empty()) b.text(opt.designation, out.designation_pos, text_size, kBlack, 0, 0.7f);
    if (!opt.higher_formation.empty())
        b.text(opt.higher_formation, out.higher_pos, text_size, kBlack, 0, 0.7f);
    finish_bounds(b.d);
    out.drawing = std::move(b.d);
    return out;
}

} // namespace entente::app
