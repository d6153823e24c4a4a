#include "render/draw_costs.hpp"

#include "core/palette.hpp"
#include "render/offscreen_target.hpp"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace incimap::render {

namespace {

constexpr int kSidePx = 256;
constexpr std::size_t kCulled = 8192; // instances outside the window's time (culled)
constexpr std::size_t kOnScreen = 1024; // 32 × 32 markers, 8 px apart

// Seconds for one call of `draw`, the best of three after a warm-up (llvmpipe compiles the
// shader variant on first use).
template <class F> double best_time(F&& draw) {
    double best = 1e9;
    for (int i = 0; i < 4; ++i) {
        glFinish();
        const auto t0 = std::chrono::steady_clock::now();
        draw();
        glFinish();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (i > 0)
            best = std::min(best, s);
    }
    return best;
}

core::MapPoint grid_point(std::size_t i) {
    // Map units are pixels (see the transform below), origin at the target's centre.
    return {-124.0 + 8.0 * static_cast<double>(i % 32), -124.0 + 8.0 * static_cast<double>(i / 32)};
}

} // namespace

std::optional<core::DrawCosts> draw_costs_from_env() {
    const char* env = std::getenv("INCIMAP_DRAW_COSTS");
    double instance_ns = 0, marker_ns = 0, point_ns = 0;
    if (env == nullptr ||
        std::sscanf(env, "%lf,%lf,%lf", &instance_ns, &marker_ns, &point_ns) != 3 ||
        instance_ns < 0 || marker_ns < 0 || point_ns < 0)
        return std::nullopt;
    return core::DrawCosts{instance_ns * 1e-9, marker_ns * 1e-9, point_ns * 1e-9};
}

core::DrawCosts measure_draw_costs(IncidentLayer& instanced, AggregateLayer& points) {
    if (auto c = draw_costs_from_env())
        return *c;
    GLint previous_fbo = 0, viewport[4] = {0, 0, 1, 1};
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_fbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    core::DrawCosts costs;
    OffscreenTarget target;
    std::string error;
    if (!target.create(kSidePx, kSidePx, 4, error))
        return costs; // the defaults
    target.bind();
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);

    MapTransform t;
    t.camera = split({0, 0});
    t.scale_x = t.scale_y = 2.0f / kSidePx;
    t.viewport_w = t.viewport_h = kSidePx;

    // A table: kOnScreen dated 2024-01-01, then kCulled dated 2030 (outside the window).
    core::IncidentTable table;
    std::vector<core::MapPoint> at;
    const std::size_t n = kOnScreen + kCulled;
    table.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        core::IncidentTable::Incident in;
        in.position = {0, 0};
        const core::UnixMs day = (i < kOnScreen ? 19723 : 21915) * core::kMsPerDay;
        in.time = {day, day + core::kMsPerDay, core::TimePrecision::Day, core::ZoneKind::Utc};
        table.push_back(in);
        at.push_back(grid_point(i % kOnScreen));
    }
    const std::vector<std::uint8_t> slots(n, 0);
    instanced.upload(table, core::PackedPoints(at), slots);
    TimeWindow none, first_day;
    none.from = 18000 * core::kMsPerDay; // shows nothing of the table
    none.to = 18001 * core::kMsPerDay;
    first_day.from = 19723 * core::kMsPerDay;
    first_day.to = 19724 * core::kMsPerDay;
    const double culled_s = best_time([&] { instanced.draw(t, none, -1); });
    const double shown_s = best_time([&] { instanced.draw(t, first_day, -1); });
    instanced.upload(core::IncidentTable{}, {}, {});

    std::vector<core::FramePoint> plan(kOnScreen);
    for (std::size_t i = 0; i < kOnScreen; ++i) {
        plan[i].at = grid_point(i);
        plan[i].radius_px = core::marker_radius_px(NAN);
    }
    const double points_s = best_time([&] { points.draw(t, plan); });

    costs.per_instance_s = culled_s / static_cast<double>(n);
    costs.per_marker_s =
        std::max(0.0, shown_s - culled_s) / static_cast<double>(kOnScreen);
    costs.per_point_s = points_s / static_cast<double>(kOnScreen);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    return costs;
}

} // namespace incimap::render
