#version 330 core
// Coverage comes from the glyph atlas (one channel); solid shapes sample its white texel.
in vec2 v_uv;
in vec4 v_colour;
uniform sampler2D u_atlas;
out vec4 o_colour;

void main() {
    float coverage = texture(u_atlas, v_uv).r;
    o_colour = vec4(v_colour.rgb, v_colour.a * coverage);
    if (o_colour.a < 0.002)
        discard;
}
