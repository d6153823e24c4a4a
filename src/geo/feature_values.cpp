#include "geo/feature_values.hpp"

#include "core/field_detection.hpp"

#include <algorithm>
#include <limits>

namespace incimap::geo {

std::string quoted(std::string_view value) {
    // A cut inside a UTF-8 sequence would put invalid text into the JSON report.
    std::size_t cut = std::min<std::size_t>(value.size(), 60);
    while (cut < value.size() && cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80)
        --cut;
    std::string v(value.substr(0, cut));
    if (cut < value.size())
        v += "…";
    return "'" + v + "'";
}

core::GeoPrecision geo_precision_from(std::string_view text) {
    const auto v = core::parse_number(text);
    if (!v)
        return core::GeoPrecision::Unknown;
    if (*v == 1)
        return core::GeoPrecision::Exact;
    if (*v == 2)
        return core::GeoPrecision::Near;
    if (*v >= 3)
        return core::GeoPrecision::Region;
    return core::GeoPrecision::Unknown;
}

namespace {

// A midnight with no zone, in a column of such midnights, is its whole day.
core::TimeInterval as_day(core::TimeInterval t) {
    if (static_cast<int>(t.precision) > static_cast<int>(core::TimePrecision::Day) &&
        t.zone == core::ZoneKind::Floating &&
        t.start_ms == core::floor_days(t.start_ms) * core::kMsPerDay)
        return core::widen_to(t, core::TimePrecision::Day);
    return t;
}

} // namespace

core::TimeInterval incident_time(const TimeTexts& t, const core::TimeParseOptions& options,
                                 std::int64_t feature, core::LoadReport& report) {
    auto parsed = core::parse_time(t.start, options);
    if (!parsed) {
        if (core::is_missing_marker(t.start))
            report.add_problem(feature, "time " + quoted(t.start) + " in '" +
                                            std::string(t.start_field) +
                                            "' marks a missing value; loaded undated");
        else if (!t.start.empty())
            report.add_problem(feature, "time " + quoted(t.start) + " in '" +
                                            std::string(t.start_field) +
                                            "' not understood; loaded undated");
        return {};
    }
    core::TimeInterval time = t.start_days ? as_day(*parsed) : *parsed;
    if (!t.time_of_day_field.empty() && time.precision == core::TimePrecision::Day &&
        !t.time_of_day.empty() && !core::is_missing_marker(t.time_of_day)) {
        // A date and a time of day in two fields: one instant, of the time's precision.
        if (const auto tod = core::parse_time_of_day(t.time_of_day)) {
            time.start_ms += tod->offset_ms;
            time.precision = tod->precision;
            time.end_ms = time.start_ms +
                          (tod->precision == core::TimePrecision::Minute   ? core::kMsPerMinute
                           : tod->precision == core::TimePrecision::Second ? core::kMsPerSecond
                                                                           : 1);
        } else {
            report.add_problem(feature, "time of day " + quoted(t.time_of_day) + " in '" +
                                            std::string(t.time_of_day_field) +
                                            "' not understood; read as the whole day");
        }
    }
    if (t.utc && time.zone == core::ZoneKind::Floating)
        time.zone = core::ZoneKind::Utc;
    if (!t.precision_codes.empty()) {
        // A schema's codes (UCDP's date_prec 4: only the month is known): the precision shown
        // and stored, where coarser; the interval stays what start and end say.
        const std::string_view code = t.precision;
        for (const core::PrecisionCode& c : t.precision_codes)
            if (c.code == code && static_cast<int>(c.precision) < static_cast<int>(time.precision))
                time.precision = c.precision;
    } else if (const auto p = core::parse_number(t.precision)) {
        // ACLED's time_precision: 2 = within a week, 3 = within a month or coarser.
        if (*p == 2)
            time = core::widen_to(time, core::TimePrecision::Week);
        else if (*p >= 3)
            time = core::widen_to(time, core::TimePrecision::Month);
    }
    auto end = core::parse_time(t.end, options);
    if (end && t.end_days)
        end = as_day(*end);
    if (end) {
        if (end->end_ms > time.start_ms)
            time.end_ms = std::max(time.end_ms, end->end_ms);
        else
            report.add_problem(feature, "end " + quoted(t.end) + " is before the start; ignored");
    } else if (!t.end.empty() && !core::is_missing_marker(t.end)) {
        report.add_problem(feature, "end time " + quoted(t.end) + " not understood; ignored");
    }
    return time;
}

float incident_size(std::string_view text, const std::string& size_field, std::int64_t feature,
                    core::LoadReport& report) {
    if (auto v = core::parse_number(text))
        return static_cast<float>(*v);
    if (!text.empty() && !core::is_missing_marker(text))
        report.add_problem(feature,
                           "size " + quoted(text) + " in '" + size_field + "' is not a number");
    return std::numeric_limits<float>::quiet_NaN();
}

} // namespace incimap::geo
