// GLFW's events as commands for the engine: the pointer's gestures (pointer.hpp) over the map,
// keys through the key map (keymap.hpp), dropped files. ImGui takes what it wants first.

#include "window/keymap.hpp"
#include "window/window_host.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

namespace incimap::window {

void WindowHost::on_cursor(double x, double y) { m_engine.apply(m_pointer.moved(x, y)); }

void WindowHost::on_button(int button, int action, int mods) {
    if (button != GLFW_MOUSE_BUTTON_LEFT)
        return;
    const core::MapRect& map = m_engine.state().map;
    if (action == GLFW_PRESS) {
        if (!ImGui::GetIO().WantCaptureMouse)
            m_engine.apply(m_pointer.pressed(map));
    } else if (action == GLFW_RELEASE) {
        core::Commands c = m_pointer.released(map, m_now);
        // Issue 17, focus on an area: a double-click closes the polygon being drawn (its first
        // click added the last corner), and Alt+click picks the country under the pointer.
        if (c.zoom_at && m_engine.state().area_drawing) {
            c.zoom_at.reset();
            c.area_close = true;
        } else if (c.click_at && (mods & GLFW_MOD_ALT) != 0) {
            c.area_country_at = c.click_at;
            c.click_at.reset();
        }
        m_engine.apply(c);
    }
}

void WindowHost::on_scroll(double dy) {
    if (!ImGui::GetIO().WantCaptureMouse)
        m_engine.apply(m_pointer.scrolled(m_engine.state().map, dy));
}

void WindowHost::on_key(int key, int action, int mods) {
    // Issue 20 (panels): the window's keys work unless a text field is being typed in
    // (WantTextInput). WantCaptureKeyboard is also true while any widget or panel is held by
    // the mouse (ImGui's active id, until the frame after the release) or a modal is open.
    if (action == GLFW_RELEASE || ImGui::GetIO().WantTextInput)
        return;
    if (const auto a = action_for_key(key, mods))
        m_engine.apply(scene::command_for(*a, m_engine.state()));
}

void WindowHost::on_drop(int count, const char** paths) {
    core::Commands c;
    for (int i = 0; i < count; ++i)
        c.open_asking.emplace_back(paths[i]); // issue 15: asks which layers when several
    m_engine.apply(c);
}

} // namespace incimap::window
