#pragma once
// Building GLSL programs from the embedded shaders/ files. A compile or link error names the
// file and line ("points.vert:12: 'foo' undeclared") so it can be fixed at once.

#include "render/gl_objects.hpp"

#include <string>
#include <string_view>

namespace incimap::render {

struct ProgramResult {
    Program program;
    std::string error; // set when !program
};

// Compiles `vertex_file` and `fragment_file` (names in shaders/) and links them.
ProgramResult build_program(std::string_view vertex_file, std::string_view fragment_file);
// build_program into `out` (a layer's init): false, with `error` set, when it fails.
bool build_program_into(Program& out, std::string_view vertex_file, std::string_view fragment_file,
                        std::string& error);
// Same, from given sources (the names are used in messages only).
ProgramResult build_program_from(std::string_view vertex_name, std::string_view vertex_src,
                                 std::string_view fragment_name, std::string_view fragment_src);

// Rewrites a driver's info log so that each "0:LINE(COL)" or "0:LINE:" becomes "FILE:LINE:".
std::string annotate_shader_log(std::string_view file, std::string_view log);

} // namespace incimap::render
