#version 330 core
// A raster basemap kept quiet under the data: greyscale (u_grey 0…1 mixes to luminance),
// dimmed toward white (u_dim 0…1), and drawn at u_opacity. Alpha 0 where the raster has none.
uniform sampler2D u_image;
uniform float u_opacity;
uniform float u_grey;
uniform float u_dim;

in vec2 v_uv;
out vec4 o_colour;

void main() {
    vec4 c = texture(u_image, v_uv);
    float luminance = dot(c.rgb, vec3(0.299, 0.587, 0.114));
    vec3 rgb = mix(c.rgb, vec3(luminance), u_grey);
    rgb = mix(rgb, vec3(1.0), u_dim);
    o_colour = vec4(rgb, c.a * u_opacity);
}
