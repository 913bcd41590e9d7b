// Unit symbols as drawings: frames by standard identity, amplifiers, headquarters anchor, and the marked
// fallback for codes that cannot be drawn. Pixels are checked in tests/render (symbol sheets).
#include "scene/symbol_draw.hpp"

#include "missions/sidc.hpp"

#include <catch2/catch.hpp>

using namespace entente;
using app::draw_unit_symbol;

namespace {

// The frame is the closed stroked path drawn after the fill: return its bounding box.
geo::Bbox frame_box(const app::UnitSymbol& s) {
    for (const auto& p : s.drawing.paths)
        if (p.closed && p.stroke.a > 0 && p.pts.size() >= 4) {
            geo::Bbox b;
            for (auto& q : p.pts)
                b.add(q.x, q.y);
            return b;
        }
    return {};
}
const render::IconPath* frame_path(const app::UnitSymbol& s) {
    for (const auto& p : s.drawing.paths)
        if (p.closed && p.stroke.a > 0 && p.pts.size() >= 4) return &p;
    return nullptr;
}

} // namespace

TEST_CASE("frames take the standard shape of each identity") {
    // Friend: a 3:2 rectangle; neutral: a square; hostile: a diamond (4 points, on the axes); unknown: the
    // quatrefoil (many points).
    const auto friend_ = draw_unit_symbol("10031000001211000000");
    const auto neutral = draw_unit_symbol("10041000001211000000");
    const auto hostile = draw_unit_symbol("10061000001211000000");
    const auto unknown = draw_unit_symbol("10011000001211000000");
    CHECK(frame_box(friend_).width() == Approx(150));
    CHECK(frame_box(friend_).height() == Approx(100));
    CHECK(frame_box(neutral).width() == Approx(frame_box(neutral).height()));
    REQUIRE(frame_path(hostile));
    CHECK(frame_path(hostile)->pts.size() == 4);
    CHECK(frame_path(hostile)->pts[0].x == Approx(100)); // top vertex on the vertical axis
    REQUIRE(frame_path(unknown));
    CHECK(frame_path(unknown)->pts.size() > 20);
    for (const auto* s : {&friend_, &neutral, &hostile, &unknown}) {
        CHECK_FALSE(s->fallback);
        CHECK(s->message.empty());
    }
}

TEST_CASE("pending, assumed friend, suspect and planned units have dashed frames, others solid") {
    auto dash = [](const std::string& code) { return frame_path(draw_unit_symbol(code))->dash; };
    CHECK(dash("10001000001211000000") > 0); // pending
    CHECK(dash("10021000001211000000") > 0); // assumed friend
    CHECK(dash("10051000001211000000") > 0); // suspect
    CHECK(dash("10031010001211000000") > 0); // friend, planned
    CHECK(dash("10031000001211000000") == 0);
    CHECK(dash("10061000001211000000") == 0);
}

TEST_CASE("fill colours follow the identity, and unfilled symbols draw the frame in that colour") {
    auto fill_of = [](const std::string& code) { return draw_unit_symbol(code).drawing.paths.front().fill; };
    CHECK(fill_of("10031000001211000000").b > 0.9f); // friend: light blue
    CHECK(fill_of("10061000001211000000").r > 0.9f); // hostile: salmon
    CHECK(fill_of("10041000001211000000").g > 0.9f); // neutral: light green
    CHECK(fill_of("10011000001211000000").r > 0.9f); // unknown: light yellow
    CHECK(fill_of("10011000001211000000").g > 0.9f);
    app::SymbolOptions unfilled;
    unfilled.filled = false;
    const auto u = draw_unit_symbol("10061000001211000000", unfilled);
    for (const auto& p : u.drawing.paths)
        CHECK(p.fill.a == 0);
    CHECK(frame_path(u)->stroke.r > 0.7f);
}

TEST_CASE("echelon amplifiers sit above the frame and grow with the echelon") {
    const double top = frame_box(draw_unit_symbol("10031000001211000000")).miny;
    const auto none = draw_unit_symbol("10031000001211000000").drawing.bounds;
    double last_width = 0;
    for (const char* ech : {"18", "21", "22", "23", "24"}) { // brigade X .. army group XXXXX
        const auto d = draw_unit_symbol(std::string("10031000") + ech + "1211000000").drawing;
        CHECK(d.bounds.miny < none.miny); // something above the frame
        CHECK(d.bounds.miny < top);
        // The widest amplifier stroke row widens with each added X.
        double w = 0;
        for (auto& p : d.paths) {
            geo::Bbox b;
            for (auto& q : p.pts)
                b.add(q.x, q.y);
            if (b.maxy < top) w = std::max(w, b.maxx), w = std::max(w, 200 - b.minx);
        }
        CHECK(w > last_width);
        last_width = w;
    }
}

TEST_CASE("a headquarters is located at the foot of its staff") {
    const auto hq = draw_unit_symbol("10031002161211000000");
    CHECK(hq.drawing.anchor.x == Approx(25));
    CHECK(hq.drawing.anchor.y == Approx(250));
    const auto unit = draw_unit_symbol("10031000161211000000");
    CHECK(unit.drawing.anchor.x == Approx(100));
    CHECK(unit.drawing.anchor.y == Approx(100));
}

TEST_CASE("task force and feint or dummy add their indicators above the frame") {
    const auto plain = draw_unit_symbol("10031000151211000000");
    const auto tf = draw_unit_symbol("10031004151211000000");
    const auto fd = draw_unit_symbol("10031001151211000000");
    CHECK(tf.drawing.paths.size() == plain.drawing.paths.size() + 1);
    CHECK(fd.drawing.paths.size() == plain.drawing.paths.size() + 1);
    CHECK(fd.drawing.paths.back().dash > 0); // the dashed chevron
    CHECK(tf.drawing.bounds.miny < plain.drawing.bounds.miny);
}

TEST_CASE("a 2525C code draws the same symbol as its 2525D equivalent") {
    const auto c = draw_unit_symbol("SFGPUCI----E");
    const auto d = draw_unit_symbol("10031000151211000000");
    REQUIRE(c.drawing.paths.size() == d.drawing.paths.size());
    for (size_t i = 0; i < c.drawing.paths.size(); ++i) {
        REQUIRE(c.drawing.paths[i].pts.size() == d.drawing.paths[i].pts.size());
        for (size_t k = 0; k < c.drawing.paths[i].pts.size(); ++k) {
            CHECK(c.drawing.paths[i].pts[k].x == d.drawing.paths[i].pts[k].x);
            CHECK(c.drawing.paths[i].pts[k].y == d.drawing.paths[i].pts[k].y);
        }
    }
}

TEST_CASE("exercise symbols carry their letter, jokers and fakers take the friend frame in hostile colour") {
    auto letters = [](const app::UnitSymbol& s) {
        std::string t;
        for (auto& x : s.drawing.texts)
            t += x.text;
        return t;
    };
    CHECK(letters(draw_unit_symbol("10131000001211000000")) == "X");
    const auto joker = draw_unit_symbol("10151000001211000000");
    CHECK(letters(joker) == "J");
    const auto faker = draw_unit_symbol("10161000001211000000");
    CHECK(letters(faker) == "K");
    CHECK(letters(draw_unit_symbol("10231000001211000000")) == "S"); // simulation
    // The frame outline is the friend frame's, point for point; the fill is the hostile one; solid frame.
    const auto friend_ = draw_unit_symbol("10031000001211000000");
    const auto hostile = draw_unit_symbol("10061000001211000000");
    for (const auto* s : {&joker, &faker}) {
        REQUIRE(frame_path(*s));
        REQUIRE(frame_path(*s)->pts.size() == frame_path(friend_)->pts.size());
        for (size_t i = 0; i < frame_path(friend_)->pts.size(); ++i) {
            CHECK(frame_path(*s)->pts[i].x == frame_path(friend_)->pts[i].x);
            CHECK(frame_path(*s)->pts[i].y == frame_path(friend_)->pts[i].y);
        }
        const auto fill = s->drawing.paths.front().fill, want = hostile.drawing.paths.front().fill;
        CHECK(fill.r == want.r);
        CHECK(fill.g == want.g);
        CHECK(fill.b == want.b);
        CHECK(frame_path(*s)->dash == 0);
        CHECK_FALSE(s->fallback);
    }
    // 2525C joker and faker letters draw the same.
    CHECK(letters(draw_unit_symbol("SJGPUCI------")) == "J");
    CHECK(frame_box(draw_unit_symbol("SKGPUCI------")).width() == Approx(150));
}

TEST_CASE("codes that cannot be drawn give a marked fallback and a message naming the code") {
    const auto bad = draw_unit_symbol("10XX");
    CHECK(bad.fallback);
    CHECK(bad.message.find("10XX") != std::string::npos);
    const auto unknown_fn = draw_unit_symbol("10031000151299990000");
    CHECK(unknown_fn.fallback);
    CHECK(unknown_fn.message.find("10031000151299990000") != std::string::npos);
    // The fallback is drawn in magenta, which no identity uses.
    bool magenta = false;
    for (auto& t : unknown_fn.drawing.texts)
        magenta |= t.colour.r > 0.8f && t.colour.g < 0.1f && t.colour.b > 0.8f;
    CHECK(magenta);
}

TEST_CASE("every land-unit function a peace-support force uses has an icon") {
    for (const char* e :
         {"121100", "121102", "120500", "121300", "130300", "130100", "140700", "161300", "141200", "111000",
          "163400", "161100", "163600", "120600", "110300", "121700", "121200"}) {
        const auto s = draw_unit_symbol(std::string("1003100015") + e + "0000");
        INFO(e);
        CHECK_FALSE(s.fallback);
        // Something beyond fill and frame: the icon.
        CHECK(s.drawing.paths.size() + s.drawing.texts.size() > 3);
    }
}

namespace {
size_t parts(const app::UnitSymbol& s) {
    return s.drawing.paths.size() + s.drawing.texts.size();
}
} // namespace

TEST_CASE("every entity of the land-unit table draws without fallback, in every identity") {
    const auto blank = parts(draw_unit_symbol("10031000000000000000"));
    for (const auto& f : missions::land_unit_functions()) {
        for (char id : {'0', '1', '2', '3', '4', '5', '6'}) {
            const std::string code = std::string("100") + id + "1000" + "00" + f.entity + "0000";
            const auto s = draw_unit_symbol(code);
            INFO(code << " recipe " << f.recipe);
            CHECK_FALSE(s.fallback);
            CHECK(s.message.empty());
            if (id == '3' && std::string(f.recipe) != "none") CHECK(parts(s) > blank);
        }
    }
}

TEST_CASE("command and control (110000) draws no icon, as the standard, and is not a fallback") {
    const auto c2 = draw_unit_symbol("10031000001100000000");
    CHECK_FALSE(c2.fallback);
    CHECK(c2.drawing.texts.empty());
    CHECK(parts(c2) == parts(draw_unit_symbol("10031000000000000000")));
}

TEST_CASE("the supply bar crosses the frame at y = 120, three tenths of the frame above its bottom") {
    const auto s = draw_unit_symbol("10031000001634000000");
    bool found = false;
    for (const auto& p : s.drawing.paths)
        if (p.pts.size() == 2 && p.pts[0].y == Approx(120) && p.pts[1].y == Approx(120)) {
            found = true;
            CHECK(p.pts[0].x == Approx(25));
            CHECK(p.pts[1].x == Approx(175));
        }
    CHECK(found);
}

TEST_CASE("every sector 1 and sector 2 modifier draws, in its half of the frame") {
    const auto plain = draw_unit_symbol("10031000001211000000");
    for (const auto& m : missions::land_unit_modifiers()) {
        const std::string mods = m.sector == 1 ? std::string(m.code) + "00" : "00" + std::string(m.code);
        for (char id : {'1', '3', '4', '6'}) {
            const std::string code = std::string("100") + id + "100000121100" + mods;
            const auto s = draw_unit_symbol(code);
            const auto base = draw_unit_symbol(std::string("100") + id + "1000001211000000");
            INFO(code << " recipe " << m.recipe);
            CHECK_FALSE(s.fallback);
            CHECK(s.message.empty());
            REQUIRE(parts(s) > parts(base));
            // What the modifier added lies in the upper (sector 1) or lower (sector 2) part: its paths come
            // just before the frame's, its text after the icon's.
            geo::Bbox added;
            const size_t extra = s.drawing.paths.size() - base.drawing.paths.size();
            const size_t frame_at = size_t(frame_path(base) - base.drawing.paths.data()) + extra;
            for (size_t i = frame_at - extra; i < frame_at; ++i)
                for (auto& q : s.drawing.paths[i].pts)
                    added.add(q.x, q.y);
            for (size_t i = base.drawing.texts.size(); i < s.drawing.texts.size(); ++i)
                added.add(s.drawing.texts[i].pos.x, s.drawing.texts[i].pos.y);
            if (m.sector == 1)
                CHECK(added.miny < 90);
            else
                CHECK(added.maxy > 110);
        }
    }
    (void)plain;
}
