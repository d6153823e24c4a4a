#pragma once
// A table's provenance columns as values, held or implied by a rule: readers compact theirs
// (IncidentTable::compact_columns), so tests read them through the accessors.

#include "core/incident_table.hpp"

#include <cstdint>
#include <vector>

namespace incimap::test {

inline std::vector<std::uint32_t> features_of(const core::IncidentTable& t) {
    std::vector<std::uint32_t> out(t.count());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = t.feature_at(i);
    return out;
}

inline std::vector<std::int64_t> fids_of(const core::IncidentTable& t) {
    std::vector<std::int64_t> out(t.count());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = t.fid_at(i);
    return out;
}

} // namespace incimap::test
