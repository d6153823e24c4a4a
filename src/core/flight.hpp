#pragma once
// An eased flight of the camera to a place (search, bookmarks): the centre glides in map
// units and the zoom in levels along a smoothstep over `duration_s`, so the map moves like
// the eased wheel zoom and lands exactly on the target. Plain maths; unit-tested.

#include "core/camera.hpp"

#include <algorithm>

namespace incimap::core {

class Flight {
public:
    static constexpr double kDuration_s = 0.6;

    void start(const Camera& from, MapPoint to, double to_zoom) {
        m_from = from.centre();
        m_from_zoom = from.zoom();
        m_to = to;
        m_to_zoom = std::clamp(to_zoom, kMinZoom, kMaxZoom);
        m_t = 0;
        m_active = true;
    }
    void cancel() { m_active = false; }
    bool active() const { return m_active; }
    MapPoint target() const { return m_to; }
    double target_zoom() const { return m_to_zoom; }

    // Moves `camera` dt seconds further; false when no flight is under way.
    bool update(Camera& camera, double dt_s) {
        if (!m_active)
            return false;
        m_t = std::min(1.0, m_t + std::max(0.0, dt_s) / kDuration_s);
        const double s = m_t * m_t * (3 - 2 * m_t); // smoothstep
        camera.set_zoom(m_from_zoom + (m_to_zoom - m_from_zoom) * s);
        camera.set_centre({m_from.x + (m_to.x - m_from.x) * s, m_from.y + (m_to.y - m_from.y) * s});
        if (m_t >= 1.0)
            m_active = false;
        return true;
    }

private:
    MapPoint m_from{}, m_to{};
    double m_from_zoom = 0, m_to_zoom = 0;
    double m_t = 0;
    bool m_active = false;
};

} // namespace incimap::core
