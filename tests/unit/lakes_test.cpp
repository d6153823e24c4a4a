// The offline basemap's lakes without GL (issue 16): geo::Basemap reads assets/basemap/
// lakes.fgb (GSHHG's level-2 shores) into triangles drawn in the water's colour: every lake
// in the region at High detail, only the largest (kMediumLakeKm2) at Medium, none at Low; a
// basemap folder without the file has no lakes and no error, a corrupt one names the file.

#include "geo/basemap.hpp"
#include "geo/projection.hpp"
#include "triangle_cover.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

using namespace incimap;
namespace fs = std::filesystem;

// A basemap folder with links to the bundled files, less lakes.fgb (and, when `lakes` is
// given, that text as lakes.fgb). Per process: CTest runs each test as a process.
std::string basemap_copy(const std::string& name, const char* lakes = nullptr) {
    const fs::path dir = ::testing::TempDir() + "incimap_lakes_" + std::to_string(::getpid()) +
                         "_" + name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(fs::path(INCIMAP_ASSETS) / "basemap"))
        if (e.path().filename() != "lakes.fgb")
            fs::create_symlink(e.path(), dir / e.path().filename());
    if (lakes)
        std::ofstream(dir / "lakes.fgb") << lakes;
    return dir.string();
}

// Lake Tharthar (1,554 km²) and Lake Habbaniyah (383 km²), west of Baghdad.
constexpr core::LonLat kTharthar{43.25, 33.95}, kHabbaniyah{43.45, 33.27};

core::LonLatBox west_of_baghdad() {
    core::LonLatBox box;
    box.extend({42.8, 32.9});
    box.extend({44.0, 34.5});
    return box;
}

using test::covered;

TEST(Lakes, EveryLakeAtHighDetailTheLargestAtMediumNoneAtLow) {
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    ASSERT_TRUE(proj) << error;
    geo::Basemap basemap(std::string(INCIMAP_ASSETS) + "/basemap");
    const geo::BasemapGeometry* high =
        basemap.geometry(geo::BasemapDetail::High, *proj, west_of_baghdad(), error);
    ASSERT_NE(high, nullptr) << error;
    EXPECT_EQ(high->lake_triangles.size() % 3, 0u);
    EXPECT_TRUE(covered(high->lake_triangles, proj->forward(kTharthar)));
    EXPECT_TRUE(covered(high->lake_triangles, proj->forward(kHabbaniyah)));
    // Baghdad itself is on land.
    EXPECT_FALSE(covered(high->lake_triangles, proj->forward(core::LonLat{44.40, 33.30})));

    const geo::BasemapGeometry* medium =
        basemap.geometry(geo::BasemapDetail::Medium, *proj, std::nullopt, error);
    ASSERT_NE(medium, nullptr) << error;
    EXPECT_TRUE(covered(medium->lake_triangles, proj->forward(kTharthar)));
    EXPECT_FALSE(covered(medium->lake_triangles, proj->forward(kHabbaniyah)));
    EXPECT_LT(medium->lake_triangles.size(), 200000u); // the largest lakes, not all 2,295

    const geo::BasemapGeometry* low =
        basemap.geometry(geo::BasemapDetail::Low, *proj, std::nullopt, error);
    ASSERT_NE(low, nullptr) << error;
    EXPECT_TRUE(low->lake_triangles.empty());
}

TEST(Lakes, MissingFileIsNoLakesAndNoError) {
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    ASSERT_TRUE(proj) << error;
    geo::Basemap basemap(basemap_copy("without"));
    const geo::BasemapGeometry* g =
        basemap.geometry(geo::BasemapDetail::High, *proj, west_of_baghdad(), error);
    ASSERT_NE(g, nullptr) << error;
    EXPECT_TRUE(error.empty()) << error;
    EXPECT_GT(g->land_triangles.size(), 0u);
    EXPECT_TRUE(g->lake_triangles.empty());
}

TEST(Lakes, CorruptFileNamesIt) {
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    ASSERT_TRUE(proj) << error;
    geo::Basemap basemap(basemap_copy("corrupt", "not a FlatGeobuf file\n"));
    EXPECT_EQ(basemap.geometry(geo::BasemapDetail::High, *proj, west_of_baghdad(), error),
              nullptr);
    EXPECT_NE(error.find("lakes.fgb"), std::string::npos) << error;
}

} // namespace
