#pragma once
// Incident start times sorted once, so that "how many start in [a, b)" is two binary
// searches: the timeline histogram at any bin size costs O(bins · log n), never a loop over
// all incidents per frame.

#include "core/incident_table.hpp"

#include <vector>

namespace incimap::core {

class TimeIndex {
public:
    void build(const IncidentTable& table);
    std::size_t count_starting(UnixMs from, UnixMs to) const; // starts in [from, to)
    std::size_t dated() const { return m_starts.size(); }
    std::size_t undated() const { return m_undated; }
    UnixMs first() const { return m_starts.empty() ? 0 : m_starts.front(); }
    UnixMs last() const { return m_starts.empty() ? 0 : m_starts.back(); }
    UnixMs last_end() const { return m_last_end; }
    // The finest precision of any dated incident (None when none is dated): the timeline
    // snaps its window to it (day-precision data moves by whole days).
    TimePrecision finest() const { return m_finest; }

private:
    std::vector<UnixMs> m_starts;
    std::size_t m_undated = 0;
    UnixMs m_last_end = 0;
    TimePrecision m_finest = TimePrecision::None;
};

// A bin width for a histogram of `span_ms` over `width_px`, from a ladder of calendar-ish
// units (1 h, 6 h, 1 d, 7 d, 30 d, 365 d), the smallest giving bins of at least `min_px`.
UnixMs histogram_bin_ms(UnixMs span_ms, double width_px, double min_px = 4.0);

} // namespace incimap::core
