#pragma once
// Lengths of time as people type them: `7d`, `12h`, `1w`, `90m`, `1d12h`, `30s`. Used for the
// timeline's window length and step, and for the CLI's `--step` / `--window`. Months and years
// have no fixed length and are refused (say `30d` or `365d`).

#include "core/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace incimap::core {

// A positive length, or nullopt for anything else (empty, zero, negative, unknown unit, a
// number without a unit, overflow past 100,000 years). Units: w, d, h, m or min, s, ms;
// several may follow each other (`1d12h`, `1d 12h`); case-insensitive; a decimal number is
// allowed for a single unit (`1.5d` = 36 h).
std::optional<UnixMs> parse_duration(std::string_view text);

// The shortest exact way to write a length in those units: `7d`, `12h`, `1d 6h`, `90s`, `1w`
// only when whole weeks and typed so is unknown, so days are preferred: 14 days is `14d`.
std::string format_duration(UnixMs length);

// What a dragged time window snaps to: whole days for data of day precision or coarser;
// for finer data the smallest of 1 min, 5 min, 15 min, 1 h, 6 h, 1 d that spans at least
// `min_px` at `ms_per_px` (never finer than the data: hour-precision data snaps to hours).
UnixMs snap_unit(TimePrecision finest, double ms_per_px, double min_px = 6.0);
// `t` rounded to the nearest multiple of `unit` counted from 1970-01-01T00:00Z (UTC days).
UnixMs snap_to(UnixMs t, UnixMs unit);

} // namespace incimap::core
