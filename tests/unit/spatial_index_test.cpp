// The spatial index against brute force on random data: every cell of every level is a
// contiguous range of the key order holding exactly the incidents inside it; the count a cell
// gives for a time window equals TimeWindow::shows over its members (dense cells count by
// binary search); box queries, picks and frame plans agree with a loop over all incidents.

#include "core/palette.hpp"
#include "core/spatial_index.hpp"
#include "index_counts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using namespace incimap;
using core::MapPoint;
using core::SpatialIndex;
using core::TimeWindow;

namespace {

struct Data {
    core::IncidentTable table;
    std::vector<MapPoint> positions;
    std::vector<std::uint8_t> slots;
};

// Clustered points (so that dense cells exist at every level), some undated, some without a
// position, intervals from an hour to a month.
Data clustered_data(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<double> g(0, 1);
    const MapPoint centres[] = {{1000, 2000}, {-5000, 300}, {20000, -7000}};
    Data d;
    for (std::size_t i = 0; i < n; ++i) {
        core::IncidentTable::Incident in;
        const double pick = u(rng);
        MapPoint p;
        if (pick < 0.1) {
            p = {u(rng) * 40000 - 20000, u(rng) * 40000 - 20000};
        } else if (pick < 0.2) {
            p = centres[i % 3]; // stacked on one spot
        } else {
            const MapPoint c = centres[i % 3];
            const double spread = pick < 0.6 ? 30 : 2000;
            p = {c.x + g(rng) * spread, c.y + g(rng) * spread};
        }
        if (u(rng) < 0.01)
            p = {NAN, NAN};
        if (u(rng) < 0.05) {
            in.time = {0, 0, core::TimePrecision::None, core::ZoneKind::Utc};
        } else {
            const core::UnixMs start =
                static_cast<core::UnixMs>(u(rng) * 100) * core::kMsPerDay / 4;
            const core::UnixMs length = u(rng) < 0.8 ? core::kMsPerDay : 30 * core::kMsPerDay / 7;
            in.time = {start, start + length, core::TimePrecision::Day, core::ZoneKind::Utc};
        }
        in.geo_precision = static_cast<core::GeoPrecision>(i % 4);
        in.size = static_cast<float>(i % 7);
        d.table.push_back(in);
        d.positions.push_back(p);
        d.slots.push_back(static_cast<std::uint8_t>(i % 10));
    }
    return d;
}

std::vector<TimeWindow> windows() {
    std::vector<TimeWindow> w(6);
    w[1].from = 10 * core::kMsPerDay, w[1].to = 13 * core::kMsPerDay;
    w[2] = w[1], w[2].mode = core::TimeMode::Cumulative;
    w[3] = w[1], w[3].show_undated = false;
    w[4].from = 5 * core::kMsPerDay + 7, w[4].to = 5 * core::kMsPerDay + 3600000;
    w[5].from = 100 * core::kMsPerDay, w[5].to = 200 * core::kMsPerDay; // after the data
    return w;
}

bool inside(MapPoint p, const core::MapBox& b) {
    return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y;
}

} // namespace

TEST(SpatialIndex, CellsAreContiguousRangesOfTheirIncidents) {
    const Data d = clustered_data(20000, 1);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    std::size_t finite = 0;
    for (const MapPoint& p : d.positions)
        finite += std::isfinite(p.x) ? 1 : 0;
    ASSERT_EQ(index.size(), finite);
    for (int level : {0, 1, 5, 9, 12, SpatialIndex::kLevels}) {
        SCOPED_TRACE(level);
        const auto cells = index.cells(level);
        std::uint32_t next = 0;
        const double size = index.cell_size(level);
        const core::MapBox sq = index.square();
        for (const auto& c : cells) {
            ASSERT_EQ(c.begin, next) << "cells tile the key order in order";
            ASSERT_LT(c.begin, c.end);
            next = c.end;
            for (std::uint32_t k = c.begin; k < c.end; ++k) {
                const MapPoint p = index.position(k);
                const double step = (sq.max_x - sq.min_x) / 4294967296.0;
                ASSERT_NEAR(d.positions[index.ids()[k]].x, p.x, step);
                ASSERT_NEAR(d.positions[index.ids()[k]].y, p.y, step);
                // Inside the cell (the last row and column also hold the square's far edge).
                EXPECT_GE(p.x, sq.min_x + c.x * size - 1e-6);
                EXPECT_LE(p.x, sq.min_x + (c.x + 1) * size + 1e-6);
                EXPECT_GE(p.y, sq.min_y + c.y * size - 1e-6);
                EXPECT_LE(p.y, sq.min_y + (c.y + 1) * size + 1e-6);
            }
        }
        EXPECT_EQ(next, index.size());
    }
}

// Memory (issue 14): positions are kept as the key plus 16 + 16 bits inside the fine cell. Over
// the whole Web Mercator world that is under 5 mm; a small square is exact to far less.
TEST(SpatialIndex, PositionsKeepTheirPlaceToAFractionOfACentimetre) {
    constexpr double kWorld = 20037508.342789244;
    for (const double half : {kWorld, 5000.0}) {
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> u(-half, half);
        core::IncidentTable table;
        std::vector<MapPoint> positions;
        for (int i = 0; i < 5000; ++i) {
            core::IncidentTable::Incident in;
            in.time = {0, core::kMsPerDay, core::TimePrecision::Day, core::ZoneKind::Utc};
            table.push_back(in);
            positions.push_back({u(rng), u(rng)});
        }
        positions[0] = {-half, -half}; // the square's corners: clamped into the last step
        positions[1] = {half, half};
        SpatialIndex index;
        index.build(positions, table, std::vector<std::uint8_t>(positions.size(), 0));
        ASSERT_EQ(index.size(), positions.size());
        const double tolerance = half == kWorld ? 0.005 : 5000.0 * 2 / 4294967296.0;
        for (std::size_t k = 0; k < index.size(); ++k) {
            const MapPoint p = index.position(k), want = positions[index.ids()[k]];
            ASSERT_NEAR(p.x, want.x, tolerance) << "half side " << half << ", key " << k;
            ASSERT_NEAR(p.y, want.y, tolerance) << "half side " << half << ", key " << k;
        }
    }
}

TEST(SpatialIndex, WindowCountsEqualBruteForceInEveryCell) {
    const Data d = clustered_data(30000, 2);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    test::expect_counts_equal_brute_force(index, d.table, windows());
}

// Over 65,536 distinct times the ranks are kept in 4 bytes, under it in 2: counts agree with
// brute force either way, and the 2-byte index is smaller.
Data with_distinct_times(Data d) {
    for (std::size_t i = 0; i < d.table.count(); ++i) {
        if (d.table.t_precision[i] == core::TimePrecision::None)
            continue;
        d.table.t_start[i] = static_cast<core::UnixMs>(i) * 37'000; // every 37 s
        d.table.t_end[i] = d.table.t_start[i] + 3'600'000 + static_cast<core::UnixMs>(i % 5);
    }
    return d;
}

TEST(SpatialIndex, CountsHoldWithMoreThan65536DistinctTimes) {
    const Data d = with_distinct_times(clustered_data(40000, 7));
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    std::vector<TimeWindow> ws(3);
    ws[1].from = 9000 * 37'000, ws[1].to = 21000 * 37'000;
    ws[2] = ws[1], ws[2].mode = core::TimeMode::Cumulative;
    test::expect_counts_equal_brute_force(index, d.table, ws);
}

TEST(SpatialIndex, FewDistinctTimesKeepTwoByteRanks) {
    const Data few = clustered_data(40000, 7);
    SpatialIndex narrow, wide;
    narrow.build(few.positions, few.table, few.slots);
    const Data many = with_distinct_times(few);
    wide.build(many.positions, many.table, many.slots);
    EXPECT_LT(static_cast<double>(narrow.bytes()), 0.85 * static_cast<double>(wide.bytes()))
        << narrow.bytes() << " vs " << wide.bytes();
}

// Ends that follow their starts (every incident a day, or a calendar month: one
// non-decreasing function of the start) are not kept: the counts still equal brute force at
// every level, and the index is smaller than when one incident breaks the rule.
Data with_ends_of(Data d, bool months) {
    for (std::size_t i = 0; i < d.table.count(); ++i) {
        if (d.table.t_precision[i] == core::TimePrecision::None)
            continue;
        if (!months) {
            d.table.t_start[i] = (d.table.t_start[i] / core::kMsPerDay) * core::kMsPerDay;
            d.table.t_end[i] = d.table.t_start[i] + core::kMsPerDay;
            continue;
        }
        // The first of one of twelve months of 2024, and the first of the next.
        static const int kDays[] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366};
        const std::size_t m = i % 12;
        const core::UnixMs jan1 = 19723 * core::kMsPerDay;
        d.table.t_start[i] = jan1 + kDays[m] * core::kMsPerDay;
        d.table.t_end[i] = jan1 + kDays[m + 1] * core::kMsPerDay;
    }
    return d;
}

TEST(SpatialIndex, EndsThatFollowTheirStartsAreNotKept) {
    std::vector<TimeWindow> ws = windows();
    TimeWindow months; // mid-March to mid-May 2024, and the same cumulative
    months.from = (19723 + 74) * core::kMsPerDay, months.to = (19723 + 135) * core::kMsPerDay;
    ws.push_back(months);
    months.mode = core::TimeMode::Cumulative;
    ws.push_back(months);
    for (const bool by_month : {false, true}) {
        SCOPED_TRACE(by_month ? "months" : "days");
        const Data follow = with_ends_of(clustered_data(30000, 4), by_month);
        Data broken = follow; // one incident a day longer than its start's others
        for (std::size_t i = 0; i < broken.table.count(); ++i)
            if (broken.table.t_precision[i] != core::TimePrecision::None) {
                broken.table.t_end[i] += core::kMsPerDay;
                break;
            }
        SpatialIndex a, b;
        a.build(follow.positions, follow.table, follow.slots);
        b.build(broken.positions, broken.table, broken.slots);
        test::expect_counts_equal_brute_force(a, follow.table, ws);
        test::expect_counts_equal_brute_force(b, broken.table, ws);
        EXPECT_LT(static_cast<double>(a.bytes()), 0.8 * static_cast<double>(b.bytes()))
            << a.bytes() << " vs " << b.bytes();
    }
}

TEST(SpatialIndex, CellAtFindsThePointsCell) {
    const Data d = clustered_data(5000, 3);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    for (std::size_t i = 0; i < 200; ++i) {
        const MapPoint p = d.positions[i * 17];
        if (!std::isfinite(p.x))
            continue;
        const auto c = index.cell_at(p, 10);
        const auto ids = index.ids().subspan(c.begin, c.end - c.begin);
        EXPECT_NE(std::find(ids.begin(), ids.end(), i * 17), ids.end());
    }
}

TEST(SpatialIndex, BoxQueryEqualsBruteForce) {
    const Data d = clustered_data(20000, 4);
    std::vector<std::uint8_t> visible(d.positions.size());
    for (std::size_t i = 0; i < visible.size(); ++i)
        visible[i] = i % 5 != 0;
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots, visible);
    const core::MapBox boxes[] = {{900, 1900, 1100, 2100},
                                  {-20000, -20000, 0, 0},
                                  {999.5, 1999.5, 1000.5, 2000.5},
                                  {-1e9, -1e9, 1e9, 1e9}};
    for (const auto& box : boxes) {
        std::set<std::uint32_t> want, got;
        for (std::size_t i = 0; i < d.positions.size(); ++i)
            if (visible[i] && inside(d.positions[i], box))
                want.insert(static_cast<std::uint32_t>(i));
        index.for_each_in(box,
                          [&](std::uint32_t i, MapPoint) { EXPECT_TRUE(got.insert(i).second); });
        EXPECT_EQ(got, want);
    }
}

TEST(SpatialIndex, PickEqualsBruteForceWhereCellsAreSparse) {
    const Data d = clustered_data(20000, 5);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    const double upp = 0.05; // zoomed in: cells of 6 px are 0.3 units, sparse but for stacks
    const TimeWindow w = windows()[1];
    std::mt19937 rng(9);
    for (int trial = 0; trial < 300; ++trial) {
        const std::size_t i = rng() % d.positions.size();
        const MapPoint at = d.positions[i];
        if (!std::isfinite(at.x))
            continue;
        const MapPoint probe{at.x + 0.1, at.y - 0.05};
        std::vector<int> brute;
        bool stacked = false; // near a spot where hundreds sit (a dense cell: tested below)
        for (const MapPoint c :
             {MapPoint{1000, 2000}, MapPoint{-5000, 300}, MapPoint{20000, -7000}})
            stacked = stacked || std::hypot(c.x - probe.x, c.y - probe.y) < 4.0;
        for (std::size_t k = 0; k < d.positions.size(); ++k) {
            const MapPoint p = d.positions[k];
            if (!std::isfinite(p.x))
                continue;
            const double dist = std::hypot(p.x - probe.x, p.y - probe.y) / upp;
            const float r = core::marker_radius_px(d.table.size_at(k)) *
                            (d.table.geo_precision[k] >= core::GeoPrecision::Region ? 1.5f : 1.0f);
            if (dist <= r + 2.0 &&
                w.shows(d.table.t_start[k], d.table.end_at(k), d.table.t_precision[k]))
                brute.push_back(static_cast<int>(k));
        }
        if (stacked)
            continue;
        std::sort(brute.begin(), brute.end(), std::greater<>());
        EXPECT_EQ(index.pick(probe, upp, w, 2.0), brute) << "near incident " << i;
    }
}

TEST(SpatialIndex, PickOnAStackReturnsItsMembersInTheWindow) {
    const Data d = clustered_data(20000, 6);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    const TimeWindow w = windows()[1];
    const auto hits = index.pick({1000, 2000}, 0.05, w, 2.0, 6.0, 1000000);
    std::set<int> want;
    for (std::size_t k = 0; k < d.positions.size(); ++k)
        if (d.positions[k].x == 1000 && d.positions[k].y == 2000 &&
            w.shows(d.table.t_start[k], d.table.end_at(k), d.table.t_precision[k]))
            want.insert(static_cast<int>(k));
    ASSERT_FALSE(want.empty());
    for (int k : want)
        EXPECT_NE(std::find(hits.begin(), hits.end(), k), hits.end()) << k;
    EXPECT_TRUE(std::is_sorted(hits.begin(), hits.end(), std::greater<>()));
}

TEST(SpatialIndex, FramePlanAccountsForEveryShownIncidentOnce) {
    const Data d = clustered_data(30000, 7);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    const core::MapBox view{-40000, -40000, 40000, 40000}; // all of the data
    for (const TimeWindow& w : windows()) {
        for (double upp : {100.0, 10.0, 1.0, 0.01}) {
            std::vector<core::FramePoint> points;
            const auto stats = index.plan(view, upp, w, -1, points);
            // Every shown incident is an individual or inside a drawn aggregate, once.
            std::size_t brute = 0;
            for (std::size_t k = 0; k < d.positions.size(); ++k)
                brute += std::isfinite(d.positions[k].x) &&
                         w.shows(d.table.t_start[k], d.table.end_at(k), d.table.t_precision[k]);
            EXPECT_EQ(stats.shown, brute) << "upp " << upp;
            EXPECT_EQ(points.size(), stats.individuals + stats.aggregates);
            for (const auto& p : points)
                EXPECT_TRUE(p.aggregate || p.radius_px >= core::kMinMarkerRadiusPx);
        }
    }
}

TEST(SpatialIndex, FramePlanIsBoundedByTheScreen) {
    const Data d = clustered_data(200000, 8);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    std::vector<core::FramePoint> points;
    // 1280 × 800 px over the whole data: at most about one point per 6-px cell.
    const double upp = 40000.0 / 800;
    const core::MapBox view{-32000, -20000, 32000, 20000};
    index.plan(view, upp, TimeWindow{}, -1, points);
    EXPECT_LE(points.size(), (1280 / 6 + 2) * (800 / 6 + 2) * 2u);
}

TEST(SpatialIndex, SelectedIsDrawnLastWithItsRing) {
    const Data d = clustered_data(3000, 10);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    std::size_t sel = 0;
    while (!std::isfinite(d.positions[sel].x) ||
           d.table.t_precision[sel] == core::TimePrecision::None)
        ++sel;
    std::vector<core::FramePoint> points;
    index.plan({-1e5, -1e5, 1e5, 1e5}, 100.0, TimeWindow{}, static_cast<int>(sel), points);
    ASSERT_FALSE(points.empty());
    EXPECT_TRUE(points.back().selected);
    const double step = (index.square().max_x - index.square().min_x) / 4294967296.0;
    EXPECT_NEAR(points.back().at.x, d.positions[sel].x, step);
    EXPECT_NEAR(points.back().at.y, d.positions[sel].y, step);
}

// A size field's radii: a byte each into the distinct radii when they are few (7 here),
// the radii themselves when there are more than 256; the selected marker's radius is the
// size's either way (region-precise incidents half as large again).
TEST(SpatialIndex, MarkerRadiiFollowTheSizesFewOrMany) {
    for (const bool many : {false, true}) {
        SCOPED_TRACE(many ? "many sizes" : "few sizes");
        Data d = clustered_data(3000, 11);
        if (many)
            for (std::size_t i = 0; i < d.table.count(); ++i)
                d.table.size[i] = 0.5f + 0.05f * static_cast<float>(i % 1000); // 1,000 radii
        SpatialIndex index;
        index.build(d.positions, d.table, d.slots);
        int checked = 0;
        for (std::size_t sel = 0; sel < d.table.count(); sel += 7) {
            if (!std::isfinite(d.positions[sel].x) ||
                d.table.t_precision[sel] == core::TimePrecision::None)
                continue;
            std::vector<core::FramePoint> points;
            index.plan({-1e5, -1e5, 1e5, 1e5}, 100.0, TimeWindow{}, static_cast<int>(sel), points);
            ASSERT_FALSE(points.empty());
            ASSERT_TRUE(points.back().selected);
            const float region = d.table.geo_precision[sel] == core::GeoPrecision::Region ? 1.5f : 1.0f;
            EXPECT_EQ(points.back().radius_px, core::marker_radius_px(d.table.size[sel]) * region)
                << sel;
            ++checked;
        }
        EXPECT_GT(checked, 300);
    }
}

TEST(SpatialIndex, EmptyAndAllInvisible) {
    SpatialIndex index;
    core::IncidentTable empty;
    index.build(std::span<const MapPoint>{}, empty, {});
    std::vector<core::FramePoint> points;
    index.plan({0, 0, 1, 1}, 1, TimeWindow{}, 0, points);
    EXPECT_TRUE(points.empty());
    EXPECT_TRUE(index.pick({0, 0}, 1, TimeWindow{}, 2).empty());
    const Data d = clustered_data(100, 11);
    index.build(d.positions, d.table, d.slots, std::vector<std::uint8_t>(100, 0));
    EXPECT_EQ(index.size(), 0u);
}

// Loading on every core (issue 14): the levels finer than kSplitLevel are built on threads,
// each over its own whole cells of that level, and joined in key order. The index built on
// one thread and on four is the same: every cell of every level, and every count and summary
// a window asks of it. Seen failing with the pool offset left out of the join.
TEST(SpatialIndex, ThreadsBuildTheIndexOfOneThread) {
    const Data d = clustered_data(300'000, 9);
    struct Threads {
        explicit Threads(const char* n) { ::setenv("INCIMAP_THREADS", n, 1); }
        ~Threads() { ::unsetenv("INCIMAP_THREADS"); }
    };
    SpatialIndex one, four;
    {
        const Threads t("1");
        one.build(d.positions, d.table, d.slots);
    }
    {
        const Threads t("4");
        four.build(d.positions, d.table, d.slots);
    }
    ASSERT_EQ(one.size(), four.size());
    const std::vector<TimeWindow> ws = {windows()[0], windows()[1], windows()[2], windows()[4]};
    for (int level = 0; level <= SpatialIndex::kLevels; ++level) {
        SCOPED_TRACE(level);
        const auto a = one.cells(level), b = four.cells(level);
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t c = 0; c < a.size(); ++c) {
            ASSERT_EQ(a[c].begin, b[c].begin);
            ASSERT_EQ(a[c].end, b[c].end);
            if (a[c].end - a[c].begin <= SpatialIndex::kDenseCell)
                continue; // a sparse cell counts its members: the same ids either way
            for (const TimeWindow& w : ws) {
                ASSERT_EQ(one.count(level, a[c], w), four.count(level, b[c], w));
                const auto sa = one.summarize(level, a[c].begin, a[c].end, w);
                const auto sb = four.summarize(level, b[c].begin, b[c].end, w);
                ASSERT_EQ(sa.shown, sb.shown);
                ASSERT_EQ(sa.mean.x, sb.mean.x);
                ASSERT_EQ(sa.mean.y, sb.mean.y);
            }
        }
    }
}
