// HiDPI (issue 20): at a content scale of 2 the map's markers are twice as wide (about four
// times the pixels) as at 1, centred at the same place; place labels and cluster badges are
// twice as wide and tall, in the font baked at twice the size.

#include "gl_support.hpp"

#include <algorithm>
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

struct Box {
    int min_x = 1 << 30, min_y = 1 << 30, max_x = -1, max_y = -1;
    int width() const { return max_x - min_x + 1; }
    int height() const { return max_y - min_y + 1; }
};

// The bounding box of the pixels within `tolerance` of `colour`.
Box colour_box(const render::Image& image, core::Rgba8 colour, int tolerance) {
    Box b;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            if (std::abs(p[0] - colour.r) <= tolerance && std::abs(p[1] - colour.g) <= tolerance &&
                std::abs(p[2] - colour.b) <= tolerance) {
                b.min_x = std::min(b.min_x, x);
                b.max_x = std::max(b.max_x, x);
                b.min_y = std::min(b.min_y, y);
                b.max_y = std::max(b.max_y, y);
            }
        }
    return b;
}

// Pixels of `b` with a channel more than 2 off `a`'s (the disc is near the land's colour).
std::size_t changed(const render::Image& a, const render::Image& b) {
    std::size_t n = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const std::uint8_t *p = a.pixel(x, y), *q = b.pixel(x, y);
            n +=
                std::abs(p[0] - q[0]) > 2 || std::abs(p[1] - q[1]) > 2 || std::abs(p[2] - q[2]) > 2;
        }
    return n;
}

// The bounding box of the dark pixels (all channels under 128) within `radius` px of `centre`
// (inside a badge's disc: its dark ring left out).
Box dark_box(const render::Image& image, core::ScreenPx centre, int radius) {
    const int half = radius;
    Box b;
    const int cx = static_cast<int>(centre.x), cy = static_cast<int>(centre.y);
    for (int y = cy - half; y <= cy + half; ++y)
        for (int x = cx - half; x <= cx + half; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            const int dx = x - cx, dy = y - cy;
            if (dx * dx + dy * dy <= radius * radius && p[0] < 128 && p[1] < 128 && p[2] < 128) {
                b.min_x = std::min(b.min_x, x);
                b.max_x = std::max(b.max_x, x);
                b.min_y = std::min(b.min_y, y);
                b.max_y = std::max(b.max_y, y);
            }
        }
    return b;
}

double ratio(int two, int one) {
    return static_cast<double>(two) / static_cast<double>(one);
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

TEST_F(HidpiGl, LabelsAndBadgesScaleWithTheContentScale) {
    OffscreenMap map(2 * kSizePx, kSizePx);
    ASSERT_TRUE(map.init());
    const core::LonLat at{44.4009, 33.3406};
    ASSERT_TRUE(map.add_file(test::write_geojson("hidpi_labels", {})));
    const core::Camera cam = map.camera(at, 6);
    map.draw(cam); // syncs the scene once: the places set below stay
    // A colour nothing else on the map has, so that the name's glyphs are found alone.
    const core::Rgba8 ink{200, 0, 200, 255};
    map.renderer().style().place_text = ink;
    map.renderer().set_places({{map.projection().forward(at), "Baghdad", 7e6}});
    const Box n1 = colour_box(map.draw(cam, {}, true), ink, 60);
    map.renderer().set_ui_scale(2);
    const Box n2 = colour_box(map.draw(cam, {}, true), ink, 60);
    ASSERT_GT(n1.width(), 20) << "no place name drawn at scale 1";
    ASSERT_GT(n2.width(), 0) << "no place name drawn at scale 2";
    EXPECT_NEAR(ratio(n2.width(), n1.width()), 2.0, 0.2)
        << n1.width() << " px wide at scale 1, " << n2.width() << " at 2";
    // The name starts right of the dot: 6 px at 1, 12 at 2 (the dot stays on the place).
    const double x = map.predict(cam, at).x;
    EXPECT_NEAR(n2.min_x - x, 2 * (n1.min_x - x), 3);

    // A cluster badge: a disc four times the area (the pixels it changes), its count (the
    // dark pixels well inside the disc) twice as tall.
    map.renderer().set_places({});
    const core::ScreenPx at_badge{100, 100};
    const render::Image none = map.draw(cam);
    map.renderer().set_clusters({{at_badge, 7}});
    map.renderer().set_ui_scale(1);
    const render::Image b1 = map.draw(cam);
    map.renderer().set_ui_scale(2);
    const render::Image b2 = map.draw(cam);
    const std::size_t a1 = changed(none, b1), a2 = changed(none, b2);
    ASSERT_GT(a1, 150u) << "no badge drawn at scale 1";
    EXPECT_NEAR(ratio(static_cast<int>(a2), static_cast<int>(a1)), 4.0, 0.8)
        << a1 << " badge pixels at scale 1, " << a2 << " at 2";
    const Box d1 = dark_box(b1, at_badge, 6), d2 = dark_box(b2, at_badge, 12); // r 9, 18
    ASSERT_GT(d1.height(), 4) << "no count in the badge at scale 1";
    EXPECT_NEAR(ratio(d2.height(), d1.height()), 2.0, 0.35)
        << "the count is " << d1.height() << " px tall at scale 1, " << d2.height() << " at 2";
}
