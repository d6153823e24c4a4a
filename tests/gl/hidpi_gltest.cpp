// HiDPI (issue 20): at a content scale of 2 the map's markers are twice as wide (about four
// times the pixels) as at 1, centred at the same place.

#include "gl_support.hpp"

#include <cmath>

using namespace incimap;
using test::OffscreenMap;

namespace {

constexpr int kSizePx = 200;

// Pixels within `tolerance` of `colour` in the whole image.
std::size_t count_colour(const render::Image& image, core::Rgba8 colour, int tolerance = 3) {
    std::size_t n = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            n += std::abs(p[0] - colour.r) <= tolerance && std::abs(p[1] - colour.g) <= tolerance &&
                 std::abs(p[2] - colour.b) <= tolerance;
        }
    return n;
}

} // namespace

class HidpiGl : public test::GlTest {};

TEST_F(HidpiGl, MarkersScaleWithTheContentScale) {
    OffscreenMap map(kSizePx, kSizePx);
    ASSERT_TRUE(map.init());
    const core::LonLat at{44.4009, 33.3406};
    ASSERT_TRUE(map.add_file(test::write_geojson("hidpi", {{at, "Airstrike", "2024-01-04"}})));
    const core::Camera cam = map.camera(at, 6);
    const core::Rgba8 marker = core::kCategoryPalette[0];

    const render::Image one = map.draw(cam);
    map.renderer().set_ui_scale(2);
    const render::Image two = map.draw(cam);
    const std::size_t n1 = count_colour(one, marker), n2 = count_colour(two, marker);
    ASSERT_GT(n1, 10u);
    EXPECT_NEAR(static_cast<double>(n2) / static_cast<double>(n1), 4.5, 1.5) // ring included
        << n1 << " marker pixels at scale 1, " << n2 << " at 2";
    const auto c1 = test::colour_centroid(one, map.predict(cam, at), marker, 30);
    const auto c2 = test::colour_centroid(two, map.predict(cam, at), marker, 30);
    ASSERT_TRUE(c1 && c2);
    EXPECT_NEAR(c1->x, c2->x, 0.5);
    EXPECT_NEAR(c1->y, c2->y, 0.5);

}
