#include "window/window_app_impl.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace incimap::window {

void WindowApp::on_cursor(double x, double y) {
    const double dx = x - m_cursor_x, dy = y - m_cursor_y;
    m_cursor_x = x;
    m_cursor_y = y;
    if (m_pressed) {
        if (!m_dragging && std::hypot(x - m_press_x, y - m_press_y) > 3.0)
            m_dragging = true;
        if (m_dragging) {
            m_ctl.pan({dx, dy});
            m_listed_dirty = true;
            mark_changed();
        }
    }
}

void WindowApp::on_button(int button, int action, int /*mods*/) {
    if (button != GLFW_MOUSE_BUTTON_LEFT)
        return;
    if (action == GLFW_PRESS) {
        if (ImGui::GetIO().WantCaptureMouse || !m_map.contains(m_cursor_x, m_cursor_y))
            return;
        m_pressed = true;
        m_dragging = false;
        m_press_x = m_cursor_x;
        m_press_y = m_cursor_y;
        return;
    }
    if (action != GLFW_RELEASE || !m_pressed)
        return;
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        return;
    }
    const core::ScreenPx at{m_cursor_x - m_map.x, m_cursor_y - m_map.y};
    const bool double_click = m_now - m_last_click < 0.35 &&
                              std::hypot(m_cursor_x - m_last_click_x, m_cursor_y - m_last_click_y) < 6;
    m_last_click = double_click ? -10 : m_now;
    m_last_click_x = m_cursor_x;
    m_last_click_y = m_cursor_y;
    if (double_click) {
        m_ctl.zoom_by(at, 1.0);
        mark_changed();
        return;
    }
    for (const auto& b : m_clusters) {
        if (std::hypot(b.at.x - at.x, b.at.y - at.y) <= 11.0) {
            m_ctl.zoom_by(b.at, 2.0); // into the cluster, about its centre
            mark_changed();
            return;
        }
    }
    const std::vector<int> hits = m_scene.pick(m_ctl.camera(), at, m_state.window);
    select(hits.empty() ? -1 : hits.front());
}

void WindowApp::on_scroll(double dy) {
    if (ImGui::GetIO().WantCaptureMouse || !m_map.contains(m_cursor_x, m_cursor_y))
        return;
    m_ctl.scroll({m_cursor_x - m_map.x, m_cursor_y - m_map.y}, dy);
    mark_changed();
}

void WindowApp::on_key(int key, int action, int mods) {
    if (action == GLFW_RELEASE || ImGui::GetIO().WantCaptureKeyboard)
        return;
    const core::ScreenPx centre{m_map.w / 2, m_map.h / 2};
    const bool modifier = (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SHIFT | GLFW_MOD_ALT)) != 0;
    const double pan = 0.25 * std::min(m_map.w, m_map.h);
    switch (key) {
    case GLFW_KEY_EQUAL:
    case GLFW_KEY_KP_ADD: m_ctl.zoom_by(centre, 1.0); break;
    case GLFW_KEY_MINUS:
    case GLFW_KEY_KP_SUBTRACT: m_ctl.zoom_by(centre, -1.0); break;
    case GLFW_KEY_F: fit_data(); break;
    case GLFW_KEY_HOME:
        fit_data();
        m_state.window = core::TimeWindow{};
        m_state.playing = false;
        break;
    case GLFW_KEY_SPACE:
        ensure_window_set();
        m_state.playing = !m_state.playing;
        break;
    case GLFW_KEY_LEFT:
        if (modifier)
            m_ctl.pan({pan, 0});
        else
            step_window(-1);
        break;
    case GLFW_KEY_RIGHT:
        if (modifier)
            m_ctl.pan({-pan, 0});
        else
            step_window(1);
        break;
    case GLFW_KEY_UP:
        if (modifier)
            m_ctl.pan({0, pan});
        break;
    case GLFW_KEY_DOWN:
        if (modifier)
            m_ctl.pan({0, -pan});
        break;
    case GLFW_KEY_ESCAPE: select(-1); break;
    case GLFW_KEY_L:
        if (!modifier)
            m_state.loop = !m_state.loop;
        break;
    case GLFW_KEY_H:
        if (!modifier) {
            core::Commands c;
            c.set_heat = !m_state.heat;
            apply(c);
        }
        break;
    case GLFW_KEY_O:
        if (mods & GLFW_MOD_CONTROL)
            m_open_browser = true;
        break;
    case GLFW_KEY_E:
        if (mods & GLFW_MOD_CONTROL)
            m_export_request =
                (mods & GLFW_MOD_SHIFT) ? ExportKind::MapPng : ExportKind::Incidents;
        break;
    case GLFW_KEY_Q:
        if (mods & GLFW_MOD_CONTROL)
            glfwSetWindowShouldClose(m_window, GLFW_TRUE);
        break;
    case GLFW_KEY_N:
        if (m_state.stack.size() > 1)
            select(m_state.stack[static_cast<std::size_t>((m_state.stack_pos + 1) %
                                                          static_cast<int>(m_state.stack.size()))]);
        break;
    default: return;
    }
    m_listed_dirty = true;
    mark_changed();
}

void WindowApp::on_drop(int count, const char** paths) {
    for (int i = 0; i < count; ++i)
        m_loader.enqueue(paths[i]);
}

void WindowApp::select(int drawn_index) {
    if (drawn_index < 0) {
        m_state.selected = -1;
        m_state.stack.clear();
        m_state.stack_pos = 0;
        mark_changed();
        return;
    }
    const bool in_stack = std::find(m_state.stack.begin(), m_state.stack.end(), drawn_index) !=
                          m_state.stack.end();
    if (!in_stack)
        m_state.stack = m_scene.stack_at(m_ctl.camera(), drawn_index, m_state.window);
    const auto it = std::find(m_state.stack.begin(), m_state.stack.end(), drawn_index);
    m_state.stack_pos = it == m_state.stack.end() ? 0 : static_cast<int>(it - m_state.stack.begin());
    m_state.selected = drawn_index;
    mark_changed();
}

void WindowApp::fit_data() {
    core::Camera cam = m_ctl.camera();
    m_scene.fit_to_data(cam);
    m_ctl.set_camera(cam);
    m_listed_dirty = true;
}

void WindowApp::ensure_window_set() {
    if (!m_state.window.is_all() || m_scene.time_index().dated() == 0)
        return;
    const core::UnixMs first = core::floor_days(m_scene.time_index().first()) * core::kMsPerDay;
    m_state.window.from = first;
    m_state.window.to = first + kDefaultWindowLength;
}

void WindowApp::step_window(int direction) {
    ensure_window_set();
    if (m_state.window.is_all())
        return;
    m_state.window.from += direction * m_state.step_ms;
    m_state.window.to += direction * m_state.step_ms;
    m_listed_dirty = true;
}

} // namespace incimap::window
