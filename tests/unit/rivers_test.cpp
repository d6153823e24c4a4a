// The offline basemap's rivers without GL (issue 16): geo::Basemap reads assets/basemap/
// rivers.fgb with the High-detail land, by class, cut to the region in view; a basemap folder
// without the file has no rivers and no error, a corrupt one names the file; Medium detail
// carries none; and the widths each zoom draws a class at.

#include "geo/basemap.hpp"
#include "geo/projection.hpp"
#include "render/map_renderer.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using namespace incimap;
namespace fs = std::filesystem;

// Per process: CTest runs each test as a process, two at a time.
std::string temp(const std::string& name) {
    return ::testing::TempDir() + "incimap_rivers_" + std::to_string(::getpid()) + "_" + name;
}

// A basemap folder with links to the bundled files, less rivers.fgb (and, when `rivers` is
// given, that text as rivers.fgb).
std::string basemap_copy(const std::string& name, const char* rivers = nullptr) {
    const fs::path dir = temp(name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(fs::path(INCIMAP_ASSETS) / "basemap"))
        if (e.path().filename() != "rivers.fgb")
            fs::create_symlink(e.path(), dir / e.path().filename());
    if (rivers)
        std::ofstream(dir / "rivers.fgb") << rivers;
    return dir.string();
}

core::LonLatBox around_baghdad() {
    core::LonLatBox box;
    box.extend({43.5, 32.8});
    box.extend({45.3, 33.8});
    return box;
}

std::size_t segments(const geo::BasemapGeometry& g) {
    std::size_t n = 0;
    for (const auto& c : g.river_segments)
        n += c.size() / 2;
    return n;
}

TEST(Rivers, ReadByClassWithTheHighDetailLand) {
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    ASSERT_TRUE(proj) << error;
    geo::Basemap basemap(std::string(INCIMAP_ASSETS) + "/basemap");
    const geo::BasemapGeometry* g =
        basemap.geometry(geo::BasemapDetail::High, *proj, around_baghdad(), error);
    ASSERT_NE(g, nullptr) << error;
    // Near Baghdad the Tigris is double-lined (class 0), the Euphrates permanent major (1).
    EXPECT_GT(g->river_segments[0].size(), 20u);
    EXPECT_GT(g->river_segments[1].size(), 20u);
    for (const auto& c : g->river_segments)
        EXPECT_EQ(c.size() % 2, 0u);
    // The Tigris passes Baghdad: some river point within 3 km of 44.385 E 33.335 N.
    const core::MapPoint at = proj->forward(core::LonLat{44.385, 33.335});
    double nearest = INFINITY;
    for (const auto& c : g->river_segments)
        for (const core::MapPoint& p : c)
            nearest = std::min(nearest, std::hypot(p.x - at.x, p.y - at.y));
    EXPECT_LT(nearest, 3000.0 / std::cos(33.3 * M_PI / 180.0)); // Mercator metres
    // Cut to the region (one 5° bin and class a feature, and a margin): not the whole world.
    for (const auto& c : g->river_segments)
        for (const core::MapPoint& p : c) {
            const auto ll = proj->inverse(p);
            ASSERT_TRUE(ll);
            EXPECT_GT(ll->lon, 30.0);
            EXPECT_LT(ll->lon, 55.0);
        }

    const geo::BasemapGeometry* medium =
        basemap.geometry(geo::BasemapDetail::Medium, *proj, std::nullopt, error);
    ASSERT_NE(medium, nullptr) << error;
    EXPECT_EQ(segments(*medium), 0u);
}

TEST(Rivers, MissingFileIsNoRiversAndNoError) {
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    ASSERT_TRUE(proj) << error;
    geo::Basemap basemap(basemap_copy("without"));
    const geo::BasemapGeometry* g =
        basemap.geometry(geo::BasemapDetail::High, *proj, around_baghdad(), error);
    ASSERT_NE(g, nullptr) << error;
    EXPECT_TRUE(error.empty()) << error;
    EXPECT_GT(g->land_triangles.size(), 0u);
    EXPECT_EQ(segments(*g), 0u);
}

TEST(Rivers, CorruptFileNamesIt) {
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    ASSERT_TRUE(proj) << error;
    geo::Basemap basemap(basemap_copy("corrupt", "not a FlatGeobuf file\n"));
    EXPECT_EQ(basemap.geometry(geo::BasemapDetail::High, *proj, around_baghdad(), error),
              nullptr);
    EXPECT_NE(error.find("rivers.fgb"), std::string::npos) << error;
}

// The major classes first as one zooms in, never wider than 1.5 px.
TEST(Rivers, WidthByClassAndZoom) {
    struct Case {
        std::size_t cls;
        double zoom;
        float width_px;
    };
    // clang-format off
    const Case cases[] = {
        {0, 5.0, 0.0f},  {1, 5.0, 0.0f},  {1, 5.5, 1.0f},  {2, 5.5, 0.0f},  {3, 7.0, 0.0f},
        {1, 6.5, 1.25f}, {2, 6.5, 1.0f},  {3, 7.5, 1.0f},  {1, 8.0, 1.5f},  {0, 12.0, 1.5f},
        {2, 8.5, 1.25f}, {3, 12.0, 1.0f}, {4, 12.0, 0.0f},
    };
    // clang-format on
    for (const Case& c : cases)
        EXPECT_FLOAT_EQ(render::river_width_px(c.cls, c.zoom), c.width_px)
            << "class " << c.cls << " zoom " << c.zoom;
    for (double z = 0; z <= 22; z += 0.25)
        for (std::size_t cls = 0; cls < render::kRiverLayers; ++cls)
            EXPECT_LE(render::river_width_px(cls, z), 1.5f);
    EXPECT_EQ(render::river_width_px(1, NAN), 0.0f);
}

} // namespace
