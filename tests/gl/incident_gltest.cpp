// Incidents on the map: each is drawn where the projection and the camera say, in its
// category's colour, in every projection and deep into the zoom range (where positions only
// stay exact because the shader gets them split into high and low floats); the time window
// decides what is drawn, and moving it uploads nothing.

#include "gl_support.hpp"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

using namespace incimap;
using test::OffscreenMap;
using test::TestIncident;

namespace {

constexpr int kSizePx = 256;
const core::Rgba8 k_first_colour = core::kCategoryPalette[0]; // the most frequent category
const core::Rgba8 k_second_colour = core::kCategoryPalette[1];

// A camera on `at` moved so that `at` lands `offset` pixels from the image's centre, with the
// centre rounded to a float: the shader then has nothing to lose on the camera, and whatever
// the incident's own low part carries has to survive the trip.
core::Camera camera_near(const OffscreenMap& map, core::LonLat at, double zoom,
                         core::ScreenPx offset) {
    core::Camera cam = map.camera(at, zoom);
    const core::MapPoint p = map.projection().forward(at);
    const double upp = cam.units_per_px();
    cam.set_centre(
        {static_cast<float>(p.x - offset.x * upp), static_cast<float>(p.y + offset.y * upp)});
    return cam;
}

double distance(core::ScreenPx a, core::ScreenPx b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

} // namespace

class IncidentGl : public test::GlTest {};

struct PlacementCase {
    const char* name;
    const char* crs;
    core::LonLat at;
    double zoom;
    core::ScreenPx offset; // from the image centre
};

// clang-format off
const std::vector<PlacementCase> k_placement_cases{
    {"web_mercator_z5",   "EPSG:3857",  {44.4009, 33.3406},           5.0,  {0, 0}},
    {"web_mercator_off",  "EPSG:3857",  {44.4009, 33.3406},           7.5,  {-61.3, 42.8}},
    {"plate_carree",      "EPSG:4326",  {44.4009, 33.3406},           5.0,  {37.3, -21.7}},
    {"utm38n",            "EPSG:32638", {44.4009, 33.3406},           5.0,  {-25.6, 18.2}},
    {"rio",               "EPSG:3857",  {-43.1729, -22.9068},         6.0,  {50.2, 50.7}},
    {"web_mercator_z18",  "EPSG:3857",  {44.40091234, 33.34061234},   18.0, {23.4, -31.9}},
    {"plate_carree_z20",  "EPSG:4326",  {44.40091234, 33.34061234},   20.0, {-40.2, 11.1}},
    {"utm38n_z20",        "EPSG:32638", {44.40091234, 33.34061234},   20.0, {17.7, 33.3}},
};
// clang-format on

TEST_F(IncidentGl, DrawnWhereTheProjectionPutsItInItsCategoryColour) {
    for (const PlacementCase& c : k_placement_cases) {
        SCOPED_TRACE(c.name);
        OffscreenMap map(kSizePx, kSizePx);
        ASSERT_TRUE(map.init(c.crs));
        ASSERT_TRUE(map.add_file(
            test::write_geojson(c.name, {{c.at, "Airstrike", "2024-01-04T10:00:00Z"}})));
        const core::Camera cam = camera_near(map, c.at, c.zoom, c.offset);
        const render::Image image = map.draw(cam);
        const core::ScreenPx want = map.predict(cam, c.at);
        // The camera is where we meant (up to the float rounding of its centre).
        ASSERT_NEAR(want.x, kSizePx / 2.0 + c.offset.x, 2.0);
        ASSERT_NEAR(want.y, kSizePx / 2.0 + c.offset.y, 2.0);
        EXPECT_TRUE(test::pixel_near(image, want, k_first_colour));
        // The filled disc is centred where the projection says, to a fraction of a pixel.
        const auto centre = test::colour_centroid(image, want, k_first_colour);
        ASSERT_TRUE(centre.has_value());
        EXPECT_LT(distance(*centre, want), 0.5) << "disc centre " << centre->x << "," << centre->y
                                                << " expected " << want.x << "," << want.y;
    }
}

TEST_F(IncidentGl, HighLowSplitKeepsSubMetreOffsetsAtZoom20) {
    // Near Baghdad, Web Mercator metres (~4.9e6, ~3.9e6) have a float spacing of 0.5 m and
    // 0.25 m: 3.4 and 1.7 px at zoom 20. The first incident sits half a spacing off the float
    // grid on both axes (the worst case for a float-only shader, ~1.9 px off); the second is
    // 1 m east of it on the ground (1.2 Mercator metres at 33°N, 8 px). Both must be drawn
    // where they belong, not snapped to the float grid.
    constexpr double kR = 6378137.0, kDeg = 180 / std::numbers::pi;
    const core::MapPoint near_baghdad{4942685.58, 3940600.67};
    auto off_grid = [](double v) {
        const auto f = static_cast<float>(v);
        return static_cast<double>(f) + (std::nextafter(f, INFINITY) - f) / 2.0;
    };
    const core::MapPoint pw{off_grid(near_baghdad.x), off_grid(near_baghdad.y)};
    // Spherical Mercator inverted in closed form.
    const core::LonLat west{pw.x / kR * kDeg,
                            (2 * std::atan(std::exp(pw.y / kR)) - std::numbers::pi / 2) * kDeg};
    const double cos_lat = std::cos(west.lat / kDeg);
    const core::LonLat east{west.lon + 1.0 / (kR * cos_lat) * kDeg, west.lat};
    OffscreenMap map(kSizePx, kSizePx);
    ASSERT_TRUE(map.init("EPSG:3857"));
    // "Airstrike" is interned first: with equal counts it keeps palette slot 0.
    ASSERT_TRUE(map.add_file(test::write_geojson(
        "split", {{west, "Airstrike", "2024-01-04"}, {east, "Drone attack", "2024-01-04"}})));
    const core::MapPoint projected = map.projection().forward(west);
    ASSERT_NEAR(projected.x, pw.x, 1e-6);
    ASSERT_NEAR(projected.y, pw.y, 1e-6);
    const double upp20 = map.camera(west, 20).units_per_px();
    const double float_error_px =
        std::hypot(pw.x - static_cast<float>(pw.x), pw.y - static_cast<float>(pw.y)) / upp20;
    ASSERT_GT(float_error_px, 1.5); // the case is only worth something when floats would miss

    const core::Camera cam = camera_near(map, west, 20.0, {-4.3, 2.7});
    const render::Image image = map.draw(cam);
    const core::ScreenPx want_w = map.predict(cam, west), want_e = map.predict(cam, east);
    EXPECT_NEAR(want_e.x - want_w.x, 1.0 / cos_lat / upp20, 1e-6);
    EXPECT_NEAR(want_e.y, want_w.y, 1e-6);
    EXPECT_TRUE(test::pixel_near(image, want_w, k_first_colour));
    EXPECT_TRUE(test::pixel_near(image, want_e, k_second_colour));
    const auto got_w = test::colour_centroid(image, want_w, k_first_colour, 4);
    const auto got_e = test::colour_centroid(image, want_e, k_second_colour, 4);
    ASSERT_TRUE(got_w && got_e);
    EXPECT_LT(distance(*got_w, want_w), 0.5) << "drawn at " << got_w->x << "," << got_w->y
                                             << ", expected " << want_w.x << "," << want_w.y;
    EXPECT_LT(distance(*got_e, want_e), 0.5) << "drawn at " << got_e->x << "," << got_e->y
                                             << ", expected " << want_e.x << "," << want_e.y;
    EXPECT_NEAR(got_e->x - got_w->x, want_e.x - want_w.x, 0.5);
}

// --- the time window ---------------------------------------------------------------------------

struct WindowCase {
    const char* name;
    const char* from;
    const char* to;
    render::TimeMode mode;
    bool show_undated;
    bool month_drawn;   // the incident dated "2024-01": [2024-01-01, 2024-02-01)
    bool undated_drawn; // the one without a date
};

// clang-format off
const std::vector<WindowCase> k_window_cases{
    {"inside the month",           "2024-01-20", "2024-01-21", render::TimeMode::Window, true, true, true},
    {"the whole month",            "2024-01-01", "2024-02-01", render::TimeMode::Window, true, true, true},
    {"ends as the month starts",   "2023-12-31", "2024-01-01", render::TimeMode::Window, true, false, true},
    {"a millisecond of overlap",   "2023-12-31", "2024-01-01T00:00:00.001Z", render::TimeMode::Window, true, true, true},
    {"the month's last millisecond","2024-01-31T23:59:59.999Z", "2024-02-05", render::TimeMode::Window, true, true, true},
    {"starts as the month ends",   "2024-02-01", "2024-02-02", render::TimeMode::Window, true, false, true},
    {"a year later",               "2025-01-01", "2025-02-01", render::TimeMode::Window, false, false, false},
    {"cumulative keeps the past",  "2025-01-01", "2025-02-01", render::TimeMode::Cumulative, true, true, true},
    {"cumulative, not the future", "2023-01-01", "2023-06-01", render::TimeMode::Cumulative, true, false, true},
    {"fade draws the window",      "2024-01-25", "2024-03-01", render::TimeMode::Fade, false, true, false},
};
// clang-format on

TEST_F(IncidentGl, TimeWindowDecidesWhatIsDrawn) {
    const core::LonLat month_at{45.0, 23.0}; // Arabian desert: land, far from any border
    const core::LonLat undated_at{46.2, 23.6};
    OffscreenMap map(kSizePx, kSizePx);
    ASSERT_TRUE(map.init());
    ASSERT_TRUE(map.add_file(test::write_geojson(
        "window", {{month_at, "Airstrike", "2024-01"}, {undated_at, "Airstrike", ""}})));
    const core::Camera cam = map.camera({45.6, 23.3}, 6.0);
    const core::Rgba8 land = map.renderer().style().land;
    for (const WindowCase& c : k_window_cases) {
        SCOPED_TRACE(c.name);
        render::TimeWindow window;
        window.from = test::iso(c.from);
        window.to = test::iso(c.to);
        window.mode = c.mode;
        window.show_undated = c.show_undated;
        const render::Image image = map.draw(cam, window);
        if (c.mode == render::TimeMode::Fade)
            // Faded by age, blended over the land: not the pure colour, not the land either.
            EXPECT_FALSE(test::pixel_near(image, map.predict(cam, month_at), land, 10));
        else
            EXPECT_TRUE(test::pixel_near(image, map.predict(cam, month_at),
                                         c.month_drawn ? k_first_colour : land));
        EXPECT_TRUE(test::pixel_near(image, map.predict(cam, undated_at),
                                     c.undated_drawn ? k_first_colour : land));
    }
}

TEST_F(IncidentGl, MovingTheWindowUploadsNothing) {
    const core::LonLat at{45.0, 23.0};
    OffscreenMap map(kSizePx, kSizePx);
    ASSERT_TRUE(map.init());
    ASSERT_TRUE(map.add_file(test::write_geojson(
        "upload", {{at, "Airstrike", "2024-01-04"}, {{45.5, 23.5}, "Bombing", "2024-01-10"}})));
    const core::Camera cam = map.camera(at, 6.0);
    render::TimeWindow in;
    in.from = test::iso("2024-01-01");
    in.to = test::iso("2024-01-08");
    const render::Image first = map.draw(cam, in);
    const std::size_t bytes = map.renderer().incidents().uploaded_bytes();
    EXPECT_GT(bytes, 0U);
    EXPECT_TRUE(test::pixel_near(first, map.predict(cam, at), k_first_colour));

    render::TimeWindow out = in;
    out.from += 30 * core::kMsPerDay;
    out.to += 30 * core::kMsPerDay;
    const render::Image second = map.draw(cam, out); // syncs again, too
    EXPECT_TRUE(test::pixel_near(second, map.predict(cam, at), map.renderer().style().land));
    render::TimeWindow fade = in;
    fade.mode = render::TimeMode::Fade;
    render::TimeWindow cumulative = out;
    cumulative.mode = render::TimeMode::Cumulative;
    for (const render::TimeWindow& w : {fade, cumulative, in})
        map.draw(cam, w);
    core::Camera panned = cam;
    panned.pan_by({30, -20});
    panned.zoom_at({100, 100}, 7.0);
    map.draw(panned, in);
    EXPECT_EQ(map.renderer().incidents().uploaded_bytes(), bytes);
}
