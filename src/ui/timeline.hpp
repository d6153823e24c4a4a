#pragma once
// The timeline band under the map: a histogram of incident starts whose bins adapt to the
// timeline's zoom, the time window drawn on it (drag it whole or by an edge), wheel zoom
// about the cursor (eased by the engine, like the map's), and the playback controls. Labels
// in UTC. The controller holds what a gesture needs between frames (the drag, the jump box's
// text); everything else is the state it reads and the commands it fills.

#include "core/app_state.hpp"
#include "core/time_index.hpp"

namespace incimap::ui {

class TimelineController {
public:
    void draw(const core::AppState& state, const core::TimeIndex& index,
              core::Commands& commands);

private:
    enum class Drag { None, Body, LeftEdge, RightEdge };
    Drag m_drag = Drag::None;
    char m_jump[32] = ""; // "jump to date", as typed
};

} // namespace incimap::ui
