#pragma once
// What drawing incidents costs on the GPU in use, measured once when the renderer starts: a
// few thousand instances culled and drawn, and a plan's points drawn, into a private
// 256 × 256 target with glFinish around each (≈ 10–20 ms on llvmpipe, well under 1 ms on a
// hardware GPU). core/draw_plan.hpp decides each frame's way of drawing from these.
// INCIMAP_DRAW_COSTS="INSTANCE_NS,MARKER_NS,POINT_NS" gives them instead (tests, benches).

#include "core/draw_plan.hpp"
#include "render/aggregate_layer.hpp"
#include "render/incident_layer.hpp"

#include <optional>
#include <string>

namespace incimap::render {

// The costs from INCIMAP_DRAW_COSTS, or nullopt when it is unset or not three numbers.
std::optional<core::DrawCosts> draw_costs_from_env();

// Measures with the renderer's own layers (`instanced` is left empty). Needs a current context.
core::DrawCosts measure_draw_costs(IncidentLayer& instanced, AggregateLayer& points);

} // namespace incimap::render
