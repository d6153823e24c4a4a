// The data's polygons in the window (MapScene::set_async_shapes): triangulation, and GEOS's
// repair of invalid rings under its deadline, run on a worker, so a sync with a polygon whose
// repair would take GEOS minutes (a ring crossing itself ~n²/4 times) returns at once on the
// calling thread; the outlines are drawn meanwhile, the fills once they are ready, and the
// star is left an outline. `incimap render` (the default, not async) fills within the sync.

#include "gl_support.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include <unistd.h>

using namespace incimap;
using test::OffscreenMap;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kSizePx = 256;
// Inside the square, clear of its outline and of the marker at its centre.
const core::LonLat k_in_square{20.6, 0.6};

// A star {n/k} (n odd, k = (n−1)/2) about (10, 10), and a 4° square: one hostile polygon, one
// that fills in milliseconds.
std::string write_polygons() {
    const int n = 2001, k = (n - 1) / 2;
    std::string ring;
    for (int i = 0; i <= n; ++i) {
        const double a =
            2 * M_PI * static_cast<double>((static_cast<long long>(i % n) * k) % n) / n;
        ring += (i ? "," : "") + ("[" + std::to_string(10 + 5 * std::cos(a)) + "," +
                                  std::to_string(10 + 5 * std::sin(a)) + "]");
    }
    // One file per process: CTest runs the tests of this file at once (and other checkouts
    // may run them too), each in its own process.
    const std::string path =
        ::testing::TempDir() + "incimap_gl_star_" + std::to_string(::getpid()) + ".geojson";
    std::ofstream out(path);
    out << R"({"type":"FeatureCollection","features":[)"
        << R"({"type":"Feature","properties":{"name":"star"},"geometry":{"type":"Polygon","coordinates":[[)"
        << ring << "]]}},"
        << R"({"type":"Feature","properties":{"name":"square"},"geometry":{"type":"Polygon",)"
        << R"("coordinates":[[[20,0],[24,0],[24,4],[20,4],[20,0]]]}}]})";
    EXPECT_TRUE(out.good());
    return path;
}

bool same_pixel(const render::Image& a, const render::Image& b, core::ScreenPx at) {
    const auto x = static_cast<int>(at.x), y = static_cast<int>(at.y);
    const std::uint8_t *p = a.pixel(x, y), *q = b.pixel(x, y);
    return p[0] == q[0] && p[1] == q[1] && p[2] == q[2];
}

} // namespace

class ShapeFillsGl : public test::GlTest {};

TEST_F(ShapeFillsGl, AHostilePolygonDoesNotHoldUpTheSyncAndFillsArriveLater) {
    OffscreenMap map{kSizePx, kSizePx};
    ASSERT_TRUE(map.init());
    map.scene().set_async_shapes(true); // the window's way
    const core::Camera cam = map.camera({16.0, 6.0}, 4.0);
    const render::Image empty = map.draw(cam); // the basemap read and uploaded, no data
    const std::string file = write_polygons();
    ASSERT_TRUE(map.add_file(file));
    std::remove(file.c_str());

    const auto t0 = Clock::now();
    const render::Image outlines = map.draw(cam);
    const auto took = Clock::now() - t0;
    std::printf("[fills] the sync with the star: %.3f s\n",
                std::chrono::duration<double>(took).count());
    EXPECT_LT(took, std::chrono::milliseconds(300))
        << "the sync waited for GEOS: " << std::chrono::duration<double>(took).count() << " s";
    const core::ScreenPx inside = map.predict(cam, k_in_square);
    EXPECT_TRUE(same_pixel(empty, outlines, inside)) << "not filled yet";

    // The fills arrive within the repair budget (1 s) and a margin; the window's loop syncs
    // until filling() is false.
    render::Image filled = outlines;
    for (int i = 0; i < 500 && map.scene().filling(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        filled = map.draw(cam);
    }
    EXPECT_FALSE(map.scene().filling());
    std::printf("[fills] the fills arrived after %.3f s\n",
                std::chrono::duration<double>(Clock::now() - t0).count());
    filled = map.draw(cam);
    EXPECT_FALSE(same_pixel(empty, filled, inside)) << "the square is filled";
    EXPECT_EQ(map.scene().unfilled_polygons(), 1u) << "the star is left an outline";
}

TEST_F(ShapeFillsGl, NotAsyncTheSyncFillsAtOnce) {
    OffscreenMap map{kSizePx, kSizePx};
    ASSERT_TRUE(map.init());
    const core::Camera cam = map.camera({16.0, 6.0}, 4.0);
    const render::Image empty = map.draw(cam);
    const std::string file = write_polygons();
    ASSERT_TRUE(map.add_file(file));
    std::remove(file.c_str());
    const render::Image filled = map.draw(cam);
    EXPECT_FALSE(map.scene().filling());
    EXPECT_FALSE(same_pixel(empty, filled, map.predict(cam, k_in_square)));
    EXPECT_EQ(map.scene().unfilled_polygons(), 1u);
}
