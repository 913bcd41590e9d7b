#include "icon.hpp"

#include "headless.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace entente::render {

namespace {

constexpr int kSub = 4;   // supersamples per axis
constexpr float kPad = 2; // pixels of air around an icon so filtering never bleeds between atlas entries

struct Canvas {
    int w, h;
    std::vector<float> px; // premultiplied RGBA, float
    void blend(int x, int y, Rgba c, float cover) {
        if (x < 0 || y < 0 || x >= w || y >= h || cover <= 0) return;
        float* p = &px[(size_t(y) * w + x) * 4];
        const float a = c.a * std::min(cover, 1.0f);
        p[0] = c.r * a + p[0] * (1 - a);
        p[1] = c.g * a + p[1] * (1 - a);
        p[2] = c.b * a + p[2] * (1 - a);
        p[3] = a + p[3] * (1 - a);
    }
};

struct Seg {
    geo::XY a, b;
    double start = 0, len = 0; // distance along the path where it starts, its length
};

double seg_dist2(const Seg& s, double x, double y, double* along) {
    const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
    const double l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((x - s.a.x) * dx + (y - s.a.y) * dy) / l2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double px = s.a.x + t * dx - x, py = s.a.y + t * dy - y;
    if (along) *along = s.start + t * s.len;
    return px * px + py * py;
}

bool inside(const std::vector<Seg>& segs, double x, double y) {
    bool in = false;
    for (const auto& s : segs)
        if ((s.a.y > y) != (s.b.y > y) && x < s.a.x + (y - s.a.y) * (s.b.x - s.a.x) / (s.b.y - s.a.y))
            in = !in;
    return in;
}

void draw_path(Canvas& cv, const IconPath& p, const geo::Bbox& b, float scale) {
    if (p.pts.size() < 2 && !(p.pts.size() == 1 && p.stroke.a > 0)) return;
    std::vector<geo::XY> pts;
    for (auto& q : p.pts)
        pts.push_back({(q.x - b.minx) * scale + kPad, (q.y - b.miny) * scale + kPad});
    std::vector<Seg> segs;
    double along = 0;
    const size_t n = pts.size();
    const size_t count = p.closed ? n : n - 1;
    for (size_t i = 0; i < std::max<size_t>(count, 1); ++i) {
        Seg s{pts[i], pts[std::min((i + 1) % n, n - 1)]};
        s.len = std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
        s.start = along;
        along += s.len;
        segs.push_back(s);
    }
    std::vector<Seg> ring = segs; // the fill always closes the ring
    if (!p.closed && n > 2) ring.push_back({pts[n - 1], pts[0]});
    const bool fill = p.fill.a > 0 && n > 2, stroke = p.stroke.a > 0 && p.width > 0;
    const double hw = stroke ? p.width * scale * 0.5 : 0;
    const double period = (p.dash + p.gap) * scale, dash = p.dash * scale;
    geo::Bbox pb;
    for (auto& q : pts)
        pb.add(q.x, q.y);
    const int x0 = std::max(0, int(std::floor(pb.minx - hw - 1))),
              x1 = std::min(cv.w - 1, int(std::ceil(pb.maxx + hw + 1)));
    const int y0 = std::max(0, int(std::floor(pb.miny - hw - 1))),
              y1 = std::min(cv.h - 1, int(std::ceil(pb.maxy + hw + 1)));
    std::vector<const Seg*> near;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const double cx = x + 0.5, cy = y + 0.5;
            if (fill) {
                // Only pixels near an edge need supersampling; the rest are wholly in or out.
                double dmin = 1e30;
                for (auto& s : ring)
                    dmin = std::min(dmin, seg_dist2(s, cx, cy, nullptr));
                float cover;
                if (dmin > 0.75 * 0.75) {
                    cover = inside(ring, cx, cy) ? 1.f : 0.f;
                } else {
                    int k = 0;
                    for (int j = 0; j < kSub; ++j)
                        for (int i = 0; i < kSub; ++i)
                            k += inside(ring, x + (i + 0.5) / kSub, y + (j + 0.5) / kSub);
                    cover = float(k) / (kSub * kSub);
                }
                cv.blend(x, y, p.fill, cover);
            }
            if (stroke) {
                near.clear();
                for (auto& s : segs)
                    if (seg_dist2(s, cx, cy, nullptr) < (hw + 0.75) * (hw + 0.75)) near.push_back(&s);
                if (near.empty()) continue;
                int k = 0;
                for (int j = 0; j < kSub; ++j)
                    for (int i = 0; i < kSub; ++i) {
                        const double sx = x + (i + 0.5) / kSub, sy = y + (j + 0.5) / kSub;
                        for (const Seg* s : near) {
                            double a = 0;
                            if (seg_dist2(*s, sx, sy, &a) > hw * hw) continue;
                            if (period > 0 && std::fmod(a, period) > dash) continue;
                            ++k;
                            break;
                        }
                    }
                cv.blend(x, y, p.stroke, float(k) / (kSub * kSub));
            }
        }
}

float sample_alpha(const GlyphAtlas& a, float u, float v) {
    // Bilinear, texel centres at half-integers.
    const float x = u * a.width - 0.5f, y = v * a.height - 0.5f;
    const int ix = int(std::floor(x)), iy = int(std::floor(y));
    const float fx = x - ix, fy = y - iy;
    auto at = [&](int px, int py) -> float {
        if (px < 0 || py < 0 || px >= a.width || py >= a.height) return 0;
        return a.alpha[size_t(py) * a.width + px] / 255.f;
    };
    return (at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx) * (1 - fy) +
           (at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx) * fy;
}

void draw_text(Canvas& cv, const IconText& item, const geo::Bbox& b, float scale, const GlyphAtlas& atlas) {
    IconText t = item;
    t.text = clip_label(item.text);
    const float size_px = t.size * scale;
    const Font& f = atlas.nearest(size_px);
    const float k = size_px / f.size_px;
    const float w = f.text_width(t.text) * k, h = (f.ascent - f.descent) * k;
    const float ox = float((t.pos.x - b.minx) * scale + kPad) - w * t.anchor_x;
    const float oy = float((t.pos.y - b.miny) * scale + kPad) - h * t.anchor_y;
    auto pass = [&](Rgba colour, float dx, float dy) {
        float x = ox;
        for (size_t i = 0; i < t.text.size();) {
            const Glyph* g = f.find(next_codepoint(t.text, i));
            if (!g) continue;
            const float gx0 = x + g->x0 * k + dx, gy0 = oy + g->y0 * k + dy;
            const float gx1 = x + g->x1 * k + dx, gy1 = oy + g->y1 * k + dy;
            for (int py = int(std::floor(gy0)); py < int(std::ceil(gy1)); ++py)
                for (int px = int(std::floor(gx0)); px < int(std::ceil(gx1)); ++px) {
                    const float fu = (px + 0.5f - gx0) / (gx1 - gx0), fv = (py + 0.5f - gy0) / (gy1 - gy0);
                    if (fu < 0 || fu > 1 || fv < 0 || fv > 1) continue;
                    cv.blend(px, py, colour,
                             sample_alpha(atlas, g->u0 + fu * (g->u1 - g->u0), g->v0 + fv * (g->v1 - g->v0)));
                }
            x += g->advance * k;
        }
    };
    if (t.halo.a > 0) {
        const float r = std::max(1.0f, size_px / 9.f);
        for (int d = 0; d < 8; ++d)
            pass(t.halo, std::round(std::cos(d * 0.785398f) * r), std::round(std::sin(d * 0.785398f) * r));
    }
    pass(t.colour, 0, 0);
}

} // namespace

IconImage rasterize_icon(const IconDrawing& d, float scale, const GlyphAtlas* glyphs) {
    IconImage img;
    const geo::Bbox& b = d.bounds;
    img.width = int(std::ceil(b.width() * scale + 2 * kPad));
    img.height = int(std::ceil(b.height() * scale + 2 * kPad));
    Canvas cv{img.width, img.height, std::vector<float>(size_t(img.width) * img.height * 4, 0.f)};
    for (const auto& p : d.paths)
        draw_path(cv, p, b, scale);
    if (glyphs && glyphs->width > 0)
        for (const auto& t : d.texts)
            draw_text(cv, t, b, scale, *glyphs);
    img.rgba.resize(cv.px.size());
    for (size_t i = 0; i < cv.px.size(); ++i)
        img.rgba[i] = uint8_t(std::clamp(cv.px[i], 0.f, 1.f) * 255.f + 0.5f);
    img.anchor_x = float((d.anchor.x - b.minx) * scale + kPad);
    img.anchor_y = float((d.anchor.y - b.miny) * scale + kPad);
    return img;
}

IconAtlas pack_icons(const std::vector<IconImage>& images, int max_width) {
    IconAtlas a;
    a.entries.resize(images.size());
    std::vector<size_t> order(images.size());
    std::iota(order.begin(), order.end(), 0);
    // Tallest first keeps shelves tight.
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t x, size_t y) { return images[x].height > images[y].height; });
    int x = 1, y = 1, shelf = 0, width = 1;
    for (size_t i : order) {
        const IconImage& im = images[i];
        if (x + im.width + 1 > max_width && x > 1) {
            y += shelf + 1, x = 1, shelf = 0;
        }
        a.entries[i] = {x, y, im.width, im.height, im.anchor_x, im.anchor_y};
        x += im.width + 1;
        width = std::max(width, x);
        shelf = std::max(shelf, im.height);
    }
    a.width = std::max(1, width);
    a.height = std::max(1, y + shelf + 1);
    a.rgba.assign(size_t(a.width) * a.height * 4, 0);
    for (size_t i = 0; i < images.size(); ++i) {
        const auto& e = a.entries[i];
        for (int r = 0; r < e.h; ++r)
            std::copy_n(&images[i].rgba[size_t(r) * e.w * 4], size_t(e.w) * 4,
                        &a.rgba[(size_t(e.y + r) * a.width + e.x) * 4]);
    }
    return a;
}

namespace {

// Icons are rasterised premultiplied; PNG wants straight alpha.
std::vector<uint8_t> straight_alpha(const IconImage& img) {
    std::vector<uint8_t> straight = img.rgba;
    for (size_t i = 0; i + 3 < straight.size(); i += 4) {
        const float a = straight[i + 3] / 255.f;
        if (a <= 0) continue;
        for (int c = 0; c < 3; ++c)
            straight[i + c] = uint8_t(std::min(255.f, straight[i + c] / a + 0.5f));
    }
    return straight;
}

} // namespace

bool write_icon_png(const std::string& path, const IconImage& img) {
    return write_png(path, img.width, img.height, straight_alpha(img));
}

std::vector<unsigned char> icon_png_bytes(const IconImage& img) {
    return png_bytes(img.width, img.height, straight_alpha(img));
}

} // namespace entente::render
