#pragma once
// An area's outline as map segments (issue 17, item 4): each ring's edges are straight in
// lon/lat — the line the area's test uses — split into steps of at most a degree so that any
// projection bends them as it should, and broken at the antimeridian. Shared by the window
// and `incimap render --within`.

#include "core/area.hpp"
#include "core/geometry.hpp"
#include "geo/projection.hpp"

#include <vector>

namespace incimap::scene {

// The rings of `area`, closed.
void append_area_outline(const core::Area& area, const geo::Projection& projection,
                         double world_width, std::vector<core::MapPoint>& segments);
// An open polyline (a polygon being drawn), its edges taken as the area's would be.
void append_lonlat_path(const std::vector<core::LonLat>& path, bool closed,
                        const geo::Projection& projection, double world_width,
                        std::vector<core::MapPoint>& segments);

} // namespace incimap::scene
