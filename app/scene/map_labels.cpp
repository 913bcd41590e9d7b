// The last stage of MapScene::draw: unit symbols and every text on the map through one placement engine
// (render/labels.hpp). Order of claim is the order of importance: the frame and legends, symbols and
// markers, the mission's units with their amplifiers, then labels by priority (mission > operations >
// places > graticule). What could not be placed is in label_report().
#include "map_scene.hpp"

namespace entente::app {

void MapScene::draw_labels(render::Renderer& r, const render::View& view, bool reference_on,
                           const std::vector<const render::LabelCandidate*>& places,
                           const std::vector<render::TextItem>& grid_text) {
    render::LabelPlacer placer(view, r.glyph_atlas(), 3);
    for (const auto& b : legend_boxes_)
        placer.add_obstacle(render::ScreenBox::of(b), render::LabelClass::Legend, "legend");
    if (briefing.on)
        for (const auto& b : slide_frame_boxes(view, *projection_, briefing, r.glyph_atlas()))
            placer.add_obstacle(b, render::LabelClass::Frame, "slide frame");
    if (reference_on) reference_layer_.add_obstacles(view, placer);
    mission_layer_.place_units(view, placer);
    // In the window, the panels docked over the map's sides hide what lies under them: labels keep clear
    // of them (units stay on their places under a panel, as the map itself does).
    const double W = view.width, H = view.height;
    if (legend_margin_left > 0)
        placer.add_obstacle({-1, -1, legend_margin_left, H + 1}, render::LabelClass::Panel, "panels");
    if (legend_margin_right > 0)
        placer.add_obstacle({W - legend_margin_right, -1, W + 1, H + 1}, render::LabelClass::Panel, "panels");
    if (legend_margin_bottom > 0)
        placer.add_obstacle({-1, H - legend_margin_bottom, W + 1, H + 1}, render::LabelClass::Panel,
                            "panels");

    std::vector<const render::LabelCandidate*> cands;
    mission_layer_.label_candidates(cands);
    if (reference_on) reference_layer_.label_candidates(cands);
    for (auto& l : layers_) {
        if (!l->visible || !l->vector || l->style.label_field.empty()) continue;
        build_labels(*l);
        for (auto& c : l->labels)
            cands.push_back(&c);
    }
    cands.insert(cands.end(), places.begin(), places.end());
    placer.place(std::move(cands));
    // Degree and grid labels sit where their lines meet the edge: they give way to everything else.
    for (const auto& t : grid_text)
        placer.place_fixed(t, render::LabelClass::Graticule);

    const float pr = view.pixel_ratio;
    for (const auto& l : placer.leaders()) {
        r.draw_screen_lines(l, {1, 1, 1, 0.8f}, 3.2f * pr);
        r.draw_screen_lines(l, {0.15f, 0.15f, 0.18f, 0.9f}, 1.2f * pr);
    }
    // A town is a dot with its name: only towns whose name found room get a dot.
    for (const auto& e : placer.report().placed) {
        if (e.what != render::LabelClass::Town) continue;
        std::vector<geo::XY> ring;
        for (int k = 0; k <= 12; ++k)
            ring.push_back(
                {e.anchor.x + 1.6 * pr * std::cos(k * 0.5236), e.anchor.y + 1.6 * pr * std::sin(k * 0.5236)});
        r.draw_screen_lines(ring, {1, 1, 1, 0.9f}, 3.6f * pr);
        r.draw_screen_lines(ring, {0.25f, 0.22f, 0.2f, 1}, 2.2f * pr);
    }
    mission_layer_.draw_units(r, view);
    r.draw_text(placer.text());
    label_report_ = placer.report();
}

} // namespace entente::app
