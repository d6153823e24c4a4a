#version 330 core
// One GL_POINTS sprite per primitive of the frame plan (an incident, or the aggregate of a
// dense cell): point sprites cost llvmpipe less than half of an instanced quad, and the list
// is rebuilt per frame from what the screen shows (see core/spatial_index.hpp).
layout(location = 0) in vec2 a_hi;      // map position, high part
layout(location = 1) in vec2 a_lo;      // map position, low part
layout(location = 2) in float a_radius; // px (logical), before u_radius_scale
layout(location = 3) in float a_alpha;  // fade age or aggregate density
layout(location = 4) in int a_flags;    // bits 0–3 palette slot, 4–5 coarse (0, 1 near, 2
                                        // region), 6 selected, 7 aggregate

uniform vec2 u_cam_hi;
uniform vec2 u_cam_lo;
uniform vec2 u_scale;          // NDC per map unit
uniform float u_radius_scale;
uniform float u_device_px;     // device pixels per logical pixel (gl_PointSize is in device px)
uniform vec4 u_viewport;       // x, y, width, height in device pixels (glViewport)
uniform vec4 u_palette[10];

flat out float v_radius;
flat out float v_extent;  // half the sprite's side, logical px
flat out vec4 v_colour;
flat out int v_coarse;
flat out int v_selected;
flat out int v_aggregate;
flat out vec2 v_centre;   // window coordinates (as gl_FragCoord) of the exact centre

void main() {
    v_coarse = (a_flags >> 4) & 3;
    v_selected = (a_flags >> 6) & 1;
    v_aggregate = (a_flags >> 7) & 1;
    v_radius = a_radius * u_radius_scale;
    vec4 c = u_palette[a_flags & 15];
    v_colour = vec4(c.rgb, c.a * a_alpha);
    v_extent = v_radius + 2.0 + (v_selected == 1 ? 5.0 : 0.0);
    vec2 d = (a_hi - u_cam_hi) + (a_lo - u_cam_lo);
    gl_Position = vec4(d * u_scale, 0.0, 1.0);
    // The rasteriser may snap a sprite to whole pixels: the fragment shader measures from the
    // exact centre instead, so a marker lands where the instanced quad puts it.
    v_centre = u_viewport.xy + (gl_Position.xy * 0.5 + 0.5) * u_viewport.zw;
    gl_PointSize = 2.0 * v_extent * u_device_px;
}
