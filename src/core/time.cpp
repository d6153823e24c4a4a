#include "core/time.hpp"

#include "core/blanks.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace incimap::core {

// --- civil calendar (days ↔ y/m/d), after the well-known era-based algorithms -------------

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> k_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && is_leap_year(year) ? 29 : k_days[static_cast<std::size_t>(month - 1)];
}

std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;                                       // [0, 399]
    const std::int64_t mp = (month + 9) % 12;                                     // March = 0
    const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;                        // [0, 365]
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;               // [0, 146096]
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

std::int64_t floor_days(UnixMs t) {
    return t >= 0 ? t / kMsPerDay : -((-t + kMsPerDay - 1) / kMsPerDay);
}

// --- precision names --------------------------------------------------------------------

namespace {
constexpr std::array<std::string_view, kTimePrecisionCount> k_precision_names{
    "none", "year", "month", "week", "day", "hour", "minute", "second", "millisecond"};
} // namespace

std::string_view to_string(TimePrecision precision) {
    return k_precision_names[static_cast<std::size_t>(precision)];
}

std::optional<TimePrecision> precision_from_string(std::string_view name) {
    for (std::size_t i = 0; i < k_precision_names.size(); ++i)
        if (k_precision_names[i] == name)
            return static_cast<TimePrecision>(i);
    return std::nullopt;
}

// --- interval arithmetic ------------------------------------------------------------------

namespace {

UnixMs add_months(const CivilDate& d, int months) {
    int total = d.year * 12 + (d.month - 1) + months;
    int year = total >= 0 ? total / 12 : -((-total + 11) / 12);
    int month = total - year * 12 + 1;
    return days_from_civil(year, month, 1) * kMsPerDay;
}

UnixMs unit_end(UnixMs start, TimePrecision unit) {
    switch (unit) {
    case TimePrecision::Year: {
        CivilDate d = civil_from_days(floor_days(start));
        return days_from_civil(d.year + 1, 1, 1) * kMsPerDay;
    }
    case TimePrecision::Month: return add_months(civil_from_days(floor_days(start)), 1);
    case TimePrecision::Week: return start + 7 * kMsPerDay;
    case TimePrecision::Day: return start + kMsPerDay;
    case TimePrecision::Hour: return start + kMsPerHour;
    case TimePrecision::Minute: return start + kMsPerMinute;
    case TimePrecision::Second: return start + kMsPerSecond;
    case TimePrecision::Millisecond: return start + 1;
    case TimePrecision::None: break;
    }
    return start;
}

} // namespace

TimeInterval widen_to(TimeInterval t, TimePrecision unit) {
    if (unit == TimePrecision::None || t.precision == TimePrecision::None ||
        static_cast<int>(unit) >= static_cast<int>(t.precision))
        return t; // already as coarse or coarser
    const std::int64_t day = floor_days(t.start_ms);
    const CivilDate d = civil_from_days(day);
    TimeInterval out = t;
    out.precision = unit;
    switch (unit) {
    case TimePrecision::Year:
        out.start_ms = days_from_civil(d.year, 1, 1) * kMsPerDay;
        out.end_ms = days_from_civil(d.year + 1, 1, 1) * kMsPerDay;
        break;
    case TimePrecision::Month:
        out.start_ms = days_from_civil(d.year, d.month, 1) * kMsPerDay;
        out.end_ms = add_months(d, 1);
        break;
    case TimePrecision::Week:
        out.start_ms = (day - 3) * kMsPerDay;
        out.end_ms = (day + 4) * kMsPerDay;
        break;
    default: {
        // Day and finer: truncate the start to the unit.
        const UnixMs unit_ms = unit == TimePrecision::Day      ? kMsPerDay
                               : unit == TimePrecision::Hour   ? kMsPerHour
                               : unit == TimePrecision::Minute ? kMsPerMinute
                               : unit == TimePrecision::Second ? kMsPerSecond
                                                               : 1;
        const UnixMs q = t.start_ms >= 0 ? t.start_ms / unit_ms
                                         : -((-t.start_ms + unit_ms - 1) / unit_ms);
        out.start_ms = q * unit_ms;
        out.end_ms = out.start_ms + unit_ms;
    }
    }
    if (out.end_ms < t.end_ms)
        out.end_ms = t.end_ms;
    return out;
}

// --- parsing ------------------------------------------------------------------------------

namespace {

struct Cursor {
    std::string_view s;
    std::size_t i = 0;

    bool done() const { return i >= s.size(); }
    char peek(std::size_t ahead = 0) const { return i + ahead < s.size() ? s[i + ahead] : '\0'; }
    bool eat(char c) {
        if (peek() != c)
            return false;
        ++i;
        return true;
    }
    // Reads exactly `n` digits.
    std::optional<int> digits(std::size_t n) {
        if (i + n > s.size())
            return std::nullopt;
        int v = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const char c = s[i + k];
            if (c < '0' || c > '9')
                return std::nullopt;
            v = v * 10 + (c - '0');
        }
        i += n;
        return v;
    }
    // Reads 1..max digits; returns value and count.
    std::optional<std::pair<int, int>> some_digits(int max) {
        int v = 0, n = 0;
        while (n < max && std::isdigit(static_cast<unsigned char>(peek()))) {
            v = v * 10 + (peek() - '0');
            ++i;
            ++n;
        }
        if (n == 0)
            return std::nullopt;
        return std::pair{v, n};
    }
    void skip_blanks() {
        while (peek() == ' ' || peek() == '\t')
            ++i;
    }
};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(a[k])) !=
            std::tolower(static_cast<unsigned char>(b[k])))
            return false;
    return true;
}

// January … December, also 3-letter forms and "Sept"; 0 when not a month name.
int month_from_name(std::string_view word) {
    static constexpr std::array<std::string_view, 12> k_names{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    if (word.size() >= 1 && word.back() == '.')
        word.remove_suffix(1);
    for (std::size_t m = 0; m < k_names.size(); ++m) {
        if (iequals(word, k_names[m]) || (word.size() == 3 && iequals(word, k_names[m].substr(0, 3))))
            return static_cast<int>(m + 1);
    }
    if (iequals(word, "sept"))
        return 9;
    return 0;
}

struct Fields {
    int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
    TimePrecision precision = TimePrecision::None;
    ZoneKind zone = ZoneKind::Floating;
    int offset_minutes = 0;
};

std::optional<TimeInterval> make_interval(const Fields& f) {
    if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > days_in_month(f.year, f.month) ||
        f.hour > 23 || f.minute > 59 || f.second > 60 || f.millis > 999)
        return std::nullopt;
    const int second = f.second == 60 ? 59 : f.second; // a leap second stays in its minute
    const int millis = f.second == 60 ? 999 : f.millis;
    UnixMs start = days_from_civil(f.year, f.month, f.day) * kMsPerDay + f.hour * kMsPerHour +
                   f.minute * kMsPerMinute + second * kMsPerSecond + millis;
    start -= static_cast<UnixMs>(f.offset_minutes) * kMsPerMinute;
    TimeInterval t;
    t.start_ms = start;
    t.precision = f.precision;
    t.zone = f.zone;
    t.end_ms = unit_end(start, f.precision);
    if (f.precision == TimePrecision::Year || f.precision == TimePrecision::Month) {
        // unit_end works on the UTC day of start; recompute from the civil fields.
        const UnixMs local_start = start + static_cast<UnixMs>(f.offset_minutes) * kMsPerMinute;
        t.end_ms = unit_end(local_start, f.precision) -
                   static_cast<UnixMs>(f.offset_minutes) * kMsPerMinute;
    }
    return t;
}

// Time of day and zone after a date: [T| ]HH[:MM[:SS[.fff]]][Z|±HH[:MM]|±HHMM| UTC|GMT].
bool parse_clock_and_zone(Cursor& c, Fields& f) {
    if (c.done())
        return true;
    if (c.peek() == 'T' || c.peek() == 't' || c.peek() == ' ') {
        ++c.i;
        c.skip_blanks();
        auto hh = c.digits(2);
        if (!hh)
            return false;
        f.hour = *hh;
        f.precision = TimePrecision::Hour;
        if (c.eat(':')) {
            auto mm = c.digits(2);
            if (!mm)
                return false;
            f.minute = *mm;
            f.precision = TimePrecision::Minute;
            if (c.eat(':')) {
                auto ss = c.digits(2);
                if (!ss)
                    return false;
                f.second = *ss;
                f.precision = TimePrecision::Second;
                if (c.peek() == '.' || c.peek() == ',') {
                    ++c.i;
                    auto frac = c.some_digits(9);
                    if (!frac)
                        return false;
                    int v = frac->first;
                    for (int n = frac->second; n > 3; --n)
                        v /= 10;
                    for (int n = frac->second; n < 3; ++n)
                        v *= 10;
                    f.millis = v;
                    f.precision = TimePrecision::Millisecond;
                }
            }
        } else if (f.precision == TimePrecision::Hour && !c.done() && std::isdigit(static_cast<unsigned char>(c.peek()))) {
            return false;
        }
    }
    c.skip_blanks();
    if (c.done())
        return true;
    if (c.peek() == 'Z' || c.peek() == 'z') {
        ++c.i;
        f.zone = ZoneKind::Utc;
        return c.done();
    }
    const std::string_view rest = c.s.substr(c.i);
    if (iequals(rest, "UTC") || iequals(rest, "GMT")) {
        f.zone = ZoneKind::Utc;
        c.i = c.s.size();
        return true;
    }
    if (c.peek() == '+' || c.peek() == '-') {
        const int sign = c.peek() == '-' ? -1 : 1;
        ++c.i;
        auto oh = c.digits(2);
        if (!oh || *oh > 18)
            return false;
        int om = 0;
        if (c.eat(':')) {
            auto m = c.digits(2);
            if (!m)
                return false;
            om = *m;
        } else if (!c.done()) {
            auto m = c.digits(2);
            if (!m)
                return false;
            om = *m;
        }
        if (om > 59)
            return false;
        f.offset_minutes = sign * (*oh * 60 + om);
        f.zone = f.offset_minutes == 0 ? ZoneKind::Utc : ZoneKind::Offset;
        return c.done();
    }
    return false;
}

// YYYY, YYYY-MM, YYYY-MM-DD[time], also YYYY/MM/DD[time] (year first is never ambiguous).
std::optional<TimeInterval> parse_year_first(std::string_view s) {
    Cursor c{s};
    Fields f;
    auto y = c.digits(4);
    if (!y)
        return std::nullopt;
    f.year = *y;
    f.precision = TimePrecision::Year;
    if (c.done())
        return make_interval(f);
    const char sep = c.peek();
    if (sep != '-' && sep != '/' && sep != '.')
        return std::nullopt;
    ++c.i;
    auto m = c.digits(2);
    if (!m)
        return std::nullopt;
    f.month = *m;
    f.precision = TimePrecision::Month;
    if (c.done())
        return make_interval(f);
    if (!c.eat(sep))
        return std::nullopt;
    auto d = c.digits(2);
    if (!d)
        return std::nullopt;
    f.day = *d;
    f.precision = TimePrecision::Day;
    if (!parse_clock_and_zone(c, f))
        return std::nullopt;
    return make_interval(f);
}

// A two-digit year at the cursor: exactly two digits, then the end, a blank or a `T`.
std::optional<int> two_digit_year_at(Cursor& c) {
    if (!std::isdigit(static_cast<unsigned char>(c.peek())) ||
        !std::isdigit(static_cast<unsigned char>(c.peek(1))))
        return std::nullopt;
    const char after = c.peek(2);
    if (after != '\0' && after != ' ' && after != 'T')
        return std::nullopt;
    return c.digits(2);
}

// DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, MM/DD/YYYY (order per options or per value), and
// the same with a two-digit year when the options allow it.
std::optional<TimeInterval> parse_numeric_year_last(std::string_view s,
                                                    const TimeParseOptions& options) {
    const DayMonthOrder order = options.order;
    Cursor c{s};
    auto a = c.some_digits(2);
    if (!a)
        return std::nullopt;
    const char sep = c.peek();
    if (sep != '-' && sep != '/' && sep != '.')
        return std::nullopt;
    ++c.i;
    auto b = c.some_digits(2);
    if (!b || !c.eat(sep))
        return std::nullopt;
    auto y = c.digits(4);
    if (!y && options.two_digit_years)
        if (const auto yy = two_digit_year_at(c))
            y = expand_two_digit_year(*yy, options);
    if (!y)
        return std::nullopt;
    Fields f;
    f.year = *y;
    f.precision = TimePrecision::Day;
    bool day_first = true;
    if (order == DayMonthOrder::MonthFirst)
        day_first = false;
    else if (order == DayMonthOrder::Unknown && a->first <= 12 && b->first > 12)
        day_first = false;
    f.day = day_first ? a->first : b->first;
    f.month = day_first ? b->first : a->first;
    if (!parse_clock_and_zone(c, f))
        return std::nullopt;
    return make_interval(f);
}

// "31 January 2023", "31 Jan 2023", "January 31, 2023", "Jan 31 2023", "January 2023",
// optionally followed by a clock time and zone.
std::optional<TimeInterval> parse_month_name(std::string_view s) {
    // Tokenise on blanks and commas.
    std::array<std::string_view, 4> tok{};
    std::size_t n = 0, i = 0;
    std::size_t rest_at = s.size();
    while (i < s.size() && n < 3) {
        while (i < s.size() && (s[i] == ' ' || s[i] == ','))
            ++i;
        const std::size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != ',')
            ++i;
        if (b < i)
            tok[n++] = s.substr(b, i - b);
        rest_at = i;
    }
    auto number = [](std::string_view t) -> std::optional<int> {
        int v = 0;
        if (t.empty() || t.size() > 4)
            return std::nullopt;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec != std::errc{} || p != t.data() + t.size())
            return std::nullopt;
        return v;
    };
    Fields f;
    if (n == 2) {
        // "January 2023"
        const int m = month_from_name(tok[0]);
        auto y = number(tok[1]);
        if (!m || !y || tok[1].size() != 4)
            return std::nullopt;
        f.year = *y;
        f.month = m;
        f.precision = TimePrecision::Month;
        if (rest_at != s.size())
            return std::nullopt;
        return make_interval(f);
    }
    if (n != 3)
        return std::nullopt;
    int month = month_from_name(tok[1]);
    std::optional<int> day, year;
    if (month) { // 31 January 2023
        day = number(tok[0]);
        year = tok[2].size() == 4 ? number(tok[2]) : std::nullopt;
    } else if ((month = month_from_name(tok[0]))) { // January 31, 2023
        day = number(tok[1]);
        year = tok[2].size() == 4 ? number(tok[2]) : std::nullopt;
    }
    if (!month || !day || !year || tok[0].size() > 9)
        return std::nullopt;
    f.year = *year;
    f.month = month;
    f.day = *day;
    f.precision = TimePrecision::Day;
    Cursor c{s, rest_at};
    if (!c.done()) {
        // A clock time may follow after a blank: "31 January 2023 14:05".
        if (c.peek() != ' ')
            return std::nullopt;
        if (!parse_clock_and_zone(c, f))
            return std::nullopt;
    }
    return make_interval(f);
}

std::optional<TimeInterval> parse_integer(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size())
        return std::nullopt;
    const std::size_t digits = s.size() - (s.front() == '-' ? 1 : 0);
    if (digits == 4 && s.front() != '-') { // a bare year
        Fields f;
        f.year = static_cast<int>(v);
        f.precision = TimePrecision::Year;
        return make_interval(f);
    }
    return time_from_epoch_integer(v);
}

} // namespace

std::optional<TimeInterval> time_from_epoch_integer(std::int64_t value) {
    // Unsigned: the magnitude of INT64_MIN is not an int64 (negating it was undefined
    // behaviour; found by fuzzing the session's "from").
    const std::uint64_t mag = value < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(value)
                                        : static_cast<std::uint64_t>(value);
    TimeInterval t;
    t.zone = ZoneKind::Utc;
    if (mag >= 100'000'000ULL && mag < 100'000'000'000ULL) { // 9–11 digits: seconds
        t.start_ms = value * kMsPerSecond;
        t.end_ms = t.start_ms + kMsPerSecond;
        t.precision = TimePrecision::Second;
    } else if (mag >= 100'000'000'000ULL && mag < 100'000'000'000'000ULL) { // 12–14: ms
        t.start_ms = value;
        t.end_ms = value + 1;
        t.precision = TimePrecision::Millisecond;
    } else {
        return std::nullopt;
    }
    return t;
}

std::optional<TimeInterval> parse_time(std::string_view text, const TimeParseOptions& options) {
    const std::string_view s = without_blanks(text);
    if (s.empty() || s.size() > 64)
        return std::nullopt;
    const auto first = static_cast<unsigned char>(s.front());
    bool all_digits = true;
    for (std::size_t k = s.front() == '-' ? 1 : 0; k < s.size(); ++k)
        all_digits = all_digits && std::isdigit(static_cast<unsigned char>(s[k]));
    if (all_digits && s.size() > (s.front() == '-' ? 1u : 0u)) {
        if (options.compact_dates && s.size() == 8 && s.front() != '-') {
            // YYYYMMDD
            Cursor c{s};
            Fields f;
            f.year = *c.digits(4);
            f.month = *c.digits(2);
            f.day = *c.digits(2);
            f.precision = TimePrecision::Day;
            return make_interval(f);
        }
        if (!options.allow_epoch && s.size() != 4)
            return std::nullopt;
        return parse_integer(s);
    }
    if (std::isdigit(first)) {
        if (s.size() >= 5 && std::isdigit(static_cast<unsigned char>(s[3])) &&
            std::isdigit(static_cast<unsigned char>(s[2])) &&
            std::isdigit(static_cast<unsigned char>(s[1])) &&
            (s[4] == '-' || s[4] == '/' || s[4] == '.'))
            return parse_year_first(s);
        if (auto t = parse_numeric_year_last(s, options))
            return t;
        return parse_month_name(s);
    }
    if (std::isalpha(first))
        return parse_month_name(s);
    return std::nullopt;
}

std::optional<TimeOfDay> parse_time_of_day(std::string_view text) {
    const std::string_view s = without_blanks(text);
    if (s.empty() || s.size() > 15)
        return std::nullopt;
    TimeOfDay out;
    if (s.find(':') == std::string_view::npos) {
        // HHMM without padding: 1 to 4 digits.
        int v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc{} || p != s.data() + s.size() || s.size() > 4 || s.front() == '-' ||
            v / 100 > 23 || v % 100 > 59)
            return std::nullopt;
        out.offset_ms = (v / 100) * kMsPerHour + (v % 100) * kMsPerMinute;
        out.hhmm = true;
        return out;
    }
    Cursor c{s};
    const auto h = c.some_digits(2);
    if (!h || h->first > 23 || !c.eat(':'))
        return std::nullopt;
    const auto m = c.digits(2);
    if (!m || *m > 59)
        return std::nullopt;
    out.offset_ms = h->first * kMsPerHour + *m * kMsPerMinute;
    if (c.eat(':')) {
        const auto sec = c.digits(2);
        if (!sec || *sec > 60)
            return std::nullopt;
        out.offset_ms += std::min(*sec, 59) * kMsPerSecond;
        out.precision = TimePrecision::Second;
        if (c.eat('.')) {
            const auto frac = c.some_digits(3);
            if (!frac)
                return std::nullopt;
            int ms = frac->first;
            for (int k = frac->second; k < 3; ++k)
                ms *= 10;
            out.offset_ms += ms;
            out.precision = TimePrecision::Millisecond;
            while (std::isdigit(static_cast<unsigned char>(c.peek())))
                ++c.i;
        }
    }
    if (!c.done())
        return std::nullopt;
    return out;
}

int expand_two_digit_year(int yy, const TimeParseOptions& options) {
    if (options.two_digit_near_year <= 0)
        return yy < 70 ? 2000 + yy : 1900 + yy;
    // The century that puts the year nearest to the column's own four-digit years.
    const int base = options.two_digit_near_year / 100 * 100;
    int best = base + yy;
    for (const int candidate : {base - 100 + yy, base + 100 + yy})
        if (std::abs(candidate - options.two_digit_near_year) <
            std::abs(best - options.two_digit_near_year))
            best = candidate;
    return best;
}

bool has_two_digit_year(std::string_view text) {
    Cursor c{without_blanks(text)};
    if (!c.some_digits(2))
        return false;
    const char sep = c.peek();
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    ++c.i;
    return c.some_digits(2) && c.eat(sep) && two_digit_year_at(c).has_value();
}

DayMonthOrder detect_day_month_order(std::span<const std::string> values) {
    bool day_first = false, month_first = false;
    for (const std::string& raw : values) {
        Cursor c{without_blanks(raw)};
        auto a = c.some_digits(2);
        if (!a)
            continue;
        const char sep = c.peek();
        if (sep != '-' && sep != '/' && sep != '.')
            continue;
        ++c.i;
        auto b = c.some_digits(2);
        if (!b || !c.eat(sep))
            continue;
        if (!c.digits(4) && !two_digit_year_at(c))
            continue;
        if (a->first > 12 && b->first <= 12)
            day_first = true;
        if (b->first > 12 && a->first <= 12)
            month_first = true;
    }
    if (day_first == month_first)
        return DayMonthOrder::Unknown;
    return day_first ? DayMonthOrder::DayFirst : DayMonthOrder::MonthFirst;
}

// --- formatting ---------------------------------------------------------------------------

std::string format_iso(UnixMs t, TimePrecision precision) {
    const std::int64_t day = floor_days(t);
    const CivilDate d = civil_from_days(day);
    const UnixMs in_day = t - day * kMsPerDay;
    const int hour = static_cast<int>(in_day / kMsPerHour);
    const int minute = static_cast<int>(in_day / kMsPerMinute % 60);
    const int second = static_cast<int>(in_day / kMsPerSecond % 60);
    const int millis = static_cast<int>(in_day % 1000);
    char buf[64];
    switch (precision) {
    case TimePrecision::Year: std::snprintf(buf, sizeof buf, "%04d", d.year); break;
    case TimePrecision::Month: std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month); break;
    case TimePrecision::Week:
    case TimePrecision::Day:
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
        break;
    case TimePrecision::Hour:
    case TimePrecision::Minute:
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02dZ", d.year, d.month, d.day, hour,
                      minute);
        break;
    case TimePrecision::Second:
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                      hour, minute, second);
        break;
    case TimePrecision::None:
    case TimePrecision::Millisecond:
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month,
                      d.day, hour, minute, second, millis);
        break;
    }
    return buf;
}

std::string format_iso_utc(UnixMs t) {
    const UnixMs ms = ((t % 1000) + 1000) % 1000;
    return format_iso(t, ms == 0 ? TimePrecision::Second : TimePrecision::Millisecond);
}

} // namespace incimap::core
