#include "core/incident_list.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace incimap::core {

namespace {

// Each category's place in name order (the last: no category).
std::vector<double> category_ranks(const IncidentTable& t) {
    std::vector<std::size_t> by_name(t.categories.size());
    std::iota(by_name.begin(), by_name.end(), std::size_t{0});
    std::sort(by_name.begin(), by_name.end(),
              [&](std::size_t a, std::size_t b) { return t.categories[a] < t.categories[b]; });
    std::vector<double> rank(t.categories.size() + 1, -1.0); // no category: "" sorts first
    for (std::size_t r = 0; r < by_name.size(); ++r)
        rank[by_name[r]] = static_cast<double>(r);
    return rank;
}

} // namespace

void sort_list(std::vector<int>& rows, const IncidentTable& t, ListOrder order) {
    // One key per row, sorted with the row as tie-break: a sequential pass over the keys
    // instead of a random lookup per comparison (millions of rows while the timeline plays).
    const std::vector<double> ranks =
        order.column == ListOrder::Column::Category ? category_ranks(t) : std::vector<double>{};
    auto key_of = [&](std::size_t i) -> double {
        switch (order.column) {
        case ListOrder::Column::Category: {
            const CategoryId c = t.category[i];
            return c < t.categories.size() ? ranks[c] : ranks.back();
        }
        case ListOrder::Column::Size: return std::isnan(t.size_at(i)) ? -1.0 : t.size_at(i);
        case ListOrder::Column::Date:
            return t.t_precision[i] == TimePrecision::None
                       ? -std::numeric_limits<double>::infinity()
                       : static_cast<double>(t.t_start[i]); // exact: |ms| < 2^53
        }
        return 0.0;
    };
    std::vector<std::pair<double, int>> keyed(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        keyed[r] = {key_of(static_cast<std::size_t>(rows[r])), rows[r]};
    if (order.ascending)
        std::sort(keyed.begin(), keyed.end());
    else
        std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
    for (std::size_t r = 0; r < rows.size(); ++r)
        rows[r] = keyed[r].second;
}

} // namespace incimap::core
