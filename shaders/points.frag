#version 330 core
// A filled disc with a dark outline; hollow (a thick ring) when the location is coarse; an
// open ring for the comparison window B;
// a bright ring around the selected incident.
in vec2 v_px;
flat in float v_radius;
flat in vec4 v_colour;
flat in int v_coarse;
flat in int v_selected;
out vec4 o_colour;

const vec4 kOutline = vec4(0.13, 0.13, 0.13, 0.9);
const vec4 kSelect = vec4(0.0, 0.9, 1.0, 1.0);

// Coverage of the band [r0, r1] at distance d, antialiased over one pixel. A band from the
// centre (r0 <= 0) has no inner edge: antialiasing one would leave a see-through dot there.
float band(float d, float r0, float r1) {
    float inner = r0 <= 0.0 ? 1.0 : clamp(d - r0 + 0.5, 0.0, 1.0);
    return inner * clamp(r1 - d + 0.5, 0.0, 1.0);
}

vec4 over(vec4 top, vec4 under) {
    float a = top.a + under.a * (1.0 - top.a);
    if (a <= 0.0)
        return vec4(0.0);
    return vec4((top.rgb * top.a + under.rgb * under.a * (1.0 - top.a)) / a, a);
}

void main() {
    float d = length(v_px);
    float r = v_radius;
    vec4 c = vec4(0.0);
    if (v_coarse == 3) {
        // Window B of a comparison: an open ring, so A's filled discs read as "now", B's as
        // "then" (the category colour kept).
        c = over(vec4(v_colour.rgb, v_colour.a * band(d, r - 2.25, r - 0.5)), c);
        c = over(vec4(kOutline.rgb, 0.7 * v_colour.a * band(d, r - 0.5, r + 0.25)), c);
    } else if (v_coarse == 0) {
        c = over(vec4(v_colour.rgb, v_colour.a * band(d, 0.0, r - 1.0)), c);
        c = over(vec4(kOutline.rgb, kOutline.a * v_colour.a * band(d, r - 1.0, r + 0.25)), c);
    } else {
        float ring = v_coarse == 2 ? 2.0 : 2.5;
        c = over(vec4(v_colour.rgb, 0.18 * v_colour.a * band(d, 0.0, r - ring)), c);
        c = over(vec4(v_colour.rgb, v_colour.a * band(d, r - ring, r - 0.75)), c);
        c = over(vec4(kOutline.rgb, kOutline.a * v_colour.a * band(d, r - 0.75, r + 0.25)), c);
        c = over(vec4(kOutline.rgb, 0.6 * v_colour.a * band(d, r - ring - 0.75, r - ring)), c);
    }
    if (v_selected == 1) {
        c = over(vec4(kSelect.rgb, band(d, r + 2.0, r + 4.0)), c);
        c = over(vec4(kOutline.rgb, band(d, r + 4.0, r + 5.0)), c);
    }
    if (c.a < 0.004)
        discard;
    o_colour = c;
}
