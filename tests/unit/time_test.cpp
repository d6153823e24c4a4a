// Time parsing, calendar maths and formatting, as tables of cases (input → expected), after
// PROJ's gie files. Expected instants are written as ISO strings and converted by a helper
// that counts days year by year, so the tests do not lean on the civil-day algorithms they
// check; a few instants are also pinned to literal epoch milliseconds.

#include "core/time.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace incimap::core;

namespace {

// --- an independent ISO → ms helper for expected values ----------------------------------

bool naive_leap(int y) {
    return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
}

int naive_month_days(int y, int m) {
    constexpr std::array<int, 12> k_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && naive_leap(y) ? 29 : k_days[static_cast<std::size_t>(m - 1)];
}

// Days since 1970-01-01 by walking whole years and months (slow, obviously right).
std::int64_t naive_days(int y, int m, int d) {
    std::int64_t days = 0;
    for (int k = 1970; k < y; ++k)
        days += naive_leap(k) ? 366 : 365;
    for (int k = y; k < 1970; ++k)
        days -= naive_leap(k) ? 366 : 365;
    for (int k = 1; k < m; ++k)
        days += naive_month_days(y, k);
    return days + d - 1;
}

int number_at(std::string_view s, std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t k = at; k < at + n; ++k)
        v = v * 10 + (s[k] - '0');
    return v;
}

// `YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z]`, always UTC; the test tables only use this shape.
UnixMs iso_ms(std::string_view s) {
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millis = 0;
    if (s.size() >= 16) {
        hour = number_at(s, 11, 2);
        minute = number_at(s, 14, 2);
    }
    if (s.size() >= 19 && s[16] == ':')
        second = number_at(s, 17, 2);
    if (s.size() >= 23 && s[19] == '.')
        millis = number_at(s, 20, 3);
    const std::int64_t days =
        naive_days(number_at(s, 0, 4), number_at(s, 5, 2), number_at(s, 8, 2));
    return days * 86'400'000 + hour * 3'600'000LL + minute * 60'000LL + second * 1000LL + millis;
}

TEST(TimeHelper, IsoMsMatchesPinnedEpochValues) {
    EXPECT_EQ(iso_ms("1970-01-01"), 0);
    EXPECT_EQ(iso_ms("2024-01-04T12:00:00Z"), 1704369600000);
    EXPECT_EQ(iso_ms("2000-01-01"), 946684800000);
    EXPECT_EQ(iso_ms("2024-02-29"), 1709164800000);
    EXPECT_EQ(iso_ms("1965-03-08"), -152064000000);
    EXPECT_EQ(iso_ms("1899-12-31"), -2209075200000);
    EXPECT_EQ(iso_ms("1938-04-24T22:13:20Z"), -1'000'000'000'000);
}

// --- parse_time ---------------------------------------------------------------------------

using P = TimePrecision;
using Z = ZoneKind;
using O = DayMonthOrder;

struct ParseCase {
    std::string input;
    const char* start; // expected start, ISO in UTC; nullptr = not a time
    const char* end;   // expected exclusive end
    P precision = P::None;
    Z zone = Z::Floating;
    O order = O::Unknown;
    bool allow_epoch = true;
};

// CTest shows each case by its input (gtest would otherwise print the struct's raw bytes,
// pointers included, which differ from run to run).
void PrintTo(const ParseCase& c, std::ostream* os) {
    *os << '"' << c.input.substr(0, 40) << '"';
}

// clang-format off
const std::vector<ParseCase> k_parse_cases{
    // ISO 8601, full and partial; a partial date is the whole of its unit.
    {"2024", "2024-01-01", "2025-01-01", P::Year},
    {"2024-01", "2024-01-01", "2024-02-01", P::Month},
    {"2024-02", "2024-02-01", "2024-03-01", P::Month},  // leap February ends on 1 March
    {"2023-02", "2023-02-01", "2023-03-01", P::Month},
    {"2024-12", "2024-12-01", "2025-01-01", P::Month},
    {"2024-01-04", "2024-01-04", "2024-01-05", P::Day},
    {"2024/01/04", "2024-01-04", "2024-01-05", P::Day},
    {"2024-12-31", "2024-12-31", "2025-01-01", P::Day},
    {"2024-01-04T12", "2024-01-04T12:00", "2024-01-04T13:00", P::Hour},
    {"2024-01-04T12:00", "2024-01-04T12:00", "2024-01-04T12:01", P::Minute},
    {"2024-01-04 12:00", "2024-01-04T12:00", "2024-01-04T12:01", P::Minute},
    {"2024-01-04T12:34:56", "2024-01-04T12:34:56", "2024-01-04T12:34:57", P::Second},
    {"2024-01-04T12:34:56.5", "2024-01-04T12:34:56.500", "2024-01-04T12:34:56.501",
     P::Millisecond},
    {"2024-01-04T12:34:56.123", "2024-01-04T12:34:56.123", "2024-01-04T12:34:56.124",
     P::Millisecond},
    {"2024-01-04T12:34:56.123456", "2024-01-04T12:34:56.123", "2024-01-04T12:34:56.124",
     P::Millisecond},
    // Zones: stored in UTC, the kind remembered.
    {"2024-01-04T12:00:00Z", "2024-01-04T12:00:00", "2024-01-04T12:00:01", P::Second, Z::Utc},
    {"2024-01-04t12:00z", "2024-01-04T12:00", "2024-01-04T12:01", P::Minute, Z::Utc},
    {"2024-01-04T12:00:00+00:00", "2024-01-04T12:00", "2024-01-04T12:00:01", P::Second, Z::Utc},
    {"2024-01-04T12:00:00+03:00", "2024-01-04T09:00", "2024-01-04T09:00:01", P::Second, Z::Offset},
    {"2024-01-04T12:00-0500", "2024-01-04T17:00", "2024-01-04T17:01", P::Minute, Z::Offset},
    {"2024-01-04T12:00+03", "2024-01-04T09:00", "2024-01-04T09:01", P::Minute, Z::Offset},
    {"2024-01-04T12:00+05:30", "2024-01-04T06:30", "2024-01-04T06:31", P::Minute, Z::Offset},
    {"2024-01-04 12:00 UTC", "2024-01-04T12:00", "2024-01-04T12:01", P::Minute, Z::Utc},
    {"2024-01-04T12:00:00 GMT", "2024-01-04T12:00", "2024-01-04T12:00:01", P::Second, Z::Utc},
    {"2024-01-04T12:00:00.250Z", "2024-01-04T12:00:00.250", "2024-01-04T12:00:00.251",
     P::Millisecond, Z::Utc},
    // An offset can move the instant across midnight, a month and a year.
    {"2024-01-01T01:00+03:00", "2023-12-31T22:00", "2023-12-31T22:01", P::Minute, Z::Offset},
    {"2023-12-31T22:00-05:00", "2024-01-01T03:00", "2024-01-01T03:01", P::Minute, Z::Offset},
    // Leap days.
    {"2024-02-29", "2024-02-29", "2024-03-01", P::Day},
    {"2023-02-29", nullptr, nullptr},
    {"2000-02-29", "2000-02-29", "2000-03-01", P::Day},
    {"1900-02-29", nullptr, nullptr},
    {"2024-04-31", nullptr, nullptr},
    // Before 1970 (negative milliseconds).
    {"1965-03-08", "1965-03-08", "1965-03-09", P::Day},
    {"1899-12-31", "1899-12-31", "1900-01-01", P::Day},
    {"1899-12-31T23:59:59.999Z", "1899-12-31T23:59:59.999", "1900-01-01", P::Millisecond,
     Z::Utc},
    {"1969", "1969-01-01", "1970-01-01", P::Year},
    // Month names (ACLED exported CSV and English prose).
    {"31 January 2023", "2023-01-31", "2023-02-01", P::Day},
    {"31 Jan 2023", "2023-01-31", "2023-02-01", P::Day},
    {"January 31, 2023", "2023-01-31", "2023-02-01", P::Day},
    {"Jan 31 2023", "2023-01-31", "2023-02-01", P::Day},
    {"1 sept 2023", "2023-09-01", "2023-09-02", P::Day},
    {"January 2023", "2023-01-01", "2023-02-01", P::Month},
    {"February 2024", "2024-02-01", "2024-03-01", P::Month},
    {"31 January 2023 14:05", "2023-01-31T14:05", "2023-01-31T14:06", P::Minute},
    {"29 February 2023", nullptr, nullptr},
    {"31 Foo 2023", nullptr, nullptr},
    // Numeric dates with the year last: D/M unless a part says otherwise or the caller knows.
    {"31-01-2023", "2023-01-31", "2023-02-01", P::Day},
    {"31/01/2023", "2023-01-31", "2023-02-01", P::Day},
    {"31.01.2023", "2023-01-31", "2023-02-01", P::Day},
    {"01/31/2023", "2023-01-31", "2023-02-01", P::Day},
    {"1/2/2023", "2023-02-01", "2023-02-02", P::Day},
    {"04/01/2024", "2024-01-04", "2024-01-05", P::Day},
    {"04/01/2024", "2024-01-04", "2024-01-05", P::Day, Z::Floating, O::DayFirst},
    {"04/01/2024", "2024-04-01", "2024-04-02", P::Day, Z::Floating, O::MonthFirst},
    {"31/01/2023", nullptr, nullptr, P::None, Z::Floating, O::MonthFirst},
    {"31/01/2023 08:30", "2023-01-31T08:30", "2023-01-31T08:31", P::Minute},
    {"31/13/2023", nullptr, nullptr},
    {"31-01/2023", nullptr, nullptr},
    // Integers: a 4-digit year, 10 digits = seconds, 13 digits = milliseconds.
    {"1704369600", "2024-01-04T12:00", "2024-01-04T12:00:01", P::Second, Z::Utc},
    {"1704369600123", "2024-01-04T12:00:00.123", "2024-01-04T12:00:00.124", P::Millisecond,
     Z::Utc},
    {"-1000000000", "1938-04-24T22:13:20", "1938-04-24T22:13:21", P::Second, Z::Utc},
    {"-1000000000000", "1938-04-24T22:13:20", "1938-04-24T22:13:20.001", P::Millisecond,
     Z::Utc},
    {"1704369600", nullptr, nullptr, P::None, Z::Floating, O::Unknown, false},
    {"2024", "2024-01-01", "2025-01-01", P::Year, Z::Floating, O::Unknown, false},
    {"20240104", nullptr, nullptr}, // 8 digits: neither epoch nor a safe basic date
    // Blanks around a value are not part of it.
    {"  2024-01-04\t", "2024-01-04", "2024-01-05", P::Day},
    {"\n31 January 2023 ", "2023-01-31", "2023-02-01", P::Day},
    {" 1704369600 ", "2024-01-04T12:00", "2024-01-04T12:00:01", P::Second, Z::Utc},
    // Not times.
    {"", nullptr, nullptr},
    {"  ", nullptr, nullptr},
    {"abc", nullptr, nullptr},
    {"NaN", nullptr, nullptr},
    {"12", nullptr, nullptr},
    {"-", nullptr, nullptr},
    {"25:00", nullptr, nullptr},
    {"2024-13-01", nullptr, nullptr},
    {"2024-00-10", nullptr, nullptr},
    {"2024-01-32", nullptr, nullptr},
    {"2024-01-00", nullptr, nullptr},
    {"2024-01-04T25:00", nullptr, nullptr},
    {"2024-01-04T12:60", nullptr, nullptr},
    {"2024-01-04T12:00:61", nullptr, nullptr},
    {"2024-01-04Tgarbage", nullptr, nullptr},
    {"2024-01-04T12:00+19:00", nullptr, nullptr},
    {"2024-01-04T12:00+03:60", nullptr, nullptr},
    {"2024-01-04T12:00:00.Z", nullptr, nullptr},
    {"2024-01-04T12:00Zjunk", nullptr, nullptr},
    {"2024-01-04 and more", nullptr, nullptr},
    {"2024-01-", nullptr, nullptr},
    {"3.5", nullptr, nullptr},
    {std::string(1000, 'x'), nullptr, nullptr},
    {std::string(1000, '7'), nullptr, nullptr},
    {"2024-01-04" + std::string(990, ' ') + "x", nullptr, nullptr},
};
// clang-format on

class ParseTimeTable : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseTimeTable, MatchesExpected) {
    const ParseCase& c = GetParam();
    const std::string shown = c.input.size() > 40 ? c.input.substr(0, 40) + "…" : c.input;
    SCOPED_TRACE("input: '" + shown + "'");
    TimeParseOptions options;
    options.order = c.order;
    options.allow_epoch = c.allow_epoch;
    const std::optional<TimeInterval> t = parse_time(c.input, options);
    if (c.start == nullptr) {
        EXPECT_FALSE(t.has_value()) << "parsed as " << format_iso_utc(t->start_ms);
        return;
    }
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(format_iso_utc(t->start_ms), format_iso_utc(iso_ms(c.start)));
    EXPECT_EQ(t->start_ms, iso_ms(c.start));
    EXPECT_EQ(t->end_ms, iso_ms(c.end));
    EXPECT_EQ(t->precision, c.precision) << to_string(t->precision);
    EXPECT_EQ(t->zone, c.zone);
}

INSTANTIATE_TEST_SUITE_P(ParseTime, ParseTimeTable, ::testing::ValuesIn(k_parse_cases));

TEST(ParseTime, PinnedEpochMilliseconds) {
    EXPECT_EQ(parse_time("2024-01-04T12:00:00Z")->start_ms, 1704369600000);
    EXPECT_EQ(parse_time("2024-01-04T12:00")->start_ms, 1704369600000);
    EXPECT_EQ(parse_time("1704369600")->start_ms, 1704369600000);
    EXPECT_EQ(parse_time("1970-01-01")->start_ms, 0);
    EXPECT_EQ(parse_time("1899-12-31")->start_ms, -2209075200000);
    EXPECT_LT(parse_time("1965-03-08")->start_ms, 0);
    EXPECT_EQ(parse_time("2024-02-29")->end_ms, 1709164800000 + kMsPerDay);
}

TEST(ParseTime, IntervalsCoverTheirUnit) {
    const auto year = parse_time("2023");
    ASSERT_TRUE(year);
    EXPECT_EQ(year->end_ms - year->start_ms, 365 * kMsPerDay);
    const auto leap_year = parse_time("2024");
    ASSERT_TRUE(leap_year);
    EXPECT_EQ(leap_year->end_ms - leap_year->start_ms, 366 * kMsPerDay);
    const auto feb = parse_time("2024-02");
    ASSERT_TRUE(feb);
    EXPECT_EQ(feb->end_ms - feb->start_ms, 29 * kMsPerDay);
    const auto day = parse_time("2024-01-04");
    ASSERT_TRUE(day);
    EXPECT_EQ(day->end_ms - day->start_ms, kMsPerDay);
    const auto minute = parse_time("1955-06-01 10:00");
    ASSERT_TRUE(minute);
    EXPECT_EQ(minute->end_ms - minute->start_ms, 60 * kMsPerSecond);
}

TEST(ParseTime, EveryDayOfALeapYearRoundTripsThroughFormat) {
    // Each day of 2024 written as ISO parses back to the same day.
    const UnixMs first = iso_ms("2024-01-01");
    for (int d = 0; d < 366; ++d) {
        const std::string iso = format_iso(first + d * kMsPerDay, P::Day);
        const auto t = parse_time(iso);
        ASSERT_TRUE(t) << iso;
        EXPECT_EQ(t->start_ms, first + d * kMsPerDay) << iso;
        EXPECT_EQ(t->end_ms, first + (d + 1) * kMsPerDay) << iso;
    }
}

// --- time_from_epoch_integer --------------------------------------------------------------

struct EpochCase {
    std::int64_t value;
    std::optional<UnixMs> start;
    P precision;
};

TEST(TimeFromEpoch, SizeDecidesSecondsOrMilliseconds) {
    const std::array<EpochCase, 11> cases{{
        {1704369600, 1704369600000, P::Second},         // 10 digits
        {123456789, 123456789000, P::Second},           // 9 digits
        {99999999999, 99999999999000, P::Second},       // 11 digits
        {100000000000, 100000000000, P::Millisecond},   // 12 digits
        {1704369600000, 1704369600000, P::Millisecond}, // 13 digits
        {-1704369600, -1704369600000, P::Second},
        {12345678, std::nullopt, P::None}, // 8 digits: neither
        {0, std::nullopt, P::None},
        {100000000000000, std::nullopt, P::None}, // 15 digits
        // The extremes: INT64_MIN's magnitude is no int64 (found by fuzzing; UB before).
        {std::numeric_limits<std::int64_t>::min(), std::nullopt, P::None},
        {std::numeric_limits<std::int64_t>::max(), std::nullopt, P::None},
    }};
    for (const EpochCase& c : cases) {
        SCOPED_TRACE(c.value);
        const auto t = time_from_epoch_integer(c.value);
        ASSERT_EQ(t.has_value(), c.start.has_value());
        if (!t)
            continue;
        EXPECT_EQ(t->start_ms, *c.start);
        EXPECT_EQ(t->precision, c.precision);
        EXPECT_EQ(t->zone, Z::Utc);
        EXPECT_EQ(t->end_ms, t->start_ms + (c.precision == P::Second ? kMsPerSecond : 1));
    }
}

// A session's "from": "-9223372036854775808" reached the epoch rule with INT64_MIN.
TEST(TimeFromEpoch, ExtremeIntegersAreNotTimes) {
    EXPECT_FALSE(parse_time("-9223372036854775808"));
    EXPECT_FALSE(parse_time("9223372036854775807"));
    EXPECT_FALSE(parse_time("-9223372036854775809")); // beyond int64
}

// --- detect_day_month_order ---------------------------------------------------------------

struct OrderCase {
    std::vector<std::string> values;
    O expected;
};

TEST(TimeDayMonthOrder, DecidedByAPartAboveTwelve) {
    const std::vector<OrderCase> cases{
        {{"04/01/2024", "05/02/2024"}, O::Unknown},
        {{"04/01/2024", "31/01/2024"}, O::DayFirst},
        {{"04/01/2024", "01/31/2024"}, O::MonthFirst},
        {{"31/01/2024", "01/31/2024"}, O::Unknown}, // both occur: nothing decides
        {{"31-01-2023", "01-02-2023"}, O::DayFirst},
        {{" 13.01.2023 "}, O::DayFirst},
        {{"2024-01-31", "2024-01-13"}, O::Unknown}, // year first is never ambiguous
        {{"31 January 2023"}, O::Unknown},
        {{"", "abc", "1704369600"}, O::Unknown},
        {{"13/13/2023"}, O::Unknown}, // not a date, decides nothing
        {{"12/25/2023 10:00"}, O::MonthFirst},
        {{}, O::Unknown},
    };
    for (const OrderCase& c : cases) {
        SCOPED_TRACE(c.values.empty() ? std::string("(none)") : c.values.front());
        EXPECT_EQ(detect_day_month_order(c.values), c.expected);
    }
}

// --- widen_to -----------------------------------------------------------------------------

struct WidenCase {
    const char* input;
    P unit;
    const char* start;
    const char* end;
    P precision;
};

TEST(WidenTo, CoversTheWholeUnit) {
    // clang-format off
    const std::vector<WidenCase> cases{
        {"2024-01-04", P::Week, "2024-01-01", "2024-01-08", P::Week}, // 3 days either side
        {"2024-01-04T18:30", P::Week, "2024-01-01", "2024-01-08", P::Week},
        {"2024-01-01", P::Week, "2023-12-29", "2024-01-05", P::Week},
        {"1969-12-31", P::Week, "1969-12-28", "1970-01-04", P::Week},
        {"2024-01-04", P::Month, "2024-01-01", "2024-02-01", P::Month},
        {"2024-02-10", P::Month, "2024-02-01", "2024-03-01", P::Month},
        {"2023-02-10", P::Month, "2023-02-01", "2023-03-01", P::Month},
        {"2024-12-31T23:59", P::Month, "2024-12-01", "2025-01-01", P::Month},
        {"1965-03-08", P::Month, "1965-03-01", "1965-04-01", P::Month},
        {"2024-07-04", P::Year, "2024-01-01", "2025-01-01", P::Year},
        {"1899-12-31", P::Year, "1899-01-01", "1900-01-01", P::Year},
        {"2024-01-04T12:34:56.789Z", P::Day, "2024-01-04", "2024-01-05", P::Day},
        {"2024-01-04T12:34:56.789Z", P::Hour, "2024-01-04T12:00", "2024-01-04T13:00", P::Hour},
        {"1969-12-31T23:59:59.500Z", P::Minute, "1969-12-31T23:59", "1970-01-01", P::Minute},
        // Already as coarse or coarser: unchanged.
        {"2024-01", P::Week, "2024-01-01", "2024-02-01", P::Month},
        {"2024-01", P::Day, "2024-01-01", "2024-02-01", P::Month},
        {"2024", P::Month, "2024-01-01", "2025-01-01", P::Year},
        {"2024-01-04", P::Day, "2024-01-04", "2024-01-05", P::Day},
        {"2024-01-04", P::None, "2024-01-04", "2024-01-05", P::Day},
    };
    // clang-format on
    for (const WidenCase& c : cases) {
        SCOPED_TRACE(std::string(c.input) + " to " + std::string(to_string(c.unit)));
        const auto t = parse_time(c.input);
        ASSERT_TRUE(t);
        const TimeInterval w = widen_to(*t, c.unit);
        EXPECT_EQ(format_iso_utc(w.start_ms), format_iso_utc(iso_ms(c.start)));
        EXPECT_EQ(format_iso_utc(w.end_ms), format_iso_utc(iso_ms(c.end)));
        EXPECT_EQ(w.precision, c.precision);
        EXPECT_EQ(w.zone, t->zone);
    }
}

TEST(WidenTo, KeepsALongerEndAndLeavesUndatedAlone) {
    TimeInterval t{iso_ms("2024-01-04"), iso_ms("2024-03-10"), P::Day, Z::Utc};
    const TimeInterval w = widen_to(t, P::Month);
    EXPECT_EQ(w.start_ms, iso_ms("2024-01-01"));
    EXPECT_EQ(w.end_ms, iso_ms("2024-03-10")); // a duration is never cut short
    const TimeInterval undated{};
    EXPECT_EQ(widen_to(undated, P::Year), undated);
}

// --- formatting ---------------------------------------------------------------------------

struct FormatCase {
    UnixMs t;
    P precision;
    const char* expected;
};

TEST(FormatIso, CutsToThePrecision) {
    const UnixMs t = 1704369600000 + 34 * kMsPerMinute + 56 * kMsPerSecond + 123; // 12:34:56.123
    const std::vector<FormatCase> cases{
        {t, P::Year, "2024"},
        {t, P::Month, "2024-01"},
        {t, P::Week, "2024-01-04"},
        {t, P::Day, "2024-01-04"},
        {t, P::Hour, "2024-01-04T12:34Z"},
        {t, P::Minute, "2024-01-04T12:34Z"},
        {t, P::Second, "2024-01-04T12:34:56Z"},
        {t, P::Millisecond, "2024-01-04T12:34:56.123Z"},
        {t, P::None, "2024-01-04T12:34:56.123Z"},
        {0, P::Day, "1970-01-01"},
        {-1, P::Millisecond, "1969-12-31T23:59:59.999Z"},
        {-1, P::Day, "1969-12-31"},
        {-1, P::Year, "1969"},
        {-2209075200000, P::Day, "1899-12-31"},
        {iso_ms("1600-02-29T06:07:08.009"), P::Millisecond, "1600-02-29T06:07:08.009Z"},
    };
    for (const FormatCase& c : cases) {
        SCOPED_TRACE(c.expected);
        EXPECT_EQ(format_iso(c.t, c.precision), c.expected);
    }
}

TEST(FormatIsoUtc, MillisecondsOnlyWhenSet) {
    const std::vector<std::pair<UnixMs, const char*>> cases{
        {1704369600000, "2024-01-04T12:00:00Z"},
        {1704369600123, "2024-01-04T12:00:00.123Z"},
        {1704369600001, "2024-01-04T12:00:00.001Z"},
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59.999Z"},
        {-1000, "1969-12-31T23:59:59Z"},
        {-877, "1969-12-31T23:59:59.123Z"},
        {-152064000000, "1965-03-08T00:00:00Z"},
        {-2209075200000 + 123, "1899-12-31T00:00:00.123Z"},
    };
    for (const auto& [t, expected] : cases) {
        SCOPED_TRACE(expected);
        EXPECT_EQ(format_iso_utc(t), expected);
    }
}

// --- the civil calendar -------------------------------------------------------------------

TEST(CivilDays, PinnedValues) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 1, 1), 10957);
    EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
    EXPECT_EQ(days_from_civil(1965, 3, 8), -1760);
    EXPECT_EQ(days_from_civil(1899, 12, 31), -25568);
    EXPECT_EQ(days_from_civil(1600, 1, 1), -135140);
    EXPECT_EQ(days_from_civil(2400, 12, 31), 157419);
}

TEST(CivilDays, RoundTripFrom1600To2400) {
    const std::int64_t first = days_from_civil(1600, 1, 1);
    const std::int64_t last = days_from_civil(2400, 12, 31);
    CivilDate expected{1600, 1, 1}; // advanced by hand, day by day
    for (std::int64_t day = first; day <= last; ++day) {
        const CivilDate d = civil_from_days(day);
        ASSERT_EQ(d.year, expected.year) << day;
        ASSERT_EQ(d.month, expected.month) << day;
        ASSERT_EQ(d.day, expected.day) << day;
        ASSERT_EQ(days_from_civil(d.year, d.month, d.day), day);
        if (d.day == 1 && d.month == 1 && d.year % 50 == 0) {
            ASSERT_EQ(day, naive_days(d.year, 1, 1)) << d.year;
        }
        if (++expected.day > naive_month_days(expected.year, expected.month)) {
            expected.day = 1;
            if (++expected.month > 12) {
                expected.month = 1;
                ++expected.year;
            }
        }
    }
}

TEST(CivilDays, LeapYearsAndMonthLengths) {
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_TRUE(is_leap_year(1600));
    EXPECT_FALSE(is_leap_year(2023));
    EXPECT_FALSE(is_leap_year(1900));
    EXPECT_FALSE(is_leap_year(2100));
    EXPECT_EQ(days_in_month(2024, 2), 29);
    EXPECT_EQ(days_in_month(2023, 2), 28);
    EXPECT_EQ(days_in_month(1900, 2), 28);
    EXPECT_EQ(days_in_month(2024, 4), 30);
    EXPECT_EQ(days_in_month(2024, 12), 31);
    EXPECT_EQ(days_in_month(2024, 0), 0);
    EXPECT_EQ(days_in_month(2024, 13), 0);
}

TEST(CivilDays, FloorDaysRoundsTowardMinusInfinity) {
    const std::array<std::pair<UnixMs, std::int64_t>, 7> cases{{
        {0, 0},
        {kMsPerDay - 1, 0},
        {kMsPerDay, 1},
        {-1, -1},
        {-kMsPerDay, -1},
        {-kMsPerDay - 1, -2},
        {-2209075200000, -25568},
    }};
    for (const auto& [t, day] : cases)
        EXPECT_EQ(floor_days(t), day) << t;
}

// --- precision names ----------------------------------------------------------------------

TEST(TimePrecisionNames, RoundTrip) {
    for (int i = 0; i < kTimePrecisionCount; ++i) {
        const auto p = static_cast<TimePrecision>(i);
        const auto back = precision_from_string(to_string(p));
        ASSERT_TRUE(back) << to_string(p);
        EXPECT_EQ(*back, p);
    }
    EXPECT_EQ(to_string(P::Day), "day");
    EXPECT_EQ(to_string(P::Millisecond), "millisecond");
    EXPECT_EQ(precision_from_string("week"), P::Week);
    EXPECT_FALSE(precision_from_string("fortnight"));
    EXPECT_FALSE(precision_from_string(""));
}

} // namespace
