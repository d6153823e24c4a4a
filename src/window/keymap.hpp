#pragma once
// The keyboard: each binding names the Action its menu item also runs (scene/actions.hpp), so
// a key and its menu item are the same command. GLFW key codes and modifier bits.

#include "scene/actions.hpp"

#include <optional>
#include <span>

namespace incimap::window {

struct KeyBinding {
    int key = 0;
    int mods = 0;           // exactly these of Ctrl, Shift and Alt
    scene::Action action{};
    const char* text = "";  // as the menus show it
};

// Every binding, in the order the help lists them.
std::span<const KeyBinding> key_bindings();
// The action of a key press with these modifiers (Ctrl, Shift, Alt; others ignored).
std::optional<scene::Action> action_for_key(int key, int mods);
// "Ctrl+E", "Home", … for the menus; nullptr when the action has no key.
const char* shortcut_for(scene::Action action);

// Issue 20 (panels): what the pointer does on the panels, for Help ▸ Keys; the README's key
// table names each `what` in the same words (tests/unit/keymap_test.cpp).
struct Gesture {
    const char* what;
    const char* does;
};
std::span<const Gesture> panel_gestures();

} // namespace incimap::window
