#include "render/heat_layer.hpp"

#include "render/shader_program.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace incimap::render {

namespace {

// Reversed inferno (viridis family: perceptually even, readable with every common colour
// vision deficiency), from its pale yellow to its dark purple, leaving out the near-black end
// that would read as "no data". Alpha grows with density; stop 0 is transparent.
constexpr std::array<core::Rgba8, HeatLayer::kRampStops> k_ramp{{
    {252, 255, 164, 0},
    {247, 209, 61, 80},
    {251, 155, 6, 140},
    {237, 105, 37, 185},
    {207, 68, 70, 210},
    {165, 44, 96, 225},
    {120, 28, 109, 235},
    {74, 12, 107, 240},
}};

// What draw() changes and puts back.
struct SavedState {
    GLint draw_fbo = 0, read_fbo = 0;
    GLint viewport[4] = {0, 0, 1, 1};
    GLboolean scissor = GL_FALSE;
    GLint blend_src_rgb = GL_ONE, blend_dst_rgb = GL_ZERO, blend_src_a = GL_ONE,
          blend_dst_a = GL_ZERO;

    SavedState() {
        glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fbo);
        glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fbo);
        glGetIntegerv(GL_VIEWPORT, viewport);
        scissor = glIsEnabled(GL_SCISSOR_TEST);
        glGetIntegerv(GL_BLEND_SRC_RGB, &blend_src_rgb);
        glGetIntegerv(GL_BLEND_DST_RGB, &blend_dst_rgb);
        glGetIntegerv(GL_BLEND_SRC_ALPHA, &blend_src_a);
        glGetIntegerv(GL_BLEND_DST_ALPHA, &blend_dst_a);
    }
    void restore_target() const {
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_fbo));
        glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_fbo));
        glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
        if (scissor)
            glEnable(GL_SCISSOR_TEST);
    }
    void restore_blend() const {
        glBlendFuncSeparate(static_cast<GLenum>(blend_src_rgb), static_cast<GLenum>(blend_dst_rgb),
                            static_cast<GLenum>(blend_src_a), static_cast<GLenum>(blend_dst_a));
    }
};

} // namespace

const std::array<core::Rgba8, HeatLayer::kRampStops>& HeatLayer::ramp() { return k_ramp; }

core::Rgba8 HeatLayer::ramp_at(float t) {
    const float x = std::clamp(t, 0.0f, 1.0f) * static_cast<float>(kRampStops - 1);
    const auto i = std::min(static_cast<std::size_t>(x), kRampStops - 2);
    const float f = x - static_cast<float>(i);
    const auto mix = [f](std::uint8_t a, std::uint8_t b) {
        return static_cast<std::uint8_t>(std::lround(a + (b - a) * f));
    };
    const core::Rgba8 a = k_ramp[i], b = k_ramp[i + 1];
    return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), mix(a.a, b.a)};
}

float HeatLayer::ramp_position(float density, float max_density) {
    if (density <= 0 || max_density <= 0)
        return 0;
    return std::clamp(std::pow(density / max_density, kExponent), 0.0f, 1.0f);
}

float HeatLayer::radius_px_for_zoom(double zoom) {
    return static_cast<float>(std::clamp(10.0 + zoom, 15.0, 25.0));
}

bool HeatLayer::init(std::string& error) {
    if (!build_program_into(m_splat, "heat_splat.vert", "heat_splat.frag", error) ||
        !build_program_into(m_ramp, "heat_ramp.vert", "heat_ramp.frag", error))
        return false;
    const GLuint s = m_splat.get(), r = m_ramp.get();
    m_map.locate(s);
    m_us.point_px = glGetUniformLocation(s, "u_point_px");
    m_us.ndc_scale = glGetUniformLocation(s, "u_ndc_scale");
    m_us.weight_scale = glGetUniformLocation(s, "u_weight_scale");
    m_ur.density = glGetUniformLocation(r, "u_density");
    m_ur.ndc_scale = glGetUniformLocation(r, "u_ndc_scale");
    m_ur.max = glGetUniformLocation(r, "u_max");
    m_ur.exponent = glGetUniformLocation(r, "u_exponent");
    m_ur.weight_scale = glGetUniformLocation(r, "u_weight_scale");
    m_ur.ramp = glGetUniformLocation(r, "u_ramp");

    m_tile_vao = make_vertex_array();
    m_tile_vertices = make_buffer();
    glBindVertexArray(m_tile_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_tile_vertices.get());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    m_points.init({{0, 2, GL_FLOAT, offsetof(Vertex, hi_x)},
                   {1, 2, GL_FLOAT, offsetof(Vertex, lo_x)},
                   {2, 1, GL_FLOAT, offsetof(Vertex, weight)}});
    return true;
}

// A density texture of width × height texels: R32F when the driver renders and blends into it
// (GL 3.3 requires both; llvmpipe does), else RGBA8 with the weights scaled down to fit.
bool HeatLayer::ensure_target(int width, int height) {
    if (m_density && width == m_tex_w && height == m_tex_h)
        return true;
    m_fbo = make_framebuffer();
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo.get());
    for (const bool use_float : {true, false}) {
        m_density = make_texture();
        glBindTexture(GL_TEXTURE_2D, m_density.get());
        glTexImage2D(GL_TEXTURE_2D, 0, use_float ? GL_R32F : GL_RGBA8, width, height, 0,
                     use_float ? GL_RED : GL_RGBA, use_float ? GL_FLOAT : GL_UNSIGNED_BYTE,
                     nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
                               m_density.get(), 0);
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
            m_float = use_float;
            m_tex_w = width;
            m_tex_h = height;
            glBindTexture(GL_TEXTURE_2D, 0);
            return true;
        }
    }
    glBindTexture(GL_TEXTURE_2D, 0);
    m_density.reset();
    m_fbo.reset();
    m_tex_w = m_tex_h = 0;
    return false;
}

void HeatLayer::draw(const core::SpatialIndex& index, const core::Camera& camera,
                     const core::TimeWindow& window) {
    m_stats = {};
    if (!m_splat || !m_ramp)
        return;
    m_stats.radius_px = radius_px_for_zoom(camera.zoom());
    m_stats.float_target = m_float;
    if (index.empty())
        return;
    const std::size_t max_cell = gather(index, camera, window);
    if (m_staging.empty())
        return;

    // The density texture: the viewport in device px, padded by the kernel radius, in texels.
    const SavedState saved;
    const int vw = saved.viewport[2], vh = saved.viewport[3];
    const float device_px = static_cast<float>(vw) / static_cast<float>(camera.viewport_width());
    const float radius_dev = m_stats.radius_px * device_px;
    Frame f;
    f.tex_w = static_cast<int>(std::ceil((vw + 2 * radius_dev) / kTexelPx)) + 1;
    f.tex_h = static_cast<int>(std::ceil((vh + 2 * radius_dev) / kTexelPx)) + 1;
    if (!ensure_target(f.tex_w, f.tex_h)) {
        saved.restore_target();
        return;
    }
    m_stats.float_target = m_float;
    f.ndc_sx = static_cast<float>(vw) / static_cast<float>(f.tex_w * kTexelPx);
    f.ndc_sy = static_cast<float>(vh) / static_cast<float>(f.tex_h * kTexelPx);
    // RGBA8 holds [0, 1] in 1/255 steps: scale so a few of the fullest cells overlapping stay
    // below 1 (sparse cells then lose precision; the float target has no such limit).
    f.weight_scale = m_float ? 1.0f : 0.25f / static_cast<float>(max_cell);

    splat(camera, f, 2.0f * radius_dev / kTexelPx);
    const float max_stored = read_back(f);
    m_stats.max_density = max_stored / f.weight_scale;
    saved.restore_target();
    saved.restore_blend();
    if (max_stored > 0)
        ramp(f);
    glBindVertexArray(0);
}

// One weighted point per occupied cell of ≈ kCellPx in view and within the kernel's reach of
// it (a cell's mean lies anywhere in the cell, so one cell more). Returns the fullest count.
std::size_t HeatLayer::gather(const core::SpatialIndex& index, const core::Camera& camera,
                              const core::TimeWindow& window) {
    const double upp = camera.units_per_px();
    const int level = index.level_for(upp, kCellPx);
    m_stats.level = level;
    m_stats.cell_px = index.cell_size(level) / upp;
    const core::MapBox view = camera.visible_box();
    const double margin = m_stats.radius_px * upp + index.cell_size(level);
    const core::MapBox box{view.min_x - margin, view.min_y - margin, view.max_x + margin,
                           view.max_y + margin};
    m_staging.clear();
    std::size_t max_cell = 0;
    index.walk(level, box, [&](std::uint32_t, std::uint32_t, std::uint32_t b, std::uint32_t e) {
        ++m_stats.cells;
        const core::CellSummary c = index.summarize(level, b, e, window);
        if (c.shown == 0)
            return;
        const SplitPoint s = split(c.mean);
        m_staging.push_back({s.hi_x, s.hi_y, s.lo_x, s.lo_y, static_cast<float>(c.shown)});
        m_stats.shown += c.shown;
        max_cell = std::max(max_cell, c.shown);
    });
    m_stats.splats = m_staging.size();
    return max_cell;
}

// The points, additively into the cleared density texture.
void HeatLayer::splat(const core::Camera& camera, const Frame& f, float point_px) {
    m_points.upload(m_staging);
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo.get());
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, f.tex_w, f.tex_h);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    glBlendFunc(GL_ONE, GL_ONE);
    glUseProgram(m_splat.get());
    m_map.set(MapTransform::from(camera));
    glUniform2f(m_us.ndc_scale, f.ndc_sx, f.ndc_sy);
    glUniform1f(m_us.point_px, point_px);
    glUniform1f(m_us.weight_scale, f.weight_scale);
    glEnable(GL_PROGRAM_POINT_SIZE);
    glBindVertexArray(m_points.vertex_array());
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(m_staging.size()));
    glDisable(GL_PROGRAM_POINT_SIZE);
}

// The texels the viewport covers, read back (a few hundred KiB): the densest sets the top of
// the ramp (returned, as stored), and the tiles of kTileTexels² holding any density, or next
// to one (bilinear sampling reaches a texel across), become the quads the ramp pass covers,
// so an empty part of the map costs no fill.
float HeatLayer::read_back(const Frame& f) {
    const int x0 = std::max(0, static_cast<int>(std::floor((1 - f.ndc_sx) * 0.5f * f.tex_w)));
    const int y0 = std::max(0, static_cast<int>(std::floor((1 - f.ndc_sy) * 0.5f * f.tex_h)));
    const int x1 =
        std::min(f.tex_w, static_cast<int>(std::ceil((1 + f.ndc_sx) * 0.5f * f.tex_w)) + 1);
    const int y1 =
        std::min(f.tex_h, static_cast<int>(std::ceil((1 + f.ndc_sy) * 0.5f * f.tex_h)) + 1);
    const int w = x1 - x0, h = y1 - y0;
    const auto n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    m_readback.resize(n);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    if (m_float) {
        glReadPixels(x0, y0, w, h, GL_RED, GL_FLOAT, m_readback.data());
    } else {
        m_readback8.resize(n * 4);
        glReadPixels(x0, y0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, m_readback8.data());
        for (std::size_t i = 0; i < n; ++i)
            m_readback[i] = m_readback8[i * 4] / 255.0f;
    }
    const int tiles_x = (f.tex_w + kTileTexels - 1) / kTileTexels;
    const int tiles_y = (f.tex_h + kTileTexels - 1) / kTileTexels;
    m_tile_used.assign(static_cast<std::size_t>(tiles_x) * static_cast<std::size_t>(tiles_y), 0);
    const float visible = 1e-4f * f.weight_scale; // what the ramp shader discards below
    float max_stored = 0;
    for (int j = 0; j < h; ++j)
        for (int i = 0; i < w; ++i) {
            const float v = m_readback[static_cast<std::size_t>(j) * w + i];
            if (v <= visible)
                continue;
            max_stored = std::max(max_stored, v);
            const int x = x0 + i, y = y0 + j;
            const int ta = std::max(0, x - 1) / kTileTexels, tb = (x + 1) / kTileTexels;
            const int ua = std::max(0, y - 1) / kTileTexels, ub = (y + 1) / kTileTexels;
            for (int ty = ua; ty <= std::min(ub, tiles_y - 1); ++ty)
                for (int tx = ta; tx <= std::min(tb, tiles_x - 1); ++tx)
                    m_tile_used[static_cast<std::size_t>(ty) * tiles_x + tx] = 1;
        }
    // Runs of used tiles along a row become one quad (two triangles), in the viewport's NDC.
    m_tile_quads.clear();
    const auto ndc_x = [&](int texel) { return (2.0f * texel / f.tex_w - 1) / f.ndc_sx; };
    const auto ndc_y = [&](int texel) { return (2.0f * texel / f.tex_h - 1) / f.ndc_sy; };
    for (int ty = 0; ty < tiles_y; ++ty)
        for (int tx = 0; tx < tiles_x;) {
            if (!m_tile_used[static_cast<std::size_t>(ty) * tiles_x + tx]) {
                ++tx;
                continue;
            }
            const int run = tx;
            while (tx < tiles_x && m_tile_used[static_cast<std::size_t>(ty) * tiles_x + tx])
                ++tx;
            const float ax = ndc_x(run * kTileTexels), bx = ndc_x(tx * kTileTexels);
            const float ay = ndc_y(ty * kTileTexels), by = ndc_y((ty + 1) * kTileTexels);
            m_tile_quads.insert(m_tile_quads.end(),
                                {ax, ay, bx, ay, bx, by, ax, ay, bx, by, ax, by});
        }
    m_stats.ramp_quads = m_tile_quads.size() / 12;
    return max_stored;
}

// Density to colour over the map, in the caller's framebuffer and viewport, on the used tiles.
void HeatLayer::ramp(const Frame& f) {
    float ramp[kRampStops * 4];
    for (std::size_t i = 0; i < kRampStops; ++i) {
        ramp[i * 4 + 0] = k_ramp[i].r / 255.0f;
        ramp[i * 4 + 1] = k_ramp[i].g / 255.0f;
        ramp[i * 4 + 2] = k_ramp[i].b / 255.0f;
        ramp[i * 4 + 3] = k_ramp[i].a / 255.0f;
    }
    glBindBuffer(GL_ARRAY_BUFFER, m_tile_vertices.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_tile_quads.size() * sizeof(float)),
                 m_tile_quads.data(), GL_STREAM_DRAW);
    glUseProgram(m_ramp.get());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_density.get());
    glUniform1i(m_ur.density, 0);
    glUniform2f(m_ur.ndc_scale, f.ndc_sx, f.ndc_sy);
    glUniform1f(m_ur.weight_scale, f.weight_scale);
    glUniform1f(m_ur.max, m_stats.max_density);
    glUniform1f(m_ur.exponent, kExponent);
    glUniform4fv(m_ur.ramp, static_cast<GLsizei>(kRampStops), ramp);
    glBindVertexArray(m_tile_vao.get());
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(m_tile_quads.size() / 2));
    glBindTexture(GL_TEXTURE_2D, 0);
}

} // namespace incimap::render
