// Vector basemaps (issue 16, item 2): an MBTiles file of vector tiles made here with
// `ogr2ogr -f MBTILES` from a river (layer waterway), a primary road (transportation) and a
// place (place), OpenMapTiles' layer names. `incimap render --basemap FILE.mbtiles` picks the
// vector reader by the file's metadata (format=pbf) and paints the river in the map's water
// colour and the road in the road colour where PROJ puts them, in EPSG:3857 and EPSG:4326;
// the window's way (a worker reads, the cache stays bounded, the dark theme repaints) and the
// place name reaching the labeller.

#include "gl_support.hpp"

#include "scene/basemap_choice.hpp"
#include "geo/projection.hpp"
#include "geo/vector_tiles.hpp"
#include "render/map_style.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace incimap;

namespace {

constexpr int kWidth = 400, kHeight = 300;
// The river and the road (lon, lat), straight lines crossing at 44.45, 33.325.
constexpr core::LonLat kRiverA{44.30, 33.25}, kRiverB{44.50, 33.35};
constexpr core::LonLat kRoadA{44.30, 33.40}, kRoadB{44.50, 33.30};
constexpr core::LonLat kCentre{44.40, 33.325};

core::LonLat along(core::LonLat a, core::LonLat b, double lon) {
    return {lon, a.lat + (b.lat - a.lat) * (lon - a.lon) / (b.lon - a.lon)};
}

const std::string& temp_dir() {
    static const std::string* dir = [] {
        auto* d = new std::string(::testing::TempDir() + "incimap_vector_" +
                                  std::to_string(::getpid()));
        std::filesystem::create_directories(*d);
        std::atexit([] { std::filesystem::remove_all(temp_dir()); });
        return d;
    }();
    return *dir;
}
std::string temp(const std::string& name) { return temp_dir() + "/" + name; }
std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string line_json(const char* cls, core::LonLat a, core::LonLat b) {
    std::ostringstream s;
    s.precision(10);
    s << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"class":")"
      << cls << R"("},"geometry":{"type":"LineString","coordinates":[[)" << a.lon << ","
      << a.lat << "],[" << b.lon << "," << b.lat << "]]}}]}";
    return s.str();
}

// ogr2ogr, as the issue asks: three GeoJSON layers into a GeoPackage, then vector tiles.
std::string make_vector_mbtiles() {
    const std::string river = temp("river.geojson"), road = temp("road.geojson"),
                      place = temp("place.geojson"), gpkg = temp("layers.gpkg"),
                      out = temp("streets.mbtiles");
    std::ofstream(river) << line_json("river", kRiverA, kRiverB);
    std::ofstream(road) << line_json("primary", kRoadA, kRoadB);
    std::ofstream(place)
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
           R"({"class":"town","name":"Testville"},"geometry":{"type":"Point","coordinates":)"
           R"([44.46,33.36]}}]})";
    const std::string q = " -q ";
    const std::string cmd = "ogr2ogr" + q + "-f GPKG " + quoted(gpkg) + " " + quoted(river) +
                            " -nln waterway && ogr2ogr" + q + "-update -f GPKG " + quoted(gpkg) +
                            " " + quoted(road) + " -nln transportation && ogr2ogr" + q +
                            "-update -f GPKG " + quoted(gpkg) + " " + quoted(place) +
                            " -nln place && ogr2ogr" + q + "-f MBTILES " + quoted(out) + " " +
                            quoted(gpkg) + " -dsco MAXZOOM=12 -dsco NAME=streets";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out;
}

struct Files {
    std::string mbtiles, data;
};
const Files& files() {
    static const Files f = [] {
        Files out;
        out.mbtiles = make_vector_mbtiles();
        out.data = temp("one.geojson"); // one incident far from every view below
        std::ofstream(out.data) << R"({"type": "FeatureCollection", "features": [{"type": )"
                                   R"("Feature", "geometry": {"type": "Point", "coordinates": )"
                                   R"([40.0, 30.0]}, "properties": {}}]})";
        return out;
    }();
    return f;
}

const geo::VectorStyle& light() {
    static const geo::VectorStyle s = geo::vector_style(render::MapStyle{}.land,
                                                        render::MapStyle{}.water);
    return s;
}

class VectorBasemapCli : public test::GlTest, public ::testing::WithParamInterface<const char*> {
protected:
    core::ScreenPx predict(core::LonLat at, double zoom) const {
        std::string error;
        auto proj = geo::Projection::create(GetParam(), error);
        core::Camera cam(proj->world_width());
        cam.set_viewport(kWidth, kHeight);
        cam.set_centre(proj->forward(kCentre));
        cam.set_zoom(zoom);
        return cam.to_screen(proj->forward(at));
    }
};

// `render --basemap streets.mbtiles`: the river and the road where PROJ puts them, in their
// colours; the land between them in the land colour; zoom 12 and 10.
TEST_P(VectorBasemapCli, RiverAndRoadWherePredicted) {
    for (const double zoom : {12.0, 10.0}) {
        const std::string png = temp(std::string("vector_") + (GetParam() + 5) + "_" +
                                     std::to_string(int(zoom)) + ".png");
        const std::string err = png + ".err";
        char centre[64], z[16];
        std::snprintf(centre, sizeof centre, "%.6f,%.6f", kCentre.lon, kCentre.lat);
        std::snprintf(z, sizeof z, "%g", zoom);
        const std::string command =
            "INCIMAP_ASSETS=" + quoted(std::string(INCIMAP_SOURCE_DIR) + "/assets") + " " +
            quoted(INCIMAP_BINARY) + " render " + quoted(files().data) + " -o " + quoted(png) +
            " --basemap " + quoted(files().mbtiles) + " --projection " + GetParam() +
            " --center " + centre + " --zoom " + z + " --size 400x300 2>" + quoted(err);
        const int status = std::system(command.c_str());
        std::ifstream in(err);
        std::stringstream text;
        text << in.rdbuf();
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text.str();
        render::Image image;
        ASSERT_TRUE(render::read_png(png, image));
        // (At zoom 12 lon 44.37 lies under the credit line, bottom right: 44.385 there.)
        for (const double lon : {zoom > 11 ? 44.385 : 44.37, 44.40}) {
            const core::ScreenPx river = predict(along(kRiverA, kRiverB, lon), zoom);
            EXPECT_TRUE(test::pixel_near(image, river, light().water, 6))
                << "river at lon " << lon << ", zoom " << zoom;
        }
        for (const double lon : {44.40, 44.43}) {
            const core::ScreenPx road = predict(along(kRoadA, kRoadB, lon), zoom);
            EXPECT_TRUE(test::pixel_near(image, road, light().road, 6))
                << "road at lon " << lon << ", zoom " << zoom;
        }
        // Between them: the land the tiles cover (neither river nor road).
        const core::ScreenPx land = predict({44.40, 33.3125}, zoom);
        EXPECT_TRUE(test::pixel_near(image, land, light().land, 4)) << "zoom " << zoom;
    }
}

INSTANTIATE_TEST_SUITE_P(Crs, VectorBasemapCli, ::testing::Values("EPSG:3857", "EPSG:4326"),
                         [](const auto& param_info) { return std::string(param_info.param).substr(5); });

class VectorBasemap : public test::GlTest {};

// The window's way: read on a worker (the frame does not wait), the river drawn, the place
// name handed to the labeller (instead of the offline places), the decoded tiles cached
// within their bound; the dark theme repaints the river in its water colour.
TEST_F(VectorBasemap, WorkerLabelsCacheAndDarkTheme) {
    test::OffscreenMap map(kWidth, kHeight);
    ASSERT_TRUE(map.init());
    std::string error;
    ASSERT_TRUE(scene::choose_basemap(map.scene(), files().mbtiles, error)) << error;
    EXPECT_TRUE(map.scene().raster().vector());
    map.scene().raster().set_async(true);
    const core::Camera cam = map.camera(kCentre, 12);
    const auto wait_for_image = [&](std::size_t reads) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while ((map.renderer().raster().empty() || map.scene().raster().busy() ||
                map.scene().raster().reads() < reads) &&
               std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            map.scene().sync(map.renderer(), cam, error);
        }
        map.scene().sync(map.renderer(), cam, error);
    };
    EXPECT_TRUE(map.scene().sync(map.renderer(), cam, error)) << error;
    EXPECT_TRUE(map.renderer().raster().empty()); // not waited for
    wait_for_image(1);
    ASSERT_FALSE(map.renderer().raster().empty());
    render::Image image = map.draw(cam);
    const core::ScreenPx river = map.predict(cam, along(kRiverA, kRiverB, 44.40));
    EXPECT_TRUE(test::pixel_near(image, river, light().water, 6));
    ASSERT_EQ(map.renderer().basemap_places().size(), 1u);
    EXPECT_EQ(map.renderer().basemap_places()[0].name, "Testville");
    EXPECT_GT(map.scene().raster().tile_cache().size(), 0u);
    EXPECT_NE(map.scene().overlay(cam, {}).attribution.find("streets"), std::string::npos);

    map.renderer().style() = render::dark_map_style();
    const geo::VectorStyle dark = geo::vector_style(render::dark_map_style().land,
                                                    render::dark_map_style().water);
    wait_for_image(2);
    image = map.draw(cam);
    EXPECT_TRUE(test::pixel_near(image, river, dark.water, 6));
    EXPECT_TRUE(test::pixel_near(image, map.predict(cam, {44.40, 33.3125}), dark.land, 4));
}

// A copy of streets.mbtiles whose tiles of zoom 10 and deeper are corrupt (gzip garbage).
std::string make_broken_mbtiles() {
    const std::string out = temp("broken.mbtiles");
    std::filesystem::copy_file(files().mbtiles, out,
                               std::filesystem::copy_options::overwrite_existing);
    const std::string cmd =
        "python3 -c \"import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute(\\\"update tiles set tile_data = X'1f8b08000000000000ff0badbeef' where "
        "zoom_level >= 10\\\"); c.commit()\" " + quoted(out);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out;
}

// Corrupt tiles (issue 16, item 6): `render` draws the map and says so in one line on stderr
// (exit 0); the window's way says it once as the sync's error (the status bar), the image
// still shown.
TEST_F(VectorBasemap, CorruptTilesSaidInOneLine) {
    const std::string broken = make_broken_mbtiles();
    const std::string png = temp("broken.png"), err = temp("broken.err");
    char centre[64];
    std::snprintf(centre, sizeof centre, "%.6f,%.6f", kCentre.lon, kCentre.lat);
    const std::string command =
        "INCIMAP_ASSETS=" + quoted(std::string(INCIMAP_SOURCE_DIR) + "/assets") + " " +
        quoted(INCIMAP_BINARY) + " render " + quoted(files().data) + " -o " + quoted(png) +
        " --basemap " + quoted(broken) + " --center " + centre +
        " --zoom 12 --size 400x300 2>" + quoted(err);
    const int status = std::system(command.c_str());
    std::ifstream in(err);
    std::stringstream text;
    text << in.rdbuf();
    const std::string said = text.str();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << said;
    EXPECT_EQ(std::count(said.begin(), said.end(), '\n'), 1) << said;
    EXPECT_NE(said.find("broken.mbtiles"), std::string::npos) << said;
    EXPECT_NE(said.find("could not be decoded"), std::string::npos) << said;
    EXPECT_EQ(said.find("ERROR"), std::string::npos) << said; // no raw GDAL line
    render::Image image;
    ASSERT_TRUE(render::read_png(png, image));
    // The map is drawn: the land under the tiles' bounds.
    std::string error;
    auto proj = geo::Projection::create("EPSG:3857", error);
    core::Camera cam(proj->world_width());
    cam.set_viewport(kWidth, kHeight);
    cam.set_centre(proj->forward(kCentre));
    cam.set_zoom(12);
    EXPECT_TRUE(test::pixel_near(image, cam.to_screen(proj->forward({44.40, 33.3125})),
                                 light().land, 4));

    // The window's way: the image arrives from the worker and the sync says why it is partial.
    test::OffscreenMap map(kWidth, kHeight);
    ASSERT_TRUE(map.init());
    ASSERT_TRUE(scene::choose_basemap(map.scene(), broken, error)) << error;
    map.scene().raster().set_async(true);
    const core::Camera window_cam = map.camera(kCentre, 12);
    std::vector<std::string> errors;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while ((map.renderer().raster().empty() || map.scene().raster().busy()) &&
           std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::string e;
        if (!map.scene().sync(map.renderer(), window_cam, e))
            errors.push_back(e);
    }
    ASSERT_FALSE(map.renderer().raster().empty());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("could not be decoded"), std::string::npos) << errors[0];
}

// The cache of decoded tiles drops the least recently used beyond its bound.
TEST(VectorTileCache, BoundedInBytes) {
    geo::VectorTileCache cache(20000);
    for (int i = 0; i < 50; ++i) {
        auto tile = std::make_shared<geo::TileFeatures>();
        tile->features.push_back({geo::TileFeatures::Kind::Water,
                                  std::vector<core::MapPoint>(200), {0}, {}, 0});
        cache.put("t" + std::to_string(i), tile);
        EXPECT_LE(cache.bytes(), 20000u);
    }
    EXPECT_NE(cache.get("t49"), nullptr);
    EXPECT_EQ(cache.get("t0"), nullptr);
}

// A raster MBTiles is not taken for vector tiles, nor a GeoJSON.
TEST(VectorTiles, RecognisedByMetadata) {
    EXPECT_TRUE(geo::is_vector_mbtiles(files().mbtiles));
    EXPECT_FALSE(geo::is_vector_mbtiles(files().data));
    EXPECT_FALSE(geo::is_vector_mbtiles(temp("missing.mbtiles")));
}

} // namespace
