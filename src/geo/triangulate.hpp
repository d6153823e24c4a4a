#pragma once
// Polygon triangulation in projected space (GEOS constrained Delaunay), done once when a
// layer is loaded so that each frame draws plain triangles.

#include "core/camera.hpp"

#include <atomic>
#include <span>
#include <vector>

namespace incimap::geo {

// One polygon: rings[0] is the shell, the rest are holes; each ring closed or not.
struct ProjectedPolygon {
    std::vector<std::vector<core::MapPoint>> rings;
};

// Seconds that repairing invalid polygons (GEOSMakeValid, then triangulating what it made)
// may take, shared by the polygons of one scene. A ring that crosses itself n²/4 times (a
// star of n vertices) took GEOS 3.11 5.7 s at n = 51 and 45 s at n = 101, and gigabytes at a
// few thousand; a self-touching coastline takes milliseconds. A repair that runs out of it is
// stopped (GEOS's interrupt) and the polygon is drawn as its outline only.
struct RepairBudget {
    double seconds_left = 1.0;
    // A worker's cancel flag: once set, GEOS is interrupted (a valid polygon's triangulation
    // too) and triangulate() fails at once. The window's fills run on a worker (MapScene).
    const std::atomic<bool>* cancel = nullptr;
};
// One polygon alone, when no budget is passed.
inline constexpr double kMaxRepairOfOnePolygon_s = 0.25;

// Appends triangles (3 points each) covering `polygon` to `out`. Returns false (appending
// nothing) when GEOS cannot triangulate it, e.g. a self-intersecting ring that it could not
// repair, or not within the budget (which the repair's time is taken from).
bool triangulate(const ProjectedPolygon& polygon, std::vector<core::MapPoint>& out,
                 RepairBudget* budget = nullptr);

} // namespace incimap::geo
