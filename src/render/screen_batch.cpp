#include "render/screen_batch.hpp"

#include "render/shader_program.hpp"

#include <cmath>
#include <cstddef>

namespace incimap::render {

bool ScreenBatch::init(std::string& error) {
    if (!build_program_into(m_program, "screen.vert", "screen.frag", error))
        return false;
    m_u_viewport = glGetUniformLocation(m_program.get(), "u_viewport_px");
    m_u_atlas = glGetUniformLocation(m_program.get(), "u_atlas");
    m_vao = make_vertex_array();
    m_vbo = make_buffer();
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
    constexpr auto stride = static_cast<GLsizei>(sizeof(Vertex));
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(Vertex, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(Vertex, u)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(Vertex, r)));
    glBindVertexArray(0);
    return true;
}

void ScreenBatch::begin(const FontAtlas* font) {
    m_font = font;
    m_vertices.clear();
}

void ScreenBatch::quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1,
                       float v1, Colour c) {
    const Vertex a{x0, y0, u0, v0, c.r, c.g, c.b, c.a};
    const Vertex b{x1, y0, u1, v0, c.r, c.g, c.b, c.a};
    const Vertex d{x1, y1, u1, v1, c.r, c.g, c.b, c.a};
    const Vertex e{x0, y1, u0, v1, c.r, c.g, c.b, c.a};
    m_vertices.insert(m_vertices.end(), {a, b, d, a, d, e});
}

void ScreenBatch::rect(float x0, float y0, float x1, float y1, Colour c) {
    float u = 0, v = 0;
    if (m_font)
        m_font->white_uv(u, v);
    quad(x0, y0, x1, y1, u, v, u, v, c);
}

void ScreenBatch::circle(float cx, float cy, float radius, Colour c, int segments) {
    float u = 0, v = 0;
    if (m_font)
        m_font->white_uv(u, v);
    constexpr float kTwoPi = 6.28318530718f;
    for (int i = 0; i < segments; ++i) {
        const float a0 = kTwoPi * static_cast<float>(i) / static_cast<float>(segments);
        const float a1 = kTwoPi * static_cast<float>(i + 1) / static_cast<float>(segments);
        m_vertices.push_back({cx, cy, u, v, c.r, c.g, c.b, c.a});
        m_vertices.push_back(
            {cx + radius * std::cos(a0), cy + radius * std::sin(a0), u, v, c.r, c.g, c.b, c.a});
        m_vertices.push_back(
            {cx + radius * std::cos(a1), cy + radius * std::sin(a1), u, v, c.r, c.g, c.b, c.a});
    }
}

void ScreenBatch::text(std::string_view s, float x, float y, std::size_t size_index, Colour c,
                       float halo, Colour halo_colour) {
    if (!m_font)
        return;
    auto emit_at = [&](float dx, float dy, Colour col) {
        m_font->layout(s, size_index, x + dx, y + dy, [&](const GlyphQuad& q) {
            quad(q.x0, q.y0, q.x1, q.y1, q.u0, q.v0, q.u1, q.v1, col);
        });
    };
    if (halo > 0.0f) {
        // Eight offset copies make a halo that keeps labels legible on any background.
        for (int k = 0; k < 8; ++k) {
            const float a = 0.785398f * static_cast<float>(k);
            emit_at(halo * std::cos(a), halo * std::sin(a), halo_colour);
        }
    }
    emit_at(0, 0, c);
}

void ScreenBatch::draw(float viewport_w, float viewport_h) {
    if (m_vertices.empty() || !m_program)
        return;
    glUseProgram(m_program.get());
    glUniform2f(m_u_viewport, viewport_w, viewport_h);
    glUniform1i(m_u_atlas, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_font ? m_font->texture() : 0);
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_vertices.size() * sizeof(Vertex)),
                 m_vertices.data(), GL_STREAM_DRAW);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(m_vertices.size()));
    glBindVertexArray(0);
    m_vertices.clear();
}

} // namespace incimap::render
