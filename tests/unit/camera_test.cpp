// The camera's maths, as tables of cases: zoom_at keeps the point under the cursor fixed,
// screen ⇄ map round trips, the slippy-map zoom convention, fit, pan and the clamps.

#include "core/camera.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

using incimap::core::Camera;
using incimap::core::kMaxZoom;
using incimap::core::kMinZoom;
using incimap::core::kWebMercatorWorldWidth;
using incimap::core::MapBox;
using incimap::core::MapPoint;
using incimap::core::ScreenPx;

namespace {

constexpr double kPxTolerance = 1e-6;

Camera make_camera(double world_width, double w, double h, MapPoint centre, double zoom) {
    Camera cam(world_width);
    cam.set_viewport(w, h);
    cam.set_zoom(zoom);
    cam.set_centre(centre);
    return cam;
}

std::string describe(ScreenPx a, double zoom) {
    return "anchor " + std::to_string(a.x) + "," + std::to_string(a.y) + " → zoom " +
           std::to_string(zoom);
}

} // namespace

// --- zoom_at ---------------------------------------------------------------------------------

struct ZoomAtCase {
    double world_width;
    MapPoint centre;
    double zoom;
    ScreenPx anchor;
    double new_zoom; // within 0..22: no clamping changes the result
};

// clang-format off
const std::vector<ZoomAtCase> k_zoom_at_cases{
    // Web Mercator metres: Baghdad, the origin, near the antimeridian, far south.
    {kWebMercatorWorldWidth, {4942685.58, 3940600.67}, 6.0,  {640, 400},    7.0},
    {kWebMercatorWorldWidth, {4942685.58, 3940600.67}, 6.0,  {0, 0},        9.5},
    {kWebMercatorWorldWidth, {4942685.58, 3940600.67}, 6.0,  {1279, 799},   3.25},
    {kWebMercatorWorldWidth, {4942685.58, 3940600.67}, 12.0, {100.5, 700.25}, 21.9},
    {kWebMercatorWorldWidth, {4942685.58, 3940600.67}, 21.0, {1000, 50},    22.0},
    {kWebMercatorWorldWidth, {0, 0},                   0.0,  {13, 777},     1.0},
    {kWebMercatorWorldWidth, {0, 0},                   2.0,  {640, 400},    0.0},
    {kWebMercatorWorldWidth, {19e6, -2.6e6},           4.0,  {1200, 300},   4.75},
    {kWebMercatorWorldWidth, {-8238310.2, 4970071.6},  17.0, {320, 200},    18.0},
    {kWebMercatorWorldWidth, {-8238310.2, 4970071.6},  18.0, {960, 600},    15.0},
    // Plate carrée degrees.
    {360.0,                  {44.4009, 33.3406},       5.0,  {200, 600},    8.0},
    {360.0,                  {-43.17, -22.9},          10.0, {1279, 0},     2.0},
};
// clang-format on

TEST(Camera, ZoomAtKeepsThePointUnderTheAnchorFixed) {
    for (const ZoomAtCase& c : k_zoom_at_cases) {
        SCOPED_TRACE(describe(c.anchor, c.new_zoom));
        Camera cam = make_camera(c.world_width, 1280, 800, c.centre, c.zoom);
        const MapPoint under = cam.to_map(c.anchor);
        cam.zoom_at(c.anchor, c.new_zoom);
        EXPECT_DOUBLE_EQ(cam.zoom(), c.new_zoom);
        const ScreenPx after = cam.to_screen(under);
        EXPECT_NEAR(after.x, c.anchor.x, kPxTolerance);
        EXPECT_NEAR(after.y, c.anchor.y, kPxTolerance);
    }
}

TEST(Camera, ZoomAtTheCentreKeepsTheCentre) {
    Camera cam = make_camera(kWebMercatorWorldWidth, 1280, 800, {4942685.58, 3940600.67}, 6);
    cam.zoom_at({640, 400}, 11.0);
    EXPECT_NEAR(cam.centre().x, 4942685.58, 1e-6);
    EXPECT_NEAR(cam.centre().y, 3940600.67, 1e-6);
}

TEST(Camera, ZoomAtStepsComposeAndReturn) {
    // A wheel: many small steps in and the same steps out land where they started.
    Camera cam = make_camera(kWebMercatorWorldWidth, 1280, 800, {4942685.58, 3940600.67}, 5);
    const MapPoint start = cam.centre();
    const ScreenPx anchor{333, 222};
    const MapPoint under = cam.to_map(anchor);
    for (int i = 1; i <= 40; ++i)
        cam.zoom_at(anchor, 5 + 0.25 * i);
    EXPECT_DOUBLE_EQ(cam.zoom(), 15.0);
    EXPECT_NEAR(cam.to_screen(under).x, anchor.x, kPxTolerance);
    EXPECT_NEAR(cam.to_screen(under).y, anchor.y, kPxTolerance);
    for (int i = 39; i >= 0; --i)
        cam.zoom_at(anchor, 5 + 0.25 * i);
    EXPECT_NEAR(cam.centre().x, start.x, 1e-6);
    EXPECT_NEAR(cam.centre().y, start.y, 1e-6);
}

// --- screen ⇄ map ----------------------------------------------------------------------------

TEST(Camera, ScreenMapRoundTrip) {
    for (const ZoomAtCase& c : k_zoom_at_cases) {
        const Camera cam = make_camera(c.world_width, 1280, 800, c.centre, c.zoom);
        for (const ScreenPx s : {ScreenPx{0, 0}, ScreenPx{640, 400}, ScreenPx{1279.75, 0.25},
                                 ScreenPx{-300, 1500}, c.anchor}) {
            const ScreenPx back = cam.to_screen(cam.to_map(s));
            EXPECT_NEAR(back.x, s.x, kPxTolerance);
            EXPECT_NEAR(back.y, s.y, kPxTolerance);
        }
        // The centre is the middle of the viewport; map y grows up, screen y down.
        const ScreenPx mid = cam.to_screen(cam.centre());
        EXPECT_NEAR(mid.x, 640, kPxTolerance);
        EXPECT_NEAR(mid.y, 400, kPxTolerance);
        const MapPoint up = cam.to_map({640, 300});
        EXPECT_GT(up.y, cam.centre().y);
        const MapPoint right = cam.to_map({740, 400});
        EXPECT_GT(right.x, cam.centre().x);
    }
}

TEST(Camera, WorldIs256TimesTwoToTheZoomPixelsWide) {
    for (const double world : {kWebMercatorWorldWidth, 360.0}) {
        for (const double z : {0.0, 1.0, 2.5, 6.0, 10.0, 18.0, 22.0}) {
            SCOPED_TRACE(std::to_string(world) + " z" + std::to_string(z));
            const Camera cam = make_camera(world, 1280, 800, {0, 0}, z);
            const double west = cam.to_screen({-world / 2, 0}).x;
            const double east = cam.to_screen({world / 2, 0}).x;
            EXPECT_NEAR((east - west) / (256.0 * std::exp2(z)), 1.0, 1e-12);
            EXPECT_NEAR(cam.units_per_px() * 256.0 * std::exp2(z), world, world * 1e-12);
            EXPECT_NEAR(cam.zoom_for_units_per_px(cam.units_per_px()), z, 1e-9);
            const MapBox v = cam.visible_box();
            EXPECT_NEAR(v.width() / cam.units_per_px(), 1280, 1e-6);
            EXPECT_NEAR(v.height() / cam.units_per_px(), 800, 1e-6);
        }
    }
}

// --- fit ---------------------------------------------------------------------------------------

struct FitCase {
    const char* name;
    double w, h, padding;
    MapBox box;
};

// clang-format off
const std::vector<FitCase> k_fit_cases{
    {"wide box",            1280, 800, 0,  {3784890.0, 3375646.0, 5454655.0, 4579425.0}},
    {"tall box",            1280, 800, 0,  {4.0e6, 2.0e6, 4.5e6, 6.0e6}},
    {"square viewport",     256,  256, 0,  {-1000, -500, 3000, 500}},
    {"padded",              800,  500, 48, {3784890.0, 3375646.0, 5454655.0, 4579425.0}},
    {"padded, tall",        800,  500, 20, {0, 0, 1000, 5000}},
    {"box off the origin",  1000, 1000, 0, {-8.3e6, 4.9e6, -8.2e6, 5.0e6}},
};
// clang-format on

TEST(Camera, FitCentresTheBoxAndShowsAllOfIt) {
    for (const FitCase& c : k_fit_cases) {
        SCOPED_TRACE(c.name);
        Camera cam(kWebMercatorWorldWidth);
        cam.set_viewport(c.w, c.h);
        cam.fit(c.box, c.padding);
        const double inner_w = c.w - 2 * c.padding, inner_h = c.h - 2 * c.padding;
        const double want_upp = std::max(c.box.width() / inner_w, c.box.height() / inner_h);
        EXPECT_NEAR(cam.units_per_px() / want_upp, 1.0, 1e-12);
        EXPECT_NEAR(cam.centre().x, c.box.centre().x, 1e-6);
        EXPECT_NEAR(cam.centre().y, c.box.centre().y, 1e-6);
        // Each corner is on screen, inside the padding, and one pair of sides touches it.
        const ScreenPx lo = cam.to_screen({c.box.min_x, c.box.min_y});
        const ScreenPx hi = cam.to_screen({c.box.max_x, c.box.max_y});
        EXPECT_GE(lo.x, c.padding - kPxTolerance);
        EXPECT_LE(hi.x, c.w - c.padding + kPxTolerance);
        EXPECT_GE(hi.y, c.padding - kPxTolerance);
        EXPECT_LE(lo.y, c.h - c.padding + kPxTolerance);
        const bool touches_x = std::abs(lo.x - c.padding) < 1e-6;
        const bool touches_y = std::abs(hi.y - c.padding) < 1e-6;
        EXPECT_TRUE(touches_x || touches_y);
    }
}

TEST(Camera, FitOnAPointGivesATownSizedView) {
    Camera cam(kWebMercatorWorldWidth);
    cam.fit({4942685.58, 3940600.67, 4942685.58, 3940600.67});
    EXPECT_DOUBLE_EQ(cam.zoom(), 12.0);
    EXPECT_DOUBLE_EQ(cam.centre().x, 4942685.58);
    EXPECT_DOUBLE_EQ(cam.centre().y, 3940600.67);
}

TEST(Camera, FitClampsTheZoom) {
    Camera cam(kWebMercatorWorldWidth);
    cam.set_viewport(256, 256);
    cam.fit({-4 * kWebMercatorWorldWidth, -1, 4 * kWebMercatorWorldWidth, 1});
    EXPECT_DOUBLE_EQ(cam.zoom(), kMinZoom);
    cam.fit({10, 10, 10.001, 10.001}); // a millimetre: deeper than zoom 22
    EXPECT_DOUBLE_EQ(cam.zoom(), kMaxZoom);
}

// --- pan, clamps ---------------------------------------------------------------------------

TEST(Camera, PanMovesTheContentWithThePointer) {
    // clang-format off
    const std::vector<std::pair<double, ScreenPx>> cases{
        {3.0, {10, 0}}, {3.0, {0, -25}}, {9.5, {-123.25, 77.5}}, {18.0, {1, 1}}, {0.0, {600, -400}},
    };
    // clang-format on
    for (const auto& [zoom, delta] : cases) {
        SCOPED_TRACE(describe(delta, zoom));
        Camera cam = make_camera(kWebMercatorWorldWidth, 1280, 800, {4.9e6, 3.9e6}, zoom);
        const ScreenPx grabbed{500, 300};
        const MapPoint under = cam.to_map(grabbed);
        cam.pan_by(delta);
        const ScreenPx now = cam.to_screen(under);
        EXPECT_NEAR(now.x, grabbed.x + delta.x, kPxTolerance);
        EXPECT_NEAR(now.y, grabbed.y + delta.y, kPxTolerance);
    }
}

TEST(Camera, YLimitsClampTheCentre) {
    const double half = kWebMercatorWorldWidth / 2;
    Camera cam(kWebMercatorWorldWidth);
    cam.set_viewport(1280, 800);
    cam.set_y_limits(-half, half);
    cam.set_centre({1e6, 3 * half});
    EXPECT_DOUBLE_EQ(cam.centre().y, half);
    EXPECT_DOUBLE_EQ(cam.centre().x, 1e6); // x wraps round the world: not clamped
    cam.set_centre({0, -3 * half});
    EXPECT_DOUBLE_EQ(cam.centre().y, -half);
    cam.set_centre({0, 0});
    cam.pan_by({0, 1e9}); // drag far down: the map's north comes into view, up to the edge
    EXPECT_DOUBLE_EQ(cam.centre().y, half);
    cam.pan_by({0, -1e9});
    EXPECT_DOUBLE_EQ(cam.centre().y, -half);
    cam.set_centre({0, half - 10});
    cam.zoom_at({640, 800}, 0.0); // zooming out about the bottom edge pushes the centre north
    EXPECT_DOUBLE_EQ(cam.centre().y, half);
    // Setting limits after the fact clamps at once; equal limits mean none.
    cam.set_y_limits(-90, 90);
    EXPECT_DOUBLE_EQ(cam.centre().y, 90);
    cam.set_y_limits(0, 0);
    cam.set_centre({0, 1e12});
    EXPECT_DOUBLE_EQ(cam.centre().y, 1e12);
}

TEST(Camera, ZoomIsClampedToZeroAndTwentyTwo) {
    // clang-format off
    const std::vector<std::pair<double, double>> cases{
        {-5, kMinZoom}, {-0.001, kMinZoom}, {0, 0}, {11.5, 11.5}, {22, 22}, {22.5, kMaxZoom},
        {1e9, kMaxZoom}, {-INFINITY, kMinZoom}, {INFINITY, kMaxZoom},
    };
    // clang-format on
    for (const auto& [asked, got] : cases) {
        SCOPED_TRACE(asked);
        Camera cam(kWebMercatorWorldWidth);
        cam.set_zoom(asked);
        EXPECT_DOUBLE_EQ(cam.zoom(), got);
        Camera anchored(kWebMercatorWorldWidth);
        anchored.zoom_at({100, 100}, asked);
        EXPECT_DOUBLE_EQ(anchored.zoom(), got);
    }
}

TEST(Camera, ViewportIsAtLeastOnePixel) {
    Camera cam;
    cam.set_viewport(0, -10);
    EXPECT_DOUBLE_EQ(cam.viewport_width(), 1.0);
    EXPECT_DOUBLE_EQ(cam.viewport_height(), 1.0);
}
