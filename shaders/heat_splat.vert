#version 330 core
// One GL_POINTS sprite per occupied index cell the time window shows something in (see
// render/heat_layer.hpp): the sprite covers the kernel's radius in density texels.
layout(location = 0) in vec2 a_hi;     // map position (the cell's mean), high part
layout(location = 1) in vec2 a_lo;     // low part
layout(location = 2) in float a_weight; // incidents the cell shows

uniform vec2 u_cam_hi;
uniform vec2 u_cam_lo;
uniform vec2 u_scale;      // NDC per map unit (the camera's viewport)
uniform vec2 u_ndc_scale;  // the viewport's share of the padded density texture
uniform float u_point_px;  // sprite side: twice the kernel radius, in density texels

flat out float v_weight;

void main() {
    v_weight = a_weight;
    vec2 d = (a_hi - u_cam_hi) + (a_lo - u_cam_lo);
    gl_Position = vec4(d * u_scale * u_ndc_scale, 0.0, 1.0);
    gl_PointSize = u_point_px;
}
