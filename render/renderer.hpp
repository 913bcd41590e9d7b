// The map renderer: holds GPU buffers for each layer's geometry (uploaded once per projection change) and
// draws them for a View. Panning and zooming only change uniforms. Needs a current OpenGL 3.3 core context.
#pragma once
#include "icon.hpp"
#include "scene.hpp"

#include <functional>
#include <memory>
#include <span>

namespace entente::render {

using LayerHandle = uint32_t;

class Renderer {
  public:
    Renderer();
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Unique per instance and never reused, unlike an address: a scene whose id no longer matches is drawing
    // through a new renderer (a new GL context), so its layer handles are stale.
    uint64_t id() const { return id_; }

    LayerHandle create_layer();
    void destroy_layer(LayerHandle h);
    // skip_subpixel: whether this fill's draws will leave out polygons under a pixel
    // (FillStyle::skip_subpixel); a one-view renderer (set_single_view) then uploads only the triangles that
    // view draws.
    void set_fill(LayerHandle h, const FillMesh& mesh, bool skip_subpixel = false);
    void set_fill(LayerHandle h, FillMesh&& mesh,
                  bool skip_subpixel = false); // free to reorder its triangles
    void set_lines(LayerHandle h, const LineStrips& lines);
    void set_lines(LayerHandle h, LineStrips&& lines); // the same, free to take the strips' memory
    // one_size: every draw of these points gives them one size (PointStyle::size_by_feature off); a one-view
    // renderer then uploads only the thinned level that view draws, not the full set beside it.
    void set_points(LayerHandle h, const PointCloud& points, bool one_size = false);
    void set_raster(LayerHandle h, std::vector<RasterTile> tiles); // taken: values are made GPU-safe in place
    // Per-feature colours (RGBA8 packed), used by styles with by_feature set. Changing them re-uploads only
    // this small table, not the geometry.
    void set_feature_colours(LayerHandle h, std::span<const uint32_t> fill, std::span<const uint32_t> stroke);
    // Per-feature size factors for points (a factor of 0 hides the point).
    void set_feature_sizes(LayerHandle h, std::span<const float> factors);
    // Icons (unit symbols) from an atlas, one per instance; drawn at their atlas size in pixels.
    void set_icons(LayerHandle h, const IconAtlas& atlas, std::span<const IconInstance> instances);
    size_t gpu_bytes(LayerHandle h) const;

    void set_glyph_atlas(const GlyphAtlas& atlas);
    const GlyphAtlas& glyph_atlas() const;

    // Frame: begin clears to the background, then draws are composited in call order.
    void begin_frame(const View& view, bool clear = true);
    void draw_fill(LayerHandle h, const FillStyle& s, float opacity = 1);
    void draw_lines(LayerHandle h, const LineStyle& s, float opacity = 1);
    void draw_points(LayerHandle h, const PointStyle& s, float opacity = 1);
    void draw_raster(LayerHandle h, const RasterStyle& s);
    void draw_icons(LayerHandle h, float opacity = 1);
    // Highlight one feature (selection); -1 for none. Applies to following draws.
    void set_highlight(int64_t feature, Rgba colour);
    // Screen-space overlays in framebuffer pixels (labels, scale bar, selection marks).
    void draw_text(const std::vector<TextItem>& items);
    void draw_screen_lines(const std::vector<geo::XY>& strip, Rgba colour, float width_px);
    void draw_screen_rect(geo::XY min, geo::XY max, Rgba colour);
    void end_frame();

    // Meshes are cut into chunks with their boxes at upload, and a view draws only the chunks that can reach
    // it. Off, everything is drawn (tests compare the two).
    void set_culling(bool on);
    // Zoomed out, a layer of many points is drawn thinned to one point per cell whose diagonal is at most a
    // pixel (line_lod.hpp thin_points; levels made on first use). Off, every point is drawn.
    void set_point_thinning(bool on);
    // Points of one size are drawn as GL_POINTS sprites, one vertex each, when the driver draws them that
    // large; off, every point is an instanced quad (the path points sized per feature always take).
    void set_point_sprites(bool on);
    // A renderer that will draw one view only (`entente render`, a slide): outlines uploaded after this are
    // that view's level of detail alone, and its fill and point levels are made from the caller's data at
    // upload instead of read back from the GPU copy, so a big layer never has its full outlines or a
    // read-back copy in memory beside what is drawn. Drawn at another scale, such a layer shows this view's
    // level.
    void set_single_view(const View& view);
    bool draws_one_view() const;
    // Let a layer's fill (at every level) or its raster go, once drawn: a one-view frame draws each once,
    // and what it draws after them (outlines, points, labels, the read-back) then has that memory. A later
    // draw of that part draws nothing until it is set again.
    void drop_fill(LayerHandle h);
    void drop_raster(LayerHandle h);
    // What the frame since begin_frame was asked to draw, as a hash: its view, every draw call with its style
    // and layer, the text, and every upload and setting so far. Frames with the same signature show the same
    // pixels, so a window whose panels alone changed can show the frame it kept (capture_view) again.
    uint64_t frame_signature() const;
    // While on, frames are signed and not drawn (uploads still happen): the window learns whether the map
    // would change before paying for it.
    void set_sign_only(bool on);
    // The part of a frame that `draws` asks for (the map under the mission: basemap, reference and user
    // layers, grids), drawn, or copied from the image it left in an earlier frame that asked for the same
    // (the same signature: draw calls, styles, and each drawn layer's uploads; an upload to a layer drawn
    // after it does not count). On a software rasteriser a frame where only what is drawn after it changes
    // (a unit dragged, a route drawn, a measurement) then costs the copy and the rest, not the whole map.
    // A pan by whole pixels of a part that asks for the same at the same scale copies the image moved and
    // draws the part again only in the strips the pan uncovered (under a scissor, each strip's draws
    // narrowed to its map area); a part that drew in screen pixels (text, screen lines) is drawn whole. The
    // image is kept after every frame that draws the part whole (a copy of rows); never on a multisampled
    // framebuffer, a GPU's, or a one-view renderer. `draws` is called more than once when the image is not
    // copied as it is (signed, then drawn, once for each strip): it must ask for the same each time. Called
    // first in a frame, after begin_frame: the image replaces the whole framebuffer.
    void draw_underlay(const std::function<void()>& draws);
    // Whether the part last signed or drawn is the image's, the image is at `view`'s scale and size, a pan
    // by whole pixels away, and the strips that pan uncovers come to half the frame or less: a frame at
    // `view` asking for the same part draws the strips only (the window then draws a drag's frames instead
    // of moving its last one).
    bool underlay_moves_to(const View& view) const;
    // Off, draw_underlay always draws (tests and benchmarks compare the two). On by default.
    void set_keep_underlay(bool on);
    // What the frame so far submitted (since begin_frame), for tests and benchmarks.
    struct FrameStats {
        size_t segments = 0, points = 0, triangles = 0;
        bool underlay_reused = false;    // draw_underlay copied the image it kept
        bool underlay_moved = false;     // ...moved by a pan, and drew the strips it uncovered
        double underlay_drawn_share = 1; // of the framebuffer's pixels, what draw_underlay drew (0 to 1)
    };
    const FrameStats& frame_stats() const;

    // The last full frame kept as an image, for pan and zoom on a software rasteriser: redrawing every layer
    // there takes longer than a frame should, so while the planner drags or turns the wheel the window shows
    // this image moved and scaled to the new view, and draws in full again when the gesture pauses.
    // capture_view copies the single-sampled framebuffer bound for reading, which holds `drawn`.
    void capture_view(const View& drawn);
    bool has_captured_view() const;
    // Clears to the background and draws the captured image where its map area falls in `now`.
    void draw_captured_view(const View& now);
    void drop_captured_view();

    // A frame drawn in slices, over several window frames, for a map that takes a software rasteriser longer
    // than a window frame should (a million points: a second); the window shows the captured view meanwhile.
    // The next frame (begin_frame to end_frame) draws its GL work from piece `first` on until `budget_ms`
    // have passed, at least one piece; slice_end() then says where it stopped, kAllDrawn once nothing is
    // left. Each call must ask for the same frame (the same signature) into the same framebuffer.
    static constexpr size_t kAllDrawn = size_t(-1);
    void set_slice(size_t first, double budget_ms);
    size_t slice_end() const;
    // The pieces the last frame counted, drawn or not: with slice_end, how far a sliced frame has come.
    size_t frame_pieces() const;
    // Binds the renderer's own framebuffer, width x height, colour and stencil kept until the next call of
    // another size: the target of a frame drawn in slices. end_offscreen binds again what was bound before
    // (and drops a set_slice no frame took).
    void bind_offscreen(int width, int height);
    void end_offscreen();
    // The offscreen image, which shows `drawn`, becomes the captured view (the two trade textures: no copy).
    void capture_offscreen(const View& drawn);

    const View& view() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    uint64_t id_;
};

} // namespace entente::render
