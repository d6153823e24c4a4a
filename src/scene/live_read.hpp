#pragma once
// Reading a watched file again (issue 17, "follow a live file"). A text file that a collector
// appends to — CSV, GeoJSONSeq — is read as a snapshot up to its last complete line: a
// partly written last line is not an error (nor, worse, a row with a number cut short read as
// a smaller number); it waits for the next change. Any other file is read as it is. Runs on a
// worker: owns what it reads, borrows nothing.

#include "geo/read_options.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace incimap::scene {

// Above this a line-oriented file is read in place, not as a snapshot copy (memory): a
// partial last line there is read as the reader reads it.
inline constexpr std::uint64_t kLiveSnapshotMaxBytes = std::uint64_t{256} << 20;

struct LiveRead {
    std::string path; // the source as listed
    geo::ReadResult read;
    std::int64_t held_bytes = 0;   // the partial last line left for the next change
    bool nothing_complete = false; // not one whole line yet (a header being written)
    // The user's colour-by and size-by for the layer, applied to the new table by name (""
    // as read; nullopt inside: none).
    std::optional<std::optional<std::string>> colour_by, size_by;
};

// CSV and GeoJSONSeq (.csv, .geojsonl, .geojsons): written a line at a time, and read by the
// fast readers, which read the snapshot (a file they hand to GDAL is read as it is on disk).
bool is_line_oriented(const std::string& path);

LiveRead read_complete_lines(const std::string& path, geo::ReadOptions options);

// The user's field choice applied to a read table by field name (nullopt: none).
void apply_field_choice(LiveRead& r, bool colour, const std::optional<std::string>& field);

} // namespace incimap::scene
