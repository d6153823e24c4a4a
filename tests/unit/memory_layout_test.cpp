// Memory at 1M (issue 14, item 3): the layouts that keep `render` and the window near the
// file's size, pinned. One layer is drawn from its own table (no copy) and gives the rows,
// index and counts the merged copy gives; the spatial index keeps ranks at even levels only
// and its times as ranks, and still counts exactly TimeWindow::shows at every level.

#include "core/palette.hpp"
#include "core/spatial_index.hpp"
#include "geo/reader.hpp"
#include "scene/map_scene.hpp"
#include "index_counts.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace incimap;
using core::MapPoint;
using core::SpatialIndex;
using core::TimeWindow;

namespace {

struct Points {
    core::IncidentTable table;
    std::vector<MapPoint> positions;
    std::vector<std::uint8_t> slots;
};

// Clustered (dense cells at every level), some undated, some long intervals.
Points clustered(std::size_t n, unsigned seed, bool many_times = false) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<double> g(0, 1);
    const MapPoint centres[] = {{1000, 2000}, {-5000, 300}, {20000, -7000}};
    Points d;
    for (std::size_t i = 0; i < n; ++i) {
        core::IncidentTable::Incident in;
        const MapPoint c = centres[i % 3];
        const double spread = u(rng) < 0.5 ? 30 : 2000;
        MapPoint p{c.x + g(rng) * spread, c.y + g(rng) * spread};
        if (u(rng) < 0.1)
            p = {u(rng) * 40000 - 20000, u(rng) * 40000 - 20000};
        if (u(rng) < 0.05) {
            in.time = {0, 0, core::TimePrecision::None, core::ZoneKind::Utc};
        } else {
            const core::UnixMs start =
                many_times ? static_cast<core::UnixMs>(i) * 37'000
                           : static_cast<core::UnixMs>(u(rng) * 100) * core::kMsPerDay / 4;
            const double r = u(rng);
            const core::UnixMs length = r < 0.8    ? core::kMsPerDay
                                        : r < 0.97 ? 30 * core::kMsPerDay / 7
                                                   : 90 * core::kMsPerDay;
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
    w[5] = w[1], w[5].mode = core::TimeMode::Fade;
    return w;
}


scene::Layer layer_of(const std::string& name) {
    const std::string path = std::string(INCIMAP_FIXTURES) + "/" + name;
    geo::ReadResult r = geo::read_incidents(path);
    EXPECT_TRUE(r.ok) << r.error;
    return {path, std::move(r.table), std::move(r.report)};
}

} // namespace

TEST(MemoryLayout, OddLevelsCountThroughTheirChildren) {
    const Points d = clustered(30000, 3);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    test::expect_counts_equal_brute_force(index, d.table, windows());
    // Over 65,536 distinct times (4-byte ranks) as well.
    const Points many = clustered(30000, 4, true);
    SpatialIndex wide;
    wide.build(many.positions, many.table, many.slots);
    std::vector<TimeWindow> ws(3);
    ws[1].from = 9000 * 37'000, ws[1].to = 21000 * 37'000;
    ws[2] = ws[1], ws[2].mode = core::TimeMode::Cumulative;
    test::expect_counts_equal_brute_force(wide, many.table, ws);
}

TEST(MemoryLayout, IndexHoldsUnderEightyBytesAnIncident) {
    // Clustered as the generated files are: most incidents in dense cells at most levels.
    // Before issue 14's item 3 (8-byte times per incident, ranks at all 17 levels) it held over
    // 12 bytes more for the times alone; now about 74.
    const Points d = clustered(200000, 5);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    const double per = static_cast<double>(index.bytes()) / static_cast<double>(index.size());
    EXPECT_LT(per, 80.0) << index.bytes() << " bytes for " << index.size();
}

TEST(MemoryLayout, FramePlansAndPicksKeepTheirTimes) {
    // Fade's age comes from the end time the index keeps as a rank: the same alpha as the
    // table's end gives.
    const Points d = clustered(20000, 6);
    SpatialIndex index;
    index.build(d.positions, d.table, d.slots);
    TimeWindow fade = windows()[5];
    std::vector<core::FramePoint> out;
    const core::MapBox box{-1100, 1700, 3100, 2300}; // zoomed in: individuals
    index.plan(box, 0.05, fade, -1, out);
    std::size_t individuals = 0;
    // Positions come back to within a 2^32th of the index's square (its packed offsets).
    const double step = (index.square().max_x - index.square().min_x) / 4294967296.0;
    for (const core::FramePoint& f : out) {
        if (f.aggregate)
            continue;
        ++individuals;
        // Find the incident at this position with this alpha.
        bool found = false;
        for (std::size_t i = 0; i < d.table.count() && !found; ++i) {
            if (std::abs(d.positions[i].x - f.at.x) > step ||
                std::abs(d.positions[i].y - f.at.y) > step)
                continue;
            float alpha = 1;
            if (d.table.t_precision[i] != core::TimePrecision::None) {
                const double span = static_cast<double>(fade.to - fade.from) / core::kMsPerDay;
                const double age = std::clamp(static_cast<double>(fade.to - d.table.end_at(i)) /
                                                  core::kMsPerDay / span,
                                              0.0, 1.0);
                alpha = static_cast<float>(1.0 + (0.15 - 1.0) * age);
            }
            found = alpha == f.alpha;
        }
        EXPECT_TRUE(found) << f.at.x << "," << f.at.y << " alpha " << f.alpha;
    }
    EXPECT_GT(individuals, 0u);
}

TEST(MemoryLayout, OneLayerIsDrawnFromItsOwnTable) {
    scene::MapScene shared(INCIMAP_ASSETS);
    shared.add_layer(layer_of("points.geojson"));
    // No copy: the drawn table is the layer's.
    EXPECT_EQ(&shared.drawn(), &shared.layers()[0].table);

    // The same layer beside an empty one is merged into a copy: the same rows, categories,
    // index and counts.
    scene::MapScene merged(INCIMAP_ASSETS);
    merged.add_layer(layer_of("points.geojson"));
    merged.add_layer({"empty", core::IncidentTable{}, {}});
    ASSERT_NE(&merged.drawn(), &merged.layers()[0].table);
    const core::IncidentTable& a = shared.drawn();
    const core::IncidentTable& b = merged.drawn();
    ASSERT_EQ(a.count(), b.count());
    ASSERT_GT(a.count(), 0u);
    EXPECT_EQ(a.categories, b.categories);
    for (std::size_t i = 0; i < a.count(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(a.lon[i], b.lon[i]);
        EXPECT_EQ(a.lat[i], b.lat[i]);
        EXPECT_EQ(a.t_start[i], b.t_start[i]);
        EXPECT_EQ(a.end_at(i), b.end_at(i));
        EXPECT_EQ(a.t_precision[i], b.t_precision[i]);
        EXPECT_EQ(a.t_zone[i], b.t_zone[i]);
        EXPECT_EQ(a.category[i], b.category[i]);
        EXPECT_EQ(a.size_at(i) == b.size_at(i) || (std::isnan(a.size_at(i)) && std::isnan(b.size_at(i))), true);
        EXPECT_EQ(a.geo_precision[i], b.geo_precision[i]);
        EXPECT_EQ(shared.source_of(i), merged.source_of(i));
        EXPECT_EQ(shared.slots()[i], merged.slots()[i]);
    }
    EXPECT_EQ(shared.index().size(), merged.index().size());
    EXPECT_EQ(std::vector<std::uint32_t>(shared.index().ids().begin(), shared.index().ids().end()),
              std::vector<std::uint32_t>(merged.index().ids().begin(), merged.index().ids().end()));
    core::Camera ca = shared.make_camera(800, 600), cb = merged.make_camera(800, 600);
    shared.fit_to_data(ca);
    merged.fit_to_data(cb);
    EXPECT_EQ(shared.in_view(ca, TimeWindow{}), merged.in_view(cb, TimeWindow{}));
    const render::TimeWindow all{};
    EXPECT_EQ(shared.overlay(ca, all).in_window, merged.overlay(cb, all).in_window);

    // A filter and a recolouring change the layer in place: the drawn table follows.
    core::Filters hide;
    hide.hidden_categories = {"Protests"};
    shared.set_filters(hide);
    merged.set_filters(hide);
    for (std::size_t i = 0; i < a.count(); ++i)
        EXPECT_EQ(shared.visible(i), merged.visible(i)) << i;

    // Prepared on a worker, one layer is drawn from its own table as well.
    scene::MapScene async(INCIMAP_ASSETS);
    async.add_layer_async(layer_of("points.geojson"));
    async.add_layer(layer_of("intervals.geojson")); // waits for the first, then merges
    EXPECT_EQ(async.layers().size(), 2u);
    EXPECT_EQ(async.drawn().count(), a.count() + 3);
    EXPECT_NE(&async.drawn(), &async.layers()[0].table);
    scene::MapScene one(INCIMAP_ASSETS);
    one.add_layer_async(layer_of("points.geojson"));
    for (int i = 0; i < 10000 && !one.poll_layers(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_EQ(one.layers().size(), 1u);
    EXPECT_EQ(&one.drawn(), &one.layers()[0].table);
}
