#pragma once
// Vertex layouts, and a vertex buffer of points rewritten every frame with the vertex array that
// reads it. StreamedPoints owns both (move-only, through gl_objects.hpp); its buffer only grows
// (by half again when a frame needs more room) and each frame's points go to its start, so the
// layers that draw a per-frame point list (aggregates, heat splats) upload no more than that.

#include "render/gl_objects.hpp"

#include <cstddef>
#include <initializer_list>
#include <span>

namespace incimap::render {

// One vertex attribute: GL_FLOAT is read as floats (not normalised); any other type as integers
// (glVertexAttribIPointer).
struct VertexAttribute {
    GLuint index;
    GLint components;
    GLenum type;
    std::size_t offset; // bytes from the start of a vertex
};

// Enables `attributes` in the bound vertex array, reading the buffer bound to GL_ARRAY_BUFFER
// with `stride` bytes a vertex.
inline void set_vertex_layout(GLsizei stride, std::initializer_list<VertexAttribute> attributes) {
    for (const VertexAttribute& a : attributes) {
        const auto* at = reinterpret_cast<const void*>(a.offset);
        glEnableVertexAttribArray(a.index);
        if (a.type == GL_FLOAT)
            glVertexAttribPointer(a.index, a.components, GL_FLOAT, GL_FALSE, stride, at);
        else
            glVertexAttribIPointer(a.index, a.components, a.type, stride, at);
    }
}

template <class Vertex> class StreamedPoints {
public:
    // Makes the buffer and the vertex array and sets `layout` once. Leaves no vertex array bound
    // and the buffer bound to GL_ARRAY_BUFFER.
    void init(std::initializer_list<VertexAttribute> layout) {
        m_vao = make_vertex_array();
        m_vertices = make_buffer();
        m_capacity = 0;
        glBindVertexArray(m_vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, m_vertices.get());
        set_vertex_layout(static_cast<GLsizei>(sizeof(Vertex)), layout);
        glBindVertexArray(0);
    }
    // Writes `points` at the start of the buffer (left bound to GL_ARRAY_BUFFER), reallocating
    // it first when it is too small. Returns the bytes written.
    std::size_t upload(std::span<const Vertex> points) {
        glBindBuffer(GL_ARRAY_BUFFER, m_vertices.get());
        if (points.size() > m_capacity) {
            m_capacity = points.size() + points.size() / 2;
            glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_capacity * sizeof(Vertex)),
                         nullptr, GL_STREAM_DRAW);
        }
        const auto bytes = static_cast<GLsizeiptr>(points.size() * sizeof(Vertex));
        glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, points.data());
        return static_cast<std::size_t>(bytes);
    }
    GLuint vertex_array() const { return m_vao.get(); }

private:
    VertexArray m_vao;
    Buffer m_vertices;
    std::size_t m_capacity = 0; // vertices the buffer holds
};

} // namespace incimap::render
