// scene::fill_polygons, the window's polygon fills on a worker: the worker's cancel flag stops
// GEOS inside a repair (through geo::RepairBudget::cancel and GEOS's interrupt), so closing
// the window or changing the layers does not wait for the repair's budget.

#include "scene/shape_fills.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

namespace {

using incimap::geo::ProjectedPolygon;
using Clock = std::chrono::steady_clock;

// A star {n/k}: ~n²/4 self-crossings; GEOS's repair would take minutes.
ProjectedPolygon star(int n) {
    ProjectedPolygon p;
    p.rings.emplace_back();
    const int k = (n - 1) / 2;
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * M_PI * static_cast<double>((static_cast<long long>(i % n) * k) % n) / n;
        p.rings[0].push_back({std::cos(a), std::sin(a)});
    }
    return p;
}

} // namespace

TEST(ShapeFills, CancelStopsARepairInsideGeos) {
    const std::vector<ProjectedPolygon> polygons{star(2001)};
    std::atomic<bool> cancel{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel = true;
    });
    const auto t0 = Clock::now();
    const incimap::scene::ShapeFills fills = incimap::scene::fill_polygons(polygons, &cancel);
    const auto took = Clock::now() - t0;
    canceller.join();
    EXPECT_LT(took, std::chrono::milliseconds(500))
        << "the repair ran to its 1 s budget: "
        << std::chrono::duration<double>(took).count() << " s";
    EXPECT_TRUE(fills.triangles.empty());
}

TEST(ShapeFills, CancelledBeforeItStartsNothingIsFilled) {
    ProjectedPolygon square{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}};
    std::atomic<bool> cancel{false};
    EXPECT_EQ(incimap::scene::fill_polygons({square}, &cancel).triangles.size(), 6u);
    cancel = true;
    EXPECT_TRUE(incimap::scene::fill_polygons({square}, &cancel).triangles.empty());
}
