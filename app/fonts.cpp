#include "fonts.hpp"

#include "assets.hpp"

#include <imgui.h>

#include <algorithm>
#include <stdexcept>

namespace entente::app {

std::string font_path() {
    return asset_path("fonts/DejaVuSans.ttf");
}

render::GlyphAtlas glyph_atlas_from(ImFontAtlas& atlas) {
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&px, &w, &h);
    render::GlyphAtlas out;
    out.width = w, out.height = h;
    out.alpha.assign(px, px + size_t(w) * h);
    for (ImFont* f : atlas.Fonts) {
        render::Font rf;
        rf.size_px = f->FontSize;
        rf.ascent = f->Ascent;
        rf.descent = f->Descent;
        for (const ImFontGlyph& g : f->Glyphs) {
            // ImGui's glyph quads are relative to the top of the line; ours to the top too.
            rf.glyphs[g.Codepoint] = {g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1, g.AdvanceX};
        }
        out.fonts.push_back(std::move(rf));
    }
    std::sort(out.fonts.begin(), out.fonts.end(),
              [](const render::Font& a, const render::Font& b) { return a.size_px < b.size_px; });
    return out;
}

render::GlyphAtlas bake_map_font(float pixel_ratio) {
    ImFontAtlas atlas;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2030, 0};
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    const std::string path = font_path();
    for (float size : {11.f, 13.f, 16.f, 20.f, 26.f}) {
        if (!atlas.AddFontFromFileTTF(path.c_str(), size * pixel_ratio, &cfg, ranges))
            throw std::runtime_error(path + ": cannot load the map font");
    }
    if (!atlas.Build()) throw std::runtime_error(path + ": cannot build the font atlas");
    return glyph_atlas_from(atlas);
}

} // namespace entente::app
