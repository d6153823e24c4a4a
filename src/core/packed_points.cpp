#include "core/packed_points.hpp"

#include <algorithm>
#include <cmath>

namespace incimap::core {

void PackedPoints::assign(std::span<const MapPoint> points) {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const MapPoint& p : points)
        if (std::isfinite(p.x) && std::isfinite(p.y)) {
            x0 = std::min(x0, p.x), y0 = std::min(y0, p.y);
            x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
        }
    // 2^32 − 1 values a side: the largest, UINT32_MAX in both halves, marks "none".
    constexpr double kLast = 4294967294.0;
    const double side = x0 <= x1 ? std::max(x1 - x0, y1 - y0) : 0.0;
    m_x0 = x0 <= x1 ? x0 : 0.0;
    m_y0 = x0 <= x1 ? y0 : 0.0;
    m_step = side > 0 ? side / kLast : 1.0;
    std::vector<std::uint64_t>(points.size()).swap(m_xy); // no capacity left from before
    const auto steps = [&](double v, double origin) {
        return static_cast<std::uint64_t>(std::clamp(std::round((v - origin) / m_step), 0.0, kLast));
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        const MapPoint p = points[i];
        m_xy[i] = std::isfinite(p.x) && std::isfinite(p.y)
                      ? steps(p.x, m_x0) | (steps(p.y, m_y0) << 32)
                      : kNone;
    }
}

} // namespace incimap::core
