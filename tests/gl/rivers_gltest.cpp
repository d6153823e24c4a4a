// The offline basemap's rivers (issue 16: "the default offline map shows rivers and cities at
// zoom 8"): `incimap render` at zoom 8 around Baghdad draws the Tigris and the Euphrates in the
// style's river blue where PROJ puts the vertices of assets/basemap/rivers.fgb (GSHHG's WDBII
// classes 0-1, read here with GDAL), in EPSG:3857 and EPSG:4326; with the file left out of the
// assets nothing there is river-blue (no rivers, and no error); the window's way (MapScene,
// one upload) draws them in the dark theme's river colour, and not at zoom 4. The lakes
// (assets/basemap/lakes.fgb, GSHHG's level-2 shores): at zoom 8 the middle of Lake Tharthar
// is the water's colour, and the land's with the file left out.

#include "gl_support.hpp"

#include "geo/projection.hpp"
#include "render/map_style.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace incimap;
namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 400, kHeight = 300;
constexpr core::LonLat kBaghdad{44.40, 33.30};
constexpr double kZoom = 8.0;

const std::string& temp_dir() {
    static const std::string* dir = [] {
        auto* d = new std::string(::testing::TempDir() + "incimap_rivers_" +
                                  std::to_string(::getpid()));
        fs::create_directories(*d);
        std::atexit([] { fs::remove_all(temp_dir()); });
        return d;
    }();
    return *dir;
}
std::string temp(const std::string& name) { return temp_dir() + "/" + name; }
std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The vertices of rivers of class <= 1 (double-lined, permanent major) inside `box`, from the
// bundled file itself.
std::vector<core::LonLat> major_river_vertices(const core::LonLatBox& box) {
    GDALAllRegister();
    const std::string path = std::string(INCIMAP_ASSETS) + "/basemap/rivers.fgb";
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::vector<core::LonLat> out;
    if (!ds)
        return out;
    OGRLayer* layer = ds->GetLayer(0);
    layer->SetSpatialFilterRect(box.min_lon, box.min_lat, box.max_lon, box.max_lat);
    const int cls = layer->GetLayerDefn()->GetFieldIndex("class");
    for (auto& f : *layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (g == nullptr || cls < 0 || f->GetFieldAsInteger(cls) > 1 ||
            wkbFlatten(g->getGeometryType()) != wkbMultiLineString)
            continue;
        for (const OGRLineString* line : *g->toMultiLineString())
            for (const OGRPoint& p : *line)
                if (p.getX() > box.min_lon && p.getX() < box.max_lon && p.getY() > box.min_lat &&
                    p.getY() < box.max_lat)
                    out.push_back({p.getX(), p.getY()});
    }
    return out;
}

// A pixel is river-blue when it lies on the colour line from the land to the river colour
// (what the antialiased edge blends), at least 60% of the way to the river colour.
bool river_blue(const render::Image& image, int x, int y, const render::MapStyle& style) {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height)
        return false;
    const std::uint8_t* p = image.pixel(x, y);
    const double land[3] = {double(style.land.r), double(style.land.g), double(style.land.b)};
    const double river[3] = {double(style.river.r), double(style.river.g), double(style.river.b)};
    double dot = 0, len2 = 0;
    for (int i = 0; i < 3; ++i) {
        dot += (p[i] - land[i]) * (river[i] - land[i]);
        len2 += (river[i] - land[i]) * (river[i] - land[i]);
    }
    const double c = dot / len2;
    if (c < 0.6)
        return false;
    for (int i = 0; i < 3; ++i)
        if (std::abs(p[i] - (land[i] + std::min(c, 1.0) * (river[i] - land[i]))) > 14)
            return false;
    return true;
}

// Whether a river-blue pixel is within `radius` px of `at`.
bool river_near(const render::Image& image, core::ScreenPx at, const render::MapStyle& style,
                int radius = 1) {
    const int cx = static_cast<int>(std::floor(at.x)), cy = static_cast<int>(std::floor(at.y));
    for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx)
            if (river_blue(image, cx + dx, cy + dy, style))
                return true;
    return false;
}

// An assets folder like the bundled one, without basemap/`left_out` (links to the rest).
std::string assets_without(const std::string& left_out) {
    const std::string root = temp("assets_without_" + left_out);
    if (fs::exists(root))
        return root;
    const fs::path src = INCIMAP_ASSETS;
    fs::create_directories(fs::path(root) / "basemap");
    for (const auto& e : fs::directory_iterator(src))
        if (e.path().filename() != "basemap")
            fs::create_symlink(e.path(), fs::path(root) / e.path().filename());
    for (const auto& e : fs::directory_iterator(src / "basemap"))
        if (e.path().filename() != left_out)
            fs::create_symlink(e.path(), fs::path(root) / "basemap" / e.path().filename());
    return root;
}

const std::string& data_file() { // one incident far from the view
    static const std::string path = [] {
        const std::string p = temp("one.geojson");
        std::ofstream(p) << R"({"type": "FeatureCollection", "features": [{"type": "Feature", )"
                            R"("geometry": {"type": "Point", "coordinates": [40.0, 30.0]}, )"
                            R"("properties": {}}]})";
        return p;
    }();
    return path;
}

class RiversCli : public test::GlTest, public ::testing::WithParamInterface<const char*> {
protected:
    core::Camera camera() const {
        std::string error;
        auto proj = geo::Projection::create(GetParam(), error);
        core::Camera cam(proj->world_width());
        cam.set_viewport(kWidth, kHeight);
        cam.set_centre(proj->forward(kBaghdad));
        cam.set_zoom(kZoom);
        return cam;
    }
    core::ScreenPx predict(const core::Camera& cam, core::LonLat at) const {
        std::string error;
        auto proj = geo::Projection::create(GetParam(), error);
        return cam.to_screen(proj->forward(at));
    }
    // `incimap render` at zoom 8 on `centre` (Baghdad) with INCIMAP_ASSETS=assets; the PNG
    // read back.
    render::Image render_with(const std::string& assets, const std::string& name,
                              core::LonLat at = kBaghdad) {
        const std::string png = temp(name + "_" + (GetParam() + 5) + ".png");
        const std::string err = png + ".err";
        char centre[64];
        std::snprintf(centre, sizeof centre, "%.6f,%.6f", at.lon, at.lat);
        const std::string command = "INCIMAP_ASSETS=" + quoted(assets) + " " +
                                    quoted(INCIMAP_BINARY) + " render " + quoted(data_file()) +
                                    " -o " + quoted(png) + " --projection " + GetParam() +
                                    " --center " + centre + " --zoom 8 --size 400x300 2>" +
                                    quoted(err);
        const int status = std::system(command.c_str());
        std::ifstream in(err);
        std::stringstream text;
        text << in.rdbuf();
        render::Image image;
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << "\n" << text.str();
        EXPECT_TRUE(render::read_png(png, image)) << png;
        return image;
    }
};

// The Tigris and the Euphrates in river blue at their vertices; none without the file.
TEST_P(RiversCli, Zoom8BaghdadShowsTheTigris) {
    const core::Camera cam = camera();
    core::LonLatBox box; // the view less a 12 px margin, in lon/lat
    box.extend({kBaghdad.lon - 1.0, kBaghdad.lat - 0.6});
    box.extend({kBaghdad.lon + 1.0, kBaghdad.lat + 0.6});
    std::vector<core::ScreenPx> spots;
    for (const core::LonLat& v : major_river_vertices(box)) {
        const core::ScreenPx s = predict(cam, v);
        if (s.x > 12 && s.y > 12 && s.x < kWidth - 12 && s.y < kHeight - 12)
            spots.push_back(s);
    }
    ASSERT_GE(spots.size(), 20u) << "rivers.fgb holds too few class 0-1 vertices near Baghdad";

    const render::MapStyle style;
    const render::Image with = render_with(INCIMAP_ASSETS, "rivers");
    ASSERT_EQ(with.width, kWidth);
    std::size_t blue = 0;
    for (const core::ScreenPx& s : spots)
        blue += river_near(with, s, style) ? 1 : 0;
    // Place names and their halos may cover a few vertices; the rivers show at the rest.
    EXPECT_GE(blue, spots.size() * 9 / 10) << blue << " of " << spots.size() << " vertices";

    const render::Image without = render_with(assets_without("rivers.fgb"), "no_rivers");
    ASSERT_EQ(without.width, kWidth);
    std::size_t blue_without = 0;
    for (const core::ScreenPx& s : spots)
        blue_without += river_near(without, s, style) ? 1 : 0;
    EXPECT_EQ(blue_without, 0u);
}

// Issue 16, lakes: the middle of Lake Tharthar (43.25 E 33.95 N, kilometres from its shores)
// in the water's colour at zoom 8; with lakes.fgb left out, the land's.
TEST_P(RiversCli, Zoom8LakeTharthar) {
    constexpr core::LonLat kTharthar{43.25, 33.95};
    const render::MapStyle style;
    auto share = [&](const render::Image& image, core::Rgba8 want) {
        int hits = 0, n = 0; // a 9×9 block in the middle of the image (the view's centre)
        for (int y = kHeight / 2 - 4; y <= kHeight / 2 + 4; ++y)
            for (int x = kWidth / 2 - 4; x <= kWidth / 2 + 4; ++x, ++n) {
                const std::uint8_t* p = image.pixel(x, y);
                hits += std::abs(p[0] - want.r) <= 3 && std::abs(p[1] - want.g) <= 3 &&
                        std::abs(p[2] - want.b) <= 3;
            }
        return static_cast<double>(hits) / n;
    };
    const render::Image with = render_with(INCIMAP_ASSETS, "lakes", kTharthar);
    ASSERT_EQ(with.width, kWidth);
    EXPECT_EQ(share(with, style.water), 1.0);
    const render::Image without = render_with(assets_without("lakes.fgb"), "no_lakes", kTharthar);
    ASSERT_EQ(without.width, kWidth);
    EXPECT_EQ(share(without, style.land), 1.0);
}

INSTANTIATE_TEST_SUITE_P(Crs, RiversCli, ::testing::Values("EPSG:3857", "EPSG:4326"),
                         [](const auto& param_info) {
                             return std::string(param_info.param).substr(5);
                         });

class RiversGl : public test::GlTest {};

// The window's way: the dark theme's river colour at zoom 8; no rivers at zoom 4 (the world
// and 1:50m land are drawn without them).
TEST_F(RiversGl, DarkThemeAndNotZoomedOut) {
    test::OffscreenMap map(kWidth, kHeight);
    ASSERT_TRUE(map.init());
    map.renderer().style() = render::dark_map_style();
    const render::MapStyle dark = render::dark_map_style();
    core::LonLatBox box;
    box.extend({kBaghdad.lon - 1.0, kBaghdad.lat - 0.6});
    box.extend({kBaghdad.lon + 1.0, kBaghdad.lat + 0.6});
    const std::vector<core::LonLat> vertices = major_river_vertices(box);
    ASSERT_GE(vertices.size(), 20u);

    const core::Camera cam = map.camera(kBaghdad, kZoom);
    const render::Image image = map.draw(cam);
    std::size_t shown = 0, in_view = 0;
    for (const core::LonLat& v : vertices) {
        const core::ScreenPx s = map.predict(cam, v);
        if (s.x < 12 || s.y < 12 || s.x > kWidth - 12 || s.y > kHeight - 12)
            continue;
        ++in_view;
        shown += river_near(image, s, dark) ? 1 : 0;
    }
    ASSERT_GT(in_view, 10u);
    EXPECT_EQ(shown, in_view) << "no place names here: every vertex shows";

    const core::Camera far = map.camera(kBaghdad, 4.0);
    const render::Image world = map.draw(far);
    std::size_t at_zoom4 = 0;
    for (int y = 0; y < world.height; ++y)
        for (int x = 0; x < world.width; ++x)
            at_zoom4 += river_blue(world, x, y, dark) ? 1 : 0;
    EXPECT_EQ(at_zoom4, 0u);
}

} // namespace
