// core::parse_time on any text, in every day/month order and with epoch integers on and off,
// and core::detect_day_month_order on the input's lines. A time that parses is a non-empty
// interval, formats without trouble, and a start in years 0000–9999 reads back from
// format_iso_utc as the same instant (sessions store times that way).

#include "core/time.hpp"

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace incimap;

void check_parsed(const core::TimeInterval& t) {
    fuzz::check(t.precision != core::TimePrecision::None, "a parsed time has a precision");
    fuzz::check(t.start_ms < t.end_ms, "a parsed time is a non-empty interval");
    const std::string iso = core::format_iso_utc(t.start_ms);
    (void)core::format_iso(t.start_ms, t.precision);
    (void)core::format_iso(t.end_ms, t.precision);
    const core::CivilDate d = core::civil_from_days(core::floor_days(t.start_ms));
    if (d.year >= 0 && d.year <= 9999) {
        const auto back = core::parse_time(iso);
        fuzz::check(back.has_value(), "format_iso_utc's text parses");
        fuzz::check(back->start_ms == t.start_ms, "format_iso_utc's text reads back the same");
        fuzz::check(back->zone == core::ZoneKind::Utc, "format_iso_utc's text is UTC");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto order : {core::DayMonthOrder::Unknown, core::DayMonthOrder::DayFirst,
                             core::DayMonthOrder::MonthFirst})
        for (const bool epoch : {true, false})
            if (const auto t = core::parse_time(text, {order, epoch}))
                check_parsed(*t);
    std::vector<std::string> lines;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string_view::npos)
            end = text.size();
        lines.emplace_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    (void)core::detect_day_month_order(lines);
    return 0;
}
