#pragma once
// Move-only owners of OpenGL objects: each deletes its name when destroyed. Use them on the
// thread whose context is current (GL calls happen on the main thread only).

#include "render/gl.hpp"

#include <utility>

namespace incimap::render {

template <void (*Delete)(GLuint)>
class GlName {
public:
    GlName() = default;
    explicit GlName(GLuint name) : m_name(name) {}
    ~GlName() { reset(); }
    GlName(GlName&& o) noexcept : m_name(std::exchange(o.m_name, 0)) {}
    GlName& operator=(GlName&& o) noexcept {
        if (this != &o) {
            reset();
            m_name = std::exchange(o.m_name, 0);
        }
        return *this;
    }
    GlName(const GlName&) = delete;
    GlName& operator=(const GlName&) = delete;

    GLuint get() const { return m_name; }
    explicit operator bool() const { return m_name != 0; }
    void reset() {
        if (m_name != 0)
            Delete(m_name);
        m_name = 0;
    }

private:
    GLuint m_name = 0;
};

namespace detail {
inline void delete_buffer(GLuint n) { glDeleteBuffers(1, &n); }
inline void delete_vertex_array(GLuint n) { glDeleteVertexArrays(1, &n); }
inline void delete_texture(GLuint n) { glDeleteTextures(1, &n); }
inline void delete_framebuffer(GLuint n) { glDeleteFramebuffers(1, &n); }
inline void delete_renderbuffer(GLuint n) { glDeleteRenderbuffers(1, &n); }
inline void delete_program(GLuint n) { glDeleteProgram(n); }
inline void delete_shader(GLuint n) { glDeleteShader(n); }
} // namespace detail

using Buffer = GlName<detail::delete_buffer>;
using VertexArray = GlName<detail::delete_vertex_array>;
using Texture = GlName<detail::delete_texture>;
using Framebuffer = GlName<detail::delete_framebuffer>;
using Renderbuffer = GlName<detail::delete_renderbuffer>;
using Program = GlName<detail::delete_program>;
using Shader = GlName<detail::delete_shader>;

inline Buffer make_buffer() {
    GLuint n = 0;
    glGenBuffers(1, &n);
    return Buffer(n);
}
inline VertexArray make_vertex_array() {
    GLuint n = 0;
    glGenVertexArrays(1, &n);
    return VertexArray(n);
}
inline Texture make_texture() {
    GLuint n = 0;
    glGenTextures(1, &n);
    return Texture(n);
}
inline Framebuffer make_framebuffer() {
    GLuint n = 0;
    glGenFramebuffers(1, &n);
    return Framebuffer(n);
}
inline Renderbuffer make_renderbuffer() {
    GLuint n = 0;
    glGenRenderbuffers(1, &n);
    return Renderbuffer(n);
}

} // namespace incimap::render
