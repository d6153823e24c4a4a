#pragma once
// One feature's row of field values → what it gives each of its incidents. The GDAL path
// (read_layer, geo/reader.cpp) and the fast readers (fast::finish, geo/fast/fast_common.cpp)
// both call incident_row, so a new column read from the fields is added here, once:
//   RowValues         a feature's values in the layer's field order (nullopt: null or absent)
//   FileSpan          where a row lies in its file, when attributes stay there (on demand)
//   incident_row      the row stored as attributes, and its time, category, size, geo precision
//   size_row_columns  for tables whose positions came first: the row's columns sized, defaulted
//   set_row_columns   for those tables: a row's values written to its incidents
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

// The columns incident_row fills, sized to table.count() with their defaults (undated, no
// category, NaN size, unknown precision, attribute row 0).
void size_row_columns(core::IncidentTable& table);

// Writes what incident_row gave (`in`) to incidents [first, last) of one feature.
void set_row_columns(core::IncidentTable& table, std::size_t first, std::size_t last,
                     const core::IncidentTable::Incident& in);

} // namespace incimap::geo
