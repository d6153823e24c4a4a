#pragma once
// GLSL sources from shaders/, embedded into the binary at build time.

#include <string_view>
#include <vector>

namespace incimap::render {

struct ShaderSource {
    std::string_view name;   // file name, e.g. "points.vert"
    std::string_view source; // GLSL 330 core text
};

const std::vector<ShaderSource>& embedded_shaders();
// The source of one embedded file; empty when there is none of that name.
std::string_view shader_source(std::string_view name);

} // namespace incimap::render
