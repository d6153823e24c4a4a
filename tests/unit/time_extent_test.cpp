// core::TimeExtent: the table's times summed up in one pass (dated and undated counts, the
// earliest and latest start, the latest end, the finest precision), whatever the rows' order;
// and histogram_bin_ms's ladder.

#include "core/time_extent.hpp"
#include "core/time_histogram.hpp"

#include <gtest/gtest.h>

using namespace incimap::core;

namespace {

void add(IncidentTable& t, UnixMs start, UnixMs end, TimePrecision precision) {
    IncidentTable::Incident in;
    in.time = {start, end, precision, ZoneKind::Utc};
    t.push_back(in);
}

} // namespace

TEST(TimeExtent, SumsUpTheDatedAndCountsTheUndated) {
    IncidentTable t;
    add(t, 5 * kMsPerDay, 6 * kMsPerDay, TimePrecision::Day);
    add(t, 0, 0, TimePrecision::None);
    add(t, 2 * kMsPerDay, 40 * kMsPerDay, TimePrecision::Day); // ends last, starts first
    add(t, 9 * kMsPerDay + 3 * kMsPerHour, 9 * kMsPerDay + 3 * kMsPerHour + 60000,
        TimePrecision::Minute);
    add(t, 0, 0, TimePrecision::None);
    TimeExtent e;
    e.build(t);
    EXPECT_EQ(e.dated(), 3u);
    EXPECT_EQ(e.undated(), 2u);
    EXPECT_EQ(e.first(), 2 * kMsPerDay);
    EXPECT_EQ(e.last(), 9 * kMsPerDay + 3 * kMsPerHour);
    EXPECT_EQ(e.last_end(), 40 * kMsPerDay);
    EXPECT_EQ(e.finest(), TimePrecision::Minute);
}

TEST(TimeExtent, NothingDatedAndBuiltAgain) {
    IncidentTable undated;
    add(undated, 0, 0, TimePrecision::None);
    TimeExtent e;
    IncidentTable dated;
    add(dated, -kMsPerDay, 0, TimePrecision::Day); // before 1970
    e.build(dated);
    e.build(undated); // a rebuild forgets the table before
    EXPECT_EQ(e.dated(), 0u);
    EXPECT_EQ(e.undated(), 1u);
    EXPECT_EQ(e.first(), 0);
    EXPECT_EQ(e.last_end(), 0);
    EXPECT_EQ(e.finest(), TimePrecision::None);
    e.build(dated);
    EXPECT_EQ(e.first(), -kMsPerDay);
    EXPECT_EQ(e.last_end(), 0);
}

TEST(HistogramBin, TheSmallestRungWithWideEnoughBins) {
    EXPECT_EQ(histogram_bin_ms(kMsPerDay, 1000, 4), kMsPerHour);         // 24 bins of 41 px
    EXPECT_EQ(histogram_bin_ms(120 * kMsPerDay, 1000, 4), kMsPerDay);    // 120 bins of 8 px
    EXPECT_EQ(histogram_bin_ms(365 * kMsPerDay, 1000, 4), 7 * kMsPerDay); // 1 d: 2.7 px
    EXPECT_EQ(histogram_bin_ms(400 * 365 * kMsPerDay, 100, 4), 365 * kMsPerDay);
}
