// The offline basemap cut to a region (issue 14: the first map). At Medium detail a view drawn
// once asks only for its region (scene::MapScene::set_basemap_for_one_view): the land comes
// out as far fewer triangles that cover the same ground inside the region as the world's do,
// and none of them lies far outside it; a cut one never answers for the world.

#include "geo/basemap.hpp"
#include "geo/projection.hpp"
#include "triangle_cover.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace incimap;

using test::covered;

// The benchmarks' first-map view (--bbox 19,13,62,37): the Middle East and the seas around.
core::LonLatBox middle_east() {
    core::LonLatBox box;
    box.extend({19.0, 13.0});
    box.extend({62.0, 37.0});
    return box;
}

} // namespace

TEST(BasemapCut, MediumDetailCutToARegionCoversTheSameGroundWithLess) {
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    ASSERT_TRUE(proj) << error;
    geo::Basemap basemap(std::string(INCIMAP_ASSETS) + "/basemap");
    const geo::BasemapGeometry* cut =
        basemap.geometry(geo::BasemapDetail::Medium, *proj, middle_east(), error);
    ASSERT_NE(cut, nullptr) << error;
    // Asked for the world after, the cut one (cached) must not answer; asked for a region
    // outside the cut one, the world's serves.
    const geo::BasemapGeometry* world =
        basemap.geometry(geo::BasemapDetail::Medium, *proj, std::nullopt, error);
    ASSERT_NE(world, nullptr) << error;
    ASSERT_NE(cut, world);
    core::LonLatBox amazon;
    amazon.extend({-70.0, -12.0});
    amazon.extend({-50.0, 0.0});
    EXPECT_EQ(basemap.geometry(geo::BasemapDetail::Medium, *proj, amazon, error), world);
    const std::size_t world_triangles = world->land_triangles.size() / 3;
    EXPECT_EQ(cut->land_triangles.size() % 3, 0u);
    EXPECT_LT(cut->land_triangles.size() / 3, world_triangles / 3)
        << "the region's land, not the world's";

    // Land and sea alike on a 1.5° grid over the region (Arabia, the Nile, the Red Sea, the
    // Gulf, the eastern Mediterranean), and both kinds of spot are on it.
    int land = 0, sea = 0;
    for (double lon = 19.25; lon < 62.0; lon += 1.5)
        for (double lat = 13.25; lat < 37.0; lat += 1.5) {
            const core::MapPoint p = proj->forward(core::LonLat{lon, lat});
            const bool in_world = covered(world->land_triangles, p);
            EXPECT_EQ(covered(cut->land_triangles, p), in_world) << lon << ", " << lat;
            (in_world ? land : sea) += 1;
        }
    EXPECT_GT(land, 100);
    EXPECT_GT(sea, 50);

    // Nothing beyond the region and its margin (half its size each way): no Americas.
    for (const core::MapPoint& p : cut->land_triangles) {
        const auto ll = proj->inverse(p);
        ASSERT_TRUE(ll);
        EXPECT_GE(ll->lon, 19.0 - 21.5 - 1e-6);
        EXPECT_LE(ll->lon, 62.0 + 21.5 + 1e-6);
        EXPECT_GE(ll->lat, 13.0 - 12.0 - 1e-6);
        EXPECT_LE(ll->lat, 37.0 + 12.0 + 1e-6);
    }
    // Coastlines and borders are cut alike.
    EXPECT_LT(cut->coastline_segments.size(), world->coastline_segments.size() / 3);
    EXPECT_LT(cut->border_segments.size(), world->border_segments.size());
    EXPECT_FALSE(cut->coastline_segments.empty());
    EXPECT_FALSE(cut->border_segments.empty());
}
