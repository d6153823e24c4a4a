#pragma once
// What one feature's attribute texts mean for its incidents (time, size, geo precision) and
// the problem texts that go with them. incident_row (geo/incident_row.hpp) reads every row
// through these, for the GDAL reader and the fast readers alike, so both fill the table and
// word the report the same way.

#include "core/incident_table.hpp"
#include "core/known_schemas.hpp"
#include "core/load_report.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace incimap::geo {

// Quotes a value for a problem message, cut to a readable length on a character boundary.
std::string quoted(std::string_view value);

// ACLED's geo_precision (1 exact, 2 near, ≥ 3 region); Unknown for anything else.
core::GeoPrecision geo_precision_from(std::string_view text);

// What a feature's time fields say, as text.
struct TimeTexts {
    std::string_view start, end, precision;
    std::string_view start_field; // for messages
    bool start_days = false, end_days = false; // a midnight with no zone is that whole day
    std::string_view time_of_day;       // added to a start that is a day (HHMM, HH:MM[:SS])
    std::string_view time_of_day_field; // for messages; "" when there is none
    bool utc = false; // a value without a zone is UTC (a known schema says so)
    // What `precision`'s codes stand for (UCDP's date_prec); empty: ACLED's time_precision.
    std::span<const core::PrecisionCode> precision_codes = {};
};

// The incident time from its texts; problems are counted against `feature`.
core::TimeInterval incident_time(const TimeTexts& t, const core::TimeParseOptions& options,
                                 std::int64_t feature, core::LoadReport& report);

// The size field's value, or NaN (with a problem when the text is not a number).
float incident_size(std::string_view text, const std::string& size_field, std::int64_t feature,
                    core::LoadReport& report);

} // namespace incimap::geo
