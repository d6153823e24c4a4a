#include "geo/vector_paint.hpp"

#include <algorithm>
#include <cmath>

namespace incimap::geo {

void Canvas::blend(int x, int y, core::Rgba8 c, float coverage) {
    if (x < 0 || y < 0 || x >= m_w || y >= m_h || coverage <= 0.0f)
        return;
    std::uint8_t* p = m_rgba + (static_cast<std::size_t>(y) * static_cast<std::size_t>(m_w) +
                                static_cast<std::size_t>(x)) * 4;
    const float a = std::min(coverage, 1.0f) * (c.a / 255.0f);
    const auto mix = [a](std::uint8_t under, std::uint8_t over) {
        return static_cast<std::uint8_t>(std::lround(under + (over - under) * a));
    };
    p[0] = mix(p[0], c.r);
    p[1] = mix(p[1], c.g);
    p[2] = mix(p[2], c.b);
    p[3] = static_cast<std::uint8_t>(std::lround(p[3] + (255 - p[3]) * a));
}

void Canvas::fill_rect(float x0, float y0, float x1, float y1, core::Rgba8 colour) {
    const int ax = std::max(0, static_cast<int>(std::ceil(x0 - 0.5f)));
    const int bx = std::min(m_w, static_cast<int>(std::ceil(x1 - 0.5f)));
    const int ay = std::max(0, static_cast<int>(std::ceil(y0 - 0.5f)));
    const int by = std::min(m_h, static_cast<int>(std::ceil(y1 - 0.5f)));
    for (int y = ay; y < by; ++y)
        for (int x = ax; x < bx; ++x)
            blend(x, y, colour, 1.0f);
}

void Canvas::fill_polygon(std::span<const PixelPoint> pts, std::span<const std::uint32_t> starts,
                          core::Rgba8 colour) {
    if (pts.size() < 3 || starts.empty())
        return;
    float min_y = pts[0].y, max_y = pts[0].y;
    for (const PixelPoint& p : pts)
        min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
    const int row0 = std::max(0, static_cast<int>(std::ceil(min_y - 0.5f)));
    const int row1 = std::min(m_h - 1, static_cast<int>(std::floor(max_y - 0.5f)));
    if (row0 > row1)
        return;
    if (m_crossings.size() < static_cast<std::size_t>(m_h))
        m_crossings.resize(static_cast<std::size_t>(m_h));
    for (int r = row0; r <= row1; ++r)
        m_crossings[static_cast<std::size_t>(r)].clear();
    // Each edge adds its x at the centre of every row it spans (half-open in y, so a vertex
    // shared by two edges counts once).
    for (std::size_t ring = 0; ring < starts.size(); ++ring) {
        const std::size_t begin = starts[ring];
        const std::size_t end = ring + 1 < starts.size() ? starts[ring + 1] : pts.size();
        if (end <= begin + 2)
            continue;
        for (std::size_t i = begin; i < end; ++i) {
            const PixelPoint a = pts[i];
            const PixelPoint b = pts[i + 1 < end ? i + 1 : begin];
            if (a.y == b.y)
                continue;
            const float lo = std::min(a.y, b.y), hi = std::max(a.y, b.y);
            const int r0 = std::max(row0, static_cast<int>(std::ceil(lo - 0.5f)));
            const int r1 = std::min(row1, static_cast<int>(std::ceil(hi - 0.5f)) - 1);
            const float dxdy = (b.x - a.x) / (b.y - a.y);
            for (int r = r0; r <= r1; ++r)
                m_crossings[static_cast<std::size_t>(r)].push_back(a.x + (r + 0.5f - a.y) * dxdy);
        }
    }
    for (int r = row0; r <= row1; ++r) {
        auto& xs = m_crossings[static_cast<std::size_t>(r)];
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
            const int x0 = std::max(0, static_cast<int>(std::ceil(xs[k] - 0.5f)));
            const int x1 = std::min(m_w, static_cast<int>(std::ceil(xs[k + 1] - 0.5f)));
            for (int x = x0; x < x1; ++x)
                blend(x, r, colour, 1.0f);
        }
    }
}

void Canvas::stroke_segment(PixelPoint a, PixelPoint b, float hw, core::Rgba8 colour) {
    // Walk the longer axis; across it, the pixels within hw + 1 of the segment get coverage
    // by their distance to it (a capsule: round ends, so a polyline's joins are round too).
    const bool steep = std::abs(b.y - a.y) > std::abs(b.x - a.x);
    if (steep)
        std::swap(a.x, a.y), std::swap(b.x, b.y);
    if (a.x > b.x)
        std::swap(a, b);
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len2 = dx * dx + dy * dy;
    const float slope = dx > 0 ? dy / dx : 0.0f;
    const float extent = hw * std::sqrt(1 + slope * slope) + 1.5f;
    const int limit_major = steep ? m_h : m_w, limit_minor = steep ? m_w : m_h;
    const int c0 = std::max(0, static_cast<int>(std::floor(a.x - hw - 1)));
    const int c1 = std::min(limit_major - 1, static_cast<int>(std::ceil(b.x + hw + 1)));
    for (int c = c0; c <= c1; ++c) {
        const float px = c + 0.5f;
        const float yc = a.y + (std::clamp(px, a.x, b.x) - a.x) * slope;
        const int r0 = std::max(0, static_cast<int>(std::floor(yc - extent)));
        const int r1 = std::min(limit_minor - 1, static_cast<int>(std::ceil(yc + extent)));
        for (int r = r0; r <= r1; ++r) {
            const float py = r + 0.5f;
            float t = len2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0.0f;
            t = std::clamp(t, 0.0f, 1.0f);
            const float ex = px - (a.x + t * dx), ey = py - (a.y + t * dy);
            const float coverage = hw + 0.5f - std::sqrt(ex * ex + ey * ey);
            if (coverage > 0)
                steep ? blend(r, c, colour, coverage) : blend(c, r, colour, coverage);
        }
    }
}

void Canvas::stroke(std::span<const PixelPoint> pts, float width_px, core::Rgba8 colour) {
    const float hw = std::max(0.25f, width_px / 2);
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        const PixelPoint a = pts[i], b = pts[i + 1];
        const float margin = hw + 2;
        const bool outside = (a.x < -margin && b.x < -margin) || (a.y < -margin && b.y < -margin) ||
                             (a.x > m_w + margin && b.x > m_w + margin) ||
                             (a.y > m_h + margin && b.y > m_h + margin);
        if (!outside && std::isfinite(a.x) && std::isfinite(a.y) && std::isfinite(b.x) &&
            std::isfinite(b.y))
            stroke_segment(a, b, hw, colour);
    }
}

} // namespace incimap::geo
