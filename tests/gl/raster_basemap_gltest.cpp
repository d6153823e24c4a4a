// Raster basemaps (issue 16): a GeoTIFF and a raster MBTiles made here with GDAL (a blue
// degree around Baghdad with a red square, lon 44.3–44.5, lat 33.2–33.4) drawn by the built
// `incimap render --basemap`: the red is where PROJ and the camera put the square, in
// EPSG:3857 and EPSG:4326, at zoom 9 and 12 (its edges within a few pixels). Also the
// window's way (the image read on a worker, the frame never waiting), the attribution, and
// bad files: one clear line, no crash, the file never written.

#include "gl_support.hpp"

#include "scene/basemap_choice.hpp"
#include "geo/projection.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>
#include <sys/stat.h>
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

constexpr double kWest = 43.9, kNorth = 33.8, kDegPerPx = 0.002; // 500 × 500 px
constexpr int kSide = 500;
constexpr double kRedWest = 44.3, kRedEast = 44.5, kRedSouth = 33.2, kRedNorth = 33.4;
constexpr int kWidth = 400, kHeight = 300;

// A folder of this process's own (CTest runs each test as a process, two at a time), removed
// when it exits.
const std::string& temp_dir() {
    // Never destroyed: the exit handler still reads it after static destructors ran.
    static const std::string* dir = [] {
        auto* d = new std::string(::testing::TempDir() + "incimap_raster_" +
                                  std::to_string(::getpid()));
        std::filesystem::create_directories(*d);
        std::atexit([] { std::filesystem::remove_all(temp_dir()); });
        return d;
    }();
    return *dir;
}
std::string temp(const std::string& name) { return temp_dir() + "/" + name; }

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The GeoTIFF (EPSG:4326, RGB): blue, with the red square on exact pixel edges.
std::string make_geotiff() {
    const std::string path = temp("square.tif");
    GDALAllRegister();
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), kSide, kSide, 3,
                                 GDT_Byte, nullptr);
    double gt[6] = {kWest, kDegPerPx, 0, kNorth, 0, -kDegPerPx};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4326);
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    std::vector<std::uint8_t> band(kSide * kSide);
    for (int b = 0; b < 3; ++b) {
        for (int y = 0; y < kSide; ++y)
            for (int x = 0; x < kSide; ++x) {
                const double lon = kWest + (x + 0.5) * kDegPerPx;
                const double lat = kNorth - (y + 0.5) * kDegPerPx;
                const bool red = lon > kRedWest && lon < kRedEast && lat > kRedSouth &&
                                 lat < kRedNorth;
                band[std::size_t(y) * kSide + std::size_t(x)] =
                    static_cast<std::uint8_t>(b == 0 ? (red ? 255 : 0) : b == 2 ? (red ? 0 : 255) : 0);
            }
        EXPECT_EQ(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Write, 0, 0, kSide, kSide,
                               band.data(), kSide, kSide, GDT_Byte, 0, 0),
                  CE_None);
    }
    GDALClose(ds);
    return path;
}

// The same as raster MBTiles (Web Mercator PNG tiles, GDAL picks the zoom) with overviews.
std::string make_mbtiles(const std::string& tif) {
    const std::string path = temp("square.mbtiles");
    std::filesystem::remove(path);
    GDALDatasetH src = GDALOpen(tif.c_str(), GA_ReadOnly);
    // The zoom above the GeoTIFF's resolution (10): a tile pixel is 4 px at zoom 12.
    const char* args[] = {"-of", "MBTILES", "-co", "ZOOM_LEVEL_STRATEGY=UPPER", nullptr};
    GDALTranslateOptions* o = GDALTranslateOptionsNew(const_cast<char**>(args), nullptr);
    GDALDatasetH out = GDALTranslate(path.c_str(), src, o, nullptr);
    GDALTranslateOptionsFree(o);
    GDALClose(src);
    EXPECT_NE(out, nullptr) << CPLGetLastErrorMsg();
    if (out)
        GDALClose(out);
    GDALDatasetH up = GDALOpen(path.c_str(), GA_Update);
    int levels[] = {2, 4, 8, 16};
    EXPECT_EQ(GDALBuildOverviews(up, "BILINEAR", 4, levels, 0, nullptr, nullptr, nullptr),
              CE_None);
    GDALClose(up);
    return path;
}

struct Files {
    std::string tif, mbtiles, data;
};

const Files& files() {
    static const Files f = [] {
        Files out;
        out.tif = make_geotiff();
        out.mbtiles = make_mbtiles(out.tif);
        // One incident far outside every view below (render needs a data file).
        out.data = temp("one.geojson");
        std::ofstream(out.data) << R"({"type": "FeatureCollection", "features": [{"type": )"
                                   R"("Feature", "geometry": {"type": "Point", "coordinates": )"
                                   R"([40.0, 30.0]}, "properties": {}}]})";
        return out;
    }();
    return f;
}

struct Rendered {
    int status = -1;
    std::string err;
    render::Image image;
};

Rendered render_cli(const std::vector<std::string>& args, const std::string& name) {
    const std::string png = temp(name + ".png"), err = temp(name + ".err");
    std::filesystem::remove(png);
    std::string command = "INCIMAP_ASSETS=" + quoted(std::string(INCIMAP_SOURCE_DIR) + "/assets") +
                          " " + quoted(INCIMAP_BINARY) + " render " + quoted(files().data) +
                          " -o " + quoted(png);
    for (const auto& a : args)
        command += " " + quoted(a);
    command += " 2>" + quoted(err);
    Rendered r;
    r.status = std::system(command.c_str());
    std::ifstream in(err);
    std::stringstream text;
    text << in.rdbuf();
    r.err = text.str();
    if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) {
        EXPECT_TRUE(render::read_png(png, r.image)) << png;
    }
    return r;
}

bool is_red(const render::Image& im, core::ScreenPx p) {
    const std::uint8_t* px = im.pixel(int(p.x), int(p.y));
    return px[0] > 200 && px[1] < 60 && px[2] < 60;
}
bool is_blue(const render::Image& im, core::ScreenPx p) {
    const std::uint8_t* px = im.pixel(int(p.x), int(p.y));
    return px[0] < 60 && px[1] < 60 && px[2] > 200;
}

// Where red starts along a row (left to right) or a column (bottom to top): the first pixel
// whose red is over half.
// (Red over half and green low: not the light offline land around the raster.)
bool reddish(const std::uint8_t* px) { return px[0] > 127 && px[1] < 100; }
double red_starts_x(const render::Image& im, int y) {
    for (int x = 0; x < im.width; ++x)
        if (reddish(im.pixel(x, y)))
            return x;
    return -1;
}
double red_starts_y_from_top(const render::Image& im, int x) {
    for (int y = 0; y < im.height; ++y)
        if (reddish(im.pixel(x, y)))
            return y;
    return -1;
}

struct Case {
    const char* kind; // "tif" or "mbtiles"
    const char* crs;
};

class RasterBasemapCli : public test::GlTest, public ::testing::WithParamInterface<Case> {
protected:
    std::string basemap() const {
        return std::string(GetParam().kind) == "tif" ? files().tif : files().mbtiles;
    }
    core::Camera camera(core::LonLat centre, double zoom) const {
        std::string error;
        auto proj = geo::Projection::create(GetParam().crs, error);
        core::Camera cam(proj->world_width());
        cam.set_viewport(kWidth, kHeight);
        cam.set_centre(proj->forward(centre));
        cam.set_zoom(zoom);
        return cam;
    }
    core::ScreenPx predict(const core::Camera& cam, core::LonLat at) const {
        std::string error;
        auto proj = geo::Projection::create(GetParam().crs, error);
        return cam.to_screen(proj->forward(at));
    }
    Rendered draw(core::LonLat centre, double zoom, const std::string& name) const {
        char c[64], z[16];
        std::snprintf(c, sizeof c, "%.6f,%.6f", centre.lon, centre.lat);
        std::snprintf(z, sizeof z, "%g", zoom);
        return render_cli({"--basemap", basemap(), "--projection", GetParam().crs, "--center", c,
                           "--zoom", z, "--size", "400x300"},
                          name + "_" + GetParam().kind + "_" + (GetParam().crs + 5));
    }
};

// Zoom 9: the whole square in view, red inside, blue around it.
TEST_P(RasterBasemapCli, SquareInViewAtZoom9) {
    const core::LonLat centre{44.4, 33.3};
    const Rendered r = draw(centre, 9, "z9");
    ASSERT_EQ(r.status, 0) << r.err;
    const core::Camera cam = camera(centre, 9);
    EXPECT_TRUE(is_red(r.image, predict(cam, {44.4, 33.3})));
    EXPECT_TRUE(is_red(r.image, predict(cam, {44.33, 33.23})));
    EXPECT_TRUE(is_red(r.image, predict(cam, {44.47, 33.37})));
    // (Along lat 33.25: the place labels over the raster sit higher.)
    EXPECT_TRUE(is_blue(r.image, predict(cam, {44.27, 33.25})));
    EXPECT_TRUE(is_blue(r.image, predict(cam, {44.53, 33.25})));
    // The square's west edge where PROJ puts lon 44.3 (a source pixel is 3 px here).
    const core::ScreenPx west = predict(cam, {kRedWest, 33.25});
    EXPECT_NEAR(red_starts_x(r.image, int(west.y)), west.x, 3.0);
}

// Zoom 12, centred on the square's north-west corner: both edges to a few pixels (a source
// pixel of the GeoTIFF is 23 px wide here, so a half-pixel shift would show).
TEST_P(RasterBasemapCli, CornerEdgesAtZoom12) {
    const core::LonLat corner{kRedWest, kRedNorth};
    const Rendered r = draw(corner, 12, "z12");
    ASSERT_EQ(r.status, 0) << r.err;
    const core::Camera cam = camera(corner, 12);
    const double d = 0.006;
    EXPECT_TRUE(is_red(r.image, predict(cam, {kRedWest + d, kRedNorth - d / 2})));
    EXPECT_TRUE(is_blue(r.image, predict(cam, {kRedWest - d, kRedNorth - d / 2})));
    EXPECT_TRUE(is_blue(r.image, predict(cam, {kRedWest + d, kRedNorth + d / 2})));
    EXPECT_TRUE(is_blue(r.image, predict(cam, {kRedWest - d, kRedNorth + d / 2})));
    // The MBTiles resampled the square's edges onto its tile grid: half a tile pixel more.
    const double tolerance = std::string(GetParam().kind) == "tif" ? 4.0 : 6.0;
    const core::ScreenPx west = predict(cam, {kRedWest, kRedNorth - d / 2});
    EXPECT_NEAR(red_starts_x(r.image, int(west.y)), west.x, tolerance);
    const core::ScreenPx north = predict(cam, {kRedWest + d, kRedNorth});
    EXPECT_NEAR(red_starts_y_from_top(r.image, int(north.x)), north.y, tolerance);
}

INSTANTIATE_TEST_SUITE_P(Files, RasterBasemapCli,
                         ::testing::Values(Case{"tif", "EPSG:3857"}, Case{"tif", "EPSG:4326"},
                                           Case{"mbtiles", "EPSG:3857"},
                                           Case{"mbtiles", "EPSG:4326"}),
                         [](const auto& param_info) {
                             return std::string(param_info.param.kind) + "_" +
                                    (std::string(param_info.param.crs).substr(5));
                         });

class RasterBasemap : public test::GlTest {};

// Issue 16: a PNG drawn over a basemap file credits it without --legend too: the line
// --legend draws, in the same place (small, bottom right), over the raster's red.
TEST_F(RasterBasemap, CreditedWithoutLegend) {
    char c[64];
    std::snprintf(c, sizeof c, "%.6f,%.6f", kRedWest, kRedNorth);
    std::vector<std::string> args{"--basemap", files().tif, "--center", c,
                                  "--zoom",    "12",        "--size",   "400x300"};
    const Rendered plain = render_cli(args, "credit_plain");
    ASSERT_EQ(plain.status, 0) << plain.err;
    args.push_back("--legend");
    const Rendered legend = render_cli(args, "credit_legend");
    ASSERT_EQ(legend.status, 0) << legend.err;
    int light = 0, ink = 0, differ = 0;
    for (int y = kHeight - 16; y < kHeight; ++y)
        for (int x = kWidth - 100; x < kWidth; ++x) {
            const std::uint8_t* p = plain.image.pixel(x, y);
            const std::uint8_t* q = legend.image.pixel(x, y);
            const int lo = std::min({p[0], p[1], p[2]}), hi = std::max({p[0], p[1], p[2]});
            light += lo > 200;                       // the panel (red has no green)
            ink += lo > 40 && hi < 180 && hi - lo < 40; // the grey text
            differ += std::abs(p[0] - q[0]) > 8 || std::abs(p[1] - q[1]) > 8 ||
                      std::abs(p[2] - q[2]) > 8;
        }
    EXPECT_GT(light, 400);
    EXPECT_GT(ink, 20);
    EXPECT_EQ(differ, 0) << "the credit differs from the one --legend draws";
}

// The window's way: the first frame does not wait for the read; the image arrives from the
// worker; a small pan reuses it, a jump asks again. The attribution names the file.
TEST_F(RasterBasemap, ReadOnWorkerAndReused) {
    test::OffscreenMap map(kWidth, kHeight);
    ASSERT_TRUE(map.init());
    std::string error;
    ASSERT_TRUE(scene::choose_basemap(map.scene(), files().tif, error)) << error;
    map.scene().raster().set_async(true);
    core::Camera cam = map.camera({44.4, 33.3}, 9);
    EXPECT_TRUE(map.scene().sync(map.renderer(), cam, error)) << error;
    EXPECT_TRUE(map.renderer().raster().empty()); // not waited for
    EXPECT_EQ(map.scene().raster().reads(), 1u);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (map.renderer().raster().empty() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        EXPECT_TRUE(map.scene().sync(map.renderer(), cam, error)) << error;
    }
    ASSERT_FALSE(map.renderer().raster().empty());
    const render::Image image = map.draw(cam);
    EXPECT_TRUE(is_red(image, map.predict(cam, {44.4, 33.3})));
    EXPECT_TRUE(is_blue(image, map.predict(cam, {44.25, 33.3})));
    // 40 px east: inside the margin, the same image.
    cam.set_centre({cam.centre().x + 40 * cam.units_per_px(), cam.centre().y});
    map.scene().sync(map.renderer(), cam, error);
    EXPECT_EQ(map.scene().raster().reads(), 1u);
    // Zoom 11: too coarse now, read again.
    cam.set_zoom(11);
    map.scene().sync(map.renderer(), cam, error);
    EXPECT_EQ(map.scene().raster().reads(), 2u);
    // GPU memory: one image, the view and its margin (1.5 × 1.5 the viewport).
    EXPECT_LE(map.renderer().raster().bytes(), std::size_t(kWidth * 1.5 + 2) *
                                                   std::size_t(kHeight * 1.5 + 2) * 4);
    EXPECT_NE(map.scene().overlay(cam, {}).attribution.find("square.tif"), std::string::npos);
    ASSERT_TRUE(scene::choose_basemap(map.scene(), scene::kBasemapNone, error));
    map.scene().sync(map.renderer(), cam, error);
    EXPECT_TRUE(map.renderer().raster().empty());
    EXPECT_FALSE(map.renderer().offline_basemap());
}

// Opacity and the quiet look reach the shader: half-transparent red over the land, and grey.
TEST_F(RasterBasemap, OpacityAndQuiet) {
    test::OffscreenMap map(kWidth, kHeight);
    ASSERT_TRUE(map.init());
    std::string error;
    ASSERT_TRUE(scene::choose_basemap(map.scene(), files().tif, error)) << error;
    const core::Camera cam = map.camera({44.4, 33.3}, 9);
    map.renderer().raster_look() = scene::basemap_look(1.0, true);
    render::Image image = map.draw(cam);
    const std::uint8_t* grey = image.pixel(int(map.predict(cam, {44.4, 33.3}).x),
                                           int(map.predict(cam, {44.4, 33.3}).y));
    EXPECT_NEAR(grey[0], grey[1], 2);
    EXPECT_NEAR(grey[1], grey[2], 2);
    map.renderer().raster_look() = scene::basemap_look(0.5, false);
    image = map.draw(cam);
    const core::ScreenPx at = map.predict(cam, {44.4, 33.3});
    const std::uint8_t* half = image.pixel(int(at.x), int(at.y));
    EXPECT_GT(half[0], 200); // red over light land
    EXPECT_GT(half[1], 60);
    EXPECT_LT(half[1], 200);
}

// Bad files: one `incimap: --basemap …` line, exit 1, no crash; nothing written next to a
// basemap, the file unchanged (and read-only files read).
TEST_F(RasterBasemap, BadFilesAndReadOnly) {
    const std::string garbage = temp("garbage.mbtiles");
    std::ofstream(garbage) << "this is not a database\n";
    const std::string truncated = temp("truncated.tif");
    {
        std::ifstream in(files().tif, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
    }
    const std::string vector = files().data;
    struct Bad {
        std::string path, says;
    };
    for (const Bad& b : {Bad{garbage, "not a raster basemap"}, Bad{truncated, "cannot be read"},
                         Bad{vector, "not a raster basemap"},
                         Bad{temp("missing.tif"), "no such file"}}) {
        const Rendered r = render_cli({"--basemap", b.path, "--center", "44.4,33.3", "--zoom", "9"},
                                      "bad");
        ASSERT_TRUE(WIFEXITED(r.status)) << b.path << " crashed";
        EXPECT_EQ(WEXITSTATUS(r.status), 1) << b.path << ": " << r.err;
        EXPECT_EQ(r.err.rfind("incimap: --basemap ", 0), 0u) << r.err;
        EXPECT_NE(r.err.find(b.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }

    // Copies in a folder of their own, read-only: after a render it holds just them, unchanged.
    const std::filesystem::path folder = temp("readonly_dir");
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    for (const std::string& original : {files().tif, files().mbtiles}) {
        const std::string path = (folder / std::filesystem::path(original).filename()).string();
        std::filesystem::copy_file(original, path);
        const auto size = std::filesystem::file_size(path);
        const auto mtime = std::filesystem::last_write_time(path);
        ::chmod(path.c_str(), 0444);
        const Rendered r = render_cli({"--basemap", path, "--center", "44.4,33.3", "--zoom", "9",
                                       "--size", "400x300"},
                                      "readonly");
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_TRUE(is_red(r.image, {200, 170})) << path;
        EXPECT_EQ(std::filesystem::file_size(path), size);
        EXPECT_EQ(std::filesystem::last_write_time(path), mtime);
    }
    std::size_t entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
        ++entries;
        ::chmod(e.path().c_str(), 0644);
    }
    EXPECT_EQ(entries, 2u) << "a side file was written next to a basemap";
    std::filesystem::remove_all(folder);
}

} // namespace
