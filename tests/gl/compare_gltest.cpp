// Compare two periods (issue 17): the incidents of window B are drawn as open rings in their
// category colour where the projection puts them, under the filled discs of the main window
// (A); without a window B they are not drawn at all.

#include "gl_support.hpp"

#include <array>
#include <string>

using namespace incimap;
using test::OffscreenMap;

namespace {

constexpr int kSizePx = 256;
const core::Rgba8 k_colour = core::kCategoryPalette[0];

// How many of the four directions around `at` have a pixel of `colour` between 2 and 12 px out.
int ring_sides(const render::Image& image, core::ScreenPx at, core::Rgba8 colour) {
    constexpr std::array<std::array<double, 2>, 4> kDirections{{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}};
    int sides = 0;
    for (const auto& d : kDirections)
        for (double r = 2; r <= 12; r += 0.5)
            if (test::pixel_near(image, {at.x + d[0] * r, at.y + d[1] * r}, colour, 12)) {
                ++sides;
                break;
            }
    return sides;
}

} // namespace

class CompareGl : public test::GlTest {};

TEST_F(CompareGl, WindowBIsDrawnAsOpenRingsUnderTheFilledWindowA) {
    const core::LonLat in_a{44.40, 33.34}, in_b{43.78, 33.35}; // Baghdad, Fallujah
    for (const char* crs : {"EPSG:3857", "EPSG:4326", "EPSG:32638"}) {
        SCOPED_TRACE(crs);
        OffscreenMap map(kSizePx, kSizePx);
        ASSERT_TRUE(map.init(crs));
        ASSERT_TRUE(map.add_file(test::write_geojson(
            std::string("compare_") + (crs + 5), {{in_a, "Airstrike", "2024-01-10T00:00:00Z"},
                                                 {in_b, "Airstrike", "2024-01-03T00:00:00Z"}})));
        const core::Camera cam = map.camera({44.09, 33.345}, 8);
        render::TimeWindow a;
        a.from = test::iso("2024-01-08");
        a.to = test::iso("2024-01-15");
        render::TimeWindow b;
        b.from = test::iso("2024-01-01");
        b.to = test::iso("2024-01-08");
        const core::ScreenPx pa = map.predict(cam, in_a), pb = map.predict(cam, in_b);
        ASSERT_GT(pb.x, 10);
        ASSERT_LT(pa.x, kSizePx - 10);

        // One window: B's incident is not drawn.
        const render::Image one = map.draw(cam, a);
        EXPECT_TRUE(test::pixel_near(one, pa, k_colour));
        EXPECT_EQ(ring_sides(one, pb, k_colour), 0);

        // Compare: A filled where it was, B an open ring (its centre not filled) at its place.
        map.renderer().set_compare(b);
        const render::Image both = map.draw(cam, a);
        EXPECT_TRUE(test::pixel_near(both, pa, k_colour)) << "A stays a filled disc";
        EXPECT_FALSE(test::pixel_near(both, pb, k_colour, 40)) << "B's centre is open";
        EXPECT_EQ(ring_sides(both, pb, k_colour), 4) << "B's ring surrounds its place";
        map.renderer().set_compare(std::nullopt);
    }
}
