#pragma once
// Which fields of a source hold the time, the category, the size and the geo precision.
// Pure logic over a sample of values, so every rule is unit-tested without GDAL; geo/
// gathers the samples. The time rule is the one in docs/TIME.md (from shared/USERS.md):
// user choice > known export signatures (ACLED) > score = fill × parse rate × plausibility
// + name bonus − name penalty, and an end field paired by name.

#include "core/attributes.hpp"
#include "core/known_schemas.hpp"
#include "core/time.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::core {

struct FieldSample {
    std::string name;
    FieldType type = FieldType::String;
    std::vector<std::string> values; // sampled values as text; "" for null/empty
};

struct TimeFieldChoice {
    int start = -1;       // field index of the start (or only) time; -1 = no time field
    int end = -1;         // paired end field, or -1
    int precision = -1;   // ACLED `time_precision`: 1 day, 2 week, 3 month; or -1
    // A known schema's precision codes for `precision` (UCDP's date_prec); empty: ACLED's.
    std::span<const PrecisionCode> precision_codes;
    int time_of_day = -1; // a time-of-day field beside a start of dates (FIRMS acq_time), -1
    DayMonthOrder order = DayMonthOrder::Unknown; // for numeric D/M dates
    bool order_guessed = false; // numeric dates all ≤ 12: read day first, say so
    bool two_digit_years = false;  // the start column has `14/03/24`-style dates
    bool compact_dates = false;    // YYYYMMDD integers (a known schema says so)
    bool utc = false;              // values without a zone are UTC (a known schema says so)
    int two_digit_near_year = 0;   // their century: nearest this (the column's median
                                   // four-digit year), 0 = 2000–2069 / 1970–1999
    std::string reason;         // why this field: "chosen by --time-field", "ACLED export", …
};

struct FieldChoiceOverrides {
    std::string time;      // --time-field
    std::string end;       // --end-field
    std::string time_of_day; // --time-of-day-field
    std::string category;  // --category-field
    std::string size;      // --size-field
    DayMonthOrder order = DayMonthOrder::Unknown; // --date-order
    // Issue 20 (the layer panel's "(none)"): no time field (all undated), or no end field.
    bool no_time = false;
    bool no_end = false;
};

struct FieldChoices {
    TimeFieldChoice time;
    int category = -1;
    int size = -1;
    int geo_precision = -1;
    const KnownSchema* schema = nullptr;    // the export schema recognised, if any
    const Codebook* category_codes = nullptr; // the schema's labels for the category codes
    std::vector<std::string> errors; // an override that names no field
};

FieldChoices choose_fields(std::span<const FieldSample> fields, const FieldChoiceOverrides& user);

// The pieces, exposed for tests.
TimeFieldChoice choose_time_field(std::span<const FieldSample> fields);
int pair_end_field(std::span<const FieldSample> fields, int start);
// A field of times of day (HHMM integers or HH:MM[:SS]) to combine with a start field of
// dates; -1 when the start holds more than dates or no such field is found.
int pair_time_of_day_field(std::span<const FieldSample> fields, int start);
int choose_category_field(std::span<const FieldSample> fields);
int choose_size_field(std::span<const FieldSample> fields);
int choose_geo_precision_field(std::span<const FieldSample> fields);
double time_field_score(const FieldSample& field, bool other_time_fields_exist);

// "Event Date" → "event_date": lower case, blanks and dashes as underscores.
std::string normalize_field_name(std::string_view name);
// Text that marks a missing value in exports (`NA`, `N/A`, `null`, `-`, any case, blanks
// around): read as no value in time, number and coordinate columns.
bool is_missing_marker(std::string_view text);
// Why a point has no coordinates when its longitude or latitude is written as a missing
// marker: "latitude marked missing (NA)", "longitude marked missing (-)", both joined with
// "; "; "" when neither is a marker (an empty coordinate is only "no geometry"). Both readers
// give this reason.
std::string coordinates_marked_missing(std::string_view lon, std::string_view lat);
// Numbers in attribute text: "12", "3.5", " 7 "; nullopt for "", "many", "NaN".
std::optional<double> parse_number(std::string_view text);

} // namespace incimap::core
