// File ▸ Export playback… (issue 18): the engine's side. The dialog sends a request
// (Commands::export_playback); the host calls export_frame() once per UI frame, after drawing
// the map, with the GL context current; the progress goes into the state
// (AppState::playback), which the dialog shows.

#include "scene/engine.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace incimap::scene {

void Engine::apply_playback(const core::Commands& c) {
    if (c.cancel_playback) {
        m_playback_pending.reset();
        m_playback.cancel();
        publish_playback();
    }
    if (c.export_playback && !m_playback.running())
        m_playback_pending = *c.export_playback;
}

void Engine::export_frame(render::MapRenderer& renderer) {
    if (m_playback_pending) {
        const core::PlaybackRequest request = std::move(*m_playback_pending);
        m_playback_pending.reset();
        if (std::string e = m_playback.start(request, m_scene, renderer); !e.empty()) {
            core::PlaybackProgress& p = m_state.playback;
            p = {false, 0, 0, request.output, p.finished + 1, false, e};
            m_state.message = e;
            return;
        }
    } else {
        m_playback.step(m_scene, renderer);
    }
    publish_playback();
}

void Engine::publish_playback() {
    core::PlaybackProgress& p = m_state.playback;
    const bool was_running = p.running;
    p.running = m_playback.running();
    p.done = m_playback.done();
    p.total = m_playback.total();
    p.output = m_playback.output();
    if (was_running && !p.running) {
        ++p.finished;
        p.ok = m_playback.ok();
        p.result = m_playback.result();
        m_state.message = p.result;
    }
}

core::PlaybackRequest Engine::playback_defaults(float pixel_ratio) const {
    const core::AppState& s = m_state;
    core::PlaybackRequest r;
    // The map's size in pixels, even (H.264 and VP9 want it so).
    auto even = [](double px) { return std::max(16, static_cast<int>(std::lround(px)) / 2 * 2); };
    r.width = even(s.map.w * pixel_ratio);
    r.height = even(s.map.h * pixel_ratio);
    r.centre = m_scene.projection().inverse(s.camera.centre()).value_or(core::LonLat{});
    r.zoom = s.camera.zoom();
    // The window's length and step, as the timeline has them (all dates: a day).
    const core::UnixMs length = s.window.is_all() ? core::kMsPerDay : s.window.to - s.window.from;
    r.plan.step = s.step_ms > 0 ? s.step_ms : length;
    r.plan.length = length;
    r.plan.mode = s.window.mode;
    r.plan.show_undated = s.window.show_undated;
    // The data's range in whole steps (as `animate` without --from/--to).
    const core::TimeExtent& times = m_scene.time_extent();
    if (times.dated() > 0)
        core::default_range(times.first(), std::max(times.last(), times.first()), r.plan.step,
                            r.plan.from, r.plan.to);
    // Played at the timeline's speed: speed × a day of data per second, a step per frame.
    const double fps = s.speed_days_per_s * static_cast<double>(core::kMsPerDay) /
                       static_cast<double>(r.plan.step);
    r.fps = std::clamp(static_cast<int>(std::lround(fps)), 1, 50);
    r.legend = true;
    std::error_code ec;
    const std::string stem = m_scene.layers().empty()
                                 ? "incimap"
                                 : std::filesystem::path(m_scene.layers().front().path).stem().string();
    r.output = (std::filesystem::current_path(ec) / (stem + "-playback.mp4")).string();
    return r;
}

} // namespace incimap::scene
