#pragma once
// Static map geometry on the GPU: filled triangles (land, data polygons) or line segments
// (borders, coastlines, data lines), uploaded once, drawn with one colour per call.

#include "core/camera.hpp"
#include "render/gl_objects.hpp"
#include "render/map_transform.hpp"
#include "render/map_uniforms.hpp"

#include <span>
#include <string>

namespace incimap::render {

class GeometryProgram {
public:
    bool init(std::string& error);
    void use(const MapTransform& t, float r, float g, float b, float a) const;

private:
    Program m_program;
    MapUniforms m_map;
    GLint m_colour = -1;
};

class GeometryLayer {
public:
    // `points` are triangles (3 each) or segments (2 each) in map units.
    void upload(std::span<const core::MapPoint> points, GLenum primitive);
    void draw() const;
    std::size_t vertex_count() const { return m_count; }

private:
    VertexArray m_vao;
    Buffer m_vbo;
    std::size_t m_count = 0;
    GLenum m_primitive = GL_TRIANGLES;
};

} // namespace incimap::render
