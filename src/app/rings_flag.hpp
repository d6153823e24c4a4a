#pragma once
// `render --rings LON,LAT[:R1,R2,...]` (issue 17): range rings kept from the window's measure
// tool, drawn as the window draws them — geodesic circles of each radius in km (default
// 100, 300 and 1000), projected point by point, in the measure tool's colour.

#include "core/geometry.hpp"
#include "geo/projection.hpp"
#include "render/map_renderer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace incimap::app {

struct RangeRings {
    core::LonLat centre;
    std::vector<double> radii_km;
};

// One --rings value; nullopt with `error` (without "incimap: ") when it is not one.
std::optional<RangeRings> parse_rings(const std::string& text, std::string& error);

// The rings as map segments (2 points each) for MapRenderer::set_measure.
std::vector<core::MapPoint> ring_segments(const std::vector<RangeRings>& rings,
                                          const geo::Projection& projection, double world_width);
// Each ring's radius ("300 km") at its north point, for MapRenderer::set_measure_labels, as
// the window labels its rings (scene/measure_text.hpp).
std::vector<render::MeasureLabel> ring_labels(const std::vector<RangeRings>& rings,
                                              const geo::Projection& projection);

} // namespace incimap::app
