// Incidents with an end (issue 20): counted on the histogram in every bin they overlap, their
// end shown in the list; incidents whose interval is only their precision's unit stay counted
// once, where they start.

#include "core/time_histogram.hpp"
#include "core/time_span.hpp"
#include "geo/reader.hpp"
#include "scene/map_scene.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace incimap;
using core::kMsPerDay;

core::UnixMs day(int y, int m, int d) { return core::days_from_civil(y, m, d) * kMsPerDay; }

TEST(Durations, AnIntervalHasAnEndOfItsOwnOnlyWhenLongerThanItsPrecision) {
    using P = core::TimePrecision;
    EXPECT_FALSE(core::has_own_end({day(2024, 1, 3), day(2024, 1, 4), P::Day}));
    EXPECT_TRUE(core::has_own_end({day(2024, 1, 3), day(2024, 1, 5), P::Day}));
    EXPECT_FALSE(core::has_own_end({day(2024, 2, 1), day(2024, 3, 1), P::Month}));
    EXPECT_TRUE(core::has_own_end({day(2024, 3, 1), day(2024, 5, 1), P::Month}));
    EXPECT_FALSE(core::has_own_end({0, 0, P::None}));
    EXPECT_EQ(core::format_start_end({day(2024, 1, 10), day(2024, 2, 21), P::Day}),
              "2024-01-10 → 2024-02-20"); // the end day as written (the interval excludes it)
    EXPECT_EQ(core::format_start_end({day(2024, 1, 10), day(2024, 1, 11), P::Day}), "2024-01-10");
    EXPECT_EQ(core::format_start_end({day(2024, 1, 10) + 3600000, day(2024, 1, 10) + 9000000,
                                      P::Minute}),
              "2024-01-10T01:00Z → 2024-01-10T02:30Z");
    EXPECT_EQ(core::format_start_end({0, 0, P::None}), "undated");
}

TEST(Durations, CarriedCountsAddTheBinsAfterTheStart) {
    // [day 1, day 4) and [day 2, day 3): with the starts counted, each is in every bin it meets.
    const std::vector<core::UnixMs> starts{1 * kMsPerDay, 2 * kMsPerDay};
    const std::vector<core::UnixMs> ends{3 * kMsPerDay, 4 * kMsPerDay};
    std::vector<std::uint32_t> bins(6, 0);
    core::count_into_bins(starts, 0, kMsPerDay, bins.size(), bins.data(), 1);
    core::count_carried_into_bins(starts, ends, 0, kMsPerDay, bins.size(), bins.data(), 1);
    EXPECT_EQ(bins, (std::vector<std::uint32_t>{0, 1, 2, 1, 0, 0}));
    // Begun before the first bin: carried into it.
    std::vector<std::uint32_t> later(2, 0);
    core::count_carried_into_bins(starts, ends, 2 * kMsPerDay + kMsPerDay / 2, kMsPerDay, 2,
                                  later.data(), 1);
    EXPECT_EQ(later, (std::vector<std::uint32_t>{2, 1}));
}

TEST(Durations, TheHistogramCountsAnIncidentWithAnEndInEveryBinItOverlaps) {
    // intervals.geojson: siege 2024-01-10 → 02-20 (days), curfew 2024-03 → 04 (months),
    // "one day" 2024-05-01 (no end).
    const std::string path = std::string(INCIMAP_FIXTURES) + "/intervals.geojson";
    geo::ReadResult r = geo::read_incidents(path);
    ASSERT_TRUE(r.ok) << r.error;
    scene::MapScene scene(INCIMAP_ASSETS);
    scene.add_layer({path, std::move(r.table), std::move(r.report)});
    const core::UnixMs first = day(2024, 1, 1);
    const core::TimeHistogram h = scene.histogram(first, kMsPerDay, 160);
    ASSERT_EQ(h.groups.size(), 1u);
    EXPECT_EQ(h.spanning, 2u);
    const auto bin = [&](int y, int m, int d) {
        return static_cast<std::size_t>((day(y, m, d) - first) / kMsPerDay);
    };
    EXPECT_EQ(h.total(bin(2024, 1, 9)), 0u);
    for (std::size_t k = bin(2024, 1, 10); k <= bin(2024, 2, 20); ++k)
        EXPECT_EQ(h.total(k), 1u) << "siege, day " << k;
    EXPECT_EQ(h.total(bin(2024, 2, 21)), 0u);
    EXPECT_EQ(h.total(bin(2024, 3, 1)), 1u);  // curfew: March …
    EXPECT_EQ(h.total(bin(2024, 4, 30)), 1u); // … and April
    EXPECT_EQ(h.total(bin(2024, 5, 1)), 1u);  // one day: there only
    EXPECT_EQ(h.total(bin(2024, 5, 2)), 0u);
    // A week bin: the one-day incident once, the curfew carried into it.
    const core::TimeHistogram weeks = scene.histogram(day(2024, 4, 29), 7 * kMsPerDay, 1);
    EXPECT_EQ(weeks.total(0), 2u); // curfew (until 05-01) and "one day"
}

} // namespace
