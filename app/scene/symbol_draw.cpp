#include "symbol_draw.hpp"

#include "missions/sidc.hpp"

#include <cmath>
#include <map>
#include <set>

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
    Frame kind = Frame::Friend;
    std::vector<XY> outline;
    double left, right, top, bottom;
    XY diag_a0, diag_a1; // top-left -> bottom-right
    XY diag_b0, diag_b1; // bottom-left -> top-right
    XY vert0, vert1, horz0, horz1;
    XY staff; // headquarters staff starts here and runs down to y = 250
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
    g.kind = f;
    switch (f) {
    case Frame::Friend:
        g.outline = {{25, 50}, {175, 50}, {175, 150}, {25, 150}};
        g.left = 25, g.right = 175, g.top = 50, g.bottom = 150;
        g.diag_a0 = {25, 50}, g.diag_a1 = {175, 150}, g.diag_b0 = {25, 150}, g.diag_b1 = {175, 50};
        g.vert0 = {100, 50}, g.vert1 = {100, 150}, g.horz0 = {25, 100}, g.horz1 = {175, 100};
        g.staff = {25, 150};
        break;
    case Frame::Hostile:
        g.outline = {{100, 28}, {172, 100}, {100, 172}, {28, 100}};
        g.left = 28, g.right = 172, g.top = 28, g.bottom = 172;
        g.diag_a0 = {64, 64}, g.diag_a1 = {136, 136}, g.diag_b0 = {64, 136}, g.diag_b1 = {136, 64};
        g.vert0 = {100, 28}, g.vert1 = {100, 172}, g.horz0 = {28, 100}, g.horz1 = {172, 100};
        g.staff = {28, 100};
        break;
    case Frame::Neutral:
        g.outline = {{45, 45}, {155, 45}, {155, 155}, {45, 155}};
        g.left = 45, g.right = 155, g.top = 45, g.bottom = 155;
        g.diag_a0 = {45, 45}, g.diag_a1 = {155, 155}, g.diag_b0 = {45, 155}, g.diag_b1 = {155, 45};
        g.vert0 = {100, 45}, g.vert1 = {100, 155}, g.horz0 = {45, 100}, g.horz1 = {155, 100};
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
        it.text = render::clip_label(t), it.pos = pos, it.size = size, it.colour = c, it.anchor_x = ax,
        it.anchor_y = ay;
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

// Where a horizontal line at height y meets the frame (icons that span the frame end there).
std::pair<double, double> span_at(const FrameGeom& g, double y) {
    switch (g.kind) {
    case Frame::Friend:
    case Frame::Neutral:
        return {g.left, g.right};
    case Frame::Hostile: {
        const double h = 72 - std::abs(y - 100);
        return {100 - h, 100 + h};
    }
    case Frame::Unknown:
        break;
    }
    const double h = std::abs(y - 100) < 35 ? 65 : 65 - (std::abs(y - 100) - 35) * 1.5;
    return {100 - h, 100 + h};
}

// The sector 1 (upper) and sector 2 (lower) modifier areas: centre height and usable width.
double sector_y(const FrameGeom& g, int sector) {
    return sector == 1 ? 100 - (100 - g.top) * 0.6 : 100 + (g.bottom - 100) * 0.6;
}

void fitted_text(Builder& b, const FrameGeom& g, const std::string& t, double y, float max_size) {
    const auto [x0, x1] = span_at(g, y);
    const double room = std::min(x1 - x0 - 12, 120.0);
    size_t chars = 0;
    for (unsigned char c : t)
        chars += (c & 0xC0) != 0x80;
    const float size = std::min<float>(max_size, float(room / (0.64 * std::max<size_t>(chars, 1))));
    b.text(t, {100, y}, size, b.ink);
}

using Primitive = void (*)(Builder&, const FrameGeom&, const std::string& arg);

// Primitives that span the frame: they meet its outline, so they follow the frame's shape.
void add_spanning(std::map<std::string, Primitive>& m) {
    m["infantry"] = [](Builder& b, const FrameGeom& g, const std::string& arg) {
        if (arg == "small") { // combined arms: the cross inside the armour track
            b.line({{70, 85}, {130, 115}});
            b.line({{70, 115}, {130, 85}});
            return;
        }
        b.line({g.diag_a0, g.diag_a1});
        b.line({g.diag_b0, g.diag_b1});
    };
    m["recon"] = [](Builder& b, const FrameGeom& g, const std::string&) { b.line({g.diag_b0, g.diag_b1}); };
    m["motorized"] = [](Builder& b, const FrameGeom& g, const std::string&) { b.line({g.vert0, g.vert1}); };
    m["medical"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        b.line({g.vert0, g.vert1});
        b.line({g.horz0, g.horz1});
    };
    m["signal"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        b.line({g.diag_a0, {100, 116}, {100, 84}, g.diag_a1});
    };
    m["antitank"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        b.line({g.diag_b0, {100, g.top + 2}, g.diag_a1});
    };
    // Supply: one bar across the lower part, at y = 120 in every frame (2525D land unit icon geometry).
    m["supply"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const auto [x0, x1] = span_at(g, 120);
        b.line({{x0, 120}, {x1, 120}});
    };
    m["airassault"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const auto [x0, x1] = span_at(g, 120);
        b.line({{x0, 120}, {85, 120}, {100, 135}, {115, 120}, {x1, 120}});
    };
    m["airdefence"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double y = g.kind == Frame::Friend || g.kind == Frame::Neutral ? g.bottom : 135;
        const auto [x0, x1] = span_at(g, y - 1);
        std::vector<XY> pts{{x0, y}};
        cubic(pts, {x0, y}, {x0 + 10, y - 45}, {x1 - 10, y - 45}, {x1, y});
        b.line(pts);
    };
    m["amphibious"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const auto [x0, x1] = span_at(g, 100);
        std::vector<XY> pts;
        for (int i = 0; i <= 64; ++i) {
            const double x = x0 + (x1 - x0) * i / 64.0;
            pts.push_back({x, 100 + 8 * std::sin((x - x0) / (x1 - x0) * 5 * 2 * M_PI)});
        }
        b.line(pts, 3);
    };
    m["maingun"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double x = g.left + (g.kind == Frame::Friend ? 30 : 27);
        const double h =
            g.kind == Frame::Hostile || g.kind == Frame::Unknown ? 100 - (100 - g.top) * 0.6 : g.top;
        b.line({{x, h}, {x, 200 - h}});
    };
    m["jamming"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const auto [x0, x1] = span_at(g, 118);
        std::vector<XY> pts;
        for (int i = 0; i <= 10; ++i)
            pts.push_back({x0 + (x1 - x0) * i / 10.0, i % 2 ? 110.0 : 126.0});
        b.line(pts, 3);
    };
}

// Glyphs of the combat arms, centred on (100, 100) in the friend frame's icon area.
void add_combat_glyphs(std::map<std::string, Primitive>& m) {
    m["armour"] = [](Builder& b, const FrameGeom&, const std::string& arg) {
        if (arg == "large")
            b.line(stadium(52, 148, 76, 128), kIconWidth, true);
        else
            b.line(stadium(62, 138, 82, 118), kIconWidth, true);
    };
    m["artillery"] = [](Builder& b, const FrameGeom&, const std::string&) { b.circle({100, 100}, 15, true); };
    m["mortar"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.circle({100, 122}, 10, false);
        b.line({{100, 112}, {100, 74}});
        b.line({{88, 86}, {100, 74}, {112, 86}});
    };
    m["missile"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> body{{90, 120}};
        b.arc({100, 92}, 10, 180, 360, body);
        body.push_back({110, 120});
        b.line(body);
        b.line({{100, 80}, {100, 120}});
    };
    m["rotary"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.filled({{62, 82}, {100, 100}, {62, 118}}, b.ink);
        b.filled({{138, 82}, {100, 100}, {138, 118}}, b.ink);
    };
    m["fixedwing"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> right{{100, 100}}, left{{100, 100}};
        b.arc({126, 100}, 12, -90, 90, right);
        b.arc({74, 100}, 12, 90, 270, left);
        b.filled(right, b.ink);
        b.filled(left, b.ink);
    };
    m["uas"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.filled({{60, 84}, {100, 104}, {140, 84}, {140, 92}, {100, 117}, {60, 92}}, b.ink);
    };
    m["engineer"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{62, 118}, {62, 86}, {138, 86}, {138, 118}});
        b.line({{100, 86}, {100, 118}});
    };
    m["observer"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{100, 80}, {75, 120}, {125, 120}}, kIconWidth, true);
    };
    m["surveillance"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.filled({{100, 80}, {75, 120}, {125, 120}}, b.ink);
    };
    m["fa_observer"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{100, 80}, {75, 120}, {125, 120}}, kIconWidth, true);
        b.circle({100, 108}, 5, true);
    };
    m["sniper"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{60, 85}, {90, 85}});
        b.line({{110, 85}, {140, 85}});
        b.line({{100, 90}, {100, 115}});
    };
    m["mine"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> e;
        for (int i = 0; i < 48; ++i)
            e.push_back({100 + 20 * std::cos(i * M_PI / 24), 100 + 10 * std::sin(i * M_PI / 24)});
        b.filled(e, b.ink);
        b.line({{85, 80}, {115, 120}});
        b.line({{85, 120}, {115, 80}});
        b.line({{100, 80}, {100, 120}});
    };
    m["barlow"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.filled({{80, 125}, {120, 125}, {120, 135}, {80, 135}}, b.ink);
    };
    m["barhigh"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.filled({{80, 65}, {120, 65}, {120, 75}, {80, 75}}, b.ink);
    };
    m["sensor"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> star{{100, 80}};
        cubic(star, {100, 80}, {100, 90}, {110, 100}, {120, 100}, 8);
        cubic(star, {120, 100}, {110, 100}, {100, 110}, {100, 120}, 8);
        cubic(star, {100, 120}, {100, 110}, {90, 100}, {80, 100}, 8);
        cubic(star, {80, 100}, {90, 100}, {100, 90}, {100, 80}, 8);
        b.filled(star, b.ink);
    };
    m["survey"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{85, 120}, {100, 105}, {115, 120}});
        b.line({{100, 105}, {100, 80}, {120, 92.5}, {100, 92.5}}, kIconWidth - 1, true);
    };
    m["drilling"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.filled({{85, 80}, {115, 80}, {110, 120}, {90, 120}}, b.ink);
    };
    m["topographic"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{85, 120}, {100, 90}, {115, 120}});
        b.line({{100, 90}, {100, 80}});
        std::vector<XY> arc{{88, 106}};
        cubic(arc, {88, 106}, {95, 110}, {105, 110}, {112, 106}, 8);
        b.line(arc, 3);
    };
}

// Glyphs of command, signal and sustainment units.
void add_support_glyphs(std::map<std::string, Primitive>& m) {
    m["cimic"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> bowl{{65, 85}, {135, 85}, {135, 100}};
        cubic(bowl, {135, 100}, {135, 122}, {65, 122}, {65, 100});
        b.line(bowl, kIconWidth, true);
    };
    m["antenna"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{80, 62}, {100, 82}, {120, 62}});
        b.line({{100, 62}, {100, 138}});
    };
    m["miso"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{84, 90}, {104, 90}, {114, 82}, {114, 118}, {104, 110}, {84, 110}}, kIconWidth, true);
        for (double y : {88.0, 96.0, 104.0, 112.0})
            b.line({{118, y}, {128, y}}, 3);
    };
    m["radio"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{100, 108}, {100, 83}});
        b.line({{87, 87}, {91, 83}, {96, 87}, {100, 83}, {104, 87}, {109, 83}, {113, 87}}, 3);
        b.circle({100, 113}, 6, false, 3);
    };
    m["radio_relay"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{85, 83}, {115, 83}});
        b.line({{100, 107}, {100, 83}});
        b.circle({100, 113}, 6, false, 3);
    };
    m["satellite"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{92, 92}, {108, 92}, {108, 108}, {92, 108}}, 3, true);
        b.line({{70, 95}, {86, 95}, {86, 105}, {70, 105}}, 3, true);
        b.line({{114, 95}, {130, 95}, {130, 105}, {114, 105}}, 3, true);
        b.line({{86, 100}, {92, 100}}, 3);
        b.line({{108, 100}, {114, 100}}, 3);
    };
    m["video"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{75, 88}, {110, 88}, {110, 112}, {75, 112}}, kIconWidth, true);
        b.line({{110, 100}, {125, 89}, {125, 111}}, kIconWidth, true);
    };
    m["maintenance"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> l, r;
        b.arc({62, 100}, 12, -90, 90, l);
        b.arc({138, 100}, 12, 90, 270, r);
        b.line(l);
        b.line(r);
        b.line({{74, 100}, {126, 100}});
    };
    m["transport"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.circle({100, 104}, 20, false);
        for (int k = 0; k < 4; ++k) {
            const double a = k * M_PI / 4, c = 20 * std::cos(a), s = 20 * std::sin(a);
            b.line({{100 - c, 104 - s}, {100 + c, 104 + s}}, 3);
        }
    };
    m["ammunition"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> shell{{90, 117}};
        b.arc({100, 92}, 10, 180, 360, shell);
        shell.push_back({110, 117});
        b.line(shell);
        b.line({{85, 117}, {115, 117}});
    };
    m["finance"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{80, 95}, {90, 85}, {110, 85}, {120, 95}});
        b.line({{80, 95}, {120, 95}, {120, 115}, {80, 115}}, kIconWidth, true);
    };
    m["labour"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{90, 82}, {110, 82}});
        b.line({{100, 82}, {100, 106}});
        b.filled({{88, 106}, {112, 106}, {100, 120}}, b.ink);
    };
    m["laundry"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{95, 80}, {105, 90}, {105, 120}});
        b.line({{95, 90}, {105, 90}});
        b.line({{95, 100}, {105, 90}});
    };
    m["mortuary"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{70, 85}, {130, 85}, {130, 115}, {70, 115}}, kIconWidth, true);
        b.line({{110, 88}, {110, 112}});
        b.line({{74, 100}, {126, 100}});
    };
    m["pipeline"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{85, 90}, {115, 90}, {115, 115}, {85, 115}}, kIconWidth, true);
        b.line({{70, 95}, {85, 95}});
        b.line({{70, 110}, {85, 110}});
        b.line({{115, 95}, {130, 95}});
        b.line({{115, 110}, {130, 110}});
        b.line({{100, 90}, {100, 80}});
        b.line({{90, 80}, {110, 80}});
    };
    m["postal"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{75, 86}, {125, 86}, {125, 114}, {75, 114}}, kIconWidth, true);
        b.line({{75, 86}, {100, 102}, {125, 86}}, 3);
    };
    m["railhead"] = [](Builder& b, const FrameGeom&, const std::string&) {
        b.line({{100, 80}, {100, 120}});
        b.line({{81, 90.5}, {119, 109.5}});
        b.line({{81, 109.5}, {119, 90.5}});
    };
    m["water"] = [](Builder& b, const FrameGeom&, const std::string&) {
        std::vector<XY> tap{{65, 90}, {115, 90}};
        cubic(tap, {115, 90}, {125, 90}, {135, 100}, {135, 110}, 8);
        b.line(tap);
        b.line({{95, 80}, {115, 80}});
        b.line({{105, 80}, {105, 90}});
    };
}

// Text, and the mobility glyphs drawn in the lower (sector 2) part of the frame.
void add_text_and_mobility(std::map<std::string, Primitive>& m) {
    m["none"] = [](Builder&, const FrameGeom&, const std::string&) {};
    m["text"] = [](Builder& b, const FrameGeom& g, const std::string& t) {
        fitted_text(b, g, t, 100, t.size() <= 2 ? 42.f : t.size() == 3 ? 36.f : 32.f);
    };
    m["textup"] = [](Builder& b, const FrameGeom& g, const std::string& t) {
        fitted_text(b, g, t, sector_y(g, 1), 24);
    };
    m["textdown"] = [](Builder& b, const FrameGeom& g, const std::string& t) {
        fitted_text(b, g, t, sector_y(g, 2), 24);
    };
    m["wheels"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double y = sector_y(g, 2) + 3;
        b.circle({88, y}, 6, false, 3);
        b.circle({112, y}, 6, false, 3);
    };
    m["towed"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double y = sector_y(g, 2) + 3;
        b.circle({82, y}, 6, false, 3);
        b.circle({118, y}, 6, false, 3);
        b.line({{88, y}, {112, y}}, 3);
    };
    m["tracked"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double y = sector_y(g, 2) + 3;
        b.line(stadium(80, 120, y - 6, y + 6), 3, true);
    };
    m["railroad"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double y = sector_y(g, 2);
        b.line({{74, y + 7}, {126, y + 7}}, 3);
        for (double x : {84.0, 96.0, 104.0, 116.0})
            b.circle({x, y}, 4, false, 2.5f);
    };
    m["airborne"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double y = sector_y(g, 2) + 6;
        std::vector<XY> arc{{80, y}};
        cubic(arc, {80, y}, {85, y - 14}, {115, y - 14}, {120, y}, 12);
        b.line(arc, 3);
    };
    m["mountain"] = [](Builder& b, const FrameGeom& g, const std::string&) {
        const double y = sector_y(g, 2);
        b.filled({{100, y - 9}, {111, y + 8}, {89, y + 8}}, b.ink);
    };
}

const std::map<std::string, Primitive>& primitives() {
    static const std::map<std::string, Primitive> m = [] {
        std::map<std::string, Primitive> m;
        add_spanning(m);
        add_combat_glyphs(m);
        add_support_glyphs(m);
        add_text_and_mobility(m);
        return m;
    }();
    return m;
}

// Draws a recipe ("infantry+armour", "text:MP"); false when a primitive is not known (nothing is drawn then).
bool draw_recipe(Builder& b, const std::string& recipe, const FrameGeom& g) {
    std::vector<std::pair<Primitive, std::string>> parts;
    size_t start = 0;
    while (start <= recipe.size()) {
        size_t end = recipe.find('+', start);
        if (end == std::string::npos) end = recipe.size();
        const std::string part = recipe.substr(start, end - start);
        const size_t colon = part.find(':');
        const auto it = primitives().find(part.substr(0, colon));
        if (it == primitives().end()) return false;
        parts.emplace_back(it->second, colon == std::string::npos ? "" : part.substr(colon + 1));
        start = end + 1;
    }
    for (const auto& [prim, arg] : parts)
        prim(b, g, arg);
    return true;
}

// A sector modifier: text in the sector's place; a glyph drawn at main-icon size, then shrunk into the sector
// (mobility glyphs place themselves in sector 2 already).
bool draw_modifier(Builder& b, const missions::LandUnitModifier& m, const FrameGeom& g) {
    const std::string recipe = m.recipe;
    if (recipe.rfind("text:", 0) == 0)
        return fitted_text(b, g, recipe.substr(5), sector_y(g, m.sector), 24), true;
    static const std::set<std::string> placed = {"wheels",   "towed",    "tracked",
                                                 "railroad", "airborne", "mountain"};
    if (placed.count(recipe)) return draw_recipe(b, recipe, g);
    const size_t first = b.d.paths.size();
    if (!draw_recipe(b, recipe, frame_geom(Frame::Friend))) return false;
    const double k = 0.4, cy = sector_y(g, m.sector);
    for (size_t i = first; i < b.d.paths.size(); ++i) {
        for (auto& p : b.d.paths[i].pts)
            p = {100 + (p.x - 100) * k, cy + (p.y - 100) * k};
        b.d.paths[i].width = std::max(2.f, b.d.paths[i].width * 0.6f);
    }
    return true;
}

// The main icon of a land-unit entity, from the table's recipe; false when the entity has no recipe.
bool draw_icon(Builder& b, const std::string& entity, const FrameGeom& g) {
    const auto* f = missions::find_land_unit(entity);
    if (!f && entity.size() == 6) f = missions::find_land_unit(entity.substr(0, 4) + "00"); // unknown subtype
    return f && draw_recipe(b, f->recipe, g);
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
        const StandardIdentity id = s->identity;
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
        // Joker and faker are friends playing the enemy: the friend frame's shape in the hostile colour.
        if (s->joker || s->faker) f = Frame::Friend;
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
        if (land && s->version != 3) {
            for (int sector : {1, 2}) {
                const std::string& code = sector == 1 ? s->modifier1 : s->modifier2;
                if (code == "00") continue;
                const auto* m = missions::find_land_unit_modifier(sector, code);
                if (!m || !draw_modifier(b, *m, g))
                    out.message = "symbol code '" + s->code + "': sector " + std::to_string(sector) +
                                  " modifier " + code + " is not in the land-unit table";
            }
        }
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
        if (s->exercise || s->joker || s->faker || s->context == missions::Context::Simulation) {
            const std::string letter = s->joker ? "J" : s->faker ? "K" : s->exercise ? "X" : "S";
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
