// core::sort_times against std::sort on the shapes a time column takes: days repeated (the
// counting path), instants to the millisecond (too many distinct values: std::sort), already
// sorted, short, negative (before 1970), and INT64_MIN itself (the counting table's empty
// mark, counted apart). Seen failing with INT64_MIN values dropped from the count.

#include "core/sort_times.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

using incimap::core::sort_times;
using incimap::core::UnixMs;

namespace {

void expect_sorted_like_std(std::vector<UnixMs> v, const char* what) {
    std::vector<UnixMs> expected = v;
    std::sort(expected.begin(), expected.end());
    sort_times(v);
    EXPECT_EQ(v, expected) << what;
}

std::vector<UnixMs> days(std::size_t n, int distinct, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> day(-distinct / 2, distinct - distinct / 2 - 1);
    std::vector<UnixMs> v(n);
    for (UnixMs& t : v)
        t = static_cast<UnixMs>(day(rng)) * 86'400'000 + 1'700'000'000'000;
    return v;
}

} // namespace

TEST(SortTimes, DaysRepeatedAreCountedIntoOrder) {
    expect_sorted_like_std(days(200'000, 182, 1), "182 days");
    expect_sorted_like_std(days(200'000, 1, 2), "one day");
    expect_sorted_like_std(days(300'000, 20'000, 3), "20,000 days");
}

TEST(SortTimes, ManyDistinctInstantsFallBackToSorting) {
    std::mt19937_64 rng(4);
    std::vector<UnixMs> v(100'000);
    for (UnixMs& t : v)
        t = static_cast<UnixMs>(rng() >> 4) - (UnixMs{1} << 58);
    expect_sorted_like_std(v, "random instants");
    // Distinct values crossing the cap late in the column (the count already half done).
    std::vector<UnixMs> late = days(100'000, 10, 5);
    for (std::size_t i = 90'000; i < late.size(); ++i)
        late[i] = static_cast<UnixMs>(i) * 1'000;
    expect_sorted_like_std(late, "many distinct at the end");
}

TEST(SortTimes, SortedShortAndEdgeValues) {
    std::vector<UnixMs> sorted = days(50'000, 100, 6);
    std::sort(sorted.begin(), sorted.end());
    expect_sorted_like_std(sorted, "already sorted");
    std::vector<UnixMs> reversed(sorted.rbegin(), sorted.rend());
    expect_sorted_like_std(reversed, "reversed");
    expect_sorted_like_std(days(100, 5, 7), "short");
    expect_sorted_like_std({}, "empty");
    std::vector<UnixMs> edges = days(50'000, 30, 8);
    for (std::size_t i = 0; i < edges.size(); i += 97)
        edges[i] = std::numeric_limits<UnixMs>::min();
    for (std::size_t i = 5; i < edges.size(); i += 101)
        edges[i] = std::numeric_limits<UnixMs>::max();
    expect_sorted_like_std(edges, "INT64_MIN and INT64_MAX among days");
}
