#version 330 core
// Basemap and data geometry in map units, split into high and low floats so that positions
// stay exact to the centimetre at any zoom: (hi − cam_hi) + (lo − cam_lo) is small and
// computed without catastrophic cancellation.
layout(location = 0) in vec2 a_hi;
layout(location = 1) in vec2 a_lo;

uniform vec2 u_cam_hi;
uniform vec2 u_cam_lo;
uniform vec2 u_scale; // NDC per map unit (x, y)

void main() {
    vec2 d = (a_hi - u_cam_hi) + (a_lo - u_cam_lo);
    gl_Position = vec4(d * u_scale, 0.0, 1.0);
}
