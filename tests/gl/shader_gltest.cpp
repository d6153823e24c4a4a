// Shader build errors name the file and the line, through the real driver (Mesa here), so a
// broken edit of shaders/ points at itself.

#include "gl_support.hpp"

#include "render/shader_program.hpp"
#include "render/shader_sources.hpp"

#include <string>

using namespace incimap;

namespace {

const char* const k_good_vertex = R"(#version 330 core
layout(location = 0) in vec2 a_px;
void main() {
    gl_Position = vec4(a_px, 0.0, 1.0);
}
)";

// Line 4 uses an undeclared name.
const char* const k_broken_vertex = R"(#version 330 core
layout(location = 0) in vec2 a_px;
void main() {
    gl_Position = vec4(a_px * u_missing, 0.0, 1.0);
}
)";

const char* const k_good_fragment = R"(#version 330 core
out vec4 o_colour;
void main() {
    o_colour = vec4(1.0);
}
)";

// Line 5 is a syntax error.
const char* const k_broken_fragment = R"(#version 330 core
out vec4 o_colour;
void main() {
    o_colour = vec4(1.0);
    o_colour.a = ;
}
)";

// The stages disagree on a varying's type: each compiles, the link fails.
const char* const k_vertex_with_varying = R"(#version 330 core
layout(location = 0) in vec2 a_px;
out float v_shade;
void main() {
    v_shade = a_px.x;
    gl_Position = vec4(a_px, 0.0, 1.0);
}
)";

const char* const k_mismatched_fragment = R"(#version 330 core
in vec3 v_shade;
out vec4 o_colour;
void main() {
    o_colour = vec4(v_shade, 1.0);
}
)";

} // namespace

class ShaderGl : public test::GlTest {};

TEST_F(ShaderGl, EmbeddedShadersBuild) {
    for (const auto& [vert, frag] :
         {std::pair{"points.vert", "points.frag"}, std::pair{"fill.vert", "fill.frag"},
          std::pair{"screen.vert", "screen.frag"}}) {
        SCOPED_TRACE(vert);
        const render::ProgramResult r = render::build_program(vert, frag);
        EXPECT_TRUE(r.program) << r.error;
        EXPECT_TRUE(r.error.empty()) << r.error;
    }
}

TEST_F(ShaderGl, CompileErrorNamesFileAndLine) {
    const render::ProgramResult v =
        render::build_program_from("points.vert", k_broken_vertex, "ok.frag", k_good_fragment);
    EXPECT_FALSE(v.program);
    EXPECT_EQ(v.error.rfind("points.vert:4:", 0), 0U) << v.error;
    EXPECT_NE(v.error.find("u_missing"), std::string::npos) << v.error;

    const render::ProgramResult f =
        render::build_program_from("ok.vert", k_good_vertex, "fill.frag", k_broken_fragment);
    EXPECT_FALSE(f.program);
    EXPECT_EQ(f.error.rfind("fill.frag:5:", 0), 0U) << f.error;
}

TEST_F(ShaderGl, LinkErrorNamesBothFiles) {
    const render::ProgramResult r = render::build_program_from("a.vert", k_vertex_with_varying,
                                                               "b.frag", k_mismatched_fragment);
    EXPECT_FALSE(r.program);
    EXPECT_NE(r.error.find("a.vert + b.frag: link failed"), std::string::npos) << r.error;
}

TEST_F(ShaderGl, MissingSourceIsNamed) {
    const render::ProgramResult r = render::build_program("nope.vert", "fill.frag");
    EXPECT_FALSE(r.program);
    EXPECT_NE(r.error.find("nope.vert"), std::string::npos) << r.error;
}
