#include "render/wide_line_layer.hpp"

#include "render/shader_program.hpp"

#include <vector>

namespace incimap::render {

bool WideLineProgram::init(std::string& error) {
    if (!build_program_into(m_program, "wide_line.vert", "wide_line.frag", error))
        return false;
    m_map.locate(m_program.get());
    m_viewport = glGetUniformLocation(m_program.get(), "u_viewport_px");
    m_half_width = glGetUniformLocation(m_program.get(), "u_half_width");
    m_colour = glGetUniformLocation(m_program.get(), "u_colour");
    return true;
}

void WideLineProgram::use(const MapTransform& t, float viewport_w_px, float viewport_h_px,
                          float width_px, float r, float g, float b, float a) const {
    glUseProgram(m_program.get());
    m_map.set(t);
    glUniform2f(m_viewport, viewport_w_px, viewport_h_px);
    glUniform1f(m_half_width, width_px / 2);
    glUniform4f(m_colour, r, g, b, a);
}

void WideLineLayer::upload(std::span<const core::MapPoint> segments) {
    std::vector<SplitPoint> data;
    data.reserve(segments.size());
    for (const auto& p : segments)
        data.push_back(split(p));
    m_count = data.size() / 2;
    if (!m_vao)
        m_vao = make_vertex_array();
    if (!m_vbo)
        m_vbo = make_buffer();
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_count * 2 * sizeof(SplitPoint)),
                 data.data(), GL_STATIC_DRAW);
    // One instance per segment: its start's hi, lo and its end's hi, lo (32 bytes).
    constexpr GLsizei stride = 2 * sizeof(SplitPoint);
    for (GLuint i = 0; i < 4; ++i) {
        glEnableVertexAttribArray(i);
        glVertexAttribPointer(
            i, 2, GL_FLOAT, GL_FALSE, stride,
            reinterpret_cast<void*>(static_cast<std::size_t>(i) * 2 * sizeof(float)));
        glVertexAttribDivisor(i, 1);
    }
    glBindVertexArray(0);
}

void WideLineLayer::draw() const {
    if (m_count == 0)
        return;
    glBindVertexArray(m_vao.get());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(m_count));
    glBindVertexArray(0);
}

} // namespace incimap::render
