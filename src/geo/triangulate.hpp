#pragma once
// Polygon triangulation in projected space (GEOS constrained Delaunay), done once when a
// layer is loaded so that each frame draws plain triangles.

#include "core/camera.hpp"

#include <span>
#include <vector>

namespace incimap::geo {

// One polygon: rings[0] is the shell, the rest are holes; each ring closed or not.
struct ProjectedPolygon {
    std::vector<std::vector<core::MapPoint>> rings;
};

// Appends triangles (3 points each) covering `polygon` to `out`. Returns false (appending
// nothing) when GEOS cannot triangulate it, e.g. a self-intersecting ring.
bool triangulate(const ProjectedPolygon& polygon, std::vector<core::MapPoint>& out);

} // namespace incimap::geo
