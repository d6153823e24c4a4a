#include "core/duration.hpp"

#include <gtest/gtest.h>

using namespace incimap::core;

TEST(Duration, ParsesWhatPeopleType) {
    EXPECT_EQ(parse_duration("7d"), 7 * kMsPerDay);
    EXPECT_EQ(parse_duration("12h"), 12 * kMsPerHour);
    EXPECT_EQ(parse_duration("1w"), 7 * kMsPerDay);
    EXPECT_EQ(parse_duration("90m"), 90 * kMsPerMinute);
    EXPECT_EQ(parse_duration("90 min"), 90 * kMsPerMinute);
    EXPECT_EQ(parse_duration("1d12h"), 36 * kMsPerHour);
    EXPECT_EQ(parse_duration(" 1d 12h "), 36 * kMsPerHour);
    EXPECT_EQ(parse_duration("1.5d"), 36 * kMsPerHour);
    EXPECT_EQ(parse_duration("30s"), 30 * kMsPerSecond);
    EXPECT_EQ(parse_duration("2 Days"), 2 * kMsPerDay);
    EXPECT_EQ(parse_duration("250ms"), 250);
}

TEST(Duration, RefusesWhatIsNotALength) {
    for (const char* bad : {"", " ", "0d", "0", "7", "d", "-1d", "1y", "1mo", "1.5d2h", "1..5d",
                            "1d x", "99999999999999d", "nan d", "1e3d"})
        EXPECT_FALSE(parse_duration(bad)) << bad;
}

TEST(Duration, FormatsShortAndExact) {
    EXPECT_EQ(format_duration(7 * kMsPerDay), "7d");
    EXPECT_EQ(format_duration(12 * kMsPerHour), "12h");
    EXPECT_EQ(format_duration(30 * kMsPerHour), "1d 6h");
    EXPECT_EQ(format_duration(90 * kMsPerSecond), "1m 30s");
    EXPECT_EQ(format_duration(3 * kMsPerHour + 44 * kMsPerMinute), "3h 44m");
    for (UnixMs ms : {kMsPerDay, 36 * kMsPerHour, 45 * kMsPerMinute, 14 * kMsPerDay})
        EXPECT_EQ(parse_duration(format_duration(ms)), ms);
}

TEST(Duration, DaysSnapToDaysAndFinerDataToTheZoom) {
    const double day_per_100px = static_cast<double>(kMsPerDay) / 100;
    EXPECT_EQ(snap_unit(TimePrecision::Day, 1.0), kMsPerDay); // zoomed in: still days
    EXPECT_EQ(snap_unit(TimePrecision::Month, 1e9), kMsPerDay);
    EXPECT_EQ(snap_unit(TimePrecision::Second, day_per_100px), 6 * kMsPerHour); // 86 min per 6 px
    EXPECT_EQ(snap_unit(TimePrecision::Second, 60'000.0), 15 * kMsPerMinute);  // 6 min per 6 px
    EXPECT_EQ(snap_unit(TimePrecision::Second, 1000.0), kMsPerMinute);
    EXPECT_EQ(snap_unit(TimePrecision::Hour, 1000.0), kMsPerHour);  // never finer than the data
    EXPECT_EQ(snap_unit(TimePrecision::Minute, 1e9), kMsPerDay);    // zoomed out: days
    EXPECT_EQ(snap_to(kMsPerDay + 11 * kMsPerHour, kMsPerDay), kMsPerDay);
    EXPECT_EQ(snap_to(kMsPerDay + 13 * kMsPerHour, kMsPerDay), 2 * kMsPerDay);
    EXPECT_EQ(snap_to(-13 * kMsPerHour, kMsPerDay), -kMsPerDay); // before 1970 too
    EXPECT_EQ(snap_to(-11 * kMsPerHour, kMsPerDay), 0);
    EXPECT_EQ(snap_to(12345, 1), 12345);
}
