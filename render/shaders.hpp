// GLSL sources. Positions arrive in map units; u_center is split into high and low floats so subtracting the
// centre keeps precision near the far side of a Web Mercator world.
#pragma once

namespace entente::render::shaders {

inline constexpr const char* kCommon = R"(#version 330 core
uniform vec2 u_center_hi;
uniform vec2 u_center_lo;
uniform float u_upp;      // map units per framebuffer pixel
uniform vec2 u_viewport;  // framebuffer pixels
vec2 map_to_px(vec2 p) { return ((p - u_center_hi) - u_center_lo) / u_upp; }
vec4 px_to_clip(vec2 px) { return vec4(px * 2.0 / u_viewport, 0.0, 1.0); }
uniform int u_by_feature;
uniform vec4 u_colour;
uniform sampler2D u_table;
uniform int u_highlight;
uniform vec4 u_highlight_colour;
const vec4 kDropped = vec4(2.0, 2.0, 2.0, 1.0); // outside the clip volume: the primitive is culled
vec4 feature_colour(uint f) {
    vec4 c = u_colour;
    if (u_by_feature != 0) c = texelFetch(u_table, ivec2(int(f % 4096u), int(f / 4096u)), 0);
    if (int(f) == u_highlight) c = u_highlight_colour;
    return c;
}
)";

inline constexpr const char* kFillVS = R"(
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;
out vec4 v_colour;
void main() {
    v_colour = feature_colour(a_feature);
    gl_Position = px_to_clip(map_to_px(a_pos));
    // A transparent feature (a state not in the alliance) draws nothing: its triangles are dropped whole
    // (every vertex of one belongs to one feature) rather than rasterised and blended to no effect.
    if (v_colour.a <= 0.0) gl_Position = kDropped;
}
)";

// u_hatch > 0 draws diagonal stripes that far apart (framebuffer pixels) instead of a solid fill, so a second
// fill over a first stays readable where both apply.
inline constexpr const char* kFillFS = R"(#version 330 core
in vec4 v_colour;
uniform float u_opacity;
uniform float u_hatch;
uniform vec2 u_pattern; // moved with the map by a pan that moves the kept image (Renderer::draw_underlay)
out vec4 o_colour;
void main() {
    float a = v_colour.a * u_opacity;
    if (u_hatch > 0.0) {
        vec2 at = gl_FragCoord.xy - u_pattern;
        float d = mod(at.x + at.y, u_hatch);
        float w = u_hatch * 0.3;
        a *= clamp(w * 0.5 - abs(d - w * 0.5) + 0.5, 0.0, 1.0);
        if (a <= 0.0) discard;
    }
    o_colour = vec4(v_colour.rgb, a);
}
)";

// Each instance is one segment of a strip, expanded to a quad around it; the fragment shader keeps the pixels
// within half the width of the segment (a capsule), which gives round joins and caps with antialiasing.
inline constexpr const char* kLineVS = R"(
layout(location = 0) in vec2 a_p0;
layout(location = 1) in uint a_f0;
layout(location = 2) in vec2 a_p1;
uniform float u_width;
out vec2 v_local;
out float v_len;
out vec4 v_colour;
void main() {
    v_colour = feature_colour(a_f0);
    // A break between strips, or a transparent feature's segment: nothing to draw, and nothing to mark in
    // the stencil that keeps a translucent outline to one coverage a pixel.
    if (isnan(a_p0.x) || isnan(a_p1.x) || v_colour.a <= 0.0) { gl_Position = kDropped; return; }
    vec2 s0 = map_to_px(a_p0), s1 = map_to_px(a_p1);
    vec2 d = s1 - s0;
    float len = length(d);
    vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
    vec2 nrm = vec2(-dir.y, dir.x);
    float hw = u_width * 0.5 + 1.0;
    int id = gl_VertexID; // a 4-vertex strip: (start, right), (end, right), (start, left), (end, left)
    float t = float(id & 1);
    float side = (id & 2) != 0 ? 1.0 : -1.0;
    vec2 pos = mix(s0, s1, t) + dir * (t * 2.0 - 1.0) * hw + nrm * side * hw;
    v_local = vec2(dot(pos - s0, dir), dot(pos - s0, nrm));
    v_len = len;
    gl_Position = px_to_clip(pos);
}
)";

inline constexpr const char* kLineFS = R"(#version 330 core
in vec2 v_local;
in float v_len;
in vec4 v_colour;
uniform float u_width;
uniform float u_opacity;
out vec4 o_colour;
void main() {
    float along = clamp(v_local.x, 0.0, v_len);
    float dist = length(vec2(v_local.x - along, v_local.y));
    float a = clamp(u_width * 0.5 + 0.5 - dist, 0.0, 1.0);
    if (a <= 0.0) discard;
    o_colour = vec4(v_colour.rgb, v_colour.a * a * u_opacity);
}
)";

// Built twice: with SPRITE defined, one GL_POINTS vertex a symbol, its centre and size passed flat (each
// varying costs llvmpipe setup work and bin memory per primitive); without, an instanced 4-vertex strip.
inline constexpr const char* kPointVS = R"(
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;
uniform float u_size;
uniform int u_size_by_feature;
uniform sampler2D u_sizes;  // per-feature size factors (R32F), e.g. symbols scaled by personnel
#ifdef SPRITE
uniform float u_guard;      // pixels the viewport reaches beyond the framebuffer on each side
flat out vec3 v_centre_size; // the symbol's centre in window pixels, and its size
flat out vec4 v_colour;
#else
out vec2 v_local;
out vec4 v_colour;
out float v_size;
#endif
void main() {
    float size = u_size;
    if (u_size_by_feature != 0)
        size *= texelFetch(u_sizes, ivec2(int(a_feature % 4096u), int(a_feature / 4096u)), 0).r;
    float half_size = size * 0.5 + 1.0; // every shape lies within size / 2; a pixel covers half a pixel more
    v_colour = feature_colour(a_feature);
    // A transparent colour or a zero size hides the symbol (states not in the alliance): dropped here, before
    // the rasteriser, not fragment by fragment.
    if (size <= 0.0 || v_colour.a <= 0.0) { gl_Position = kDropped; gl_PointSize = 1.0; return; }
#ifdef SPRITE
    vec2 px = map_to_px(a_pos);
    v_centre_size = vec3(px + 0.5 * u_viewport, size); // the viewport starts at the framebuffer's corner
    gl_PointSize = 2.0 * half_size;
    gl_Position = vec4(px * 2.0 / (u_viewport + 2.0 * u_guard), 0.0, 1.0);
#else
    v_size = size;
    int id = gl_VertexID; // a 4-vertex strip
    vec2 corner = vec2((id & 1) != 0 ? 1.0 : -1.0, (id & 2) != 0 ? 1.0 : -1.0);
    v_local = corner * half_size;
    gl_Position = px_to_clip(map_to_px(a_pos) + v_local);
#endif
}
)";

inline constexpr const char* kPointFS = R"(
#ifdef SPRITE
flat in vec3 v_centre_size;
flat in vec4 v_colour;
#else
in vec2 v_local;
in vec4 v_colour;
in float v_size;
#endif
uniform float u_outline;
uniform vec4 u_outline_colour;
uniform int u_shape;
uniform float u_opacity;
out vec4 o_colour;
float sdf(vec2 p, float r) {
    if (u_shape == 1) { vec2 q = abs(p) - vec2(r * 0.85); return max(q.x, q.y); }
    if (u_shape == 2) {  // equilateral triangle, point up (screen y is up here)
        const float k = 1.7320508;
        p.y += r * 0.25;
        p.x = abs(p.x) - r;
        p.y = p.y + r / k;
        if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
        p.x -= clamp(p.x, -2.0 * r, 0.0);
        return -length(p) * sign(p.y);
    }
    if (u_shape == 3) return (abs(p.x) + abs(p.y) - r) * 0.7071;
    if (u_shape == 4) {
        vec2 q = abs(p);
        float w = r * 0.3;
        return min(max(q.x - r, q.y - w), max(q.x - w, q.y - r));
    }
    return length(p) - r;
}
void main() {
#ifdef SPRITE
    float r = v_centre_size.z * 0.5;
    // A sprite's offset from its centre, in pixels, as the strip's interpolated corner gives it; from the
    // window position, so it does not hang on GL_POINT_SPRITE_COORD_ORIGIN.
    vec2 local = gl_FragCoord.xy - v_centre_size.xy;
#else
    float r = v_size * 0.5;
    vec2 local = v_local;
#endif
    if (r <= 0.0 || v_colour.a <= 0.0) discard; // also dropped in the vertex shader; a sprite's is flat
    float d = sdf(local, r);
    float cover = clamp(0.5 - d, 0.0, 1.0);
    if (cover <= 0.0) discard;
    float inner = clamp(0.5 - (d + u_outline), 0.0, 1.0);
    // Symbols are opaque whatever the layer's fill transparency; layer opacity still applies.
    vec4 c = mix(u_outline_colour, vec4(v_colour.rgb, 1.0), u_outline > 0.0 ? inner : 1.0);
    o_colour = vec4(c.rgb, c.a * cover * u_opacity);
}
)";

inline constexpr const char* kRasterVS = R"(
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
out vec2 v_uv;
void main() {
    v_uv = a_uv;
    gl_Position = px_to_clip(map_to_px(a_pos));
}
)";

inline constexpr const char* kRasterFS = R"(#version 330 core
in vec2 v_uv;
uniform sampler2D u_tex;
uniform sampler2D u_ramp;
uniform int u_rgba;
uniform vec4 u_nodata;
uniform float u_min;
uniform float u_max;
uniform float u_opacity;
uniform float u_threshold;  // risk emphasis: cells at or above it opaque and striped, below it faded; NaN: off
uniform vec2 u_pattern;     // as the fill's: moved with the map by a pan that moves the kept image
out vec4 o_colour;
void main() {
    if (u_rgba != 0) {
        vec4 c = texture(u_tex, v_uv);
        o_colour = vec4(c.rgb, c.a * u_opacity);
        return;
    }
    float v = texture(u_tex, v_uv).r;
    if (v > 1e37) {  // nodata sentinel
        if (u_nodata.a <= 0.0) discard;
        o_colour = vec4(u_nodata.rgb, u_nodata.a * u_opacity);
        return;
    }
    float t = clamp((v - u_min) / max(u_max - u_min, 1e-30), 0.0, 1.0);
    vec4 c = texture(u_ramp, vec2(t, 0.5));
    float a = c.a * u_opacity;
    if (!isnan(u_threshold)) {
        if (v >= u_threshold) {
            a = c.a;
            // Dark diagonal stripes mark the cells above the threshold even where the ramp is already dark.
            vec2 at = gl_FragCoord.xy - u_pattern;
            if (mod(at.x - at.y, 8.0) < 1.6) c.rgb *= 0.35;
        } else {
            a *= 0.45;
        }
    }
    o_colour = vec4(c.rgb, a);
}
)";

// Icons from an atlas (unit symbols): one quad per instance at a map position, texels drawn 1:1 on whole
// pixels so rasterized symbols stay crisp. The atlas holds premultiplied colour.
inline constexpr const char* kIconVS = R"(
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_rect;   // x, y, w, h in atlas pixels
layout(location = 2) in vec2 a_anchor; // pixels from the image's top-left
uniform vec2 u_atlas_size;
out vec2 v_uv;
void main() {
    if (isnan(a_pos.x)) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); return; }
    int id = gl_VertexID;
    vec2 corner = vec2((id == 1 || id == 2 || id == 4) ? 1.0 : 0.0, (id == 2 || id == 4 || id == 5) ? 1.0 : 0.0);
    vec2 half_vp = 0.5 * u_viewport;
    vec2 origin = floor(map_to_px(a_pos) + half_vp + 0.5) - half_vp; // on a pixel corner
    vec2 top_left = origin + vec2(-floor(a_anchor.x + 0.5), floor(a_anchor.y + 0.5));
    vec2 px = top_left + vec2(corner.x * a_rect.z, -corner.y * a_rect.w);
    v_uv = (a_rect.xy + corner * a_rect.zw) / u_atlas_size;
    gl_Position = px_to_clip(px);
}
)";

inline constexpr const char* kIconFS = R"(#version 330 core
in vec2 v_uv;
uniform sampler2D u_icons;
uniform float u_opacity;
out vec4 o_colour;
void main() {
    vec4 t = texture(u_icons, v_uv);
    if (t.a <= 0.0) discard;
    o_colour = vec4(t.rgb / t.a, t.a * u_opacity);
}
)";

// Screen-space overlays: framebuffer pixels, y down; optional alpha texture (glyphs).
inline constexpr const char* kScreenVS = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;
uniform vec2 u_viewport;
out vec2 v_uv;
out vec4 v_colour;
void main() {
    v_uv = a_uv;
    v_colour = a_colour;
    gl_Position = vec4(a_pos.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_pos.y / u_viewport.y * 2.0, 0.0, 1.0);
}
)";

inline constexpr const char* kScreenFS = R"(#version 330 core
in vec2 v_uv;
in vec4 v_colour;
uniform sampler2D u_atlas;
uniform int u_use_tex; // 0 colour, 1 glyph coverage from the atlas, 2 a line: v_uv = (half width, distance),
                       // 3 an RGBA image (the captured frame)
out vec4 o_colour;
void main() {
    if (u_use_tex == 3) { o_colour = vec4(texture(u_atlas, v_uv).rgb, 1.0); return; }
    float a = 1.0;
    if (u_use_tex == 1) a = texture(u_atlas, v_uv).r;
    else if (u_use_tex == 2) a = clamp(v_uv.x + 0.5 - abs(v_uv.y), 0.0, 1.0);
    o_colour = vec4(v_colour.rgb, v_colour.a * a);
}
)";

// A label's halo in one pass: one quad a glyph, grown by the halo's reach, that takes the glyph's coverage at
// eight offsets (the directions of a compass rose, whole pixels, rounded on the CPU as they always were) and
// blends them as the eight offset copies would have been blended one over another: 1 - (1 - a1)(1 - a2)...
// A copy covered the pixels whose centres lie in its quad; the same test here keeps each copy's pixels. A
// software rasteriser pays for every covered pixel of every copy; here each pixel is covered once.
inline constexpr const char* kHaloVS = R"(#version 330 core
layout(location = 0) in vec2 a_pos;          // framebuffer pixels, y down
layout(location = 1) in vec2 a_origin;       // the glyph quad's top-left corner, the same
layout(location = 2) in vec4 a_colour;
layout(location = 3) in vec4 a_uv_step;      // the glyph's atlas position at that corner; atlas units a pixel
layout(location = 4) in vec2 a_size;         // the glyph quad's size in pixels
layout(location = 5) in vec4 a_off01;        // the eight offsets, two a vector
layout(location = 6) in vec4 a_off23;
layout(location = 7) in vec4 a_off45;
layout(location = 8) in vec4 a_off67;
uniform vec2 u_viewport;
flat out vec4 v_colour, v_uv_step, v_off01, v_off23, v_off45, v_off67;
flat out vec2 v_origin, v_size;
void main() {
    v_origin = a_origin;
    v_colour = a_colour;
    v_uv_step = a_uv_step;
    v_size = a_size;
    v_off01 = a_off01, v_off23 = a_off23, v_off45 = a_off45, v_off67 = a_off67;
    gl_Position = vec4(a_pos.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_pos.y / u_viewport.y * 2.0, 0.0, 1.0);
}
)";

// The pixel's place in a copy comes from gl_FragCoord, exact at pixel centres, so a copy's edge that falls on
// a centre (glyphs a half pixel wide, or scaled) decides as the rasteriser did for the copy's quad: llvmpipe
// takes such a centre on a left or a lower edge (y down), not on a right or an upper one.
inline constexpr const char* kHaloFS = R"(#version 330 core
flat in vec4 v_colour, v_uv_step, v_off01, v_off23, v_off45, v_off67;
flat in vec2 v_origin, v_size;
uniform vec2 u_viewport;
uniform sampler2D u_atlas;
out vec4 o_colour;
vec2 at; // this pixel's centre from the glyph's corner, pixels, y down
// What a pixel shows through the copy moved by d: 1 where the copy does not cover it.
float through(vec2 d) {
    vec2 p = at - d;
    if (p.x < 0.0 || p.y <= 0.0 || p.x >= v_size.x || p.y > v_size.y) return 1.0;
    // The atlas has one level: textureLod, since an implicit level is undefined after the early return.
    return 1.0 - v_colour.a * textureLod(u_atlas, v_uv_step.xy + p * v_uv_step.zw, 0.0).r;
}
void main() {
    at = vec2(gl_FragCoord.x, u_viewport.y - gl_FragCoord.y) - v_origin;
    float clear = through(v_off01.xy) * through(v_off01.zw) * through(v_off23.xy) * through(v_off23.zw) *
                  through(v_off45.xy) * through(v_off45.zw) * through(v_off67.xy) * through(v_off67.zw);
    if (clear >= 1.0) discard;
    o_colour = vec4(v_colour.rgb, 1.0 - clear);
}
)";

} // namespace entente::render::shaders
