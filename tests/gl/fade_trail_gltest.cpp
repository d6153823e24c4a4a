// Fade mode's trail (issue 20): an incident that left the window a little while ago stays on the
// map, fainter than one in the window, while the trail lasts; not after, nor in the other modes.

#include "gl_support.hpp"

using namespace incimap;
using test::OffscreenMap;

class FadeTrailGl : public test::GlTest {};

TEST_F(FadeTrailGl, AnIncidentStaysFadingAfterTheWindowWhileTheTrailLasts) {
    OffscreenMap map(160, 160);
    ASSERT_TRUE(map.init());
    const core::LonLat at{44.4009, 33.3406};
    ASSERT_TRUE(map.add_file(test::write_geojson("trail", {{at, "Airstrike", "2024-01-04"}})));
    const core::Camera cam = map.camera(at, 6);
    const core::ScreenPx px = map.predict(cam, at);
    const core::Rgba8 colour = core::kCategoryPalette[0];

    core::TimeWindow w; // 2024-01-07 → 01-14: the incident (01-04) ended 2 days before
    w.from = test::iso("2024-01-07");
    w.to = test::iso("2024-01-14");
    w.mode = core::TimeMode::Fade;
    const auto rgb_at = [&](const render::Image& image) {
        const std::uint8_t* p = image.pixel(static_cast<int>(px.x), static_cast<int>(px.y));
        return p[0] * 65536 + p[1] * 256 + p[2];
    };
    const render::Image none = map.draw(cam, w);
    EXPECT_FALSE(test::pixel_near(none, px, colour, 3)) << "no trail: gone";
    const render::Image trailed = map.draw(cam, core::with_trail(w, 3 * core::kMsPerDay));
    EXPECT_NE(rgb_at(trailed), rgb_at(none)) << "a 3-day trail: still drawn";
    EXPECT_FALSE(test::pixel_near(trailed, px, colour, 3)) << "and fainter than in the window";
    const render::Image short_trail = map.draw(cam, core::with_trail(w, core::kMsPerDay));
    EXPECT_EQ(rgb_at(short_trail), rgb_at(none)) << "a 1-day trail: over";
    core::TimeWindow plain = w;
    plain.mode = core::TimeMode::Window;
    EXPECT_EQ(core::with_trail(plain, 3 * core::kMsPerDay).from, plain.from);
}
