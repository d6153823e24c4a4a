// The frame's way of drawing follows what the view and window show and what drawing costs on
// the GPU, not the table's size (issue 14): a 190,000-incident table zoomed to show 2 % of it
// is drawn as the index's plan, whose primitives are bounded by the screen's cells, on a GPU
// that pays per instance (llvmpipe); the same view on a GPU where instances are cheap draws
// every incident; a small table is drawn one by one; and the choice does not flicker.

#include "core/camera.hpp"
#include "core/draw_plan.hpp"
#include "core/palette.hpp"
#include "core/spatial_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace incimap;
using core::DrawPath;
using core::MapPoint;

namespace {

// Costs as render::measure_draw_costs found them on llvmpipe (2 cores) and as a hardware GPU
// gives them (instances ~1 ns).
const core::DrawCosts kLlvmpipe{0.25e-6, 1.2e-6, 1.6e-6};
const core::DrawCosts kHardware{1e-9, 5e-9, 20e-9};

struct Data {
    core::IncidentTable table;
    std::vector<MapPoint> positions;
    std::vector<std::uint8_t> slots;
    core::SpatialIndex index;
};

// `n` incidents spread evenly over a 1,000 km square centred on 0,0 (Web Mercator metres),
// one a day over a year.
Data even_data(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-500e3, 500e3);
    Data d;
    d.table.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        core::IncidentTable::Incident in;
        const core::UnixMs day = static_cast<core::UnixMs>(19723 + i % 365) * core::kMsPerDay;
        in.time = {day, day + core::kMsPerDay, core::TimePrecision::Day, core::ZoneKind::Utc};
        d.table.push_back(in);
        d.positions.push_back({u(rng), u(rng)});
        d.slots.push_back(static_cast<std::uint8_t>(i % 6));
    }
    d.index.build(d.positions, d.table, d.slots);
    return d;
}

// A 1280 × 800 view whose area is `share` of the data's square.
core::Camera view_showing(double share) {
    core::Camera cam;
    cam.set_viewport(1280, 800);
    cam.set_centre({0, 0});
    const double upp = std::sqrt(share * 1e6 * 1e6 / (1280.0 * 800.0));
    cam.set_zoom(std::log2(cam.world_width() / (256.0 * upp)));
    return cam;
}

// One point per ≈ 8-px cell (a level's cells are 0.71–1.41 of it), the margin included.
std::size_t screen_cells(const core::Camera& cam) {
    const double margin = 2 * (core::kMaxMarkerRadiusPx * 1.5 + 2);
    const double cell = core::SpatialIndex::kCellPx * 0.7;
    return static_cast<std::size_t>((cam.viewport_width() + margin) / cell + 1) *
           static_cast<std::size_t>((cam.viewport_height() + margin) / cell + 1);
}

std::size_t shown_in(const Data& d, const core::Camera& cam, const core::TimeWindow& w) {
    std::size_t n = 0;
    const core::MapBox v = cam.visible_box();
    for (std::size_t i = 0; i < d.positions.size(); ++i)
        if (d.positions[i].x >= v.min_x && d.positions[i].x <= v.max_x &&
            d.positions[i].y >= v.min_y && d.positions[i].y <= v.max_y &&
            w.shows(d.table.t_start[i], d.table.end_at(i), d.table.t_precision[i]))
            ++n;
    return n;
}

} // namespace

TEST(DrawPlan, A190kTableShowingTwoPercentIsBoundedByTheScreenOnLlvmpipe) {
    const Data d = even_data(190000, 1);
    const core::Camera cam = view_showing(0.02);
    const core::TimeWindow all;
    const std::size_t shown = shown_in(d, cam, all);
    ASSERT_GT(shown, 190000 * 0.015);
    ASSERT_LT(shown, 190000 * 0.025);

    std::vector<core::FramePoint> out;
    // The table is uploaded as instances (as if the GPU could afford it): still the plan.
    const core::FrameDraw f =
        core::plan_frame(d.index, d.positions.size(), cam.visible_box(), cam.units_per_px(), all,
                         -1, kLlvmpipe, DrawPath::Instanced, out);
    EXPECT_EQ(f.path, DrawPath::Plan);
    EXPECT_EQ(f.primitives, out.size());
    EXPECT_LE(f.primitives, screen_cells(cam));
    EXPECT_LE(f.primitives, shown + 2000) << "about one primitive per incident shown";
    EXPECT_GE(f.estimate.shown, shown) << "the estimate is an upper bound";
    EXPECT_LE(f.estimate.shown, 3 * shown);
    EXPECT_LT(f.estimate.plan_s, f.estimate.instanced_s);
    // Nor would llvmpipe upload the table as instances.
    EXPECT_FALSE(core::instancing_affordable(d.positions.size(), kLlvmpipe));

    // A 7-day window over the same view: fewer still.
    core::TimeWindow week;
    week.from = 19800 * core::kMsPerDay;
    week.to = 19807 * core::kMsPerDay;
    const core::FrameDraw w = core::plan_frame(d.index, d.positions.size(), cam.visible_box(),
                                               cam.units_per_px(), week, -1, kLlvmpipe,
                                               DrawPath::Plan, out);
    EXPECT_EQ(w.path, DrawPath::Plan);
    EXPECT_LE(w.primitives, shown_in(d, cam, week) + 50);
}

TEST(DrawPlan, ThePlanIsBoundedByTheScreenWhateverTheTableHolds) {
    // Everything in view: the primitive count stays under the screen's cells at 19k and 190k.
    for (std::size_t n : {19000u, 190000u}) {
        const Data d = even_data(n, 2);
        const core::Camera cam = view_showing(1.5);
        std::vector<core::FramePoint> out;
        const core::FrameDraw f =
            core::plan_frame(d.index, 0, cam.visible_box(), cam.units_per_px(), {}, -1,
                             kLlvmpipe, DrawPath::Plan, out);
        EXPECT_EQ(f.path, DrawPath::Plan);
        EXPECT_LE(f.primitives, screen_cells(cam)) << n;
        EXPECT_EQ(f.plan.shown, n) << "every incident is in a point";
    }
}

TEST(DrawPlan, AFastGpuDrawsEveryIncidentOfTheSameView) {
    const Data d = even_data(190000, 1);
    const core::Camera cam = view_showing(0.02);
    EXPECT_TRUE(core::instancing_affordable(10'000'000, kHardware));
    std::vector<core::FramePoint> out;
    const core::FrameDraw f =
        core::plan_frame(d.index, d.positions.size(), cam.visible_box(), cam.units_per_px(), {},
                         -1, kHardware, DrawPath::Plan, out);
    EXPECT_EQ(f.path, DrawPath::Instanced);
    EXPECT_EQ(f.primitives, d.positions.size());
    EXPECT_TRUE(out.empty());
}

TEST(DrawPlan, ASmallTableIsDrawnOneByOneOnLlvmpipe) {
    const Data d = even_data(2000, 3);
    const core::Camera cam = view_showing(0.5);
    EXPECT_TRUE(core::instancing_affordable(d.positions.size(), kLlvmpipe));
    std::vector<core::FramePoint> out;
    const core::FrameDraw f =
        core::plan_frame(d.index, d.positions.size(), cam.visible_box(), cam.units_per_px(), {},
                         -1, kLlvmpipe, DrawPath::Plan, out);
    EXPECT_EQ(f.path, DrawPath::Instanced);
    // Nothing uploaded as instances: the plan, whatever it costs.
    EXPECT_EQ(core::plan_frame(d.index, 0, cam.visible_box(), cam.units_per_px(), {}, -1,
                               kLlvmpipe, DrawPath::Instanced, out)
                  .path,
              DrawPath::Plan);
}

TEST(DrawPlan, ThePathChangesOnlyWhenTheOtherIsClearlyCheaper) {
    core::DrawEstimate e;
    e.instanced_s = 0.100;
    e.plan_s = 0.090; // cheaper, but within the switch ratio (and over the budget)
    EXPECT_EQ(core::choose_draw_path(e, 1000, DrawPath::Instanced), DrawPath::Instanced);
    EXPECT_EQ(core::choose_draw_path(e, 1000, DrawPath::Plan), DrawPath::Plan);
    e.plan_s = 0.050;
    EXPECT_EQ(core::choose_draw_path(e, 1000, DrawPath::Instanced), DrawPath::Plan);
    e.plan_s = 0.200;
    EXPECT_EQ(core::choose_draw_path(e, 1000, DrawPath::Plan), DrawPath::Instanced);
    // Within the budget of the plan's cost the instanced path keeps every incident's own
    // marker, also when both costs grow together (a loaded machine).
    for (double scale : {1.0, 3.0}) {
        e.instanced_s = scale * 0.0027;
        e.plan_s = scale * 0.0018;
        EXPECT_EQ(core::choose_draw_path(e, 1000, DrawPath::Plan), DrawPath::Instanced) << scale;
    }
    e.instanced_s = core::kInstancedBudgetS / 2;
    e.plan_s = 0.0001;
    EXPECT_EQ(core::choose_draw_path(e, 1000, DrawPath::Plan), DrawPath::Instanced);
}
