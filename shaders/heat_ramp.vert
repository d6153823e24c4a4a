#version 330 core
// Quads over the tiles of the viewport that hold density (NDC), so empty map costs no fill.
layout(location = 0) in vec2 a_ndc;
out vec2 v_ndc;

void main() {
    v_ndc = a_ndc;
    gl_Position = vec4(a_ndc, 0.0, 1.0);
}
