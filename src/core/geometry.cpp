#include "core/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace incimap::core {

double great_circle_m(LonLat a, LonLat b) {
    constexpr double kEarthRadiusM = 6371008.8;
    constexpr double kDeg = 3.14159265358979323846 / 180.0;
    const double dlat = (b.lat - a.lat) * kDeg;
    const double dlon = (b.lon - a.lon) * kDeg;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * kDeg) * std::cos(b.lat * kDeg) * std::sin(dlon / 2) *
                         std::sin(dlon / 2);
    return 2 * kEarthRadiusM * std::asin(std::sqrt(std::min(1.0, h)));
}

} // namespace incimap::core
