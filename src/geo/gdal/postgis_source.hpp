#pragma once
// PostGIS tables read through GDAL's PostgreSQL driver (`PG:dbname=… host=…`, `--layer TABLE`).
// A table small enough is read whole, like a file. One over the row budget is read by region:
// the view's box becomes the layer's spatial filter (`geom && ST_MakeEnvelope(…)`, served by
// the GiST index) and the time window an attribute filter on the detected time column
// (`"t" >= '…' AND "t" < '…'`, served by a b-tree index), so the server does the selecting
// and only the region's rows cross the wire. The reader calls the two hooks below; the rest
// of reading (fields, times, problems) is the same as for any GDAL source.

#include "core/incident_table.hpp"
#include "core/load_report.hpp"
#include "geo/field_plan.hpp"
#include "geo/read_limits.hpp"
#include "geo/read_options.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace incimap::geo {

// Whether a path names a PostgreSQL/PostGIS connection (`PG:…`) rather than a file.
bool is_postgis_connection(const std::string& path);

// When a table is read by region: above the budget (auto), whatever its size (always), never.
enum class Pushdown { Auto, Always, Never };
std::optional<Pushdown> parse_pushdown(std::string_view text); // "auto" | "always" | "never"

// Rows read whole before a table is read by region: $INCIMAP_PG_ROW_BUDGET, else 1,000,000
// (about 100 MB of incident columns and attributes; docs/PERFORMANCE.md).
inline constexpr std::int64_t kDefaultRowBudget = 1'000'000;
std::int64_t pg_row_budget();
// What a fetched row takes in memory, about: the incident columns and its attribute text.
inline constexpr std::uint64_t kPgBytesPerRow = kBytesPerIncident + 96;
// The rows read whole: the row budget, or fewer when the memory budget (ReadOptions::
// memory_budget_bytes; 0 = the default, geo/read_limits.hpp) would not hold that many — a table
// that does not fit is read by region rather than refused. At least 1.
std::int64_t pg_row_budget_within(std::uint64_t memory_budget_bytes);

// Sets `options.region`/`region_above_rows` for `mode` (Never: no region).
void set_pushdown(ReadOptions& options, Pushdown mode, QueryRegion region);

// The reader's hook once the fields are chosen: when `options.region` is set and `layer` holds
// more than `options.region_above_rows` rows (by the server's estimate), sets the layer's
// spatial and attribute filters and returns the region fetched (an unbounded region on a
// table over budget starts with the data's last week). nullopt: read the table whole.
// A note in `report` says what was pushed down.
std::optional<QueryRegion> push_down_region(GDALDataset& dataset, OGRLayer& layer,
                                            const ReadOptions& options, const FieldPlan& plan,
                                            core::LoadReport& report);

// The reader's hook after a PostGIS read: rows in FID order (the server returns them in its
// plan's order; a part then draws like the whole), and with a region, the whole table's
// category counts (ReadResult::category_totals).
void finish_postgis_read(GDALDataset& dataset, OGRLayer& layer, const FieldPlan& plan,
                         ReadResult& result);

// The server's row estimate for a layer (pg_class.reltuples; count(*) when the table was
// never analysed); −1 when unknown.
std::int64_t estimated_rows(GDALDataset& dataset, OGRLayer& layer);

// A PostgreSQL identifier, double-quoted ("a""b"), and a layer name ("schema.table") as a
// quoted table reference.
std::string quote_identifier(std::string_view name);
std::string quote_table(std::string_view layer_name);

// The attribute filter that keeps a superset of the rows whose time meets `interval` (undated
// rows included), on typed (Date/DateTime) columns; "" when nothing can be pushed down.
struct TimeColumn {
    std::string name;
    OGRFieldType type = OFTString;
};
std::string time_filter_sql(const TimeColumn& start, const std::optional<TimeColumn>& end,
                            bool has_precision_field, const core::TimeInterval& interval);

// Puts a table's incidents in FID order (stable; attributes stay where they are).
void sort_by_fid(core::IncidentTable& table);

} // namespace incimap::geo
