#pragma once
// Command-line options shared by the subcommands: the field overrides of every reader, the
// time window and box of `render` and `export` (one parser, one set of rules), and how a
// usage error is reported (one line, exit 1, like every other error).

#include "core/geometry.hpp"
#include "core/time.hpp"
#include "core/time_window.hpp"
#include "geo/reader.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace incimap::app {

struct ReaderFlags {
    std::vector<std::string> layers; // --layer, once per layer
    std::string time_field, end_field, category_field, size_field;
    std::string time_of_day_field; // --time-of-day-field
    std::string date_order; // "dmy" | "mdy" | ""
    bool allow_network = false;
    std::string memory_budget; // "2G", "512M"; "" = the default (half of the physical memory)
    std::string attributes = "auto"; // --attributes auto|memory|file

    void add_to(CLI::App& command);
    geo::ReadOptions to_options() const;
};

// --from, --to and --bbox as typed, for `render` and `export` alike. The rules
// (parse_time_box):
//   --from T  the window starts at T, inclusive; --to T  it ends at T, exclusive; T is an ISO
//             date or datetime, UTC unless it names a zone. A date alone is that whole day:
//             --from 2024-01-05 keeps 5 January, --to 2024-02-01 leaves 1 February out (so
//             --from 2024-01-01 --to 2024-02-01 is January). --to must be after --from.
//   --bbox minlon,minlat,maxlon,maxlat  in degrees, lon in [−180, 180], lat in [−90, 90],
//             min < max for both (no box across the antimeridian); inclusive.
struct TimeBoxFlags {
    std::string from, to, bbox; // "" = not given

    // `bbox_help` says what the box does for the command (a view to fit, a filter).
    void add_to(CLI::App& command, const std::string& bbox_help);
};

struct TimeBox {
    std::optional<core::UnixMs> from; // inclusive
    std::optional<core::UnixMs> to;   // exclusive
    std::optional<core::LonLatBox> bbox;
    std::string error; // one line, without "incimap: "; "" = the flags are fine

    bool ok() const { return error.empty(); }
    // [from, to) as a window (mode Window, undated shown); all time where not given.
    core::TimeWindow window() const;
};

TimeBox parse_time_box(const TimeBoxFlags& flags);

// Reports a CLI11 parse error the way every other error is: one line `incimap: …` on stderr
// and 1. Help and the version (CLI11's "errors" too) print as usual and give 0.
int report_parse_error(const CLI::App& cli, const CLI::ParseError& error);

} // namespace incimap::app
