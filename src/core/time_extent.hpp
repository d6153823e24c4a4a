#pragma once
// What the timeline and playback need to know of a table's times as a whole: how many are
// dated, where they begin and end, and their finest precision. A summary of one pass, not a
// sorted copy: the histogram and the legend count from the filtered view's sorted times
// (scene/map_scene.hpp), so a copy of every start here was 8 bytes an incident that nothing
// read (issue 14: memory).

#include "core/incident_table.hpp"

namespace incimap::core {

class TimeExtent {
public:
    void build(const IncidentTable& table);
    std::size_t dated() const { return m_dated; }
    std::size_t undated() const { return m_undated; }
    UnixMs first() const { return m_first; } // the earliest start; 0 when none is dated
    UnixMs last() const { return m_last; }    // the latest start; 0 when none is dated
    UnixMs last_end() const { return m_last_end; }
    // The finest precision of any dated incident (None when none is dated): the timeline
    // snaps its window to it (day-precision data moves by whole days).
    TimePrecision finest() const { return m_finest; }

private:
    std::size_t m_dated = 0, m_undated = 0;
    UnixMs m_first = 0, m_last = 0, m_last_end = 0;
    TimePrecision m_finest = TimePrecision::None;
};

} // namespace incimap::core
