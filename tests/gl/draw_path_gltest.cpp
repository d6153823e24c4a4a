// The two ways of drawing incidents (render/map_renderer.hpp: one instance each, or the
// spatial index's frame plan) give the same picture where incidents are sparse, so the map
// does not jump when a frame changes its way (issue 14); and in Auto the renderer picks the
// plan where the measured instance cost would exceed it, the instances where they are cheap.

#include "gl_support.hpp"

#include <cstdlib>
#include <string>
#include <vector>

using namespace incimap;
using render::MapRenderer;
using test::OffscreenMap;
using test::TestIncident;

namespace {

constexpr int kWidthPx = 320, kHeightPx = 240;

// 48 incidents on a 0.15° grid around Baghdad (≈ 27 px apart at zoom 9): no two markers touch.
// Three categories, dated over January, two undated.
std::string write_sparse() {
    std::vector<TestIncident> in;
    const char* categories[] = {"Airstrike", "Shelling", "Protest"};
    for (int i = 0; i < 48; ++i) {
        const double lon = 43.6 + 0.15 * (i % 8), lat = 32.9 + 0.15 * (i / 8);
        const std::string day = std::to_string(10 + i % 20);
        in.push_back({{lon, lat}, categories[i % 3], i % 23 == 5 ? "" : "2024-01-" + day});
    }
    return test::write_geojson("draw_path_sparse", in);
}

struct Comparison {
    std::size_t differing = 0; // pixels with a channel off by more than 48
    double mean_abs = 0;       // per channel
};

Comparison compare(const render::Image& a, const render::Image& b) {
    Comparison c;
    double total = 0;
    for (std::size_t p = 0; p + 3 < a.rgba.size(); p += 4) {
        int worst = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            const int d = std::abs(int{a.rgba[p + k]} - int{b.rgba[p + k]});
            worst = std::max(worst, d);
            total += d;
        }
        c.differing += worst > 48 ? 1 : 0;
    }
    c.mean_abs = total / (3.0 * a.width * a.height);
    return c;
}

} // namespace

class DrawPathGl : public test::GlTest {
protected:
    void SetUp() override {
        test::GlTest::SetUp();
        if (IsSkipped())
            return;
        ASSERT_TRUE(map.init());
        ASSERT_TRUE(map.add_file(write_sparse()));
        cam = map.camera({44.1, 33.25}, 9.0);
    }
    render::Image draw_as(MapRenderer::DrawMode mode, const render::TimeWindow& w) {
        map.renderer().set_draw_mode(mode);
        return map.draw(cam, w);
    }
    OffscreenMap map{kWidthPx, kHeightPx};
    core::Camera cam;
};

TEST_F(DrawPathGl, ASparseViewLooksTheSameDrawnEitherWay) {
    render::TimeWindow january;
    january.from = test::iso("2024-01-12");
    january.to = test::iso("2024-01-25");
    for (const render::TimeWindow& w : {render::TimeWindow{}, january}) {
        const render::Image instanced = draw_as(MapRenderer::DrawMode::Instanced, w);
        ASSERT_EQ(map.renderer().last_path(), core::DrawPath::Instanced);
        EXPECT_EQ(map.renderer().incidents().count(), 48u);
        const render::Image plan = draw_as(MapRenderer::DrawMode::Plan, w);
        ASSERT_EQ(map.renderer().last_path(), core::DrawPath::Plan);
        EXPECT_EQ(map.renderer().last_plan().aggregates, 0u) << "sparse: every marker alone";
        EXPECT_GT(map.renderer().last_plan().individuals, 10u);
        // The golden images' tolerances (tests/gl/golden_gltest.cpp).
        const Comparison c = compare(instanced, plan);
        EXPECT_LE(static_cast<double>(c.differing) / (kWidthPx * kHeightPx), 0.005)
            << c.differing << " pixels differ";
        EXPECT_LE(c.mean_abs, 1.5);
        if (std::getenv("INCIMAP_DUMP_DRAW_PATH")) {
            render::write_png(instanced, "draw_path_instanced.png");
            render::write_png(plan, "draw_path_plan.png");
        }
        // And the markers are there: the picture is not two empty maps.
        const Comparison vs_none = compare(plan, draw_as(MapRenderer::DrawMode::Plan, [] {
                                               render::TimeWindow none;
                                               none.from = test::iso("1990-01-01");
                                               none.to = test::iso("1990-01-02");
                                               none.show_undated = false;
                                               return none;
                                           }()));
        EXPECT_GT(vs_none.differing, 300u);
    }
}

TEST_F(DrawPathGl, AutoFollowsTheMeasuredCosts) {
    MapRenderer& r = map.renderer();
    r.set_draw_mode(MapRenderer::DrawMode::Auto);
    // Instances this expensive (48 × 100 µs = 4.8 ms, over the budget) but still uploaded:
    // the plan of a few points is cheaper.
    r.set_draw_costs({100e-6, 1e-6, 1e-6});
    map.draw(cam, {});
    EXPECT_EQ(r.incidents().count(), 48u);
    EXPECT_EQ(r.last_path(), core::DrawPath::Plan);
    // Cheap instances: every incident one by one.
    r.set_draw_costs({1e-9, 5e-9, 20e-9});
    map.draw(cam, {});
    EXPECT_EQ(r.last_path(), core::DrawPath::Instanced);
    // Too expensive to be worth uploading: none kept, the plan.
    r.set_draw_costs({1e-3, 1e-6, 1e-6});
    map.draw(cam, {});
    EXPECT_EQ(r.incidents().count(), 0u);
    EXPECT_EQ(r.last_path(), core::DrawPath::Plan);
}

TEST_F(DrawPathGl, TheRendererMeasuredItsCosts) {
    const core::DrawCosts& c = map.renderer().draw_costs();
    EXPECT_GT(c.per_instance_s, 0.0);
    EXPECT_GT(c.per_point_s, 0.0);
    EXPECT_LT(c.per_instance_s, 1e-3);
    EXPECT_LT(c.per_point_s, 1e-3);
    std::printf("[costs] instance %.3f µs, marker %.3f µs, point %.3f µs\n",
                c.per_instance_s * 1e6, c.per_marker_s * 1e6, c.per_point_s * 1e6);
}
