// The basemap under no data: places known to be land or sea in Natural Earth 1:50m (checked
// with ogrinfo on assets/basemap/land-50m.fgb, each several degrees from any coast or border)
// come out in the style's land and water colours. Zoom 5 draws the 1:50m set; place names
// are left out so that no label can cover the spot.

#include "gl_support.hpp"

#include <memory>
#include <string>
#include <vector>

using namespace incimap;

namespace {

struct LandSeaCase {
    const char* name;
    const char* crs;
    core::LonLat at;
    bool land;
};

// clang-format off
const std::vector<LandSeaCase> k_cases{
    {"Ionian Sea",          "EPSG:3857", {18.0, 35.0},   false},
    {"North Atlantic",      "EPSG:3857", {-60.0, 30.0},  false},
    {"Arabian desert",      "EPSG:3857", {45.0, 23.0},   true},
    {"Western Desert",      "EPSG:3857", {28.0, 26.0},   true},
    {"Australian interior", "EPSG:3857", {134.0, -25.0}, true},
    {"Mato Grosso",         "EPSG:3857", {-55.0, -10.0}, true},
    {"Ionian Sea",          "EPSG:4326", {18.0, 35.0},   false},
    {"Arabian desert",      "EPSG:4326", {45.0, 23.0},   true},
    {"Arabian desert",      "EPSG:32638", {45.0, 23.0},  true},
};
// clang-format on

} // namespace

class BasemapGl : public test::GlTest {};

TEST_F(BasemapGl, LandAndSeaColours) {
    std::string crs;
    std::unique_ptr<test::OffscreenMap> map;
    for (const LandSeaCase& c : k_cases) {
        SCOPED_TRACE(std::string(c.crs) + " " + c.name);
        if (crs != c.crs) { // one scene per projection: the basemap is projected once
            map = std::make_unique<test::OffscreenMap>(64, 64);
            ASSERT_TRUE(map->init(c.crs));
            crs = c.crs;
        }
        const core::Camera cam = map->camera(c.at, 5.0);
        const render::Image image = map->draw(cam);
        const render::MapStyle& style = map->renderer().style();
        const core::Rgba8 want = c.land ? style.land : style.water;
        const core::ScreenPx at = map->predict(cam, c.at);
        // The spot and its neighbours: a stray coastline or border would show here.
        for (const double dx : {-3.0, 0.0, 3.0})
            for (const double dy : {-3.0, 0.0, 3.0})
                EXPECT_TRUE(test::pixel_near(image, {at.x + dx, at.y + dy}, want, 2));
    }
}
