#include "core/table_summary.hpp"

#include <algorithm>

namespace incimap::core {

TableSummary summarize(const IncidentTable& table) {
    TableSummary s;
    s.incidents = table.count();
    s.by_category.assign(table.categories.size(), 0);
    bool first = true;
    for (std::size_t i = 0; i < table.count(); ++i) {
        s.bbox.extend({table.lon[i], table.lat[i]});
        ++s.by_precision[static_cast<std::size_t>(table.t_precision[i])];
        if (table.t_precision[i] == TimePrecision::None) {
            ++s.undated;
        } else {
            ++s.dated;
            if (first) {
                s.first_start = s.last_start = table.t_start[i];
                s.last_end = table.end_at(i);
                first = false;
            } else {
                s.first_start = std::min(s.first_start, table.t_start[i]);
                s.last_start = std::max(s.last_start, table.t_start[i]);
                s.last_end = std::max(s.last_end, table.end_at(i));
            }
        }
        const CategoryId c = table.category[i];
        if (c == kNoCategory || c >= s.by_category.size())
            ++s.uncategorised;
        else
            ++s.by_category[c];
    }
    return s;
}

} // namespace incimap::core
