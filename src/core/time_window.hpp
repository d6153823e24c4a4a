#pragma once
// The time window the map shows: incidents whose interval meets [from, to) are drawn
// (cumulative: everything that started before `to`; fade: older ones fade out).

#include "core/time.hpp"

#include <limits>

namespace incimap::core {

enum class TimeMode { Window = 0, Cumulative = 1, Fade = 2 };

struct TimeWindow {
    UnixMs from = std::numeric_limits<UnixMs>::min() / 2; // inclusive
    UnixMs to = std::numeric_limits<UnixMs>::max() / 2;   // exclusive
    TimeMode mode = TimeMode::Window;
    bool show_undated = true;

    bool is_all() const {
        return from <= std::numeric_limits<UnixMs>::min() / 4 &&
               to >= std::numeric_limits<UnixMs>::max() / 4;
    }
    // Whether an incident with this interval shows (precision None = undated).
    bool shows(UnixMs start, UnixMs end, TimePrecision precision) const {
        if (precision == TimePrecision::None)
            return show_undated;
        if (is_all())
            return true;
        return start < to && (mode == TimeMode::Cumulative || end > from);
    }
};

// Fade mode's trail (issue 20): the window the map draws, its start moved back by `trail_ms`,
// so that an incident that left the window stays on, fading out (the age that fades it runs
// over the longer span). Other modes and "all dates" as they are.
inline TimeWindow with_trail(const TimeWindow& w, UnixMs trail_ms) {
    if (w.mode != TimeMode::Fade || w.is_all() || trail_ms <= 0)
        return w;
    TimeWindow drawn = w;
    drawn.from -= trail_ms;
    return drawn;
}

} // namespace incimap::core
