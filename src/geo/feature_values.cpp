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

core::TimeInterval incident_time(const TimeTexts& t, const core::TimeParseOptions& options,
                                 std::int64_t feature, core::LoadReport& report) {
    auto parsed = core::parse_time(t.start, options);
    if (!parsed) {
        if (!t.start.empty())
            report.add_problem(feature, "time " + quoted(t.start) + " in '" +
                                            std::string(t.start_field) +
                                            "' not understood; loaded undated");
        return {};
    }
    core::TimeInterval time = *parsed;
    if (const auto p = core::parse_number(t.precision)) {
        // ACLED's time_precision: 2 = within a week, 3 = within a month or coarser.
        if (*p == 2)
            time = core::widen_to(time, core::TimePrecision::Week);
        else if (*p >= 3)
            time = core::widen_to(time, core::TimePrecision::Month);
    }
    if (auto end = core::parse_time(t.end, options)) {
        if (end->end_ms > time.start_ms)
            time.end_ms = std::max(time.end_ms, end->end_ms);
        else
            report.add_problem(feature, "end " + quoted(t.end) + " is before the start; ignored");
    } else if (!t.end.empty()) {
        report.add_problem(feature, "end time " + quoted(t.end) + " not understood; ignored");
    }
    return time;
}

float incident_size(std::string_view text, const std::string& size_field, std::int64_t feature,
                    core::LoadReport& report) {
    if (auto v = core::parse_number(text))
        return static_cast<float>(*v);
    if (!text.empty())
        report.add_problem(feature,
                           "size " + quoted(text) + " in '" + size_field + "' is not a number");
    return std::numeric_limits<float>::quiet_NaN();
}

} // namespace incimap::geo
