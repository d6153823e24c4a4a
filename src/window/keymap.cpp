#include "window/keymap.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <array>

namespace incimap::window {

namespace {

using scene::Action;
constexpr int kCtrl = GLFW_MOD_CONTROL, kShift = GLFW_MOD_SHIFT;

// The first binding of an action is the one its menu item shows.
constexpr std::array kBindings{
    KeyBinding{GLFW_KEY_O, kCtrl, Action::Open, "Ctrl+O"},
    KeyBinding{GLFW_KEY_E, kCtrl, Action::ExportIncidents, "Ctrl+E"},
    KeyBinding{GLFW_KEY_E, kCtrl | kShift, Action::ExportMapPng, "Ctrl+Shift+E"},
    KeyBinding{GLFW_KEY_Q, kCtrl, Action::Quit, "Ctrl+Q"},
    KeyBinding{GLFW_KEY_F, 0, Action::FitData, "F"},
    KeyBinding{GLFW_KEY_HOME, 0, Action::ResetView, "Home"},
    KeyBinding{GLFW_KEY_H, 0, Action::ToggleHeat, "H"},
    KeyBinding{GLFW_KEY_EQUAL, 0, Action::ZoomIn, "+"},
    KeyBinding{GLFW_KEY_KP_ADD, 0, Action::ZoomIn, "+"},
    KeyBinding{GLFW_KEY_MINUS, 0, Action::ZoomOut, "-"},
    KeyBinding{GLFW_KEY_KP_SUBTRACT, 0, Action::ZoomOut, "-"},
    KeyBinding{GLFW_KEY_LEFT, kCtrl, Action::PanLeft, "Ctrl+Left"},
    KeyBinding{GLFW_KEY_RIGHT, kCtrl, Action::PanRight, "Ctrl+Right"},
    KeyBinding{GLFW_KEY_UP, kCtrl, Action::PanUp, "Ctrl+Up"},
    KeyBinding{GLFW_KEY_DOWN, kCtrl, Action::PanDown, "Ctrl+Down"},
    KeyBinding{GLFW_KEY_SPACE, 0, Action::TogglePlay, "Space"},
    KeyBinding{GLFW_KEY_LEFT, 0, Action::StepBack, "Left"},
    KeyBinding{GLFW_KEY_RIGHT, 0, Action::StepForward, "Right"},
    KeyBinding{GLFW_KEY_L, 0, Action::ToggleLoop, "L"},
    KeyBinding{GLFW_KEY_N, 0, Action::NextAtSpot, "N"},
    KeyBinding{GLFW_KEY_ESCAPE, 0, Action::ClearSelection, "Esc"},
    KeyBinding{GLFW_KEY_Z, kCtrl, Action::Undo, "Ctrl+Z"},
    KeyBinding{GLFW_KEY_Z, kCtrl | kShift, Action::Redo, "Ctrl+Shift+Z"},
    KeyBinding{GLFW_KEY_Y, kCtrl, Action::Redo, "Ctrl+Y"},
    // Analyst's toolkit (issue 17).
    KeyBinding{GLFW_KEY_F, kCtrl, Action::FindPlace, "Ctrl+F"},
    KeyBinding{GLFW_KEY_SLASH, 0, Action::FindPlace, "/"},
    KeyBinding{GLFW_KEY_KP_DIVIDE, 0, Action::FindPlace, "/"},
    KeyBinding{GLFW_KEY_D, kCtrl, Action::AddBookmark, "Ctrl+D"},
    KeyBinding{GLFW_KEY_1, 0, Action::RecallBookmark1, "1"},
    KeyBinding{GLFW_KEY_2, 0, Action::RecallBookmark2, "2"},
    KeyBinding{GLFW_KEY_3, 0, Action::RecallBookmark3, "3"},
    KeyBinding{GLFW_KEY_4, 0, Action::RecallBookmark4, "4"},
    KeyBinding{GLFW_KEY_5, 0, Action::RecallBookmark5, "5"},
    KeyBinding{GLFW_KEY_6, 0, Action::RecallBookmark6, "6"},
    KeyBinding{GLFW_KEY_7, 0, Action::RecallBookmark7, "7"},
    KeyBinding{GLFW_KEY_8, 0, Action::RecallBookmark8, "8"},
    KeyBinding{GLFW_KEY_9, 0, Action::RecallBookmark9, "9"},
    KeyBinding{GLFW_KEY_B, 0, Action::CompareBefore, "B"},
    KeyBinding{GLFW_KEY_B, kShift, Action::ClearCompare, "Shift+B"},
    KeyBinding{GLFW_KEY_M, 0, Action::MeasurePath, "M"},
    KeyBinding{GLFW_KEY_R, 0, Action::RangeRings, "R"},
    KeyBinding{GLFW_KEY_R, kShift, Action::ClearRings, "Shift+R"},
    // Follow a live file (issue 17, item 6).
    KeyBinding{GLFW_KEY_F, kShift, Action::ToggleFollowNewest, "Shift+F"},
    KeyBinding{GLFW_KEY_W, kShift, Action::ToggleWatchFiles, "Shift+W"}, // p17k: item 7
    // Focus on an area (issue 17, item 4).
    KeyBinding{GLFW_KEY_A, 0, Action::DrawArea, "A"},
    KeyBinding{GLFW_KEY_ENTER, 0, Action::FinishArea, "Enter"},
    KeyBinding{GLFW_KEY_KP_ENTER, 0, Action::FinishArea, "Enter"},
    KeyBinding{GLFW_KEY_A, kShift, Action::ClearArea, "Shift+A"},
    // Issue 18 (Ctrl+Shift+E is Export map as PNG).
    KeyBinding{GLFW_KEY_E, kCtrl | GLFW_MOD_ALT, Action::ExportPlayback, "Ctrl+Alt+E"},
};

} // namespace

std::span<const KeyBinding> key_bindings() { return kBindings; }

std::optional<scene::Action> action_for_key(int key, int mods) {
    mods &= GLFW_MOD_CONTROL | GLFW_MOD_SHIFT | GLFW_MOD_ALT;
    for (const KeyBinding& b : kBindings)
        if (b.key == key && b.mods == mods)
            return b.action;
    // Arrows pan with Shift or Alt too, as with Ctrl.
    if (mods != 0 && (mods & GLFW_MOD_CONTROL) == 0)
        for (const KeyBinding& b : kBindings)
            if (b.key == key && b.mods == kCtrl &&
                (key == GLFW_KEY_LEFT || key == GLFW_KEY_RIGHT || key == GLFW_KEY_UP ||
                 key == GLFW_KEY_DOWN))
                return b.action;
    // '+' is Shift+= on most layouts: a key bound without modifiers also works with Shift.
    if (mods == GLFW_MOD_SHIFT)
        for (const KeyBinding& b : kBindings)
            if (b.key == key && b.mods == 0)
                return b.action;
    return std::nullopt;
}

// Issue 20 (panels).
std::span<const Gesture> panel_gestures() {
    static constexpr std::array kGestures{
        Gesture{"right-click a layer", "rename, move, zoom to, hide, remove"},
        Gesture{"click a legend row", "hide or show that category"},
        Gesture{"right-click the list's header", "choose the list's columns"},
        Gesture{"hover a cluster badge", "its count by category"},
        Gesture{"in a text field", "keys type; Ctrl+A selects all"},
        // Drag to reorder layers (issue 20).
        Gesture{"drag a layer's name", "onto another layer: reorder (Ctrl+Z undoes)"},
        // The map's and the timeline's own gestures, so that Help > Keys and the README's
        // table name the same things both ways (issue 20).
        Gesture{"drag / wheel / double-click", "pan / zoom about the cursor / zoom in"},
        Gesture{"click", "select (again: the next incident at that spot)"},
        Gesture{"Alt+click", "focus on the country under the pointer (Area)"},
        Gesture{"Shift+drag the time window", "move it freely (not snapped to the data)"},
    };
    return kGestures;
}

const char* shortcut_for(scene::Action action) {
    for (const KeyBinding& b : kBindings)
        if (b.action == action)
            return b.text;
    return nullptr;
}

} // namespace incimap::window
