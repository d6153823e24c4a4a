#pragma once
// Export schemas incimap knows by their columns, in one table (known_schemas.cpp): which
// field is the time, the end, the time of day, the category, the size and the place
// precision, how the dates are written, and the codebooks that turn codes into words.
// Adding a schema is adding a row. Field detection (field_detection.cpp) takes the row's
// fields wherever the file has them and the user did not choose; `incimap info` names the
// schema recognised.

#include "core/time.hpp"

#include <cstddef>
#include <span>
#include <string_view>

namespace incimap::core {

struct FieldSample;

struct CodeLabel {
    std::string_view code, label;
};

// A precision code and the time precision it stands for (UCDP's date_prec 4: only the month).
struct PrecisionCode {
    std::string_view code;
    TimePrecision precision;
};

// What the values of one field mean.
struct Codebook {
    std::string_view field;
    std::span<const CodeLabel> labels;
};

struct KnownSchema {
    std::string_view name;                       // "UCDP GED", shown by `info`
    std::span<const std::string_view> signature; // every one present (names normalised)
    std::string_view time, end, time_of_day;     // "" where the schema has none
    std::string_view category, size, geo_precision;
    bool compact_dates = false; // the time is written YYYYMMDD (GDELT's SQLDATE)
    bool utc = false;           // the times are UTC though the values carry no zone
    std::span<const Codebook> codebooks;
    std::string_view note; // what the user should know (e.g. a field that is not the time)
    // A field of time precision codes (UCDP's date_prec) and what each code means: the
    // incident's precision is set to it where coarser; its interval stays start..end.
    std::string_view time_precision = {};
    std::span<const PrecisionCode> precision_codes = {};
};

// Every known schema, most specific first.
std::span<const KnownSchema> known_schemas();

// The first schema whose signature the fields carry; nullptr when none.
const KnownSchema* recognise_schema(std::span<const FieldSample> fields);

// The codebook for `field` in `schema` (nullptr when there is none) and a code's label
// ("" when the code is not in it).
const Codebook* codebook_for(const KnownSchema& schema, std::string_view field);
std::string_view label_of(const Codebook& book, std::string_view code);

// Headerless exports (GDELT's event files have no header line): a schema's column names by
// how many columns a line has. Empty when no known export has that many.
struct HeaderlessLayout {
    std::string_view name; // "GDELT 2.0 events"
    std::span<const std::string_view> columns;
};
const HeaderlessLayout* headerless_layout(std::size_t column_count);

} // namespace incimap::core
