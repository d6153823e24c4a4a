#include "render/aggregate_layer.hpp"

#include "core/palette.hpp"
#include "render/palette_uniform.hpp"
#include "render/shader_program.hpp"

#include <cstddef>

namespace incimap::render {

bool AggregateLayer::init(std::string& error) {
    if (!build_program_into(m_program, "aggregate.vert", "aggregate.frag", error))
        return false;
    const GLuint id = m_program.get();
    m_map.locate(id);
    m_u.radius_scale = glGetUniformLocation(id, "u_radius_scale");
    m_u.device_px = glGetUniformLocation(id, "u_device_px");
    m_u.viewport = glGetUniformLocation(id, "u_viewport");
    m_u.palette = glGetUniformLocation(id, "u_palette");
    m_points.init({{0, 2, GL_FLOAT, offsetof(Vertex, hi_x)},
                   {1, 2, GL_FLOAT, offsetof(Vertex, lo_x)},
                   {2, 1, GL_FLOAT, offsetof(Vertex, radius_px)},
                   {3, 1, GL_FLOAT, offsetof(Vertex, alpha)},
                   {4, 1, GL_INT, offsetof(Vertex, flags)}});
    return true;
}

void AggregateLayer::draw(const MapTransform& t, std::span<const core::FramePoint> points,
                          float radius_scale) {
    if (points.empty() || !m_program)
        return;
    m_staging.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const core::FramePoint& p = points[i];
        const SplitPoint s = split(p.at);
        m_staging[i] = {s.hi_x,
                        s.hi_y,
                        s.lo_x,
                        s.lo_y,
                        p.radius_px,
                        p.alpha,
                        static_cast<std::int32_t>((p.slot & 15) | ((p.coarse & 3) << 4) |
                                                  (p.selected ? 64 : 0) | (p.aggregate ? 128 : 0))};
    }
    m_uploaded_bytes += m_points.upload(m_staging);

    GLint viewport[4] = {0, 0, 1, 1};
    glGetIntegerv(GL_VIEWPORT, viewport);
    glUseProgram(m_program.get());
    m_map.set(t);
    glUniform1f(m_u.radius_scale, radius_scale);
    glUniform1f(m_u.device_px, static_cast<float>(viewport[2]) / t.viewport_w);
    glUniform4f(m_u.viewport, static_cast<float>(viewport[0]), static_cast<float>(viewport[1]),
                static_cast<float>(viewport[2]), static_cast<float>(viewport[3]));
    set_palette_uniform(m_u.palette);
    glEnable(GL_PROGRAM_POINT_SIZE);
    glBindVertexArray(m_points.vertex_array());
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(points.size()));
    glBindVertexArray(0);
    glDisable(GL_PROGRAM_POINT_SIZE);
}

} // namespace incimap::render
