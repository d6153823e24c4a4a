#pragma once
// The data's own lines and polygons as the renderer draws them: outlines (segment pairs),
// projected at once, and fills (triangles), which GEOS makes — repairing invalid rings under
// geo::RepairBudget — in a time that grows with the ring's self-crossings, so the window
// makes them on a worker (MapScene::set_async_shapes) while the outlines are already drawn.

#include "core/camera.hpp"
#include "core/geometry.hpp"
#include "geo/projection.hpp"
#include "geo/triangulate.hpp"

#include <atomic>
#include <cstdint>
#include <vector>

namespace incimap::scene {

struct ShapeOutlines {
    std::vector<core::MapPoint> segments;        // pairs: lines and polygon rings
    std::vector<geo::ProjectedPolygon> polygons; // to fill
};

// Every shape of `stores`, projected.
ShapeOutlines project_shapes(const std::vector<const core::ShapeStore*>& stores,
                             const geo::Projection& projection);

struct ShapeFills {
    std::vector<core::MapPoint> triangles;
    std::size_t unfilled = 0;     // polygons GEOS could not triangulate or repair in time
    std::uint64_t generation = 0; // MapScene's count of shape changes, to drop stale fills
};

// Triangulates each polygon, repairs sharing one geo::RepairBudget. With `cancel` set (a
// worker's flag) it stops early, GEOS included; the partial result is then to be dropped.
ShapeFills fill_polygons(const std::vector<geo::ProjectedPolygon>& polygons,
                         const std::atomic<bool>* cancel = nullptr);

} // namespace incimap::scene
