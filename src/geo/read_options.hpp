#pragma once
// What a read is asked for and what it gives back (read_incidents, geo/reader.hpp):
//   QueryRegion              the part of a database table to fetch (a box and a time window)
//   kAttributesOnDemandAbove the file size above which attributes stay in the file by default
//   ReadOptions              layer, field overrides, network, progress/cancel, memory budget…
//   ReadResult               the table, the report, or the one-line error

#include "core/field_detection.hpp"
#include "core/incident_table.hpp"
#include "core/load_report.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace incimap::geo {

// A part of a database table to fetch instead of the whole: pushed down to the server as a
// spatial filter (GiST) and an attribute filter on the time column (b-tree). What comes back
// is a superset of what the box and the interval show (undated rows included); the caller
// still filters exactly. Files are always read whole.
struct QueryRegion {
    std::optional<core::LonLatBox> bbox;    // WGS84 degrees; none: everywhere
    std::optional<core::TimeInterval> time; // [start_ms, end_ms); none: all time
};

// 128 MiB (issue 14: at 1M incidents the values were the largest part of the window's and
// render's memory, 96 MiB of a 541 MiB peak; read back, a search takes 0.4 s instead of 0.07).
inline constexpr std::uint64_t kAttributesOnDemandAbove = std::uint64_t{128} << 20;

struct ReadOptions {
    std::string layer;                   // name or 0-based index; "" = as below
    // Several layers, read into one table (File > Open's layer dialog, --layer given more than
    // once); with `layer`, all of them. Neither: every non-empty point layer when there are
    // two or more, else the first non-empty layer (geo/gdal/layer_set.hpp).
    std::vector<std::string> layers;
    core::FieldChoiceOverrides fields;   // --time-field, --category-field, …
    bool allow_network = false;          // URLs and /vsicurl/ paths only when the user says so
    // Called now and then with the fraction done (0…1); may be empty.
    std::function<void(double)> progress;
    const std::atomic<bool>* cancel = nullptr; // set to true to stop early (report.cancelled)
    // GeoJSON, GeoJSONSeq and CSV files are read by the fast readers (report.fast) unless this
    // is false or INCIMAP_NO_FAST_READERS=1 is set; they hand any file they are not sure
    // about to GDAL.
    bool fast_readers = true;
    // The most memory the loaded table may take, in bytes (0: INCIMAP_MEMORY_BUDGET, else half
    // of the physical memory; geo/read_limits.hpp). A source that needs more is refused with
    // how much it needs, before or while reading; a zip archive may unpack to at most this.
    std::uint64_t memory_budget_bytes = 0;
    // Where attributes (the values the detail panel, search and colour-by read) are kept.
    // OnDemand keeps 8 bytes per feature and reads values back from the file (fast GeoJSON,
    // GeoJSONSeq and CSV readers only; the GDAL path keeps them in memory); Auto is OnDemand
    // for files over kAttributesOnDemandAbove.
    enum class Attributes : std::uint8_t { Auto, Memory, OnDemand };
    Attributes attributes = Attributes::Auto;
    // PostGIS sources only (geo/gdal/postgis_source.hpp): fetch just `region` when the table holds
    // more than `region_above_rows` rows (0: whatever its size); otherwise read it whole.
    std::optional<QueryRegion> region;
    std::int64_t region_above_rows = 0;
    // Loading on every core (issue 14): the fast readers split a file over this many threads
    // (0: INCIMAP_THREADS, else every core; core/parallel.hpp); the result is the same for any
    // count. A thread takes at least `min_bytes_per_thread` of the file (0: 8 MiB; tests make
    // it small to split small files).
    unsigned threads = 0;
    std::size_t min_bytes_per_thread = 0;
};

struct ReadResult {
    bool ok = false;
    std::string error; // one line: what failed and why (set when !ok)
    core::IncidentTable table;
    core::LoadReport report;
    // Set when only this region of the source was fetched (a PostGIS table over budget).
    std::optional<QueryRegion> fetched_region;
    // With fetched_region: the whole source's count per category value, so that colours
    // (by frequency) stay put as the fetched part changes.
    std::vector<std::pair<std::string, std::size_t>> category_totals;
};

} // namespace incimap::geo
