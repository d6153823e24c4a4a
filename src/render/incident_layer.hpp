#pragma once
// Incidents on the GPU: one static instance buffer (position split hi/lo, time interval,
// marker radius, palette slot and flags), uploaded once per table, projection or colouring.
// The time window, fade mode and selection are uniforms: changing them uploads nothing.

#include "core/camera.hpp"
#include "core/incident_table.hpp"
#include "core/packed_points.hpp"
#include "core/time_window.hpp"
#include "render/gl_objects.hpp"
#include "render/map_transform.hpp"
#include "render/map_uniforms.hpp"

#include <limits>
#include <span>
#include <string>

namespace incimap::render {

using TimeMode = core::TimeMode;
using TimeWindow = core::TimeWindow;

class IncidentLayer {
public:
    bool init(std::string& error);
    // positions: map units per incident (NaN: not drawn); slots: palette slot per incident.
    void upload(const core::IncidentTable& table, const core::PackedPoints& positions,
                std::span<const std::uint8_t> slots);
    // Per-incident visibility (0 hidden) from the category, layer and text filters; the only
    // upload a filter change causes (one byte per incident). Empty: all visible.
    void set_visibility(std::span<const std::uint8_t> visible);
    // `hollow`: the comparison window B (issue 17), drawn as open rings.
    void draw(const MapTransform& t, const TimeWindow& window, int selected,
              float radius_scale = 1.0f, bool hollow = false) const;
    std::size_t count() const { return m_count; }
    // Bytes sent to the GPU so far (tests check that a window change adds none).
    std::size_t uploaded_bytes() const { return m_uploaded_bytes; }
    void reset_uploaded_bytes() { m_uploaded_bytes = 0; } // after measuring costs

private:
    Program m_program;
    VertexArray m_vao;
    Buffer m_instances;
    Buffer m_visibility;
    std::size_t m_count = 0;
    std::size_t m_uploaded_bytes = 0;
    struct Uniforms {
        GLint viewport = -1, window = -1, mode = -1,
              show_undated = -1, selected = -1, radius_scale = -1, palette = -1;
        GLint hollow = -1; // issue 17
    } m_u;
    MapUniforms m_map;
};

} // namespace incimap::render
