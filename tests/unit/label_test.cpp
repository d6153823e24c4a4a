// Small pure functions the map's look depends on: greedy label placement and the population
// threshold per zoom, the category palette and marker sizes, and the shader log rewriting
// that turns a driver's "0:12(5)" into "points.vert:12". Tables of cases, no GL context.

#include "core/label_placement.hpp"
#include "core/palette.hpp"
#include "render/shader_program.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace incimap::core;
using incimap::render::annotate_shader_log;

// --- place_labels ----------------------------------------------------------------------------

struct PlaceCase {
    const char* name;
    std::vector<LabelBox> candidates; // in priority order
    std::size_t max_labels;
    std::vector<std::size_t> kept;
};

namespace {
const LabelBox k_viewport{0, 0, 256, 256};
} // namespace

// clang-format off
const std::vector<PlaceCase> k_place_cases{
    {"none", {}, 10, {}},
    {"one inside", {{10, 10, 50, 20}}, 10, {0}},
    {"disjoint all kept in order", {{10, 10, 50, 20}, {60, 10, 100, 20}, {10, 30, 50, 40}}, 10,
     {0, 1, 2}},
    {"overlap: the earlier wins", {{10, 10, 50, 20}, {40, 15, 80, 25}, {100, 100, 120, 110}}, 10,
     {0, 2}},
    {"a dropped box blocks nothing", {{10, 10, 50, 20}, {45, 10, 90, 20}, {85, 10, 120, 20}}, 10,
     {0, 2}},
    {"touching edges do not overlap", {{10, 10, 50, 20}, {50, 10, 90, 20}, {10, 20, 50, 30}}, 10,
     {0, 1, 2}},
    {"contained box dropped", {{10, 10, 100, 60}, {20, 20, 30, 30}}, 10, {0}},
    {"outside the viewport dropped", {{-5, 10, 40, 20}, {10, 250, 40, 260}, {230, 10, 257, 20},
                                      {10, -1, 20, 5}, {100, 100, 140, 110}}, 10, {4}},
    {"clipped box does not block", {{240, 100, 300, 110}, {200, 100, 250, 110}}, 10, {1}},
    {"exactly the viewport", {{0, 0, 256, 256}, {1, 1, 2, 2}}, 10, {0}},
    {"at most max_labels", {{0, 0, 10, 10}, {20, 0, 30, 10}, {40, 0, 50, 10}, {60, 0, 70, 10}}, 2,
     {0, 1}},
    {"max_labels counts kept, not seen", {{0, 0, 10, 10}, {5, 5, 15, 15}, {40, 0, 50, 10}}, 2,
     {0, 2}},
    {"zero labels allowed", {{0, 0, 10, 10}}, 0, {}},
};
// clang-format on

TEST(LabelPlacement, KeepsNonOverlappingBoxesInPriorityOrder) {
    for (const PlaceCase& c : k_place_cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(place_labels(c.candidates, k_viewport, c.max_labels), c.kept);
    }
}

TEST(LabelPlacement, KeptBoxesNeverOverlapOnADenseGrid) {
    std::vector<LabelBox> candidates;
    for (int i = 0; i < 400; ++i) {
        const double x = (i * 37) % 251, y = (i * 53) % 247;
        candidates.push_back({x, y, x + 30 + i % 7, y + 11});
    }
    const auto kept = place_labels(candidates, k_viewport, 1000);
    ASSERT_FALSE(kept.empty());
    for (std::size_t a = 0; a < kept.size(); ++a) {
        EXPECT_TRUE(candidates[kept[a]].inside(k_viewport));
        if (a > 0) {
            EXPECT_LT(kept[a - 1], kept[a]);
        }
        for (std::size_t b = a + 1; b < kept.size(); ++b)
            EXPECT_FALSE(candidates[kept[a]].overlaps(candidates[kept[b]])) << a << " " << b;
    }
}

TEST(LabelPlacement, MinPopulationDecreasesWithZoom) {
    double previous = std::numeric_limits<double>::infinity();
    int drops = 0;
    for (double z = 0; z <= 22.0; z += 0.25) {
        const double p = min_population_for_zoom(z);
        EXPECT_LE(p, previous) << "zoom " << z;
        EXPECT_GE(p, 0.0);
        drops += p < previous;
        previous = p;
    }
    // More places step by step, not all at once; the largest cities only on a world map, every
    // place at street level.
    EXPECT_GE(drops, 5);
    EXPECT_GE(min_population_for_zoom(0), 1e6);
    EXPECT_DOUBLE_EQ(min_population_for_zoom(12), 0.0);
}

// --- palette -----------------------------------------------------------------------------------

struct SlotCase {
    const char* name;
    std::vector<std::size_t> counts;
    std::vector<std::uint8_t> slots;
};

// clang-format off
const std::vector<SlotCase> k_slot_cases{
    {"empty", {}, {}},
    {"one", {7}, {0}},
    {"by descending count", {5, 20, 1, 9}, {2, 0, 3, 1}},
    {"ties keep dictionary order", {5, 20, 1, 20}, {2, 0, 3, 1}},
    {"zero counts still get slots", {0, 0, 3}, {1, 2, 0}},
    {"eight fit the palette", {1, 2, 3, 4, 5, 6, 7, 8}, {7, 6, 5, 4, 3, 2, 1, 0}},
    {"beyond eight: the rarest share grey", {10, 1, 9, 8, 7, 6, 5, 4, 3, 2},
     {0, kOtherSlot, 1, 2, 3, 4, 5, 6, 7, kOtherSlot}},
    {"many equal: dictionary order decides", {1, 1, 1, 1, 1, 1, 1, 1, 1},
     {0, 1, 2, 3, 4, 5, 6, 7, kOtherSlot}},
};
// clang-format on

TEST(Palette, SlotsByFrequencyOverflowToOther) {
    for (const SlotCase& c : k_slot_cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(palette_slots(c.counts), c.slots);
    }
}

TEST(Palette, SlotColours) {
    for (std::uint8_t s = 0; s < kCategoryPalette.size(); ++s)
        EXPECT_EQ(slot_colour(s), kCategoryPalette[s]) << int(s);
    EXPECT_EQ(slot_colour(kOtherSlot), kOtherCategory);
    EXPECT_EQ(slot_colour(kNoneSlot), kNoCategoryColour);
    EXPECT_NE(kOtherCategory, kNoCategoryColour);
    // The slots fit the 4 bits the renderer packs them into.
    EXPECT_LT(kOtherSlot, 16);
    EXPECT_LT(kNoneSlot, 16);
    EXPECT_NE(kOtherSlot, kNoneSlot);
}

struct RadiusCase {
    float value;
    float radius_px;
};

TEST(Palette, MarkerRadius) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    // clang-format off
    const std::vector<RadiusCase> cases{
        {nan, kMinMarkerRadiusPx}, {0.0f, kMinMarkerRadiusPx}, {-4.0f, kMinMarkerRadiusPx},
        {-inf, kMinMarkerRadiusPx}, {1.0f, kMinMarkerRadiusPx},   // 3 px: below the minimum
        {2.25f, 4.5f}, {4.0f, 6.0f}, {9.0f, 9.0f}, {16.0f, 12.0f}, {25.0f, 15.0f},
        {36.0f, kMaxMarkerRadiusPx}, {37.0f, kMaxMarkerRadiusPx}, {1e6f, kMaxMarkerRadiusPx},
        {inf, kMaxMarkerRadiusPx},
    };
    // clang-format on
    for (const RadiusCase& c : cases) {
        SCOPED_TRACE(c.value);
        EXPECT_FLOAT_EQ(marker_radius_px(c.value), c.radius_px);
    }
    // Inside the range the area is proportional to the value.
    for (const float v : {2.5f, 4.0f, 5.0f, 7.5f, 8.5f}) {
        const float r1 = marker_radius_px(v), r2 = marker_radius_px(4 * v);
        ASSERT_LT(r2, kMaxMarkerRadiusPx);
        EXPECT_NEAR((r2 * r2) / (r1 * r1), 4.0f, 1e-4f) << v;
    }
}

// --- annotate_shader_log -----------------------------------------------------------------------

struct LogCase {
    const char* name;
    std::string log;
    std::string annotated;
};

// clang-format off
const std::vector<LogCase> k_log_cases{
    {"Mesa", "0:12(5): error: `foo' undeclared\n", "points.vert:12: error: `foo' undeclared"},
    {"Mesa, no column", "0:3: error: syntax error", "points.vert:3: error: syntax error"},
    {"Mesa, several lines",
     "0:12(5): error: `foo' undeclared\n0:40(10): warning: unused\n",
     "points.vert:12: error: `foo' undeclared\npoints.vert:40: warning: unused"},
    {"NVIDIA", "0(12) : error C1008: undefined variable \"foo\"",
     "points.vert:12: error C1008: undefined variable \"foo\""},
    {"no line number", "error: linking with uncompiled shader", "points.vert: error: linking with "
     "uncompiled shader"},
    {"not string 0", "1:7(2): error: x", "points.vert: 1:7(2): error: x"},
    {"blank lines dropped", "\n\n0:2(1): error: x\n\n", "points.vert:2: error: x"},
    {"empty", "", ""},
};
// clang-format on

TEST(ShaderLog, AnnotatesFileAndLine) {
    for (const LogCase& c : k_log_cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(annotate_shader_log("points.vert", c.log), c.annotated);
    }
}
