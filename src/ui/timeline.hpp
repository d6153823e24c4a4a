#pragma once
// The timeline band under the map: a histogram of incident starts whose bins adapt to the
// timeline's zoom, the time window drawn on it (drag it whole or by an edge), wheel zoom
// about the cursor, and the playback controls. Labels in UTC.

#include "core/app_state.hpp"
#include "core/time_index.hpp"

namespace incimap::ui {

void draw_timeline(const core::AppState& state, const core::TimeIndex& index,
                   core::Commands& commands);

} // namespace incimap::ui
