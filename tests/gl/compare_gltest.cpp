// Issue 17 on the map. Compare two periods: the incidents of window B are drawn as open rings
// in their category colour where the projection puts them, under the filled discs of the main
// window (A); without a window B they are not drawn at all. Range rings: geodesic circles
// drawn where the projection puts their points, in every projection.

#include "geo/geodesy.hpp"
#include "gl_support.hpp"

#include <cmath>

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
            // 50: a ring pixel the antialiasing shares with the land beneath still counts.
            if (test::pixel_near(image, {at.x + d[0] * r, at.y + d[1] * r}, colour, 50)) {
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

namespace {

// A measuring-red pixel (the renderer's 0.80, 0.08, 0.08, partly covered or not) within
// `radius_px` of `at`.
bool red_near(const render::Image& image, core::ScreenPx at, int radius_px = 2) {
    for (int dy = -radius_px; dy <= radius_px; ++dy)
        for (int dx = -radius_px; dx <= radius_px; ++dx) {
            const int x = static_cast<int>(std::floor(at.x)) + dx;
            const int y = static_cast<int>(std::floor(at.y)) + dy;
            if (x < 0 || y < 0 || x >= image.width || y >= image.height)
                continue;
            const std::uint8_t* p = image.pixel(x, y);
            // Red over land or water, also where the antialiasing covers half the pixel.
            if (p[0] - p[1] > 60 && p[0] - p[2] > 60)
                return true;
        }
    return false;
}

} // namespace

TEST_F(CompareGl, RangeRingsAreGeodesicCirclesInEveryProjection) {
    const core::LonLat centre{42.44, 33.79}; // Ain al-Asad
    for (const char* crs : {"EPSG:3857", "EPSG:4326", "EPSG:32638"}) {
        SCOPED_TRACE(crs);
        OffscreenMap map(kSizePx, kSizePx);
        ASSERT_TRUE(map.init(crs));
        const core::Camera cam = map.camera(centre, 4.5);
        std::vector<core::MapPoint> segments;
        for (const double r : {100e3, 300e3}) {
            auto ring = geo::geodesic_circle(centre, r, 256);
            ring.push_back(ring.front());
            geo::append_segments(
                std::span<const core::LonLat>(ring),
                [&map](core::LonLat ll) { return map.projection().forward(ll); },
                cam.world_width(), segments);
        }
        map.renderer().set_measure(segments);
        const render::Image image = map.draw(cam);
        for (const double r : {100e3, 300e3})
            for (const double azimuth : {0.0, 60.0, 135.0, 250.0}) {
                const core::ScreenPx at =
                    map.predict(cam, geo::geodesic_direct(centre, azimuth, r));
                EXPECT_TRUE(red_near(image, at)) << r << " m at " << azimuth << "°";
            }
        // Inside the small ring, half way to it: no line there.
        EXPECT_FALSE(red_near(image, map.predict(cam, geo::geodesic_direct(centre, 30, 50e3)), 1));
        map.renderer().set_measure({});
    }
}
