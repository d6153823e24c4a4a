#include "window/pointer.hpp"

#include <cmath>

namespace incimap::window {

namespace {
constexpr double kDragStart_px = 3.0;     // a press that moves further is a drag, not a click
constexpr double kDoubleClick_s = 0.35;
constexpr double kDoubleClickSlop_px = 6.0;
} // namespace

core::Commands Pointer::moved(double x, double y) {
    core::Commands c;
    const double dx = x - m_x, dy = y - m_y;
    m_x = x;
    m_y = y;
    if (!m_pressed)
        return c;
    if (!m_dragging && std::hypot(x - m_press_x, y - m_press_y) > kDragStart_px)
        m_dragging = true;
    if (m_dragging)
        c.pan_px = core::ScreenPx{dx, dy};
    return c;
}

core::Commands Pointer::pressed(const core::MapRect& map) {
    if (map.contains(m_x, m_y)) {
        m_pressed = true;
        m_dragging = false;
        m_press_x = m_x;
        m_press_y = m_y;
    }
    return {};
}

core::Commands Pointer::released(const core::MapRect& map, double now_s) {
    core::Commands c;
    if (!m_pressed)
        return c;
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        return c;
    }
    const bool double_click = now_s - m_last_click_s < kDoubleClick_s &&
                              std::hypot(m_x - m_last_click_x, m_y - m_last_click_y) <
                                  kDoubleClickSlop_px;
    m_last_click_s = double_click ? -10 : now_s;
    m_last_click_x = m_x;
    m_last_click_y = m_y;
    if (double_click)
        c.zoom_at = std::pair{in(map), 1.0};
    else
        c.click_at = in(map);
    return c;
}

core::Commands Pointer::scrolled(const core::MapRect& map, double notches) {
    core::Commands c;
    if (map.contains(m_x, m_y))
        c.scroll = std::pair{in(map), notches};
    return c;
}

} // namespace incimap::window
