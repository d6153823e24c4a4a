#include "core/draw_plan.hpp"

#include <algorithm>

namespace incimap::core {

namespace {
constexpr double kEstimateCellPx = 64.0; // cells the estimate counts in
} // namespace

bool instancing_affordable(std::size_t instances, const DrawCosts& costs) {
    return costs.per_instance_s * static_cast<double>(instances) <= kInstancedUploadLimitS;
}

DrawEstimate estimate_draw(const SpatialIndex& index, std::size_t instances, const MapBox& view,
                           double units_per_px, const TimeWindow& window, const DrawCosts& costs) {
    DrawEstimate e;
    if (!index.empty()) {
        const int level = index.level_for(units_per_px, kEstimateCellPx);
        // The plan draws at most one point per ≈ 8-px cell: 64 of them in a 64-px cell.
        const double cell_px = index.cell_size(level) / units_per_px;
        const auto max_points = static_cast<std::size_t>(
            std::max(1.0, (cell_px / SpatialIndex::kCellPx) * (cell_px / SpatialIndex::kCellPx)));
        index.walk(level, view,
                   [&](std::uint32_t cx, std::uint32_t cy, std::uint32_t b, std::uint32_t en) {
                       const std::size_t n = index.count(level, {cx, cy, b, en}, window);
                       e.shown += n;
                       e.points += std::min(n, max_points);
                   });
    }
    e.instanced_s = costs.per_instance_s * static_cast<double>(instances) +
                    costs.per_marker_s * static_cast<double>(e.shown);
    e.plan_s = costs.per_point_s * static_cast<double>(e.points);
    return e;
}

DrawPath choose_draw_path(const DrawEstimate& e, std::size_t instances, DrawPath previous) {
    if (instances == 0)
        return DrawPath::Plan;
    // Every incident its own marker when that costs little more than the plan: a difference,
    // since both pay for the markers they fill and both costs scale with the machine's load.
    if (e.instanced_s - e.plan_s <= kInstancedBudgetS)
        return DrawPath::Instanced;
    if (previous == DrawPath::Instanced)
        return e.plan_s * kSwitchRatio < e.instanced_s ? DrawPath::Plan : DrawPath::Instanced;
    return e.instanced_s * kSwitchRatio < e.plan_s ? DrawPath::Instanced : DrawPath::Plan;
}

FrameDraw plan_frame(const SpatialIndex& index, std::size_t instances, const MapBox& view,
                     double units_per_px, const TimeWindow& window, int selected,
                     const DrawCosts& costs, DrawPath previous, std::vector<FramePoint>& out) {
    FrameDraw f;
    f.estimate = estimate_draw(index, instances, view, units_per_px, window, costs);
    f.path = choose_draw_path(f.estimate, instances, previous);
    out.clear();
    if (f.path == DrawPath::Instanced) {
        f.primitives = instances;
        return f;
    }
    f.plan = index.plan(view, units_per_px, window, selected, out);
    f.primitives = out.size();
    return f;
}

} // namespace incimap::core
