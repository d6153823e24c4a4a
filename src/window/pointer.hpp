#pragma once
// The pointer over the map as gestures: a press and drag pans, a click selects (or zooms into
// a cluster badge), a double click zooms in, the wheel zooms about the cursor. Each gesture is
// a core::Commands for the engine; this holds only what a gesture needs between events.
// Positions are logical px in the host's window; `map` says where the map is.

#include "core/app_state.hpp"

namespace incimap::window {

class Pointer {
public:
    core::Commands moved(double x, double y);
    core::Commands pressed(const core::MapRect& map); // ignored outside the map
    core::Commands released(const core::MapRect& map, double now_s);
    core::Commands scrolled(const core::MapRect& map, double notches);

    double x() const { return m_x; }
    double y() const { return m_y; }
    bool down() const { return m_pressed; }
    // The pointer in the map's own px, when it is over the map.
    bool over(const core::MapRect& map) const { return map.contains(m_x, m_y); }
    core::ScreenPx in(const core::MapRect& map) const { return {m_x - map.x, m_y - map.y}; }

private:
    double m_x = 0, m_y = 0;
    bool m_pressed = false, m_dragging = false;
    double m_press_x = 0, m_press_y = 0;
    double m_last_click_s = -10, m_last_click_x = 0, m_last_click_y = 0;
};

} // namespace incimap::window
