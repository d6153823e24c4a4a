#version 330 core
// Density to colour: (d / max in view)^exponent through the ramp (low → high, alpha included).
// Nothing where the density is zero, so the basemap shows through.
in vec2 v_ndc;
uniform sampler2D u_density;
uniform vec2 u_ndc_scale;     // the viewport's share of the padded density texture
uniform float u_weight_scale; // what the splats were multiplied by
uniform float u_max;          // the densest pixel in view
uniform float u_exponent;     // t = (d / max)^exponent
uniform vec4 u_ramp[8];
out vec4 o_colour;

void main() {
    vec2 uv = 0.5 + 0.5 * v_ndc * u_ndc_scale;
    float d = texture(u_density, uv).r / u_weight_scale;
    if (d <= 1e-4)
        discard;
    float t = clamp(pow(d / u_max, u_exponent), 0.0, 1.0) * 7.0;
    int i = min(int(t), 6);
    vec4 c = mix(u_ramp[i], u_ramp[i + 1], t - float(i));
    if (c.a < 0.004)
        discard;
    o_colour = c;
}
