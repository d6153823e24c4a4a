#version 330 core
// The triweight kernel (1 − r²)³: 1 at the centre, falling smoothly (and with a flat foot) to
// 0 at the radius, so a lone incident reads 1 at its spot, the sum over cells is a density in
// incidents, and the ramp's root scale shows no hard rim at the radius.
flat in float v_weight;
uniform float u_weight_scale; // 1 for a float target; < 1 to fit the RGBA8 fallback
out vec4 o_density;

void main() {
    vec2 c = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(c, c);
    if (r2 >= 1.0)
        discard;
    float f = 1.0 - r2;
    o_density = vec4(v_weight * u_weight_scale * f * f * f, 0.0, 0.0, 0.0);
}
