#include "core/duration.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace incimap::core {

namespace {

constexpr UnixMs kMaxLength = 100'000LL * 366 * kMsPerDay;

std::optional<UnixMs> unit_ms(std::string_view unit) {
    std::string u;
    for (char c : unit)
        u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (u == "w" || u == "wk" || u == "week" || u == "weeks")
        return 7 * kMsPerDay;
    if (u == "d" || u == "day" || u == "days")
        return kMsPerDay;
    if (u == "h" || u == "hr" || u == "hour" || u == "hours")
        return kMsPerHour;
    if (u == "m" || u == "min" || u == "mins" || u == "minute" || u == "minutes")
        return kMsPerMinute;
    if (u == "s" || u == "sec" || u == "secs" || u == "second" || u == "seconds")
        return kMsPerSecond;
    if (u == "ms")
        return 1;
    return std::nullopt;
}

} // namespace

std::optional<UnixMs> parse_duration(std::string_view text) {
    double total = 0;
    int parts = 0;
    bool fractional = false;
    std::size_t i = 0;
    const auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
    };
    skip_space();
    while (i < text.size()) {
        const std::size_t n0 = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
            ++i;
        if (i == n0 || i - n0 > 15)
            return std::nullopt;
        const std::string number(text.substr(n0, i - n0));
        char* end = nullptr;
        const double value = std::strtod(number.c_str(), &end);
        if (end != number.c_str() + number.size() || !std::isfinite(value))
            return std::nullopt;
        fractional = fractional || number.find('.') != std::string::npos;
        skip_space();
        const std::size_t u0 = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
            ++i;
        const auto unit = unit_ms(text.substr(u0, i - u0));
        if (!unit)
            return std::nullopt;
        total += value * static_cast<double>(*unit);
        ++parts;
        if (total > static_cast<double>(kMaxLength))
            return std::nullopt;
        skip_space();
    }
    if (parts == 0 || (fractional && parts > 1))
        return std::nullopt;
    const auto ms = static_cast<UnixMs>(std::llround(total));
    return ms > 0 ? std::optional<UnixMs>(ms) : std::nullopt;
}

std::string format_duration(UnixMs length) {
    if (length <= 0)
        return "0s";
    static constexpr std::array<std::pair<UnixMs, const char*>, 5> units{{
        {kMsPerDay, "d"}, {kMsPerHour, "h"}, {kMsPerMinute, "m"}, {kMsPerSecond, "s"}, {1, "ms"}}};
    std::string out;
    UnixMs rest = length;
    int written = 0;
    for (const auto& [ms, name] : units) {
        if (rest < ms)
            continue;
        if (written == 2) // two parts are enough to read; the rest is rounded away
            break;
        const UnixMs n = rest / ms;
        rest -= n * ms;
        out += (out.empty() ? "" : " ") + std::to_string(n) + name;
        ++written;
    }
    return out;
}

UnixMs snap_unit(TimePrecision finest, double ms_per_px, double min_px) {
    if (finest <= TimePrecision::Day)
        return kMsPerDay;
    const UnixMs floor = finest == TimePrecision::Hour ? kMsPerHour : kMsPerMinute;
    static constexpr std::array<UnixMs, 6> ladder{kMsPerMinute,     5 * kMsPerMinute,
                                                  15 * kMsPerMinute, kMsPerHour,
                                                  6 * kMsPerHour,    kMsPerDay};
    for (UnixMs unit : ladder)
        if (unit >= floor && static_cast<double>(unit) >= min_px * ms_per_px)
            return unit;
    return kMsPerDay;
}

UnixMs snap_to(UnixMs t, UnixMs unit) {
    if (unit <= 1)
        return t;
    const UnixMs half = unit / 2;
    const UnixMs shifted = t + half;
    const UnixMs q = shifted >= 0 ? shifted / unit : -((-shifted + unit - 1) / unit);
    return q * unit;
}

} // namespace incimap::core
