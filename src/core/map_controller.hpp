#pragma once
// Gestures → camera, with eased zoom: the wheel sets a target zoom and each frame moves part
// of the way there about the same anchor, so the point under the cursor stays under it while
// the zoom glides (as Tracy and tangram-es do). Plain maths; unit-tested without a window.

#include "core/camera.hpp"

#include <cmath>

namespace incimap::core {

class MapController {
public:
    Camera& camera() { return m_camera; }
    const Camera& camera() const { return m_camera; }
    void set_camera(const Camera& c) {
        m_camera = c;
        m_target_zoom = c.zoom();
    }

    void pan(ScreenPx delta) { m_camera.pan_by(delta); }
    // One wheel notch = half a zoom level, eased.
    void scroll(ScreenPx anchor, double notches) {
        m_anchor = anchor;
        m_target_zoom = std::clamp(m_target_zoom + 0.5 * notches, kMinZoom, kMaxZoom);
    }
    void zoom_by(ScreenPx anchor, double levels) {
        m_anchor = anchor;
        m_target_zoom = std::clamp(m_target_zoom + levels, kMinZoom, kMaxZoom);
    }
    // Advances the easing by dt seconds; true when the camera changed (the last step snaps
    // exactly onto the target zoom).
    bool update(double dt_s) {
        const double diff = m_target_zoom - m_camera.zoom();
        if (std::abs(diff) < 1e-3) {
            if (diff == 0)
                return false;
            m_camera.zoom_at(m_anchor, m_target_zoom);
            return true;
        }
        const double k = 1.0 - std::exp(-dt_s / 0.06); // ~60 ms time constant
        m_camera.zoom_at(m_anchor, m_camera.zoom() + diff * k);
        return true;
    }
    bool animating() const { return std::abs(m_target_zoom - m_camera.zoom()) >= 1e-3; }

private:
    Camera m_camera;
    double m_target_zoom = 2.0;
    ScreenPx m_anchor{};
};

} // namespace incimap::core
