#include "core/time_extent.hpp"

#include <algorithm>

namespace incimap::core {

void TimeExtent::build(const IncidentTable& table) {
    *this = TimeExtent{};
    for (std::size_t i = 0; i < table.count(); ++i) {
        if (table.t_precision[i] == TimePrecision::None) {
            ++m_undated;
            continue;
        }
        const UnixMs start = table.t_start[i], end = table.end_at(i);
        if (m_dated++ == 0) {
            m_first = m_last = start;
            m_last_end = end;
        } else {
            m_first = std::min(m_first, start);
            m_last = std::max(m_last, start);
            m_last_end = std::max(m_last_end, end);
        }
        m_finest = std::max(m_finest, table.t_precision[i]);
    }
}

} // namespace incimap::core
