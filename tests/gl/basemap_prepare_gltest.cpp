// How the scene makes the basemap a frame needs, off the frame's path (issue 14), without
// changing the picture:
//  - `incimap render` asks for Medium detail cut to its view (MapScene::
//    set_basemap_for_one_view): the frame is the one the world's basemap gives, in views well
//    inside the map and in views where no cut is made (antimeridian, the world's edge);
//  - the window makes a basemap it lacks on a worker (MapScene::set_async_basemap): a sync
//    meanwhile keeps the uploaded one and reports no error, and once the worker is done the
//    frame is the one a synchronous scene draws.

#include "gl_support.hpp"

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

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

class BasemapPrepareGl : public test::GlTest {};

TEST_F(BasemapPrepareGl, AViewDrawnOnceLooksAsWithTheWorldsBasemap) {
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

TEST_F(BasemapPrepareGl, TheWindowsWorkerEndsAtTheSamePicture) {
    constexpr int kWidth = 320, kHeight = 200;
    test::OffscreenMap sync(kWidth, kHeight), window(kWidth, kHeight);
    ASSERT_TRUE(sync.init());
    ASSERT_TRUE(window.init());
    window.scene().set_async_basemap(true);
    // The first frame makes its basemap at once (Medium: the world).
    const core::Camera medium = window.camera({44.4, 33.3}, 4.5);
    (void)window.draw(medium);
    EXPECT_FALSE(window.scene().drawing_basemap());
    // Into High detail around Baghdad: the worker makes it, the frame keeps Medium's.
    const core::Camera high = window.camera({44.4, 33.3}, 7.0);
    const render::Image meanwhile = window.draw(high);
    ASSERT_TRUE(window.scene().drawing_basemap());
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    render::Image after;
    while (window.scene().drawing_basemap() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        after = window.draw(high); // each sync looks for the worker's result
    }
    ASSERT_FALSE(window.scene().drawing_basemap()) << "the worker never finished";
    after = window.draw(high);
    const render::Image want = sync.draw(sync.camera({44.4, 33.3}, 7.0));
    ASSERT_EQ(after.rgba.size(), want.rgba.size());
    EXPECT_LE(differing_pixels(after, want), std::size_t{kWidth * kHeight / 2000});
    // What was drawn meanwhile was Medium's land: not the same picture (the Tigris, the
    // Euphrates and their lakes come with High detail).
    EXPECT_GT(differing_pixels(meanwhile, want), std::size_t{kWidth * kHeight / 2000});
}
