// core::SortedTimes against std::sort: a column of times held as 2-byte ranks into the view's
// distinct times (TimeRanks) reads back as the same sorted sequence, for std::lower_bound as
// for operator[]; past 65,536 distinct times the ranks give up and the column keeps the times.

#include "core/sorted_times.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <random>
#include <vector>

using namespace incimap::core;

namespace {

std::shared_ptr<TimeRanks> ranks_of(const std::vector<UnixMs>& times) {
    auto r = std::make_shared<TimeRanks>();
    for (const UnixMs t : times)
        r->add(t);
    r->finish();
    return r;
}

void expect_sorted_like(const SortedTimes& column, std::vector<UnixMs> times) {
    std::sort(times.begin(), times.end());
    ASSERT_EQ(column.size(), times.size());
    for (std::size_t i = 0; i < times.size(); ++i)
        ASSERT_EQ(column[i], times[i]) << "at " << i;
    EXPECT_TRUE(std::equal(column.begin(), column.end(), times.begin(), times.end()));
    for (const UnixMs probe : {times.front() - 1, times[times.size() / 2], times.back(),
                               times.back() + 1}) {
        EXPECT_EQ(std::lower_bound(column.begin(), column.end(), probe) - column.begin(),
                  std::lower_bound(times.begin(), times.end(), probe) - times.begin());
        EXPECT_EQ(std::upper_bound(column.begin(), column.end(), probe) - column.begin(),
                  std::upper_bound(times.begin(), times.end(), probe) - times.begin());
    }
}

} // namespace

TEST(SortedTimes, DaysAreHeldAsTwoByteRanks) {
    std::mt19937_64 rng(3);
    std::vector<UnixMs> times;
    for (int i = 0; i < 200000; ++i) // 3 years of days, shuffled, some before 1970
        times.push_back((static_cast<UnixMs>(rng() % 1100) - 100) * kMsPerDay);
    const auto ranks = ranks_of(times);
    ASSERT_TRUE(ranks->usable());
    EXPECT_LE(ranks->times().size(), 1100u);
    SortedTimes column(ranks);
    column.reserve(times.size());
    for (const UnixMs t : times)
        column.push_back(t);
    column.sort();
    expect_sorted_like(column, times);
    EXPECT_LE(column.bytes(), times.size() * 2 + 64) << "2 bytes a time";
}

TEST(SortedTimes, AFewTimesAndTheExtremes) {
    const UnixMs lo = std::numeric_limits<UnixMs>::min(), hi = std::numeric_limits<UnixMs>::max();
    const std::vector<UnixMs> times = {5, lo, hi, 5, -7, 0, lo, 12};
    SortedTimes column(ranks_of(times));
    for (const UnixMs t : times)
        column.push_back(t);
    column.sort();
    ASSERT_EQ(column.size(), times.size());
    const std::vector<UnixMs> want = {lo, lo, -7, 0, 5, 5, 12, hi};
    for (std::size_t i = 0; i < want.size(); ++i)
        EXPECT_EQ(column[i], want[i]) << "at " << i;
}

TEST(SortedTimes, MoreThan65536DistinctKeepsTheTimes) {
    std::vector<UnixMs> times;
    for (int i = 0; i < 70000; ++i) // seconds, descending
        times.push_back(static_cast<UnixMs>(70000 - i) * 1000);
    const auto ranks = ranks_of(times);
    EXPECT_FALSE(ranks->usable());
    SortedTimes column(ranks);
    for (const UnixMs t : times)
        column.push_back(t);
    column.sort();
    expect_sorted_like(column, times);
    EXPECT_GE(column.bytes(), times.size() * sizeof(UnixMs));
}

TEST(SortedTimes, WithoutRanksAndEmpty) {
    SortedTimes empty;
    EXPECT_TRUE(empty.empty());
    EXPECT_EQ(empty.begin(), empty.end());
    EXPECT_EQ(std::lower_bound(empty.begin(), empty.end(), UnixMs{0}), empty.end());
    SortedTimes plain; // no ranks given: the times themselves
    for (const UnixMs t : {30, 10, 20})
        plain.push_back(t);
    plain.sort();
    expect_sorted_like(plain, {30, 10, 20});
}
