#pragma once
// Static line segments drawn wider than 1 px and antialiased (the offline basemap's rivers,
// issue 16): a core forward-compatible context draws GL_LINES 1 px wide only, so each
// segment is an instance expanded to a quad in wide_line.vert. Uploaded once, drawn with one
// colour and width per call.

#include "core/camera.hpp"
#include "render/gl_objects.hpp"
#include "render/map_transform.hpp"
#include "render/map_uniforms.hpp"

#include <span>
#include <string>

namespace incimap::render {

class WideLineProgram {
public:
    bool init(std::string& error);
    // `width_px` in device px; `viewport_px` the framebuffer's size in device px.
    void use(const MapTransform& t, float viewport_w_px, float viewport_h_px, float width_px,
             float r, float g, float b, float a) const;

private:
    Program m_program;
    MapUniforms m_map;
    GLint m_viewport = -1, m_half_width = -1, m_colour = -1;
};

class WideLineLayer {
public:
    // `segments`: 2 points each, in map units.
    void upload(std::span<const core::MapPoint> segments);
    void draw() const; // with a WideLineProgram in use
    std::size_t segment_count() const { return m_count; }

private:
    VertexArray m_vao;
    Buffer m_vbo;
    std::size_t m_count = 0;
};

} // namespace incimap::render
