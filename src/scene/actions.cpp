#include "scene/actions.hpp"

#include "scene/map_scene.hpp"

#include <algorithm>

namespace incimap::scene {

core::Commands command_for(Action action, const core::AppState& state) {
    core::Commands c;
    // Keys pan by a quarter of the map's shorter side.
    const double pan = 0.25 * std::min(state.map.w, state.map.h);
    switch (action) {
    case Action::Open: c.open_dialog = core::Dialog::Open; break;
    case Action::OpenSample: c.open_files.push_back(sample_path()); break;
    case Action::ToggleNetwork: c.allow_network = !state.allow_network; break;
    case Action::ExportIncidents: c.open_dialog = core::Dialog::ExportIncidents; break;
    case Action::ExportMapPng: c.open_dialog = core::Dialog::ExportMapPng; break;
    case Action::Quit: c.quit = true; break;
    case Action::FitData: c.fit_data = true; break;
    case Action::ResetView: c.reset_view = true; break;
    case Action::ToggleHeat: c.set_heat = !state.heat; break;
    case Action::ZoomIn: c.zoom_centre = 1.0; break;
    case Action::ZoomOut: c.zoom_centre = -1.0; break;
    case Action::PanLeft: c.pan_px = core::ScreenPx{pan, 0}; break;
    case Action::PanRight: c.pan_px = core::ScreenPx{-pan, 0}; break;
    case Action::PanUp: c.pan_px = core::ScreenPx{0, pan}; break;
    case Action::PanDown: c.pan_px = core::ScreenPx{0, -pan}; break;
    case Action::TogglePlay: c.set_playing = !state.playing; break;
    case Action::StepBack: c.step_window = -1; break;
    case Action::StepForward: c.step_window = 1; break;
    case Action::ToggleLoop: c.set_loop = !state.loop; break;
    case Action::NextAtSpot: c.step_stack = 1; break;
    case Action::Undo: c.undo = true; break;
    case Action::Redo: c.redo = true; break;
    case Action::ClearSelection:
        c.select = -1;
        // Issue 17: Esc also ends measuring (the path dropped; rings stay until cleared).
        c.measure_cancel = state.measure.mode != core::MeasureMode::Off || !state.measure.path.empty();
        if (state.area_drawing) // issue 17: Esc cancels the area being drawn
            c.area_draw = false;
        break;
    // Analyst's toolkit (issue 17).
    case Action::FindPlace: c.show_search = true; break;
    case Action::AddBookmark: c.add_bookmark = std::string(); break;
    case Action::RecallBookmark1: case Action::RecallBookmark2: case Action::RecallBookmark3:
    case Action::RecallBookmark4: case Action::RecallBookmark5: case Action::RecallBookmark6:
    case Action::RecallBookmark7: case Action::RecallBookmark8: case Action::RecallBookmark9:
        c.recall_bookmark = static_cast<int>(action) - static_cast<int>(Action::RecallBookmark1);
        break;
    case Action::CompareBefore: c.compare_before = true; break;
    case Action::ClearCompare: c.set_compare = std::optional<core::TimeWindow>(); break;
    case Action::MeasurePath:
        c.set_measure_mode = state.measure.mode == core::MeasureMode::Path ? core::MeasureMode::Off
                                                                            : core::MeasureMode::Path;
        break;
    case Action::RangeRings:
        c.set_measure_mode = state.measure.mode == core::MeasureMode::Rings
                                 ? core::MeasureMode::Off
                                 : core::MeasureMode::Rings;
        break;
    case Action::ClearRings: c.clear_rings = true; break;
    // Follow a live file (issue 17, item 6).
    case Action::ToggleWatchFiles: c.set_watch_files = !state.watch_files; break;
    case Action::ToggleFollowNewest: c.set_follow_newest = !state.follow_newest; break;
    // Focus on an area (issue 17, item 4).
    case Action::DrawArea:
        if (state.area_drawing)
            c.area_close = true;
        else
            c.area_draw = true;
        break;
    case Action::FinishArea: c.area_close = state.area_drawing; break;
    case Action::ClearArea: c.clear_area = true; break;
    // Issue 18.
    case Action::ExportPlayback: c.open_dialog = core::Dialog::ExportPlayback; break;
    }
    return c;
}

const char* label_of(Action action) {
    switch (action) {
    case Action::Open: return "Open…";
    case Action::OpenSample: return "Open sample data";
    case Action::ToggleNetwork: return "Allow network access";
    case Action::ExportIncidents: return "Export visible incidents…";
    case Action::ExportMapPng: return "Export map as PNG…";
    case Action::Quit: return "Quit";
    case Action::FitData: return "Fit data";
    case Action::ResetView: return "Reset view and time";
    case Action::ToggleHeat: return "Heat map";
    case Action::ZoomIn: return "Zoom in";
    case Action::ZoomOut: return "Zoom out";
    case Action::PanLeft: return "Pan left";
    case Action::PanRight: return "Pan right";
    case Action::PanUp: return "Pan up";
    case Action::PanDown: return "Pan down";
    case Action::TogglePlay: return "Play / pause";
    case Action::StepBack: return "Step the window back";
    case Action::StepForward: return "Step the window forward";
    case Action::ToggleLoop: return "Loop playback";
    case Action::NextAtSpot: return "Next incident at the same spot";
    case Action::ClearSelection: return "Clear the selection";
    case Action::Undo: return "Undo";
    case Action::Redo: return "Redo";
    // Analyst's toolkit (issue 17).
    case Action::FindPlace: return "Find a place or incident…";
    case Action::AddBookmark: return "Bookmark this view";
    case Action::RecallBookmark1: return "Bookmark 1";
    case Action::RecallBookmark2: return "Bookmark 2";
    case Action::RecallBookmark3: return "Bookmark 3";
    case Action::RecallBookmark4: return "Bookmark 4";
    case Action::RecallBookmark5: return "Bookmark 5";
    case Action::RecallBookmark6: return "Bookmark 6";
    case Action::RecallBookmark7: return "Bookmark 7";
    case Action::RecallBookmark8: return "Bookmark 8";
    case Action::RecallBookmark9: return "Bookmark 9";
    case Action::CompareBefore: return "Compare with the period just before";
    case Action::ClearCompare: return "Stop comparing";
    case Action::MeasurePath: return "Measure distance and area";
    case Action::RangeRings: return "Range rings";
    case Action::ClearRings: return "Clear range rings";
    // Follow a live file (issue 17, item 6).
    case Action::ToggleWatchFiles: return "Watch files for changes";
    case Action::ToggleFollowNewest: return "Follow newest";
    case Action::DrawArea: return "Draw an area";
    case Action::FinishArea: return "Close the area";
    case Action::ClearArea: return "Clear the area";
    case Action::ExportPlayback: return "Export playback…"; // issue 18
    }
    return "";
}

std::string sample_path() {
    return find_assets_dir() + "/samples/incidents-2023-10_2024-02.geojson";
}

} // namespace incimap::scene
