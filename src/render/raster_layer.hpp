#pragma once
// A raster basemap on the GPU: one RGBA8 texture covering a box in map units (the view and a
// margin, warped into the view's CRS by scene/raster_view on a worker), drawn as one quad
// under the data with opacity, greyscale and dimming. It holds one texture at a time, so the
// GPU memory it takes is bounded by the largest image the scene asks for (bytes()).

#include "core/camera.hpp"
#include "render/gl_objects.hpp"
#include "render/map_transform.hpp"
#include "render/map_uniforms.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace incimap::render {

// How the raster is drawn: the data stays loud over it.
struct RasterLook {
    float opacity = 1.0f; // 0…1
    bool grey = false;    // greyscale
    float dim = 0.0f;     // 0…1 toward white
};

class RasterLayer {
public:
    bool init(std::string& error); // the program; needs a current GL context
    // `rgba` is width × height RGBA8, row 0 at the top (box.max_y). Replaces what was held.
    void upload(std::span<const std::uint8_t> rgba, int width, int height, core::MapBox box);
    void clear();
    bool empty() const { return m_width == 0; }
    const core::MapBox& box() const { return m_box; }
    std::size_t bytes() const { return static_cast<std::size_t>(m_width) * m_height * 4; }
    void draw(const MapTransform& t, const RasterLook& look) const;

private:
    Program m_program;
    MapUniforms m_map;
    GLint m_image = -1, m_opacity = -1, m_grey = -1, m_dim = -1;
    Texture m_texture;
    VertexArray m_vao;
    Buffer m_vbo;
    int m_width = 0, m_height = 0;
    core::MapBox m_box;
};

} // namespace incimap::render
