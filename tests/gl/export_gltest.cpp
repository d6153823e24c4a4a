// File ▸ Export map as PNG, without the window: export_map_png (what the dialog calls) gives
// the view at its size × the pixel ratio, the incidents where the projection puts them and
// only those the time window shows, the overlay (legend, caption, scale bar, attribution) over
// them, a PNG written whole, and never over an input.

#include "gl_support.hpp"

#include "scene/map_export.hpp"
#include "geo/write/atomic_file.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace incimap;
using test::OffscreenMap;

namespace {

constexpr int kWidth = 480, kHeight = 320;
const core::Rgba8 k_first_colour = core::kCategoryPalette[0];
const core::LonLat k_baghdad{44.4009, 33.3406};
const core::LonLat k_basra{47.7804, 30.5085};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int differing_pixels(const render::Image& a, const render::Image& b) {
    int n = 0;
    for (std::size_t i = 0; i + 3 < a.rgba.size() && i + 3 < b.rgba.size(); i += 4)
        n += (std::abs(a.rgba[i] - b.rgba[i]) + std::abs(a.rgba[i + 1] - b.rgba[i + 1]) +
              std::abs(a.rgba[i + 2] - b.rgba[i + 2])) > 30;
    return n;
}

} // namespace

class ExportGl : public test::GlTest {};

TEST_F(ExportGl, MapPngIsTheViewWithItsOverlay) {
    OffscreenMap map(kWidth, kHeight);
    ASSERT_TRUE(map.init());
    const std::string input = test::write_geojson(
        "export_png", {{k_baghdad, "Airstrike", "2024-01-04T10:00:00Z"},
                       {k_basra, "Airstrike", "2024-03-01T10:00:00Z"}});
    ASSERT_TRUE(map.add_file(input));
    const core::Camera cam = map.camera({46.0, 32.0}, 6.0);
    core::TimeWindow window;
    window.from = test::iso("2024-01-01");
    window.to = test::iso("2024-01-08");
    const render::Image plain = map.draw(cam, window); // syncs the scene into the renderer
    const render::Overlay overlay = map.scene().overlay(cam, window);

    const std::string out = ::testing::TempDir() + "incimap_export_map.png";
    std::filesystem::remove(out);
    scene::MapView view;
    view.camera = &cam;
    view.window = window;
    view.overlay = &overlay;
    const scene::ExportOutcome o = scene::export_map_png(map.renderer(), view, {input}, out);
    ASSERT_TRUE(o.ok) << o.message;
    EXPECT_NE(o.message.find("480×320"), std::string::npos) << o.message;
    EXPECT_TRUE(geo::temps_of(out).empty());

    render::Image png;
    ASSERT_TRUE(render::read_png(out, png));
    ASSERT_EQ(png.width, kWidth);
    ASSERT_EQ(png.height, kHeight);
    // Baghdad is in the window and drawn where the projection says (clear of the overlay:
    // the plain map has it there too); Basra (March) is not.
    ASSERT_TRUE(test::pixel_near(plain, map.predict(cam, k_baghdad), k_first_colour));
    EXPECT_TRUE(test::pixel_near(png, map.predict(cam, k_baghdad), k_first_colour));
    EXPECT_FALSE(test::pixel_near(png, map.predict(cam, k_basra), k_first_colour, 20));
    // Beyond the map itself: the legend, caption, scale bar and attribution.
    const int overlay_px = differing_pixels(plain, png);
    EXPECT_GT(overlay_px, 300) << "the overlay is missing";
    EXPECT_LT(overlay_px, kWidth * kHeight / 2) << "more than the overlay changed";

    // At a pixel ratio of 2 (a HiDPI window) the image has twice the pixels each way.
    view.pixel_ratio = 2.0f;
    const scene::ExportOutcome hidpi = scene::export_map_png(map.renderer(), view, {input}, out);
    ASSERT_TRUE(hidpi.ok) << hidpi.message;
    ASSERT_TRUE(render::read_png(out, png));
    EXPECT_EQ(png.width, 2 * kWidth);
    EXPECT_EQ(png.height, 2 * kHeight);
}

TEST_F(ExportGl, MapPngNeverOverAnInput) {
    OffscreenMap map(kWidth, kHeight);
    ASSERT_TRUE(map.init());
    const std::string input =
        test::write_geojson("export_png_input", {{k_baghdad, "Airstrike", "2024-01-04"}});
    ASSERT_TRUE(map.add_file(input));
    const core::Camera cam = map.camera(k_baghdad, 6.0);
    map.draw(cam);
    const std::string before = slurp(input);
    scene::MapView view;
    view.camera = &cam;
    const scene::ExportOutcome o = scene::export_map_png(map.renderer(), view, {input}, input);
    EXPECT_FALSE(o.ok);
    EXPECT_NE(o.message.find("never writes over its input"), std::string::npos) << o.message;
    EXPECT_EQ(slurp(input), before);
    EXPECT_TRUE(geo::temps_of(input).empty());
}
