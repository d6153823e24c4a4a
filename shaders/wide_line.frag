#version 330 core
// The line's colour, its edge antialiased over one pixel (coverage of a box filter).
uniform vec4 u_colour;
uniform float u_half_width; // device px

in float v_across;
out vec4 o_colour;

void main() {
    float coverage = clamp(u_half_width + 0.5 - abs(v_across), 0.0, 1.0);
    o_colour = vec4(u_colour.rgb, u_colour.a * coverage);
}
