#include "render/raster_layer.hpp"

#include "render/shader_program.hpp"

#include <array>

namespace incimap::render {

namespace {

struct RasterVertex {
    SplitPoint at;
    float u, v;
};

} // namespace

bool RasterLayer::init(std::string& error) {
    if (!build_program_into(m_program, "raster.vert", "raster.frag", error))
        return false;
    m_map.locate(m_program.get());
    m_image = glGetUniformLocation(m_program.get(), "u_image");
    m_opacity = glGetUniformLocation(m_program.get(), "u_opacity");
    m_grey = glGetUniformLocation(m_program.get(), "u_grey");
    m_dim = glGetUniformLocation(m_program.get(), "u_dim");
    return true;
}

void RasterLayer::upload(std::span<const std::uint8_t> rgba, int width, int height,
                         core::MapBox box) {
    if (width <= 0 || height <= 0 ||
        rgba.size() < static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4) {
        clear();
        return;
    }
    if (!m_texture)
        m_texture = make_texture();
    glBindTexture(GL_TEXTURE_2D, m_texture.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 rgba.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);

    // Row 0 is the top of the image: v = 0 at max_y.
    const std::array<RasterVertex, 4> quad{{
        {split({box.min_x, box.min_y}), 0, 1},
        {split({box.max_x, box.min_y}), 1, 1},
        {split({box.min_x, box.max_y}), 0, 0},
        {split({box.max_x, box.max_y}), 1, 0},
    }};
    if (!m_vao) {
        m_vao = make_vertex_array();
        m_vbo = make_buffer();
    }
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.get());
    glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad.data(), GL_DYNAMIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(RasterVertex), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(RasterVertex),
                          reinterpret_cast<void*>(2 * sizeof(float)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, sizeof(RasterVertex),
                          reinterpret_cast<void*>(offsetof(RasterVertex, u)));
    glBindVertexArray(0);
    m_width = width;
    m_height = height;
    m_box = box;
}

void RasterLayer::clear() {
    m_texture.reset();
    m_width = m_height = 0;
}

void RasterLayer::draw(const MapTransform& t, const RasterLook& look) const {
    if (empty() || !m_program)
        return;
    glUseProgram(m_program.get());
    m_map.set(t);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_texture.get());
    glUniform1i(m_image, 0);
    glUniform1f(m_opacity, look.opacity);
    glUniform1f(m_grey, look.grey ? 1.0f : 0.0f);
    glUniform1f(m_dim, look.dim);
    glBindVertexArray(m_vao.get());
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

} // namespace incimap::render
