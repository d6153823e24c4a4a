#version 330 core
// The incident marker of points.frag on a point sprite (a filled disc with a dark outline,
// hollow when the location is coarse, a bright ring when selected); an aggregate is a filled
// disc whose opacity says how many it stands for, with a lighter outline.
flat in float v_radius;
flat in float v_extent;
flat in vec4 v_colour;
flat in int v_coarse;
flat in int v_selected;
flat in int v_aggregate;
flat in vec2 v_centre;
uniform float u_device_px;
out vec4 o_colour;

const vec4 kOutline = vec4(0.13, 0.13, 0.13, 0.9);
const vec4 kSelect = vec4(0.0, 0.9, 1.0, 1.0);

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
    vec2 px = (gl_FragCoord.xy - v_centre) / u_device_px; // logical px from the centre
    float d = length(px);
    float r = v_radius;
    vec4 c = vec4(0.0);
    if (v_aggregate == 1) {
        c = over(vec4(v_colour.rgb, v_colour.a * band(d, 0.0, r - 1.0)), c);
        c = over(vec4(kOutline.rgb, 0.5 * v_colour.a * band(d, r - 1.0, r + 0.25)), c);
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
