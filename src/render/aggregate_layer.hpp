#pragma once
// Incidents of a large table, drawn from the frame plan of a core::SpatialIndex: one
// GL_POINTS sprite per occupied screen cell (its incidents when few, else an aggregate),
// uploaded per frame. The upload is bounded by the screen (≈ tens of thousands of points), not
// by the table, so a frame costs the same at 10,000 or 10,000,000 incidents.

#include "core/spatial_index.hpp"
#include "render/gl_objects.hpp"
#include "render/map_transform.hpp"
#include "render/map_uniforms.hpp"
#include "render/streamed_points.hpp"

#include <span>
#include <string>
#include <vector>

namespace incimap::render {

class AggregateLayer {
public:
    bool init(std::string& error);
    // Uploads `points` and draws them; `radius_scale` multiplies every radius (pixel ratio).
    void draw(const MapTransform& t, std::span<const core::FramePoint> points,
              float radius_scale = 1.0f);
    std::size_t uploaded_bytes() const { return m_uploaded_bytes; }
    void reset_uploaded_bytes() { m_uploaded_bytes = 0; } // after measuring costs

private:
    struct Vertex {
        float hi_x, hi_y, lo_x, lo_y;
        float radius_px, alpha;
        std::int32_t flags;
    };
    Program m_program;
    StreamedPoints<Vertex> m_points;
    std::size_t m_uploaded_bytes = 0;
    std::vector<Vertex> m_staging;
    struct Uniforms {
        GLint radius_scale = -1, device_px = -1, viewport = -1, palette = -1;
    } m_u;
    MapUniforms m_map;
};

} // namespace incimap::render
