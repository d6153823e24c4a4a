#version 330 core
// Lines wider than GL's 1 px (a core forward-compatible context allows no other width): one
// instance per segment, its two ends in map units split hi/lo as in fill.vert; the four
// vertices of a triangle strip (gl_VertexID 0..3: start −, start +, end −, end +) are pushed
// out across the segment, in device pixels, by half the width plus one pixel for the
// antialiased edge, and half a pixel past each end so that joined segments leave no gap.
layout(location = 0) in vec2 a_hi0;
layout(location = 1) in vec2 a_lo0;
layout(location = 2) in vec2 a_hi1;
layout(location = 3) in vec2 a_lo1;

uniform vec2 u_cam_hi;
uniform vec2 u_cam_lo;
uniform vec2 u_scale;       // NDC per map unit (x, y)
uniform vec2 u_viewport_px; // the framebuffer in device px
uniform float u_half_width; // device px

out float v_across; // device px from the centre line

void main() {
    vec2 half_px = 0.5 * u_viewport_px;
    vec2 s0 = ((a_hi0 - u_cam_hi) + (a_lo0 - u_cam_lo)) * u_scale * half_px;
    vec2 s1 = ((a_hi1 - u_cam_hi) + (a_lo1 - u_cam_lo)) * u_scale * half_px;
    vec2 d = s1 - s0;
    float len = length(d);
    vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
    vec2 normal = vec2(-dir.y, dir.x);
    float end = float(gl_VertexID >> 1);            // 0 start, 1 end
    float side = float(gl_VertexID & 1) * 2.0 - 1.0; // −1, +1
    float out_px = u_half_width + 1.0;
    vec2 s = mix(s0, s1, end) + normal * side * out_px + dir * (end * 2.0 - 1.0) * 0.5;
    v_across = side * out_px;
    gl_Position = vec4(s / half_px, 0.0, 1.0);
}
