#pragma once
// The measuring tools' state (issue 17): a path whose geodesic length (and, with three or
// more points, enclosed area) is shown, and range rings — geodesic circles of several radii
// around chosen points. Clicks on the map add points while a mode is on; Esc ends the path.
// Plain data; the geodesy is geo/geodesy.hpp, the drawing scene/engine_toolkit.cpp.

#include "core/geometry.hpp"

#include <vector>

namespace incimap::core {

enum class MeasureMode { Off, Path, Rings };

struct Measure {
    MeasureMode mode = MeasureMode::Off;
    std::vector<LonLat> path;                         // clicked in Path mode
    std::vector<LonLat> ring_centres;                 // clicked in Rings mode (kept in session)
    std::vector<double> ring_radii_km{100, 300, 1000}; // the same radii around every centre
};

} // namespace incimap::core
