#pragma once
// Drag to reorder layers (issue 20): the order of layer ids after the row `from` is dropped
// on the row `to` in the side panel's list. The dragged layer takes row `to`; the rows
// between shift by one towards the place it left. Out-of-range rows leave the order as it is.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace incimap::core {

inline std::vector<std::uint64_t> order_after_drag(std::vector<std::uint64_t> ids, std::size_t from,
                                                   std::size_t to) {
    if (from >= ids.size() || to >= ids.size() || from == to)
        return ids;
    const auto f = ids.begin() + static_cast<std::ptrdiff_t>(from);
    const auto t = ids.begin() + static_cast<std::ptrdiff_t>(to);
    if (from < to)
        std::rotate(f, f + 1, t + 1); // down: the rows below it move up one
    else
        std::rotate(t, f, f + 1); // up: the rows above it move down one
    return ids;
}

} // namespace incimap::core
