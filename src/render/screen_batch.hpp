#pragma once
// Screen-space drawing for labels and overlays (legend, scale bar, captions): rectangles and
// text collected into one vertex list per frame, drawn in one call with the glyph atlas.

#include "core/palette.hpp"
#include "render/font_atlas.hpp"
#include "render/gl_objects.hpp"

#include <string_view>
#include <vector>

namespace incimap::render {

struct Colour {
    float r = 0, g = 0, b = 0, a = 1;
    static Colour from(core::Rgba8 c) {
        return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f};
    }
};

class ScreenBatch {
public:
    bool init(std::string& error); // compiles the shader; needs a current context
    void begin(const FontAtlas* font);
    void rect(float x0, float y0, float x1, float y1, Colour c);
    void circle(float cx, float cy, float radius, Colour c, int segments = 20);
    // Text with its baseline at y; `halo` > 0 draws a soft outline of that many px first.
    void text(std::string_view s, float x, float y, std::size_t size_index, Colour c,
              float halo = 0.0f, Colour halo_colour = {1, 1, 1, 0.85f});
    void draw(float viewport_w, float viewport_h); // draws and clears

private:
    struct Vertex {
        float x, y, u, v, r, g, b, a;
    };
    void quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1,
              Colour c);
    const FontAtlas* m_font = nullptr;
    std::vector<Vertex> m_vertices;
    Program m_program;
    VertexArray m_vao;
    Buffer m_vbo;
    GLint m_u_viewport = -1, m_u_atlas = -1;
};

} // namespace incimap::render
