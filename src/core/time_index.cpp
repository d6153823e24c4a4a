#include "core/time_index.hpp"

#include "core/sort_times.hpp"

#include <algorithm>

namespace incimap::core {

void TimeIndex::build(const IncidentTable& table) {
    m_starts.clear();
    m_undated = 0;
    m_last_end = 0;
    m_finest = TimePrecision::None;
    m_starts.reserve(table.count());
    bool first = true;
    for (std::size_t i = 0; i < table.count(); ++i) {
        if (table.t_precision[i] == TimePrecision::None) {
            ++m_undated;
            continue;
        }
        m_starts.push_back(table.t_start[i]);
        m_finest = std::max(m_finest, table.t_precision[i]);
        m_last_end = first ? table.t_end[i] : std::max(m_last_end, table.t_end[i]);
        first = false;
    }
    sort_times(m_starts);
}

std::size_t TimeIndex::count_starting(UnixMs from, UnixMs to) const {
    if (to <= from)
        return 0;
    const auto a = std::lower_bound(m_starts.begin(), m_starts.end(), from);
    const auto b = std::lower_bound(a, m_starts.end(), to);
    return static_cast<std::size_t>(b - a);
}

UnixMs histogram_bin_ms(UnixMs span_ms, double width_px, double min_px) {
    static constexpr UnixMs k_ladder[] = {kMsPerHour,     6 * kMsPerHour,  kMsPerDay,
                                          7 * kMsPerDay,  30 * kMsPerDay,  365 * kMsPerDay};
    for (UnixMs bin : k_ladder) {
        const double bins = static_cast<double>(span_ms) / static_cast<double>(bin);
        if (bins <= 0 || width_px / bins >= min_px)
            return bin;
    }
    return 365 * kMsPerDay;
}

} // namespace incimap::core
