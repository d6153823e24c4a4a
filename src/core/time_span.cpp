#include "core/time_span.hpp"

#include <algorithm>

namespace incimap::core {

UnixMs precision_length_ms(TimePrecision precision) {
    switch (precision) {
    case TimePrecision::None: return 0;
    case TimePrecision::Year: return 366 * kMsPerDay;
    case TimePrecision::Month: return 31 * kMsPerDay;
    case TimePrecision::Week: return 7 * kMsPerDay;
    case TimePrecision::Day: return kMsPerDay;
    case TimePrecision::Hour: return kMsPerHour;
    case TimePrecision::Minute: return kMsPerMinute;
    case TimePrecision::Second: return kMsPerSecond;
    case TimePrecision::Millisecond: return 1;
    }
    return 0;
}

bool has_own_end(const TimeInterval& t) {
    return t.precision != TimePrecision::None &&
           t.end_ms - t.start_ms > precision_length_ms(t.precision);
}

std::string format_start_end(const TimeInterval& t) {
    if (t.precision == TimePrecision::None)
        return "undated";
    const TimePrecision shown = std::min(t.precision, TimePrecision::Minute);
    std::string s = format_iso(t.start_ms, shown);
    if (has_own_end(t)) // the end is exclusive: its last day (or minute) is what people write
        s += " → " + format_iso(t.end_ms - (shown <= TimePrecision::Day ? 1 : 0),
                                 std::max(shown, TimePrecision::Day));
    return s;
}

} // namespace incimap::core
