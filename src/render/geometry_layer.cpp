#include "render/geometry_layer.hpp"

#include "render/shader_program.hpp"

#include <vector>

namespace incimap::render {

bool GeometryProgram::init(std::string& error) {
    if (!build_program_into(m_program, "fill.vert", "fill.frag", error))
        return false;
    m_map.locate(m_program.get());
    m_colour = glGetUniformLocation(m_program.get(), "u_colour");
    return true;
}

void GeometryProgram::use(const MapTransform& t, float r, float g, float b, float a) const {
    glUseProgram(m_program.get());
    m_map.set(t);
    glUniform4f(m_colour, r, g, b, a);
}

void GeometryLayer::upload(std::span<const core::MapPoint> points, GLenum primitive) {
    std::vector<SplitPoint> data;
    data.reserve(points.size());
    for (const auto& p : points)
        data.push_back(split(p));
    m_vao = make_vertex_array();
    m_vbo = make_buffer();
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(SplitPoint)),
                 data.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(SplitPoint), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(SplitPoint),
                          reinterpret_cast<void*>(2 * sizeof(float)));
    glBindVertexArray(0);
    m_count = data.size();
    m_primitive = primitive;
}

void GeometryLayer::draw() const {
    if (m_count == 0)
        return;
    glBindVertexArray(m_vao.get());
    glDrawArrays(m_primitive, 0, static_cast<GLsizei>(m_count));
    glBindVertexArray(0);
}

} // namespace incimap::render
