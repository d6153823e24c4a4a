#include "render/shader_program.hpp"

#include "render/shader_sources.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace incimap::render {

std::string annotate_shader_log(std::string_view file, std::string_view log) {
    // Mesa writes "0:12(5): error: …"; NVIDIA writes "0(12) : error …". Both start with the
    // source string index 0 and a line number.
    std::string out;
    std::size_t start = 0;
    while (start < log.size()) {
        std::size_t end = log.find('\n', start);
        if (end == std::string_view::npos)
            end = log.size();
        std::string_view line = log.substr(start, end - start);
        start = end + 1;
        if (line.empty())
            continue;
        std::size_t i = 0;
        if (line.size() > 2 && line[0] == '0' && (line[1] == ':' || line[1] == '(')) {
            i = 2;
            std::size_t digits = i;
            while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits])))
                ++digits;
            if (digits > i) {
                std::string_view number = line.substr(i, digits - i);
                std::size_t rest = digits;
                // skip "(col)" or ")" and separators
                if (rest < line.size() && line[rest] == '(') {
                    while (rest < line.size() && line[rest] != ')')
                        ++rest;
                    ++rest;
                } else if (rest < line.size() && line[rest] == ')') {
                    ++rest;
                }
                while (rest < line.size() && (line[rest] == ':' || line[rest] == ' '))
                    ++rest;
                out += std::string(file) + ":" + std::string(number) + ": " +
                       std::string(line.substr(std::min(rest, line.size()))) + "\n";
                continue;
            }
        }
        out += std::string(file) + ": " + std::string(line) + "\n";
    }
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

namespace {

std::string info_log_shader(GLuint shader) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::vector<char> log(static_cast<std::size_t>(std::max(length, 1)));
    glGetShaderInfoLog(shader, length, nullptr, log.data());
    return std::string(log.data());
}

Shader compile(GLenum type, std::string_view name, std::string_view source, std::string& error) {
    Shader shader(glCreateShader(type));
    const char* text = source.data();
    const auto length = static_cast<GLint>(source.size());
    glShaderSource(shader.get(), 1, &text, &length);
    glCompileShader(shader.get());
    GLint ok = GL_FALSE;
    glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        error = annotate_shader_log(name, info_log_shader(shader.get()));
        if (error.empty())
            error = std::string(name) + ": compile failed";
        return {};
    }
    return shader;
}

} // namespace

ProgramResult build_program_from(std::string_view vertex_name, std::string_view vertex_src,
                                 std::string_view fragment_name, std::string_view fragment_src) {
    ProgramResult r;
    if (vertex_src.empty() || fragment_src.empty()) {
        r.error = "shader source missing: " +
                  std::string(vertex_src.empty() ? vertex_name : fragment_name);
        return r;
    }
    Shader vs = compile(GL_VERTEX_SHADER, vertex_name, vertex_src, r.error);
    if (!vs)
        return r;
    Shader fs = compile(GL_FRAGMENT_SHADER, fragment_name, fragment_src, r.error);
    if (!fs)
        return r;
    Program program(glCreateProgram());
    glAttachShader(program.get(), vs.get());
    glAttachShader(program.get(), fs.get());
    glLinkProgram(program.get());
    GLint ok = GL_FALSE;
    glGetProgramiv(program.get(), GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        GLint length = 0;
        glGetProgramiv(program.get(), GL_INFO_LOG_LENGTH, &length);
        std::vector<char> log(static_cast<std::size_t>(std::max(length, 1)));
        glGetProgramInfoLog(program.get(), length, nullptr, log.data());
        r.error = std::string(vertex_name) + " + " + std::string(fragment_name) +
                  ": link failed: " + log.data();
        return r;
    }
    glDetachShader(program.get(), vs.get());
    glDetachShader(program.get(), fs.get());
    r.program = std::move(program);
    return r;
}

ProgramResult build_program(std::string_view vertex_file, std::string_view fragment_file) {
    return build_program_from(vertex_file, shader_source(vertex_file), fragment_file,
                              shader_source(fragment_file));
}

bool build_program_into(Program& out, std::string_view vertex_file, std::string_view fragment_file,
                        std::string& error) {
    ProgramResult p = build_program(vertex_file, fragment_file);
    if (!p.program) {
        error = std::move(p.error);
        return false;
    }
    out = std::move(p.program);
    return true;
}

} // namespace incimap::render
