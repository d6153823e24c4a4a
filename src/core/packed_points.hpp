#pragma once
// Map points kept as 32-bit steps of their bounding square: 8 bytes a point instead of two
// doubles' 16 (issue 14: memory; the scene's projected incidents, 15 → 7.6 MiB at 1M).
//
//   point ──(p − corner) / step, rounded──▶ (ix, iy) in [0, 2^32 − 2]² ──▶ one uint64
//
// A point comes back within half a step of where it was: 2^-33 of the square's side, under
// 3 mm for points spread over the whole world. A point that is not finite (no position, or
// one the projection could not take) comes back as NaN, NaN.
#include "core/camera.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace incimap::core {

class PackedPoints {
public:
    PackedPoints() = default;
    explicit PackedPoints(std::span<const MapPoint> points) { assign(points); }
    void assign(std::span<const MapPoint> points);

    std::size_t size() const { return m_xy.size(); }
    bool empty() const { return m_xy.empty(); }
    MapPoint operator[](std::size_t i) const {
        const std::uint64_t v = m_xy[i];
        if (v == kNone)
            return {kNaN, kNaN};
        return {m_x0 + static_cast<double>(static_cast<std::uint32_t>(v)) * m_step,
                m_y0 + static_cast<double>(static_cast<std::uint32_t>(v >> 32)) * m_step};
    }
    double step() const { return m_step; } // map units between neighbouring values
    std::size_t bytes() const { return m_xy.capacity() * sizeof(std::uint64_t); }

private:
    static constexpr std::uint64_t kNone = UINT64_MAX;
    static constexpr double kNaN = __builtin_nan("");
    double m_x0 = 0, m_y0 = 0, m_step = 0;
    std::vector<std::uint64_t> m_xy; // x in the low 32 bits, y in the high; kNone: not finite
};

} // namespace incimap::core
