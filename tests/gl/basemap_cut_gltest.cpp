// The basemap cut to a view drawn once (issue 14: the first map). `incimap render` asks the
// scene for Medium detail cut to its view (scene::MapScene::set_basemap_for_one_view); the
// frame must be the one the world's basemap gives, in a view well inside the map and in views
// where no cut is made (across the antimeridian, over the edge of the world).

#include "gl_support.hpp"

#include <cstdlib>
#include <string>

using namespace incimap;

namespace {

// Pixels with a channel off by more than 2 (the same Mesa draws both: the land and lines
// inside the view are the same).
std::size_t differing_pixels(const render::Image& a, const render::Image& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 3 < a.rgba.size(); i += 4)
        for (std::size_t c = 0; c < 3; ++c)
            if (std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])) > 2) {
                ++n;
                break;
            }
    return n;
}

struct View {
    const char* name;
    core::LonLat centre;
    double zoom; // Medium detail: 3 to 5.5
};

} // namespace

class BasemapCutGl : public test::GlTest {};

TEST_F(BasemapCutGl, AViewDrawnOnceLooksAsWithTheWorldsBasemap) {
    constexpr int kWidth = 320, kHeight = 200;
    test::OffscreenMap world(kWidth, kHeight), once(kWidth, kHeight);
    ASSERT_TRUE(world.init());
    ASSERT_TRUE(once.init());
    once.scene().set_basemap_for_one_view(true);
    const View views[] = {
        {"Arabia and the Gulf", {45.0, 25.0}, 4.5},
        {"the Levant's coast", {35.0, 33.5}, 5.4},
        {"the Aegean's islands", {25.0, 38.0}, 5.0},
        {"across the antimeridian (no cut)", {180.0, -17.0}, 4.0},
        {"over the world's top edge (no cut)", {20.0, 84.0}, 3.2},
    };
    for (const View& v : views) {
        SCOPED_TRACE(v.name);
        const render::Image a = world.draw(world.camera(v.centre, v.zoom));
        const render::Image b = once.draw(once.camera(v.centre, v.zoom));
        ASSERT_EQ(a.rgba.size(), b.rgba.size());
        // A coastline or a shore a pixel off may differ; a missing or extra land mass would
        // be thousands of pixels.
        EXPECT_LE(differing_pixels(a, b), std::size_t{kWidth * kHeight / 2000});
    }
}
