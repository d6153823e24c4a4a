#pragma once
// Aggregates over an incident table that the CLI, the legend and the status bar show.

#include "core/geometry.hpp"
#include "core/incident_table.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace incimap::core {

struct TableSummary {
    std::size_t incidents = 0;
    std::size_t dated = 0;
    std::size_t undated = 0;
    UnixMs first_start = 0; // earliest start of a dated incident (valid when dated > 0)
    UnixMs last_start = 0;  // latest start
    UnixMs last_end = 0;    // latest end
    std::array<std::size_t, kTimePrecisionCount> by_precision{};
    std::vector<std::size_t> by_category; // indexed by CategoryId
    std::size_t uncategorised = 0;
    LonLatBox bbox;
};

TableSummary summarize(const IncidentTable& table);

} // namespace incimap::core
