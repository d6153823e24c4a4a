#pragma once
// Time as incimap understands it: every incident time is a UTC interval [start, end) in
// milliseconds since the Unix epoch, with the precision the source gave. A partial date
// (`2024-01`) is the whole of its unit (the month), so filtering by a window is an overlap
// test and never drops an incident that a coarse date could place inside the window.
//
// Calendar maths is proleptic Gregorian without leap seconds (as POSIX time), so pre-1970
// dates are negative and leap days are handled by the civil-day algorithms below.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace incimap::core {

using UnixMs = std::int64_t; // milliseconds since 1970-01-01T00:00:00Z

inline constexpr UnixMs kMsPerSecond = 1000;
inline constexpr UnixMs kMsPerMinute = 60 * kMsPerSecond;
inline constexpr UnixMs kMsPerHour = 60 * kMsPerMinute;
inline constexpr UnixMs kMsPerDay = 24 * kMsPerHour;

// Coarse to fine; `None` marks an undated incident.
enum class TimePrecision : std::uint8_t {
    None = 0,
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
};
inline constexpr int kTimePrecisionCount = 9;

// How the source related the time to UTC.
enum class ZoneKind : std::uint8_t {
    Floating, // no zone given: read as UTC and labelled "no zone given"
    Utc,      // `Z` or +00:00
    Offset,   // a non-zero offset, converted to UTC
};

struct TimeInterval {
    UnixMs start_ms = 0;
    UnixMs end_ms = 0; // exclusive
    TimePrecision precision = TimePrecision::None;
    ZoneKind zone = ZoneKind::Floating;

    friend bool operator==(const TimeInterval&, const TimeInterval&) = default;
};

// Slash and dash dates with numeric day and month (`04/01/2024`) are ambiguous.
enum class DayMonthOrder : std::uint8_t {
    Unknown,    // decide per value when a component is > 12, else day first
    DayFirst,   // 04/01/2024 = 4 January
    MonthFirst, // 04/01/2024 = 1 April
};

struct TimeParseOptions {
    DayMonthOrder order = DayMonthOrder::Unknown;
    bool allow_epoch = true; // bare integers of 9–11 digits (s) or 12–14 digits (ms)
    // Two-digit years in numeric dates with the year last (`14/03/24`, hand-kept sheets).
    // The century: the one that puts the year nearest to `two_digit_near_year` (the median
    // four-digit year of the same column) when that is set, else 00–69 → 2000–2069 and
    // 70–99 → 1970–1999 (as POSIX strptime's %y).
    bool two_digit_years = false;
    int two_digit_near_year = 0; // 0: the fixed rule above
    bool compact_dates = false;  // 8-digit integers are YYYYMMDD (GDELT's SQLDATE)
};

// The four-digit year a two-digit year `yy` (0–99) stands for under `options`' rule.
int expand_two_digit_year(int yy, const TimeParseOptions& options);
// Whether `text` is a numeric date with a two-digit year last (`14/03/24`, `3.1.24 10:00`).
bool has_two_digit_year(std::string_view text);

// Parses one value in any of the forms listed in docs/TIME.md; nullopt when it is not a time
// (or not a valid one: 2023-02-29, hour 25, …). Leading/trailing blanks are ignored.
std::optional<TimeInterval> parse_time(std::string_view text, const TimeParseOptions& options = {});

// An integer read as epoch seconds or milliseconds by its size (13 digits ms, 10 digits s).
std::optional<TimeInterval> time_from_epoch_integer(std::int64_t value);

// A time of day: `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`, or HHMM as an integer without zero
// padding (`7` is 00:07, `1405` is 14:05: NASA FIRMS acq_time). `offset_ms` is from
// midnight; nullopt for anything else (hour 24, minute 60, text).
struct TimeOfDay {
    UnixMs offset_ms = 0;
    TimePrecision precision = TimePrecision::Minute;
    bool hhmm = false; // written as an HHMM integer
};
std::optional<TimeOfDay> parse_time_of_day(std::string_view text);

// What `values` say about D/M vs M/D in numeric dates (four- or two-digit years): a first part > 12 means day first,
// a second part > 12 means month first; Unknown when nothing decides (or both occur).
DayMonthOrder detect_day_month_order(std::span<const std::string> values);

struct CivilDate {
    int year = 1970;
    int month = 1; // 1–12
    int day = 1;   // 1–31
};
std::int64_t days_from_civil(int year, int month, int day);
CivilDate civil_from_days(std::int64_t days);
bool is_leap_year(int year);
int days_in_month(int year, int month);

// Floor division of a time to whole days (correct for negative times).
std::int64_t floor_days(UnixMs t);

// The interval of the whole unit that contains `t` (used to widen dates, e.g. ACLED's
// time_precision). Week = the 7 days centred on t's day (−3 … +3).
TimeInterval widen_to(TimeInterval t, TimePrecision unit);

// ISO 8601 in UTC: `2024-01-04T12:00:00Z`, with `.123` only when the milliseconds are set.
std::string format_iso_utc(UnixMs t);
// ISO 8601 cut to a precision: `2024`, `2024-01`, `2024-01-04`, `2024-01-04T12:00Z`, …
std::string format_iso(UnixMs t, TimePrecision precision);
std::string_view to_string(TimePrecision precision);
std::optional<TimePrecision> precision_from_string(std::string_view name);

} // namespace incimap::core
