#pragma once
// The heat map: how densely the incidents the time window shows lie, from the spatial index,
// so a frame costs what the screen shows and not what the table holds.
//
//   index cells of ≈ kCellPx on screen (in view + the kernel radius) ──summarize(window)──▶
//   one weighted point per cell that shows something, at its members' mean position
//     ──GL_POINTS, triweight kernel of radius R px, additive──▶ R32F density texture
//        (1/kTexelPx of the viewport's device pixels, padded by R on every side so cells
//        just off the screen still reach in, whatever the driver does with off-screen points)
//     ──read back: max over the viewport, tiles holding density──▶ colour pass over those
//        tiles: t = (d / max)^¼ through an 8-stop ramp (reversed inferno: pale yellow →
//        orange → red → purple), alpha growing with density, 0 where nothing is.
//
// The density d at a pixel is Σ count × (1 − (r/R)²)³ over the cells within R: one incident
// alone reads 1 at its centre. The fourth root keeps 1 of 1,000 visible (t ≈ 0.18) and still
// tells 1,000 from 10,000 (0.56 vs 1); a log scale did too, but turned every big spot into a
// flat disc with a hard rim at R. Owns its GL objects; draw() leaves the framebuffer, viewport,
// scissor and blend state it found.

#include "core/camera.hpp"
#include "core/palette.hpp"
#include "core/spatial_index.hpp"
#include "render/gl_objects.hpp"
#include "render/map_transform.hpp"
#include "render/map_uniforms.hpp"
#include "render/streamed_points.hpp"

#include <array>
#include <string>
#include <vector>

namespace incimap::render {

struct HeatStats {
    int level = 0;             // index level the cells come from
    double cell_px = 0;        // that level's cell side on screen, logical px
    std::size_t cells = 0;     // occupied cells visited (in view + kernel margin)
    std::size_t splats = 0;    // points drawn: cells the window shows something in
    std::size_t shown = 0;     // incidents those points stand for
    float radius_px = 0;       // kernel radius, logical px
    float max_density = 0;     // the densest pixel in view (incidents, kernel-weighted)
    std::size_t ramp_quads = 0; // quads the colour pass covers (runs of tiles with density)
    bool float_target = true;  // false: the RGBA8 fallback (weights scaled to fit 8 bits)
};

class HeatLayer {
public:
    static constexpr double kCellPx = 4.0;   // cells summarised per splat, logical px (2.8–5.6)
    static constexpr int kTexelPx = 4;       // density texel, device px (the kernel is smooth)
    static constexpr int kTileTexels = 16;   // the colour pass skips empty tiles of this side
    static constexpr std::size_t kRampStops = 8;
    static constexpr float kExponent = 0.25f; // ramp position = (density / max)^kExponent

    bool init(std::string& error);
    // Draws the density of what `window` shows of `index` into the bound framebuffer, whose
    // viewport is the camera's (its size in device px says the pixel ratio).
    void draw(const core::SpatialIndex& index, const core::Camera& camera,
              const core::TimeWindow& window);
    const HeatStats& last() const { return m_stats; }

    // Kernel radius for a zoom: 15 px zoomed out, growing gently to 25 px at street level.
    static float radius_px_for_zoom(double zoom);
    // The ramp, low to high (alpha included; stop 0 is transparent), and its value at t∈[0,1].
    static const std::array<core::Rgba8, kRampStops>& ramp();
    static core::Rgba8 ramp_at(float t);
    // Where density d falls on the ramp when the densest pixel in view is `max_density`.
    static float ramp_position(float density, float max_density);

private:
    struct Frame { // the density texture's geometry for one draw
        int tex_w = 0, tex_h = 0;
        float ndc_sx = 1, ndc_sy = 1; // the viewport's share of the texture
        float weight_scale = 1;       // splat weights × this are stored
    };
    bool ensure_target(int width, int height);
    std::size_t gather(const core::SpatialIndex& index, const core::Camera& camera,
                       const core::TimeWindow& window);
    void splat(const core::Camera& camera, const Frame& f, float point_px);
    float read_back(const Frame& f);
    void ramp(const Frame& f);

    struct Vertex {
        float hi_x, hi_y, lo_x, lo_y;
        float weight;
    };
    Program m_splat, m_ramp;
    StreamedPoints<Vertex> m_points;
    VertexArray m_tile_vao;
    Buffer m_tile_vertices;
    std::vector<Vertex> m_staging;
    Texture m_density;
    Framebuffer m_fbo;
    int m_tex_w = 0, m_tex_h = 0;
    bool m_float = true;
    std::vector<float> m_readback;
    std::vector<std::uint8_t> m_readback8;
    std::vector<std::uint8_t> m_tile_used;
    std::vector<float> m_tile_quads; // NDC x, y; 6 vertices a quad
    struct {
        GLint point_px = -1, ndc_scale = -1, weight_scale = -1;
    } m_us;
    struct {
        GLint density = -1, ndc_scale = -1, max = -1, exponent = -1, weight_scale = -1,
              ramp = -1;
    } m_ur;
    MapUniforms m_map;
    HeatStats m_stats;
};

} // namespace incimap::render
