// The aggregated path (the spatial index's frame plan as GL_POINTS, forced here; in Auto
// core/draw_plan.hpp chooses it per frame): an incident alone in its cell is still drawn at
// its projected pixel in its category's colour, a dense spot becomes one larger aggregate
// marker, an incident outside the time window is not drawn, and moving the window redraws
// without re-uploading the table.

#include "gl_support.hpp"

#include <cmath>
#include <string>
#include <vector>

using namespace incimap;
using test::OffscreenMap;
using test::TestIncident;

namespace {

constexpr int kSizePx = 256;
const core::Rgba8 k_first_colour = core::kCategoryPalette[0];  // Airstrike: most frequent
const core::Rgba8 k_second_colour = core::kCategoryPalette[1]; // Shelling

const core::LonLat k_dense{44.0, 33.0};
const core::LonLat k_alone{44.1, 33.05};    // in the window
const core::LonLat k_later{43.9, 32.95};    // after the window
const core::LonLat k_undated{43.95, 33.06}; // no time: shown with undated ones

std::string write_data() {
    std::vector<TestIncident> in;
    for (int i = 0; i < 300; ++i)
        in.push_back({{k_dense.lon + 1e-5 * (i % 17), k_dense.lat + 1e-5 * (i % 13)},
                      "Airstrike",
                      "2024-01-0" + std::to_string(1 + i % 9)});
    in.push_back({k_alone, "Shelling", "2024-01-05T12:00:00Z"});
    in.push_back({k_later, "Shelling", "2024-03-01"});
    in.push_back({k_undated, "Shelling", ""});
    return test::write_geojson("aggregate", in);
}

render::TimeWindow january_week() {
    render::TimeWindow w;
    w.from = test::iso("2024-01-01");
    w.to = test::iso("2024-01-10");
    return w;
}

} // namespace

class AggregateGl : public test::GlTest {
protected:
    void SetUp() override {
        test::GlTest::SetUp();
        if (IsSkipped())
            return;
        ASSERT_TRUE(map.init());
        map.renderer().set_draw_mode(render::MapRenderer::DrawMode::Plan); // the index's plan
        ASSERT_TRUE(map.add_file(write_data()));
        cam = map.camera({44.0, 33.0}, 8.0);
    }
    OffscreenMap map{kSizePx, kSizePx};
    core::Camera cam;
};

TEST_F(AggregateGl, AnIncidentAloneIsDrawnAtItsPixelInItsColour) {
    const render::Image image = map.draw(cam, january_week());
    ASSERT_TRUE(map.renderer().aggregated());
    EXPECT_EQ(map.renderer().incidents().count(), 0u) << "no per-incident instances";
    const core::ScreenPx want = map.predict(cam, k_alone);
    EXPECT_TRUE(test::pixel_near(image, want, k_second_colour));
    const auto centre = test::colour_centroid(image, want, k_second_colour, 8);
    ASSERT_TRUE(centre.has_value());
    EXPECT_NEAR(centre->x, want.x, 0.75);
    EXPECT_NEAR(centre->y, want.y, 0.75);
    // Hover finds it through the index.
    const auto hits = map.scene().pick(cam, want, january_week());
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(map.scene().drawn().category[static_cast<std::size_t>(hits.front())],
              map.scene().drawn().category_lookup.at("Shelling"));
}

TEST_F(AggregateGl, ADenseSpotIsOneAggregateMarker) {
    const render::Image image = map.draw(cam, january_week());
    const core::FramePlanStats plan = map.renderer().last_plan();
    EXPECT_GE(plan.aggregates, 1u);
    EXPECT_LE(plan.aggregates + plan.individuals, 10u) << "300 incidents, a handful of points";
    const core::ScreenPx at = map.predict(cam, k_dense);
    EXPECT_TRUE(test::pixel_near(image, at, k_first_colour, 6));
    // Wider than one incident's marker (radius 4.5 px): the colour still shows 4 px away
    // (a single marker is outline there).
    EXPECT_TRUE(test::pixel_near(image, {at.x + 4, at.y}, k_first_colour, 6));
    EXPECT_TRUE(test::pixel_near(image, {at.x, at.y - 4}, k_first_colour, 6));
    // Hover over it returns members of the spot.
    const auto hits = map.scene().pick(cam, at, january_week());
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(map.scene().drawn().category[static_cast<std::size_t>(hits.front())],
              map.scene().drawn().category_lookup.at("Airstrike"));
}

TEST_F(AggregateGl, OutsideTheWindowIsNotDrawnAndScrubbingBringsItIn) {
    render::TimeWindow w = january_week();
    w.show_undated = false;
    const render::Image before = map.draw(cam, w);
    const core::ScreenPx later = map.predict(cam, k_later);
    const core::ScreenPx undated = map.predict(cam, k_undated);
    EXPECT_FALSE(test::colour_centroid(before, later, k_second_colour, 6).has_value());
    EXPECT_FALSE(test::colour_centroid(before, undated, k_second_colour, 6).has_value());
    EXPECT_TRUE(map.scene().pick(cam, later, w).empty());

    // Scrub to March: the later incident shows, the January ones go (the dense spot too).
    const std::size_t instances = map.renderer().incidents().uploaded_bytes();
    w.from = test::iso("2024-02-25");
    w.to = test::iso("2024-03-05");
    const render::Image after = map.draw(cam, w);
    EXPECT_TRUE(test::pixel_near(after, later, k_second_colour));
    EXPECT_FALSE(
        test::colour_centroid(after, map.predict(cam, k_dense), k_first_colour, 6).has_value());
    EXPECT_FALSE(
        test::colour_centroid(after, map.predict(cam, k_alone), k_second_colour, 6).has_value());
    EXPECT_EQ(map.renderer().incidents().uploaded_bytes(), instances)
        << "a window change sends only the frame's points";
    EXPECT_LE(map.renderer().aggregates().uploaded_bytes(), 4096u * 10);
}

TEST_F(AggregateGl, TheSelectedIncidentKeepsItsRing) {
    const auto hits = map.scene().pick(cam, map.predict(cam, k_alone), january_week());
    ASSERT_FALSE(hits.empty());
    std::string error;
    ASSERT_TRUE(map.scene().sync(map.renderer(), cam, error)) << error;
    render::OffscreenTarget target;
    ASSERT_TRUE(target.create(kSizePx, kSizePx, 4, error)) << error;
    target.bind();
    map.renderer().draw(cam, january_week(), hits.front(), nullptr);
    const render::Image image = target.read();
    const core::ScreenPx at = map.predict(cam, k_alone);
    // The ring sits 2–4 px outside the 4.5 px marker.
    EXPECT_TRUE(test::pixel_near(image, {at.x + 7.5, at.y}, {0, 230, 255, 255}, 40));
}
