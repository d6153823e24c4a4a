#pragma once
// Paints vector basemap features into an RGBA8 image on the CPU (a worker's job, see
// geo/vector_tiles.hpp): polygons filled even-odd at pixel centres, lines stroked with
// anti-aliased edges and round joins. Coordinates are in pixels of the image, x right, y
// down, (0, 0) the top-left corner of the top-left pixel.

#include "core/palette.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace incimap::geo {

struct PixelPoint {
    float x = 0, y = 0;
};

class Canvas {
public:
    // Paints into `rgba` (width × height × 4 bytes, row 0 at the top), which it does not own.
    Canvas(std::uint8_t* rgba, int width, int height) : m_rgba(rgba), m_w(width), m_h(height) {}

    // Fills the pixels whose centres lie inside the box (clipped to the image).
    void fill_rect(float x0, float y0, float x1, float y1, core::Rgba8 colour);
    // Fills the rings (each `ring_starts[i]` … next start, closed implicitly) even-odd.
    void fill_polygon(std::span<const PixelPoint> points, std::span<const std::uint32_t> ring_starts,
                      core::Rgba8 colour);
    // Strokes the polyline `points` `width_px` wide.
    void stroke(std::span<const PixelPoint> points, float width_px, core::Rgba8 colour);

private:
    void blend(int x, int y, core::Rgba8 colour, float coverage);
    void stroke_segment(PixelPoint a, PixelPoint b, float half_width, core::Rgba8 colour);

    std::uint8_t* m_rgba;
    int m_w, m_h;
    std::vector<std::vector<float>> m_crossings; // per row, reused between polygons
};

} // namespace incimap::geo
