#pragma once
// What a key and its menu item both do. The host maps a key (window/keymap.hpp) or a menu item
// to an Action; command_for() turns it into the one Commands the engine applies, so a key and
// its menu item cannot disagree.

#include "core/app_state.hpp"

#include <span>

namespace incimap::scene {

enum class Action {
    Open,
    OpenSample,
    ToggleNetwork,
    ExportIncidents,
    ExportMapPng,
    Quit,
    FitData,
    ResetView,
    ToggleHeat,
    ZoomIn,
    ZoomOut,
    PanLeft,
    PanRight,
    PanUp,
    PanDown,
    TogglePlay,
    StepBack,
    StepForward,
    ToggleLoop,
    NextAtSpot,
    ClearSelection,
    Undo,
    Redo,
    // Analyst's toolkit (issue 17).
    FindPlace,
    AddBookmark,
    RecallBookmark1, RecallBookmark2, RecallBookmark3, RecallBookmark4, RecallBookmark5,
    RecallBookmark6, RecallBookmark7, RecallBookmark8, RecallBookmark9,
    CompareBefore,
    ClearCompare,
    MeasurePath,
    RangeRings,
    ClearRings,
    // Focus on an area (issue 17, item 4).
    DrawArea,   // start drawing a polygon; again: close it
    FinishArea, // close the polygon being drawn
    ClearArea,  // incidents anywhere again
    // Follow a live file (issue 17, item 6).
    ToggleWatchFiles,
    ToggleFollowNewest,
    // Issue 18.
    ExportPlayback,
};

// The commands of `action` in `state` (a toggle reads what it toggles).
core::Commands command_for(Action action, const core::AppState& state);

// The menus' and help's words for an action.
const char* label_of(Action action);

// The bundled sample the window opens when given nothing (File ▸ Open sample data).
std::string sample_path();

} // namespace incimap::scene
