// Turns WGS84 features into render data for one projection: done once per projection change (or at load, off
// the UI thread), never per frame.
#pragma once
#include "geo/features.hpp"
#include "geo/projection.hpp"
#include "render/scene.hpp"

namespace entente::app {

struct ProjectedGeometry {
    render::FillMesh fill;
    render::LineStrips lines; // line features and polygon outlines
    render::PointCloud points;
    size_t outside = 0; // vertices outside the projection's domain (not drawn)
};

ProjectedGeometry project_layer(const geo::VectorLayer& layer, const geo::Projection& proj);

} // namespace entente::app
