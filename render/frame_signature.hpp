// A frame's signature (Renderer::frame_signature): a hash of what the frame was asked to draw. On a software
// rasteriser a full map frame costs tens of milliseconds to seconds, and a window redraws after every hover
// or key in its panels; with the signature it can tell that the map would come out the same and show the
// frame it kept instead.
#pragma once
#include "scene.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace entente::render {

// FNV-1a, 64 bits: fast on short inputs, and a frame is a few hundred of them.
class FrameSigner {
  public:
    void reset() { h_ = kOffset; }
    uint64_t value() const { return h_; }

    void bytes(const void* p, size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < n; ++i)
            h_ = (h_ ^ b[i]) * kPrime;
    }
    template <class T>
    requires std::is_arithmetic_v<T> || std::is_enum_v<T>
    void add(T v) { bytes(&v, sizeof v); }
    void add(const std::string& s) {
        add(s.size());
        bytes(s.data(), s.size());
    }
    void add(const Rgba& c) { add(c.r), add(c.g), add(c.b), add(c.a); }
    void add(const geo::XY& p) { add(p.x), add(p.y); }
    void add(const View& v) {
        add(v.center), add(v.units_per_px), add(v.width), add(v.height), add(v.world_width);
        add(v.pixel_ratio), add(v.background);
    }
    void add(const FillStyle& s) { add(s.colour), add(s.by_feature), add(s.hatch_px), add(s.skip_subpixel); }
    void add(const LineStyle& s) { add(s.colour), add(s.width_px), add(s.by_feature), add(s.dash_px); }
    void add(const PointStyle& s) {
        add(s.fill), add(s.outline), add(s.size_px), add(s.outline_px), add(s.shape), add(s.by_feature);
        add(s.size_by_feature);
    }
    void add(const RasterStyle& s) {
        add(s.min), add(s.max), add(s.opacity), add(s.ramp.size());
        for (const Rgba& c : s.ramp)
            add(c);
        add(s.nodata), add(s.threshold);
    }
    void add(const TextItem& t) {
        add(t.text), add(t.pos), add(t.size_px), add(t.colour), add(t.halo), add(t.anchor_x), add(t.anchor_y);
    }

  private:
    static constexpr uint64_t kOffset = 14695981039346656037ull, kPrime = 1099511628211ull;
    uint64_t h_ = kOffset;
};

} // namespace entente::render
