// Turns WGS84 features into render data for one projection: done once per projection change (or at load, off
// the UI thread), never per frame.
#pragma once
#include "geo/features.hpp"
#include "geo/projection.hpp"
#include "render/scene.hpp"

#include <functional>
#include <map>

namespace entente::app {

struct ProjectedGeometry {
    render::FillMesh fill;
    render::LineStrips lines; // line features and polygon outlines
    render::PointCloud points;
    size_t outside = 0; // vertices outside the projection's domain (not drawn)
};

// A layer's points projected while the layer loads (geo::LoadOptions::on_points): the loading thread projects
// each run of new points while GDAL's reading thread reads ahead, and project_layer takes them as they are.
class PointProjector {
  public:
    explicit PointProjector(const geo::Projection& proj) : proj_(proj) {}
    // For LoadOptions::on_points: projects layer.points [from, to).
    void add(const geo::VectorLayer& layer, size_t from, size_t to);
    // Points of `layer` projected and not yet taken by project_layer.
    size_t projected(const geo::VectorLayer& layer) const {
        const auto it = layers_.find(&layer);
        return it == layers_.end() ? 0 : it->second.done;
    }
    // What geo::LoadOptions::on_points calls: nothing for projections through PROJ, whose set-up per call
    // would cost more on the loading thread than projecting the whole layer across the cores afterwards.
    std::function<void(const geo::VectorLayer&, size_t, size_t)> callback() {
        if (!proj_.closed_form()) return {};
        return [this](const geo::VectorLayer& l, size_t from, size_t to) { add(l, from, to); };
    }

  private:
    friend ProjectedGeometry project_layer(const geo::VectorLayer&, const geo::Projection&, PointProjector*);
    struct Layer {
        render::PointCloud points;
        size_t done = 0, outside = 0;
    };
    const geo::Projection& proj_;
    std::map<const geo::VectorLayer*, Layer> layers_;
};

// With `ready`, a layer's points projected during its load are taken from it (the same floats) when all of
// them were.
ProjectedGeometry project_layer(const geo::VectorLayer& layer, const geo::Projection& proj,
                                PointProjector* ready = nullptr);

} // namespace entente::app
