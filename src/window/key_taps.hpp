#pragma once
// Quick key taps kept for ImGui (Debian's ImGui 1.86 reads keys as held-down states, once a
// frame). A key pressed and released between two frames — a quick tap on a loaded machine,
// a remote desktop's or xdotool's keys — was never seen down: Ctrl+A in the search box then
// did nothing and the next letters were appended. The release of a key pressed since the
// last frame is held back and handed to ImGui after the next frame has seen it down.
// (The window's own keys act on the press, in WindowHost::on_key, and are not delayed.)

#include <vector>

namespace incimap::window {

class KeyTaps {
public:
    struct Release {
        int key = 0, scancode = 0, mods = 0;
    };
    // True when this key event is to be held back (a release of a key pressed this frame);
    // the caller hands every other event (presses, repeats, other releases) on at once.
    bool hold(int key, int scancode, bool pressed, bool released, int mods) {
        if (pressed)
            m_pressed.push_back(key);
        if (!released)
            return false;
        for (int k : m_pressed)
            if (k == key) {
                m_held.push_back({key, scancode, mods});
                return true;
            }
        return false;
    }
    // After a frame: the releases held back, to hand on now; the next frame starts afresh.
    std::vector<Release> after_frame() {
        m_pressed.clear();
        std::vector<Release> out;
        out.swap(m_held);
        return out;
    }

private:
    std::vector<int> m_pressed; // keys pressed since the last frame
    std::vector<Release> m_held;
};

} // namespace incimap::window
