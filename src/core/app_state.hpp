#pragma once
// The interactive application's state, and the commands that change it. Panels read the
// state and fill a Commands; the app applies the commands once per frame. This keeps the UI
// thin, and the session file and e2e tests simple (the state is all there is).

#include "core/camera.hpp"
#include "core/filters.hpp"
#include "core/incident_list.hpp"
#include "core/time.hpp"
#include "core/time_window.hpp"

#include <optional>
#include <string>
#include <vector>

namespace incimap::core {

struct AppState {
    TimeWindow window;                 // what the map shows
    bool playing = false;              // the window advances by speed × elapsed time
    double speed_days_per_s = 1.0;     // playback rate
    bool loop = false;                 // playback restarts at the first day after the last
    UnixMs step_ms = kMsPerDay;        // ← → step
    UnixMs view_from = 0, view_to = 0; // the timeline's visible range
    int selected = -1;                 // index into the drawn incidents, −1 for none
    std::vector<int> stack;            // incidents at the selected spot (for "3 of 14")
    int stack_pos = 0;
    std::string search;                // text filter over string attributes (lower case)
    bool heat = false;                 // a heat map of the window's incidents, not markers
    ListOrder list_order;              // the side panel's list: by date, category or size
    std::string message;               // last error or notice for the status bar
};

struct Commands {
    std::optional<TimeWindow> set_window;
    std::optional<std::pair<UnixMs, UnixMs>> set_view; // timeline zoom/pan
    std::optional<bool> set_playing;
    std::optional<double> set_speed;
    std::optional<bool> set_loop;
    std::optional<TimeMode> set_mode;
    std::optional<int> select;      // −1 clears
    std::optional<int> fly_to;      // drawn index to centre on
    int step_stack = 0;             // ±1: next/previous incident at the same spot
    int step_window = 0;            // ±1: move the window by one step
    bool fit_data = false;
    bool reset_view = false;
    bool quit = false;
    std::vector<std::string> open_files;
    bool cancel_load = false;
    std::optional<Filters> set_filters;
    std::optional<std::pair<std::size_t, int>> colour_by; // layer, field (−1 none)
    std::optional<std::pair<std::size_t, int>> size_by;   // layer, field (−1 none)
    std::optional<bool> set_heat;                          // heat map on or off
    std::optional<ListOrder> list_order;                   // a list column header clicked
    std::optional<bool> allow_network;                     // File > Allow network access
};

} // namespace incimap::core
