#version 330 core
// Screen-space quads for text and overlays, in logical pixels (origin top-left).
layout(location = 0) in vec2 a_px;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;

uniform vec2 u_viewport_px;

out vec2 v_uv;
out vec4 v_colour;

void main() {
    v_uv = a_uv;
    v_colour = a_colour;
    vec2 ndc = vec2(a_px.x / u_viewport_px.x * 2.0 - 1.0, 1.0 - a_px.y / u_viewport_px.y * 2.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
}
