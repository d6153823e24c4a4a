// The heat map (render/heat_layer.hpp): a dense spot is the hot end of the ramp, a sparse one
// cooler but visible, a pixel far from both is the basemap's own; a time window that leaves
// the dense spot out takes it away; and at 1,000,000 incidents the splats are bounded by the
// screen's cells, not by the table.

#include "gl_support.hpp"

#include "render/heat_layer.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace incimap;
using test::OffscreenMap;
using test::TestIncident;

namespace {

constexpr int kWidthPx = 320, kHeightPx = 240;
constexpr double kZoom = 8.0; // kernel radius 18 px; 1° of longitude ≈ 182 px

const core::LonLat k_dense{44.0, 33.0};  // 500 incidents in January
const core::LonLat k_sparse{44.3, 33.0}; // 5 in February, ≈ 55 px east (beyond 2 radii)
const core::LonLat k_far{43.72, 33.2};   // ≈ 55 px west, 40 px north of the dense spot

std::string write_data() {
    std::vector<TestIncident> in;
    for (int i = 0; i < 500; ++i)
        in.push_back({{k_dense.lon + 2e-5 * (i % 7), k_dense.lat + 2e-5 * (i % 11)},
                      "Airstrike",
                      "2024-01-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28)});
    for (int i = 0; i < 5; ++i)
        in.push_back({{k_sparse.lon, k_sparse.lat}, "Shelling",
                      "2024-02-0" + std::to_string(1 + i)});
    return test::write_geojson("heat", in);
}

render::TimeWindow between(const std::string& from, const std::string& to) {
    render::TimeWindow w;
    w.from = test::iso(from);
    w.to = test::iso(to);
    return w;
}

// `top` (straight alpha) over an opaque pixel, as the ramp pass blends.
core::Rgba8 over(core::Rgba8 top, const std::uint8_t* under) {
    const double a = top.a / 255.0;
    auto mix = [a](int t, int u) {
        return static_cast<std::uint8_t>(std::lround(t * a + u * (1 - a)));
    };
    return {mix(top.r, under[0]), mix(top.g, under[1]), mix(top.b, under[2]), 255};
}

int distance(const std::uint8_t* p, core::Rgba8 c) {
    return std::max({std::abs(p[0] - c.r), std::abs(p[1] - c.g), std::abs(p[2] - c.b)});
}

const std::uint8_t* at(const render::Image& image, core::ScreenPx p) {
    return image.pixel(static_cast<int>(std::floor(p.x)), static_cast<int>(std::floor(p.y)));
}

} // namespace

class HeatGl : public test::GlTest {
protected:
    void SetUp() override {
        test::GlTest::SetUp();
        if (IsSkipped())
            return;
        ASSERT_TRUE(map.init());
        ASSERT_TRUE(map.add_file(write_data()));
        cam = map.camera(k_dense, kZoom);
        // The basemap alone: a window in which nothing happened, no heat.
        basemap = map.draw(cam, between("2030-01-01", "2030-02-01"));
    }
    render::Image heat(const render::TimeWindow& window) {
        map.renderer().set_heat(&map.scene().index());
        render::Image image = map.draw(cam, window);
        map.renderer().set_heat(nullptr);
        return image;
    }
    OffscreenMap map{kWidthPx, kHeightPx};
    core::Camera cam;
    render::Image basemap;
};

TEST_F(HeatGl, DenseSpotIsHotSparseIsCoolerFarIsTheBasemap) {
    const render::Image image = heat(between("2024-01-01", "2024-03-01"));
    const render::HeatStats& s = map.renderer().heat_layer().last();
    ASSERT_TRUE(s.float_target) << "llvmpipe renders and blends R32F";
    EXPECT_EQ(s.shown, 505u);
    EXPECT_GE(s.splats, 2u);
    EXPECT_LE(s.splats, 40u) << "505 incidents at two spots: a few cells, not one per incident";
    EXPECT_FLOAT_EQ(s.radius_px, 18.0f);
    // The densest texel lies within a texel of the spot: most of the 500 count.
    EXPECT_GT(s.max_density, 400.0f);
    EXPECT_LE(s.max_density, 500.5f);

    const core::ScreenPx dense = map.predict(cam, k_dense);
    const core::ScreenPx sparse = map.predict(cam, k_sparse);
    const core::ScreenPx far = map.predict(cam, k_far);
    const core::Rgba8 hot = over(render::HeatLayer::ramp_at(1.0f), at(basemap, dense));
    EXPECT_LE(distance(at(image, dense), hot), 8) << "the dense spot is the ramp's hot end";

    // The sparse spot: where 5 of ~500 falls on the log ramp, over the basemap.
    const float t = render::HeatLayer::ramp_position(5.0f, s.max_density);
    EXPECT_GT(t, 0.2f);
    EXPECT_LT(t, 0.4f);
    const core::Rgba8 cool = over(render::HeatLayer::ramp_at(t), at(basemap, sparse));
    EXPECT_LE(distance(at(image, sparse), cool), 10);
    EXPECT_GE(distance(at(image, sparse), over({0, 0, 0, 0}, at(basemap, sparse))), 40)
        << "not transparent";
    EXPECT_GE(distance(at(image, sparse), hot), 60) << "cooler than the dense spot";

    // Far from both (beyond the kernel): exactly the basemap.
    EXPECT_LE(distance(at(image, far), over({0, 0, 0, 0}, at(basemap, far))), 1);
    // Near the rim, all round the dense spot: still coloured (the colour pass covers only the
    // tiles holding density; none may be missed), and far fewer quads than a full-screen pass
    // would be worth skipping for.
    const float reach = s.radius_px - 5;
    for (const core::ScreenPx d : {core::ScreenPx{reach, 0}, core::ScreenPx{-reach, 0},
                                   core::ScreenPx{0, reach}, core::ScreenPx{0, -reach}}) {
        const core::ScreenPx p{dense.x + d.x, dense.y + d.y};
        EXPECT_GE(distance(at(image, p), over({0, 0, 0, 0}, at(basemap, p))), 20)
            << "at " << d.x << "," << d.y << " from the dense spot";
    }
    EXPECT_GE(s.ramp_quads, 1u);
    EXPECT_LE(s.ramp_quads, 8u) << "two spots: a few runs of 64-px tiles";
}

TEST_F(HeatGl, AWindowWithoutTheDenseSpotLeavesOnlyTheSparseOne) {
    const render::Image image = heat(between("2024-02-01", "2024-03-01"));
    const render::HeatStats& s = map.renderer().heat_layer().last();
    EXPECT_EQ(s.shown, 5u);
    EXPECT_NEAR(s.max_density, 5.0f, 0.6f);
    const core::ScreenPx dense = map.predict(cam, k_dense);
    const core::ScreenPx sparse = map.predict(cam, k_sparse);
    EXPECT_LE(distance(at(image, dense), over({0, 0, 0, 0}, at(basemap, dense))), 1)
        << "the January spot is gone";
    // Normalised by what the window shows: the five are now the hot end.
    const core::Rgba8 hot = over(render::HeatLayer::ramp_at(1.0f), at(basemap, sparse));
    EXPECT_LE(distance(at(image, sparse), hot), 8);
}

TEST_F(HeatGl, TheSelectedIncidentKeepsItsRingOverTheHeat) {
    const auto hits = map.scene().pick(cam, map.predict(cam, k_sparse),
                                       between("2024-02-01", "2024-03-01"));
    ASSERT_FALSE(hits.empty());
    std::string error;
    ASSERT_TRUE(map.scene().sync(map.renderer(), cam, error)) << error;
    render::OffscreenTarget target;
    ASSERT_TRUE(target.create(kWidthPx, kHeightPx, 4, error)) << error;
    map.renderer().set_heat(&map.scene().index());
    target.bind();
    map.renderer().draw(cam, between("2024-02-01", "2024-03-01"), hits.front(), nullptr);
    map.renderer().set_heat(nullptr);
    const render::Image image = target.read();
    const core::ScreenPx p = map.predict(cam, k_sparse);
    // A cyan ring centred on the incident (none without a selection: the ramp has no cyan).
    const core::Rgba8 ring{0, 230, 255, 255};
    const auto centre = test::colour_centroid(image, p, ring, 12, 40);
    ASSERT_TRUE(centre.has_value()) << "no ring";
    EXPECT_NEAR(centre->x, p.x, 1.0);
    EXPECT_NEAR(centre->y, p.y, 1.0);
    const render::Image plain = heat(between("2024-02-01", "2024-03-01"));
    EXPECT_FALSE(test::colour_centroid(plain, p, ring, 12, 40).has_value());
}

// At a million incidents the layer draws one splat per occupied cell of ≈ 4 px in view.
class HeatScaleGl : public test::GlTest {};

TEST_F(HeatScaleGl, SplatsAreBoundedByTheScreenNotTheTable) {
    constexpr std::size_t kCount = 1000000;
    constexpr int kW = 640, kH = 400;
    core::Camera cam(core::kWebMercatorWorldWidth);
    cam.set_viewport(kW, kH);
    cam.set_zoom(9.0);
    cam.set_centre({4.9e6, 3.9e6});
    const core::MapBox view = cam.visible_box();

    // Spread over twice the view in each direction: the view is full, and much lies outside.
    core::IncidentTable table;
    table.reserve(kCount);
    std::vector<core::MapPoint> positions(kCount);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> ux(view.min_x - view.width() / 2,
                                              view.max_x + view.width() / 2);
    std::uniform_real_distribution<double> uy(view.min_y - view.height() / 2,
                                              view.max_y + view.height() / 2);
    std::size_t in_view = 0;
    for (std::size_t i = 0; i < kCount; ++i) {
        positions[i] = {ux(rng), uy(rng)};
        const core::MapPoint p = positions[i];
        in_view += p.x >= view.min_x && p.x <= view.max_x && p.y >= view.min_y &&
                   p.y <= view.max_y;
        core::IncidentTable::Incident inc;
        inc.time = {test::iso("2024-01-01") + static_cast<core::UnixMs>(i % 30) * core::kMsPerDay,
                    test::iso("2024-01-02") + static_cast<core::UnixMs>(i % 30) * core::kMsPerDay,
                    core::TimePrecision::Day, core::ZoneKind::Utc};
        table.push_back(inc);
    }
    core::SpatialIndex index;
    index.build(positions, table, {});

    std::string error;
    render::OffscreenTarget target;
    ASSERT_TRUE(target.create(kW, kH, 0, error)) << error;
    render::HeatLayer layer;
    ASSERT_TRUE(layer.init(error)) << error;
    target.bind();
    layer.draw(index, cam, core::TimeWindow{});
    const render::HeatStats s = layer.last();

    // The cells the layer may visit: the view plus the kernel's margin and a cell, in cells no
    // smaller than the level's (≥ 0.7 of 4 px), plus one partial cell per side.
    const double reach_px = s.radius_px + s.cell_px;
    const double bound = (std::ceil((kW + 2 * reach_px) / s.cell_px) + 1) *
                         (std::ceil((kH + 2 * reach_px) / s.cell_px) + 1);
    EXPECT_GE(s.cell_px, 4.0 / std::sqrt(2.0) - 1e-9);
    EXPECT_LE(s.cell_px, 4.0 * std::sqrt(2.0) + 1e-9);
    EXPECT_LE(static_cast<double>(s.splats), bound);
    EXPECT_LE(s.splats, s.cells);
    EXPECT_LT(s.splats, kCount / 20) << "one splat per incident would be a million";
    // The view is full: most of its cells hold something, and every incident in view counts.
    EXPECT_GT(static_cast<double>(s.splats), 0.5 * (kW / s.cell_px) * (kH / s.cell_px));
    EXPECT_GE(s.shown, in_view);
    EXPECT_LT(s.shown, kCount);
    EXPECT_GT(s.max_density, 1.0f);
}
