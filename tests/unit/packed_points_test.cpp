// core::PackedPoints (issue 14: memory): 8 bytes a point, each back within half a step of
// where it was (2^-33 of the bounding square's side), points that are not finite back as NaN,
// and a square of no size (one point, or all on one spot) exact.

#include "core/packed_points.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using incimap::core::MapPoint;
using incimap::core::PackedPoints;

TEST(PackedPoints, EveryPointWithinHalfAStepOverTheWholeWorld) {
    std::mt19937_64 rng(3);
    const double half_world = 20037508.342789244; // web mercator
    std::uniform_real_distribution<double> u(-half_world, half_world);
    std::vector<MapPoint> points(100000);
    for (MapPoint& p : points)
        p = {u(rng), u(rng)};
    points[7] = {-half_world, half_world}; // the corners
    points[8] = {half_world, -half_world};
    const PackedPoints packed(points);
    ASSERT_EQ(packed.size(), points.size());
    EXPECT_EQ(packed.bytes(), points.size() * 8);
    EXPECT_LT(packed.step(), 0.01); // under a centimetre between values
    for (std::size_t i = 0; i < points.size(); ++i) {
        ASSERT_NEAR(packed[i].x, points[i].x, packed.step() / 2 * (1 + 1e-6)) << i;
        ASSERT_NEAR(packed[i].y, points[i].y, packed.step() / 2 * (1 + 1e-6)) << i;
    }
}

TEST(PackedPoints, PointsThatAreNotFiniteComeBackAsNaN) {
    const double inf = INFINITY;
    const std::vector<MapPoint> points = {{NAN, 1}, {10, 20}, {1, inf}, {-5, 7}, {NAN, NAN}};
    const PackedPoints packed(points);
    for (const std::size_t i : {0, 2, 4}) {
        EXPECT_TRUE(std::isnan(packed[i].x)) << i;
        EXPECT_TRUE(std::isnan(packed[i].y)) << i;
    }
    // The square is the finite points' only: the largest value in both halves marks "none",
    // and the far corner does not take it.
    EXPECT_NEAR(packed[1].x, 10, packed.step());
    EXPECT_NEAR(packed[1].y, 20, packed.step());
    EXPECT_NEAR(packed[3].x, -5, packed.step());
    EXPECT_NEAR(packed[3].y, 7, packed.step());
}

TEST(PackedPoints, OneSpotAndNothing) {
    const PackedPoints one(std::vector<MapPoint>{{1234.5, -99.25}, {1234.5, -99.25}});
    EXPECT_EQ(one[0].x, 1234.5);
    EXPECT_EQ(one[1].y, -99.25);
    const PackedPoints none(std::vector<MapPoint>{{NAN, NAN}});
    EXPECT_TRUE(std::isnan(none[0].x));
    PackedPoints empty;
    EXPECT_TRUE(empty.empty());
    empty.assign({});
    EXPECT_EQ(empty.size(), 0u);
}
