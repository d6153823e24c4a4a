#pragma once
// The timeline band under the map: a histogram of incident starts (the incidents the filters
// leave, stacked by legend group) whose bins adapt to the timeline's zoom, the time window
// drawn on it (drag it whole or by an edge; it snaps to the data's precision, Shift moves it
// freely), wheel zoom about the cursor (eased by the engine, like the map's), the window's
// length and step, and the playback controls. Labels in UTC. The controller holds what a
// gesture needs between frames (the drag, the typed fields, the histogram of the last
// frame); everything else is the state it reads and the commands it fills.

#include "core/app_state.hpp"
#include "core/time_histogram.hpp"
#include "core/time_extent.hpp"

#include <cstdint>
#include <functional>

namespace incimap::ui {

// Window B (Compare periods, issue 17) on the timeline: its outline and label.
inline constexpr core::Rgba8 kWindowBColour{214, 110, 0, 255};

struct TimelineData {
    const core::TimeExtent& extent; // first, last, the data's finest precision
    // The histogram for a run of bins; called only when the bins or `generation` change.
    std::function<core::TimeHistogram(core::UnixMs first, core::UnixMs bin, std::size_t bins)>
        histogram;
    std::uint64_t generation = 0; // changes whenever the histogram's counts may
};

class TimelineController {
public:
    void draw(const core::AppState& state, const TimelineData& data, core::Commands& commands);

    // Edge grab zones either side of a window from x0 to x1 (px): at most `edge` px each,
    // never overlapping, and leaving the body at least `body` px (a narrow window is moved
    // whole rather than squeezed by accident). Returns the zones' inner widths.
    static float edge_reach(float x0, float x1, float edge = 6.0f, float body = 12.0f);

private:
    void draw_controls(const core::AppState& state, const core::TimeExtent& extent,
                       std::size_t undated, core::Commands& commands);
    const core::TimeHistogram& histogram_for(const TimelineData& data, core::UnixMs first,
                                             core::UnixMs bin, std::size_t bins);

    enum class Drag { None, Body, LeftEdge, RightEdge };
    Drag m_drag = Drag::None;
    core::TimeWindow m_drag_start;  // the window when the drag began
    float m_drag_x = 0;             // the pointer then
    char m_jump[32] = "";           // "jump to date", as typed
    char m_length[24] = "";         // the window's length, as typed
    char m_step[24] = "";           // the step, as typed
    bool m_editing_length = false, m_editing_step = false;
    bool m_one_colour = false;      // the histogram in one colour, not by category
    core::TimeHistogram m_hist;     // the last frame's
    std::uint64_t m_hist_generation = ~0ull;
    char m_fade[24] = "";           // issue 20: fade mode's trail, as typed
    bool m_editing_fade = false;
};

} // namespace incimap::ui
