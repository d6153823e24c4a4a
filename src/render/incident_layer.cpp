#include "render/incident_layer.hpp"

#include "core/palette.hpp"
#include "render/palette_uniform.hpp"
#include "render/shader_program.hpp"
#include "render/streamed_points.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <vector>

namespace incimap::render {

namespace {

struct Instance {
    float hi_x, hi_y, lo_x, lo_y;
    std::int32_t start_day, start_ms, end_day, end_ms;
    float radius_px;
    std::int32_t flags;
};
static_assert(sizeof(Instance) == 40);

// (day, ms in day) with the day clamped to what an int32 holds (±5.8 million years).
void split_time(core::UnixMs t, std::int32_t& day, std::int32_t& ms) {
    std::int64_t d = core::floor_days(t);
    const std::int64_t in_day = t - d * core::kMsPerDay;
    d = std::clamp<std::int64_t>(d, INT32_MIN / 2, INT32_MAX / 2);
    day = static_cast<std::int32_t>(d);
    ms = static_cast<std::int32_t>(in_day);
}

} // namespace

bool IncidentLayer::init(std::string& error) {
    if (!build_program_into(m_program, "points.vert", "points.frag", error))
        return false;
    const GLuint id = m_program.get();
    m_map.locate(id);
    m_u.viewport = glGetUniformLocation(id, "u_viewport_px");
    m_u.window = glGetUniformLocation(id, "u_window");
    m_u.mode = glGetUniformLocation(id, "u_mode");
    m_u.show_undated = glGetUniformLocation(id, "u_show_undated");
    m_u.selected = glGetUniformLocation(id, "u_selected");
    m_u.radius_scale = glGetUniformLocation(id, "u_radius_scale");
    m_u.palette = glGetUniformLocation(id, "u_palette");
    m_u.hollow = glGetUniformLocation(id, "u_hollow");
    return true;
}

void IncidentLayer::upload(const core::IncidentTable& table,
                           const core::PackedPoints& positions,
                           std::span<const std::uint8_t> slots) {
    const std::size_t n = table.count();
    m_vao = make_vertex_array();
    m_instances = make_buffer();
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_instances.get());
    const auto bytes = static_cast<GLsizeiptr>(n * sizeof(Instance));
    glBufferData(GL_ARRAY_BUFFER, bytes, nullptr, GL_STATIC_DRAW);
    // Filled in slices of 64k instances (2.5 MiB): a copy of the whole buffer on the CPU side
    // beside the driver's (llvmpipe keeps it in host memory) was 38 MiB more at 1M (issue 14).
    constexpr std::size_t kSlice = std::size_t{1} << 16;
    std::vector<Instance> data(std::min(n, kSlice));
    for (std::size_t from = 0; from < n; from += kSlice) {
        const std::size_t count = std::min(kSlice, n - from);
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = from + k;
            Instance& in = data[k];
            const core::MapPoint p =
                i < positions.size() ? positions[i] : core::MapPoint{NAN, NAN};
            std::int32_t flags = i < slots.size() ? slots[i] & 15 : core::kNoneSlot;
            if (std::isfinite(p.x) && std::isfinite(p.y)) {
                const SplitPoint s = split(p);
                in.hi_x = s.hi_x, in.hi_y = s.hi_y, in.lo_x = s.lo_x, in.lo_y = s.lo_y;
            } else {
                in.hi_x = in.hi_y = in.lo_x = in.lo_y = 0;
                flags |= 128;
            }
            if (table.t_precision[i] == core::TimePrecision::None) {
                flags |= 64;
                in.start_day = in.start_ms = in.end_day = in.end_ms = 0;
            } else {
                split_time(table.t_start[i], in.start_day, in.start_ms);
                split_time(table.end_at(i), in.end_day, in.end_ms);
            }
            flags |= (static_cast<std::int32_t>(table.geo_precision[i]) & 3) << 4;
            in.flags = flags;
            in.radius_px = core::marker_radius_px(table.size_at(i));
        }
        glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(from * sizeof(Instance)),
                        static_cast<GLsizeiptr>(count * sizeof(Instance)), data.data());
    }
    m_uploaded_bytes += static_cast<std::size_t>(bytes);
    set_vertex_layout(static_cast<GLsizei>(sizeof(Instance)),
                      {{0, 2, GL_FLOAT, offsetof(Instance, hi_x)},
                       {1, 2, GL_FLOAT, offsetof(Instance, lo_x)},
                       {2, 4, GL_INT, offsetof(Instance, start_day)},
                       {3, 1, GL_FLOAT, offsetof(Instance, radius_px)},
                       {4, 1, GL_INT, offsetof(Instance, flags)}});
    for (GLuint a = 0; a <= 4; ++a)
        glVertexAttribDivisor(a, 1);
    glBindVertexArray(0);
    m_count = n;
    set_visibility({});
}

void IncidentLayer::set_visibility(std::span<const std::uint8_t> visible) {
    std::vector<std::uint8_t> all;
    if (visible.size() != m_count) {
        all.assign(m_count, 1);
        visible = all;
    }
    if (!m_visibility)
        m_visibility = make_buffer();
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_visibility.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(std::max<std::size_t>(1, visible.size())),
                 visible.empty() ? nullptr : visible.data(), GL_DYNAMIC_DRAW);
    m_uploaded_bytes += visible.size();
    glEnableVertexAttribArray(5);
    glVertexAttribIPointer(5, 1, GL_UNSIGNED_BYTE, 1, nullptr);
    glVertexAttribDivisor(5, 1);
    glBindVertexArray(0);
}

void IncidentLayer::draw(const MapTransform& t, const TimeWindow& window, int selected,
                         float radius_scale, bool hollow) const {
    if (m_count == 0)
        return;
    glUseProgram(m_program.get());
    m_map.set(t);
    glUniform2f(m_u.viewport, t.viewport_w, t.viewport_h);
    std::int32_t w[4];
    split_time(window.from, w[0], w[1]);
    split_time(window.to, w[2], w[3]);
    glUniform4i(m_u.window, w[0], w[1], w[2], w[3]);
    glUniform1i(m_u.mode, static_cast<GLint>(window.mode));
    glUniform1i(m_u.show_undated, window.show_undated ? 1 : 0);
    glUniform1i(m_u.selected, selected);
    glUniform1f(m_u.radius_scale, radius_scale);
    glUniform1i(m_u.hollow, hollow ? 1 : 0);
    set_palette_uniform(m_u.palette);
    glBindVertexArray(m_vao.get());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(m_count));
    glBindVertexArray(0);
}

} // namespace incimap::render
