#pragma once
// Quick key taps kept for ImGui (Debian's ImGui 1.86 reads keys as held-down states, once a
// frame). A key pressed and released between two frames — a quick tap on a loaded machine,
// a remote desktop's or xdotool's keys — was never seen down: Ctrl+A in the search box then
// did nothing and the next letters were appended.
//
// So once a key is pressed, every release until the next frame is held back and handed to
// ImGui after that frame, in order: the tapped key's own, and a modifier's let go in the
// same moment (xdotool's Ctrl+A is Ctrl down, A down, Ctrl up, A up; with Ctrl's release
// passed at once, a frame between A down and A up saw A without Ctrl: a plain "a"). The
// characters typed behind a held release wait behind it too (ImGui takes a frame's
// characters before its shortcuts: "Ctrl+A, g" in one frame would type g, then select it).
// (The window's own keys act on the press, in WindowHost::on_key, and are not delayed.)

#include <vector>

namespace incimap::window {

class KeyTaps {
public:
    struct Event {
        bool is_char = false;
        unsigned codepoint = 0; // a character
        int key = 0, scancode = 0, mods = 0;
        bool pressed = false, released = false; // a key event: press, release, or repeat
    };
    // True when this key event is to be held back: a release after a press since the last
    // frame, or any key event behind one held (a second tap of the same key keeps its order).
    // The caller hands every other event on at once.
    bool hold(int key, int scancode, bool pressed, bool released, int mods) {
        const bool held = !m_held.empty() || (released && m_pressed);
        if (pressed)
            m_pressed = true;
        if (held)
            m_held.push_back({false, 0, key, scancode, mods, pressed, released});
        return held;
    }
    // True when this character is to wait behind a held release.
    bool hold_char(unsigned codepoint) {
        if (m_held.empty())
            return false;
        m_held.push_back({true, codepoint, 0, 0, 0, false, false});
        return true;
    }
    // After a frame: the events held back, in their order, to hand on now; the next frame
    // starts afresh.
    std::vector<Event> after_frame() {
        m_pressed = false;
        std::vector<Event> out;
        out.swap(m_held);
        return out;
    }

private:
    bool m_pressed = false; // a key was pressed since the last frame
    std::vector<Event> m_held;
};

} // namespace incimap::window
