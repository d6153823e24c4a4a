#pragma once
// The category palette (core/palette.hpp) as the `vec4 u_palette[10]` uniform both marker
// shaders take, so incidents and aggregates always share colours.

#include "core/palette.hpp"
#include "render/gl.hpp"

namespace incimap::render {

inline void set_palette_uniform(GLint location) {
    float palette[10 * 4];
    for (std::uint8_t s = 0; s < 10; ++s) {
        const core::Rgba8 c = core::slot_colour(s);
        palette[s * 4 + 0] = c.r / 255.0f;
        palette[s * 4 + 1] = c.g / 255.0f;
        palette[s * 4 + 2] = c.b / 255.0f;
        palette[s * 4 + 3] = c.a / 255.0f;
    }
    glUniform4fv(location, 10, palette);
}

} // namespace incimap::render
