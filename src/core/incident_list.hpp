#pragma once
// The side panel's list of incidents: the order the user picked (a column header) and the
// sort that puts drawn incident indices in that order. Pure, so the window can run it on a
// worker with the rest of the list's work.

#include "core/incident_table.hpp"

#include <cstdint>
#include <vector>

namespace incimap::core {

struct ListOrder {
    enum class Column : std::uint8_t { Date, Category, Size };
    Column column = Column::Date;
    bool ascending = true;
    bool operator==(const ListOrder&) const = default;
};

// Sorts `rows` (drawn indices into `table`, in table order) by `order`; ties keep table order.
// Undated incidents sort as the earliest, no category as "", no size as −1.
void sort_list(std::vector<int>& rows, const IncidentTable& table, ListOrder order);

} // namespace incimap::core
