#version 330 core
// One instance per incident, drawn as a screen-aligned quad (a triangle strip of 4).
// The time window is tested here against uniforms, so moving the window uploads nothing.
layout(location = 0) in vec2 a_hi;     // map position, high part
layout(location = 1) in vec2 a_lo;     // map position, low part
layout(location = 2) in ivec4 a_time;  // start (day, ms in day), end (day, ms in day), UTC
layout(location = 3) in float a_radius; // px, from the size field (area ∝ value)
layout(location = 4) in int a_flags;   // bits 0–3 palette slot, 4–5 geo precision, 6 undated,
                                       // 7 hidden (no position in this projection)
layout(location = 5) in uint a_visible; // 0: hidden by a filter (category, layer, search)

uniform vec2 u_cam_hi;
uniform vec2 u_cam_lo;
uniform vec2 u_scale;        // NDC per map unit
uniform vec2 u_viewport_px;  // logical pixels
uniform ivec4 u_window;      // from (day, ms), to (day, ms): draw when start < to && end > from
uniform int u_mode;          // 0 window, 1 cumulative (from = −∞), 2 fade by age
uniform int u_show_undated;  // draw incidents without a time
uniform int u_selected;      // instance id of the selected incident, −1 for none
uniform float u_radius_scale;
uniform vec4 u_palette[10];
uniform int u_hollow;        // 1: the comparison window ("B", issue 17): an open ring

out vec2 v_px;          // fragment offset from the centre, px
flat out float v_radius;
flat out vec4 v_colour;
flat out int v_coarse;  // 0 exact/unknown, 1 near (town), 2 region, 3 window B (compare)
flat out int v_selected;

bool before(ivec2 a, ivec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }
float days_between(ivec2 a, ivec2 b) { return float(b.x - a.x) + float(b.y - a.y) / 86400000.0; }

void main() {
    ivec2 start = a_time.xy;
    ivec2 end = a_time.zw;
    bool undated = (a_flags & 64) != 0;
    bool visible;
    if ((a_flags & 128) != 0 || a_visible == 0u) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
        return;
    }
    float alpha = 1.0;
    if (undated) {
        visible = u_show_undated != 0;
    } else {
        bool starts_before_to = before(start, u_window.zw);
        bool ends_after_from = before(u_window.xy, end);
        visible = starts_before_to && (u_mode == 1 || ends_after_from);
        if (visible && u_mode == 2) {
            // Age: how far back from the window's end the incident ended, as a fraction.
            float span = max(days_between(u_window.xy, u_window.zw), 1e-6);
            float age = clamp(days_between(end, u_window.zw) / span, 0.0, 1.0);
            alpha = mix(1.0, 0.15, age);
        }
    }
    if (!visible) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0); // outside the clip volume: culled
        return;
    }
    int coarse = (a_flags >> 4) & 3;
    v_coarse = coarse >= 3 ? 2 : (coarse == 2 ? 1 : 0);
    if (u_hollow != 0)
        v_coarse = 3; // window B: a ring in the category colour, nothing inside
    v_selected = gl_InstanceID == u_selected ? 1 : 0;
    v_radius = a_radius * u_radius_scale * (v_coarse == 2 ? 1.5 : 1.0);
    vec4 c = u_palette[a_flags & 15];
    v_colour = vec4(c.rgb, c.a * alpha);
    float extent = v_radius + 2.0 + (v_selected == 1 ? 5.0 : 0.0);
    vec2 corner = vec2(float(gl_VertexID & 1) * 2.0 - 1.0, float(gl_VertexID >> 1) * 2.0 - 1.0);
    v_px = corner * extent;
    vec2 d = (a_hi - u_cam_hi) + (a_lo - u_cam_lo);
    vec2 centre = d * u_scale;
    gl_Position = vec4(centre + v_px * 2.0 / u_viewport_px, 0.0, 1.0);
}
