#include "render/shader_sources.hpp"

namespace incimap::render {

std::string_view shader_source(std::string_view name) {
    for (const ShaderSource& s : embedded_shaders())
        if (s.name == name)
            return s.source;
    return {};
}

} // namespace incimap::render
