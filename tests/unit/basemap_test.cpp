// Basemaps without GL (issue 16): the raster read itself (a GeoTIFF made here, warped into
// Web Mercator: red where the square is), refusals of bad files, tile URLs, the tile cache's
// bound, and the basemap's place in the session.

#include "geo/raster_basemap.hpp"
#include "geo/projection.hpp"
#include "geo/tile_cache.hpp"
#include "scene/basemap_choice.hpp"
#include "scene/engine.hpp"
#include "scene/session.hpp"

#include <gdal.h>
#include <unistd.h>
#include <ogr_srs_api.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using namespace incimap;

// Per process: CTest runs each test as a process, two at a time.
std::string temp(const std::string& name) {
    return ::testing::TempDir() + "incimap_basemap_" + std::to_string(::getpid()) + "_" + name;
}

// 100 × 100 px over lon 44–45, lat 33–34 (EPSG:4326): blue, red in its west half.
std::string half_red_tif() {
    const std::string path = temp("half.tif");
    GDALAllRegister();
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), 100, 100, 3,
                                 GDT_Byte, nullptr);
    double gt[6] = {44, 0.01, 0, 34, 0, -0.01};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4326);
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    std::vector<std::uint8_t> band(100 * 100);
    for (int b = 0; b < 3; ++b) {
        for (int y = 0; y < 100; ++y)
            for (int x = 0; x < 100; ++x)
                band[std::size_t(y * 100 + x)] =
                    b == 0 ? (x < 50 ? 255 : 0) : b == 2 ? (x < 50 ? 0 : 255) : 0;
        EXPECT_EQ(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Write, 0, 0, 100, 100,
                               band.data(), 100, 100, GDT_Byte, 0, 0),
                  CE_None);
    }
    GDALClose(ds);
    return path;
}

TEST(RasterBasemap, WarpsIntoWebMercator) {
    std::string error;
    auto source = geo::RasterSource::open(half_red_tif(), error);
    ASSERT_TRUE(source) << error;
    const geo::Projection merc = geo::Projection::web_mercator();
    // A box from lon 43.5 to 45.5 at lat 33.5 ± 0.2: 200 px, 1 px = 0.01°.
    const core::MapPoint a = merc.forward({43.5, 33.3}), b = merc.forward({45.5, 33.7});
    geo::RasterImage image;
    ASSERT_TRUE(source->read({a.x, a.y, b.x, b.y}, 200, 20, "EPSG:3857", image, error)) << error;
    ASSERT_EQ(image.width, 200);
    ASSERT_EQ(image.rgba.size(), 200u * 20 * 4);
    const auto at = [&](int x) { return &image.rgba[std::size_t((10 * 200 + x) * 4)]; };
    EXPECT_EQ(at(20)[3], 0);                        // lon 43.7: outside, transparent
    EXPECT_EQ(at(70)[0], 255);                      // lon 44.2: red
    EXPECT_EQ(at(70)[3], 255);
    EXPECT_EQ(at(130)[2], 255);                     // lon 44.8: blue
    EXPECT_EQ(at(180)[3], 0);                       // lon 45.3: outside
    EXPECT_NE(source->attribution().find("half.tif"), std::string::npos);
}

TEST(RasterBasemap, RefusesWhatIsNotAGeoreferencedImage) {
    const std::string text = temp("notes.tif");
    std::ofstream(text) << "not an image\n";
    const std::string plain = temp("plain.tif"); // an image without georeferencing
    GDALAllRegister();
    GDALClose(GDALCreate(GDALGetDriverByName("GTiff"), plain.c_str(), 4, 4, 3, GDT_Byte, nullptr));
    struct Case {
        std::string path, says;
    };
    for (const Case& c : {Case{text, "not a raster basemap"}, Case{plain, "no georeferencing"},
                          Case{temp("missing.tif"), "no such file"},
                          Case{::testing::TempDir(), "not a regular file"}}) {
        std::string error;
        EXPECT_FALSE(geo::RasterSource::open(c.path, error)) << c.path;
        EXPECT_NE(error.find(c.says), std::string::npos) << error;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
}

TEST(TileUrl, OnlyTemplatesWithZxy) {
    EXPECT_TRUE(geo::is_tile_url("https://tile.openstreetmap.org/{z}/{x}/{y}.png"));
    EXPECT_TRUE(geo::is_tile_url("http://127.0.0.1:8080/{z}/{x}/{y}.png"));
    EXPECT_FALSE(geo::is_tile_url("https://tile.openstreetmap.org/1/2/3.png"));
    EXPECT_FALSE(geo::is_tile_url("file:///etc/{z}/{x}/{y}"));
    EXPECT_FALSE(geo::is_tile_url("/vsicurl/http://a/{z}/{x}/{y}"));
    EXPECT_FALSE(geo::is_tile_url("https://a/{z}/{x}/{y}.png\"><Cache>"));
    EXPECT_FALSE(geo::is_tile_url("https://a/{z}/{x}/{y} .png"));
}

TEST(TileCache, PrunedOldestFirstUnderItsBound) {
    namespace fs = std::filesystem;
    const fs::path root = temp("tiles");
    fs::remove_all(root);
    fs::create_directories(root / "a" / "b");
    for (int i = 0; i < 10; ++i) {
        const fs::path f = root / "a" / "b" / ("t" + std::to_string(i));
        std::ofstream(f) << std::string(1000, 'x');
        fs::last_write_time(f, fs::file_time_type::clock::now() - std::chrono::hours(10 - i));
    }
    EXPECT_EQ(geo::prune_tile_cache(root.string(), 20000), 10000u); // under: nothing removed
    const std::uint64_t left = geo::prune_tile_cache(root.string(), 5000);
    EXPECT_LE(left, 4000u);
    EXPECT_FALSE(fs::exists(root / "a" / "b" / "t0")); // the oldest went first
    EXPECT_TRUE(fs::exists(root / "a" / "b" / "t9"));
    EXPECT_NE(geo::tile_service_folder("/c", "https://a/{z}/{x}/{y}.png"),
              geo::tile_service_folder("/c", "https://b/{z}/{x}/{y}.png"));
    fs::remove_all(root);
}

TEST(BasemapSession, SavedAndReadBackClamped) {
    scene::Session s;
    s.basemap = "/data/baghdad.tif";
    s.basemap_opacity = 0.6;
    s.basemap_quiet = true;
    std::string error;
    const auto back = scene::session_from_json(scene::session_to_json(s), error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->basemap, "/data/baghdad.tif");
    EXPECT_DOUBLE_EQ(back->basemap_opacity, 0.6);
    EXPECT_TRUE(back->basemap_quiet);
    const auto odd = scene::session_from_json(
        R"({"version": 1, "style": {"basemap": {"source": 7, "opacity": 9, "quiet": "yes"}}})",
        error);
    ASSERT_TRUE(odd) << error;
    EXPECT_EQ(odd->basemap, "offline");
    EXPECT_DOUBLE_EQ(odd->basemap_opacity, 1.0);
    EXPECT_FALSE(odd->basemap_quiet);
}

// View > Basemap through the engine: a bad file leaves the choice and says why; a good one,
// its opacity and look are in the state and the session, and in the recent list.
TEST(BasemapEngine, ChoiceOpacityQuietAndRecent) {
    const std::string tif = half_red_tif();
    setenv("XDG_STATE_HOME", temp("state").c_str(), 1);
    std::filesystem::remove_all(temp("state"));
    scene::EngineOptions options;
    options.assets_dir = INCIMAP_ASSETS;
    options.session_path = temp("session.json");
    std::filesystem::remove(options.session_path);
    scene::Engine engine(options);
    core::Commands bad;
    bad.set_basemap = temp("missing.tif");
    engine.apply(bad);
    EXPECT_EQ(engine.state().basemap, "offline");
    EXPECT_NE(engine.state().message.find("Basemap not changed"), std::string::npos);
    core::Commands good;
    good.set_basemap = tif;
    good.set_basemap_opacity = 7.0; // clamped
    good.set_basemap_quiet = true;
    engine.apply(good);
    EXPECT_EQ(engine.state().basemap, tif);
    EXPECT_DOUBLE_EQ(engine.state().basemap_opacity, 1.0);
    EXPECT_TRUE(engine.state().basemap_quiet);
    engine.write_session(true);
    std::string error;
    const auto s = scene::load_session(options.session_path, error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(s->basemap, tif);
    EXPECT_TRUE(s->basemap_quiet);
    const auto recent = scene::recent_basemaps();
    ASSERT_FALSE(recent.empty());
    EXPECT_EQ(recent.front(), std::filesystem::absolute(tif).string());
    core::Commands none;
    none.set_basemap = "none";
    engine.apply(none);
    EXPECT_EQ(engine.state().basemap, "none");
    EXPECT_FALSE(engine.scene().offline_basemap());
    unsetenv("XDG_STATE_HOME");
}

} // namespace
