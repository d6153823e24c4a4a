#pragma once
// Whether a triangle list (3 points a triangle, as the basemap's land and lakes) covers a
// point: for tests that check what a triangulation fills.

#include "core/geometry.hpp"

#include <cstddef>
#include <vector>

namespace incimap::test {

inline double cross(core::MapPoint a, core::MapPoint b, core::MapPoint p) {
    return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

// Whether some triangle of `triangles` holds `p` (its edges included).
inline bool covered(const std::vector<core::MapPoint>& triangles, core::MapPoint p) {
    for (std::size_t i = 0; i + 2 < triangles.size(); i += 3) {
        const double d1 = cross(triangles[i], triangles[i + 1], p);
        const double d2 = cross(triangles[i + 1], triangles[i + 2], p);
        const double d3 = cross(triangles[i + 2], triangles[i], p);
        if ((d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0))
            return true;
    }
    return false;
}

} // namespace incimap::test
