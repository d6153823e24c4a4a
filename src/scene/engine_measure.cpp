// The measuring tools in the engine (issue 17): clicks add points to the path or range-ring
// centres while a tool is on; the path's geodesic length and area and the rings' radii are
// written in the status bar and on the map; the lines are geodesics and geodesic circles
// projected point by point, so they are right in every projection.

#include "scene/engine.hpp"

#include "geo/geodesy.hpp"
#include "scene/measure_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace incimap::scene {

namespace {

inline constexpr std::size_t kMaxMeasurePoints = 1000;

} // namespace

void Engine::apply_measure(const core::Commands& c) {
    core::Measure& m = m_state.measure;
    const auto changed = [this] {
        m_measure_dirty = true;
        mark_changed();
    };
    if (c.set_measure_mode) {
        if (*c.set_measure_mode == core::MeasureMode::Path && m.mode != core::MeasureMode::Path)
            m.path.clear(); // a new path
        m.mode = *c.set_measure_mode;
        changed();
    }
    if (c.set_ring_radii_km) {
        std::vector<double> radii;
        for (const double r : *c.set_ring_radii_km)
            if (std::isfinite(r) && r > 0 && r <= 20000 && radii.size() < 16)
                radii.push_back(r);
        if (!radii.empty()) {
            m.ring_radii_km = std::move(radii);
            changed();
        }
    }
    if (c.measure_at && core::is_valid_lonlat(*c.measure_at)) {
        if (m.mode == core::MeasureMode::Path && m.path.size() < kMaxMeasurePoints)
            m.path.push_back(*c.measure_at);
        else if (m.mode == core::MeasureMode::Rings && m.ring_centres.size() < kMaxMeasurePoints)
            m.ring_centres.push_back(*c.measure_at);
        changed();
    }
    if (c.measure_cancel) {
        m.mode = core::MeasureMode::Off;
        m.path.clear();
        changed();
    }
    if (c.set_ring_centres) {
        m.ring_centres.clear();
        for (const core::LonLat& ll : *c.set_ring_centres)
            if (core::is_valid_lonlat(ll) && m.ring_centres.size() < kMaxMeasurePoints)
                m.ring_centres.push_back(ll);
        changed();
    }
    if (c.clear_rings) {
        m.ring_centres.clear();
        changed();
    }
}

bool Engine::measure_click(core::ScreenPx at) {
    if (m_state.measure.mode == core::MeasureMode::Off)
        return false;
    if (const auto ll = m_scene.projection().inverse(m_state.camera.to_map(at))) {
        core::Commands c;
        c.measure_at = *ll;
        apply_measure(c);
    }
    return true;
}

std::string Engine::measure_summary() const {
    const core::Measure& m = m_state.measure;
    std::string s;
    if (m.mode == core::MeasureMode::Path || !m.path.empty()) {
        s = m.path.size() < 2 ? std::string("measure: click points on the map (Esc ends)")
                              : "path " + km_and_miles(geo::path_length_m(m.path));
        if (m.path.size() >= 3)
            s += " · area " + area_text(geo::polygon_area_m2(m.path));
    }
    if (m.mode == core::MeasureMode::Rings || !m.ring_centres.empty()) {
        std::string radii;
        for (const double r : m.ring_radii_km)
            radii += (radii.empty() ? "" : "/") + radius_text(r);
        s += (s.empty() ? "" : " · ") + std::string("rings ") + radii +
             (m.ring_centres.empty() ? ": click a centre" : " around " +
                                                                std::to_string(m.ring_centres.size()) +
                                                                " point(s)");
    }
    return s;
}

std::vector<std::pair<core::LonLat, std::string>> Engine::measure_labels() const {
    return scene::measure_labels(m_state.measure); // scene/measure_text.hpp
}

void Engine::sync_measure(render::MapRenderer& renderer) {
    const geo::Projection& projection = m_scene.projection();
    if (!m_measure_dirty && m_measure_projection == projection.name())
        return;
    const core::Measure& m = m_state.measure;
    std::vector<core::MapPoint> segments;
    const auto forward = [&projection](core::LonLat ll) { return projection.forward(ll); };
    const double world = m_state.camera.world_width();
    for (std::size_t i = 1; i < m.path.size(); ++i) {
        const auto line = geo::geodesic_line(m.path[i - 1], m.path[i]);
        geo::append_segments(std::span<const core::LonLat>(line), forward, world, segments);
    }
    for (const core::LonLat& c : m.ring_centres)
        for (const double r : m.ring_radii_km) {
            auto ring = geo::geodesic_circle(c, r * 1000, 256);
            ring.push_back(ring.front()); // closed
            geo::append_segments(std::span<const core::LonLat>(ring), forward, world, segments);
        }
    renderer.set_measure(segments);
    renderer.set_measure_labels(projected_labels(scene::measure_labels(m), projection)); // p17k
    m_measure_dirty = false;
    m_measure_projection = projection.name();
}

} // namespace incimap::scene
