#pragma once
// The spatial index's counts against brute force, for the index's tests: every occupied cell
// of every level asked (count and summarize) for each window equals TimeWindow::shows over
// its members, read from the table the index was built from.

#include "core/incident_table.hpp"
#include "core/spatial_index.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace incimap::test {

inline void expect_counts_equal_brute_force(const core::SpatialIndex& index,
                                            const core::IncidentTable& table,
                                            const std::vector<core::TimeWindow>& windows) {
    for (const core::TimeWindow& w : windows)
        for (int level = 0; level <= core::SpatialIndex::kLevels; ++level) {
            SCOPED_TRACE(level);
            for (const auto& c : index.cells(level)) {
                std::size_t brute = 0;
                for (std::uint32_t k = c.begin; k < c.end; ++k) {
                    const std::uint32_t i = index.ids()[k];
                    brute += w.shows(table.t_start[i], table.end_at(i), table.t_precision[i]);
                }
                ASSERT_EQ(index.count(level, c, w), brute)
                    << "cell " << c.x << "," << c.y << " of " << (c.end - c.begin);
                ASSERT_EQ(index.summarize(level, c.begin, c.end, w).shown, brute);
            }
        }
}

} // namespace incimap::test
