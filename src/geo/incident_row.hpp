#pragma once
// One feature's row of field values → what it gives each of its incidents. The GDAL path
// (read_layer, geo/reader.cpp) and the fast readers (fast::finish, geo/fast/fast_common.cpp)
// both call incident_row, so a new column read from the fields is added here, once:
//   RowValues         a feature's values in the layer's field order (nullopt: null or absent)
//   FileSpan          where a row lies in its file, when attributes stay there (on demand)
//   incident_row      the row stored as attributes, and its time, category, size, geo precision
//   append_row_columns  for tables whose positions came first: a row's values written to its
//                       incidents, in order
// Per row: no heap allocation beyond what the attribute store and the category dictionary
// grow by, no type-erased callable.

#include "core/file_spans.hpp"
#include "core/incident_table.hpp"
#include "core/load_report.hpp"
#include "geo/field_plan.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace incimap::geo {

using RowValues = std::span<const std::optional<std::string_view>>;

using FileSpan = core::FileSpan; // bytes from the start of the file, bytes

// Stores `row` in table.attributes (or, with `in_file`, only where it lies in the file) and
// returns the incident it gives: attr_row, time, category, size and geo_precision set as
// `plan` chose the fields (defaults where it chose none); position, z, feature_index and fid
// are the caller's. Problems (time, size) are counted against `feature`. With plan.kml.rule
// the time is KML's TimeStamp, else its TimeSpan (the fields plan.kml names).
core::IncidentTable::Incident incident_row(RowValues row, const FieldPlan& plan,
                                           std::int64_t feature, core::IncidentTable& table,
                                           core::LoadReport& report,
                                           std::optional<FileSpan> in_file = std::nullopt);

// Rows read back from the file (attributes on demand) with double-encoded text repaired as
// incident_row repairs rows kept in memory (plan.repair_text); `reader` itself when the plan
// repairs nothing.
std::shared_ptr<const core::RowReader> repairing_rows(std::shared_ptr<const core::RowReader> reader,
                                                      const FieldPlan& plan);

// The columns incident_row fills (time, category, size, geo precision, attribute row), for
// tables whose positions came first: written in incident order as the rows are read (issue
// 14: pages taken as they are written, while the rows read give theirs back, not all at once).
//   reserve_row_columns  room for `n` incidents' columns (not yet written, so no memory)
//   append_row_columns   what incident_row gave (`in`) to the next `count` incidents
//   move_row_columns     the columns of `from` (a part's) after those of `to`, each freed
//                        once moved
void reserve_row_columns(core::IncidentTable& table, std::size_t n);
void append_row_columns(core::IncidentTable& table, std::size_t count,
                        const core::IncidentTable::Incident& in);
void move_row_columns(core::IncidentTable& to, core::IncidentTable& from);

} // namespace incimap::geo
