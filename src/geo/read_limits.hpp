#pragma once
// How much memory a read may take, and the check that refuses a source politely before the
// system's out-of-memory killer would end the app: the budget (--memory-budget, or
// INCIMAP_MEMORY_BUDGET, or half of the physical memory), an estimate of what a table needs,
// and the one-line message that says how much, against what, and what to do.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace incimap::geo {

// Bytes a loaded incident costs beyond its attribute text: the table's columns and what the
// map builds from them (projected positions, the spatial and time indexes), measured.
inline constexpr std::uint64_t kBytesPerIncident = 160;

// Distinct fields (properties, columns) a source may have: GDAL's readers slow down with the
// square of the field count (30,000 take GDAL's GeoJSON reader 9 s, 100,000 over 5 minutes),
// and no one reads a table that wide on a map.
inline constexpr std::size_t kMaxFields = 10'000;
// "<path>: more than 10000 different properties (fields), met <where>; …what to do".
std::string too_many_fields_message(const std::string& path, const std::string& where);

// What a read may take beside its budget, measured: the pages of the file being parsed (a fast
// reader maps it and drops what it has read), a parser's buffers for a 4 MiB batch, and
// GDAL's for the feature it parses. The budget counts the table; this is the rest.
inline constexpr std::uint64_t kReadOverheadBytes = std::uint64_t{64} << 20;

// The most one feature (a CSV line, a GeoJSONSeq line, a feature of a collection) may take
// in the file: an eighth of the budget, at most 256 MiB. A parser holds several copies of
// the feature it parses (simdjson about five), so one value of a gigabyte would take many
// times the budget before the table counted it (a 1 GB CSV line: 5.3 GB under a 600 MB
// budget). A feature over it is skipped and counted as a problem, the rest is read.
std::uint64_t max_feature_bytes(std::uint64_t budget);
// The line limit for GDAL's CSV driver (its MAX_LINE_SIZE): max_feature_bytes, or GDAL's own
// 10 MB when that is less.
std::uint64_t gdal_csv_max_line(std::uint64_t budget);
// The problem for a skipped feature of `bytes`: "N MiB in the file, more than the M MiB one
// feature may take (an eighth of the memory budget); skipped".
std::string feature_too_large(std::uint64_t bytes, std::uint64_t cap);

// GDAL's words when it stops at a feature over the limit incimap set ("Too large feature. You
// may define the OGR_GEOJSON_MAX_OBJ_SIZE…", the CSV driver's "Maximum number of characters
// allowed reached") name GDAL's own settings: said again as the limit of `max_bytes`. Any other
// text is returned as it is.
std::string explain_feature_limit(std::string gdal_text, std::uint64_t max_bytes);

// "512M", "2G", "1.5GiB", "800000000" (bytes); nullopt for anything else.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);
// "1.5 GiB", "300 MiB", "12 KiB".
std::string format_bytes(std::uint64_t bytes);

// The budget for one read: `requested` when non-zero, else INCIMAP_MEMORY_BUDGET, else half
// of the physical memory (at least 256 MiB).
std::uint64_t memory_budget(std::uint64_t requested);

// The table a read has built so far: incidents and the bytes of their attribute text.
struct TableSize {
    std::uint64_t incidents = 0;
    std::uint64_t attribute_bytes = 0;
    std::uint64_t bytes() const { return incidents * kBytesPerIncident + attribute_bytes; }
};

// What a source of `file_bytes` bytes needs at least, judged from its size alone, for the
// check before reading; 0 when the format says too little (binary formats, archives).
std::uint64_t estimate_from_file_size(std::uint64_t file_bytes, std::string_view driver);

// When `needed` is over `budget`: the one-line refusal ("<path>: needs about N, more than
// the M memory budget; …what to do"); "" when it fits.
std::string over_budget_message(const std::string& path, std::uint64_t needed,
                                std::uint64_t budget);

// Checks a read in progress: `size` built from `done` of `total` units (bytes or features;
// total 0 when unknown). Extrapolates once enough is read so that a read that cannot fit
// stops early rather than at the end; "" while it fits.
std::string check_progress(const std::string& path, const TableSize& size, double done,
                           double total, std::uint64_t budget);

} // namespace incimap::geo
