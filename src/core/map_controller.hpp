#pragma once
// Gestures → camera, with eased zoom: the wheel sets a target zoom and each frame moves part
// of the way there about the same anchor, so the point under the cursor stays under it while
// the zoom glides (as Tracy and tangram-es do). It holds only the easing (target and anchor);
// the camera is the state's (core/app_state.hpp). Plain maths; unit-tested without a window.

#include "core/camera.hpp"

#include <algorithm>
#include <cmath>

namespace incimap::core {

class MapController {
public:
    // The camera was set another way (fit, fly to, restore): nothing left to ease.
    void reset(const Camera& camera) { m_target_zoom = camera.zoom(); }

    // One wheel notch = half a zoom level, eased.
    void scroll(ScreenPx anchor, double notches) { zoom_by(anchor, 0.5 * notches); }
    void zoom_by(ScreenPx anchor, double levels) {
        m_anchor = anchor;
        m_target_zoom = std::clamp(m_target_zoom + levels, kMinZoom, kMaxZoom);
    }
    // Advances the easing by dt seconds; true when the camera changed (the last step snaps
    // exactly onto the target zoom).
    bool update(Camera& camera, double dt_s) const {
        const double diff = m_target_zoom - camera.zoom();
        if (std::abs(diff) < 1e-3) {
            if (diff == 0)
                return false;
            camera.zoom_at(m_anchor, m_target_zoom);
            return true;
        }
        const double k = 1.0 - std::exp(-dt_s / 0.06); // ~60 ms time constant
        camera.zoom_at(m_anchor, camera.zoom() + diff * k);
        return true;
    }
    bool animating(const Camera& camera) const {
        return std::abs(m_target_zoom - camera.zoom()) >= 1e-3;
    }
    double target_zoom() const { return m_target_zoom; }

private:
    double m_target_zoom = 2.0;
    ScreenPx m_anchor{};
};

} // namespace incimap::core
