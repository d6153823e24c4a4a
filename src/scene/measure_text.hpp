#pragma once
// The measured numbers as they are written (issue 17): in the status bar, and on the map
// beside the lines — a path's length at its end, each range ring's radius at its north point —
// in the window, in its exported PNGs and in `render --rings`, which all call these.

#include "core/geometry.hpp"
#include "core/measure.hpp"
#include "geo/projection.hpp"
#include "render/map_renderer.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace incimap::scene {

std::string km_and_miles(double metres); // "12.3 km (7.6 mi)"
std::string area_text(double m2);        // "1234 km² (476 mi²)"
std::string radius_text(double km);      // "300 km"

using LonLatLabel = std::pair<core::LonLat, std::string>;

// Each radius's label at its ring's north point (geodesic, WGS84), smallest radius first.
void append_ring_labels(core::LonLat centre, std::span<const double> radii_km,
                        std::vector<LonLatLabel>& out);
// The measure tool's labels: the path's length (two points or more) at its end, then the rings'.
std::vector<LonLatLabel> measure_labels(const core::Measure& m);
// The labels in map units for MapRenderer::set_measure_labels (the ones off the projection's
// world left out).
std::vector<render::MeasureLabel> projected_labels(const std::vector<LonLatLabel>& labels,
                                                   const geo::Projection& projection);

} // namespace incimap::scene
