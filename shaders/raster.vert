#version 330 core
// A raster basemap's image: a quad in map units (split hi/lo as in fill.vert) with its
// texture coordinates.
layout(location = 0) in vec2 a_hi;
layout(location = 1) in vec2 a_lo;
layout(location = 2) in vec2 a_uv;

uniform vec2 u_cam_hi;
uniform vec2 u_cam_lo;
uniform vec2 u_scale; // NDC per map unit (x, y)

out vec2 v_uv;

void main() {
    vec2 d = (a_hi - u_cam_hi) + (a_lo - u_cam_lo);
    gl_Position = vec4(d * u_scale, 0.0, 1.0);
    v_uv = a_uv;
}
