#pragma once
// How a frame draws its incidents, decided per frame from what it shows and what drawing costs
// on this GPU (measured by the renderer at start-up), never from the table's size alone:
//
//   instanced: every incident of the table is one instance; the GPU tests the time window, so
//              a frame costs per_instance × table + per_marker × shown (cheap on a hardware
//              GPU, ≈ 0.25 µs per instance on llvmpipe even when culled);
//   plan:      the spatial index's frame plan (core/spatial_index.hpp): one point per occupied
//              screen cell, its incidents where they are few, one aggregate where they crowd,
//              uploaded per frame: per_point × points, bounded by the screen's cells.
//
// Where incidents are sparse both draw the same markers at the same pixels, so the picture
// does not jump when the way of drawing changes; only crowds differ (one aggregate marker
// instead of a pile). The choice keeps the previous path unless the other is clearly cheaper.

#include "core/camera.hpp"
#include "core/spatial_index.hpp"
#include "core/time_window.hpp"

#include <cstddef>
#include <vector>

namespace incimap::core {

enum class DrawPath { Instanced, Plan };

// Seconds per primitive, measured on the GPU in use (render::measure_draw_costs).
struct DrawCosts {
    double per_instance_s = 0.25e-6; // each instance of the table, culled or not
    double per_marker_s = 1.0e-6;    // each marker the instanced path puts on screen
    double per_point_s = 1.5e-6;     // each point of the plan (upload, setup and fill)
};

// Within this of the plan's cost the instanced frame keeps every incident's own marker even
// where they crowd (a hardware GPU draws millions of instances in that time).
inline constexpr double kInstancedBudgetS = 0.004;
// A table is uploaded as instances only when drawing it that way could ever be chosen.
inline constexpr double kInstancedUploadLimitS = 4 * kInstancedBudgetS;
// The other path must be this much cheaper before a frame switches to it.
inline constexpr double kSwitchRatio = 1.3;

struct DrawEstimate {
    std::size_t shown = 0;  // incidents in view and in the window (upper bound)
    std::size_t points = 0; // the plan's points (upper bound)
    double instanced_s = 0; // estimated incident draw time of each path
    double plan_s = 0;
};

// Whether a table of `instances` is worth uploading as instances on this GPU.
bool instancing_affordable(std::size_t instances, const DrawCosts& costs);

// What each path would cost for this view and window: the index is walked at cells of about
// 64 px (a few hundred on a screen), counting what each shows by binary search.
DrawEstimate estimate_draw(const SpatialIndex& index, std::size_t instances, const MapBox& view,
                           double units_per_px, const TimeWindow& window, const DrawCosts& costs);

// The path for this frame: `instances` == 0 (none uploaded) is always the plan.
DrawPath choose_draw_path(const DrawEstimate& estimate, std::size_t instances,
                          DrawPath previous);

// One frame's incidents: the path, and for the plan its points in `out`.
struct FrameDraw {
    DrawPath path = DrawPath::Plan;
    std::size_t primitives = 0; // instances drawn (the whole table) or plan points
    DrawEstimate estimate;
    FramePlanStats plan;
};
FrameDraw plan_frame(const SpatialIndex& index, std::size_t instances, const MapBox& view,
                     double units_per_px, const TimeWindow& window, int selected,
                     const DrawCosts& costs, DrawPath previous, std::vector<FramePoint>& out);

} // namespace incimap::core
