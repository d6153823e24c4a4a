// Measure (issue 17, item 2): geodesic distances, areas and range rings against PROJ's geod,
// segments at the antimeridian, and the engine's measuring by clicks, Esc and kept rings.

#include "geo/geodesy.hpp"
#include "scene/actions.hpp"
#include "scene/session.hpp"
#include "toolkit/engine_fixture.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace incimap;
using incimap::test::ToolkitEngineTest;

// Against PROJ's `geod +ellps=WGS84 -I +units=m` (proj-bin 9.1.1), metres.
TEST(Geodesy, DistancesAgreeWithGeod) {
    struct Case {
        const char* name;
        core::LonLat a, b;
        double metres;
    };
    const Case cases[] = {
        {"Baghdad-Beirut", {44.4009, 33.3406}, {35.5018, 33.8938}, 827825.688},
        {"polar, across the pole", {0, 89}, {180, 89}, 223387.730},
        {"antimeridian", {179.5, 10}, {-179.5, -10}, 2214481.072},
        {"south, half way round", {-30, -60}, {150, -70}, 5580877.911},
    };
    for (const Case& c : cases) {
        EXPECT_NEAR(geo::geodesic_distance_m(c.a, c.b), c.metres, 1e-3) << c.name;
        EXPECT_NEAR(geo::geodesic_distance_m(c.b, c.a), c.metres, 1e-3) << c.name;
    }
    const std::vector<core::LonLat> path{{44.4009, 33.3406}, {35.5018, 33.8938}, {44.4009, 33.3406}};
    EXPECT_NEAR(geo::path_length_m(path), 2 * 827825.688, 2e-3);
    // `geod +ellps=WGS84`: 33.3 44.4 45 300000 → 35.19066030 46.72896062.
    const core::LonLat p = geo::geodesic_direct({44.4, 33.3}, 45, 300000);
    EXPECT_NEAR(p.lat, 35.19066030, 1e-8);
    EXPECT_NEAR(p.lon, 46.72896062, 1e-8);
}

TEST(Geodesy, PolygonArea) {
    // A 1°×1° cell on the equator: the ellipsoidal zone area (authalic formula) is
    // 12,308,463,894 m²; its northern edge is a geodesic, not the parallel (≈3e-5 of it).
    const std::vector<core::LonLat> cell{{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    EXPECT_NEAR(geo::polygon_area_m2(cell) / 12308463894.0, 1.0, 1e-4);
    // Either winding, and fewer than three points: none.
    const std::vector<core::LonLat> reversed(cell.rbegin(), cell.rend());
    EXPECT_DOUBLE_EQ(geo::polygon_area_m2(reversed), geo::polygon_area_m2(cell));
    EXPECT_EQ(geo::polygon_area_m2(std::vector<core::LonLat>{{0, 0}, {1, 1}}), 0.0);
}

TEST(Geodesy, RangeRingVerticesLieAtTheRadius) {
    for (const core::LonLat centre : {core::LonLat{44.4, 33.3}, core::LonLat{179.9, 0},
                                      core::LonLat{0, 89.5}}) {
        for (const double r : {100e3, 300e3, 1000e3}) {
            const auto ring = geo::geodesic_circle(centre, r, 180);
            ASSERT_EQ(ring.size(), 180u);
            for (const core::LonLat& v : ring)
                EXPECT_NEAR(geo::geodesic_distance_m(centre, v), r, 1e-3);
        }
    }
    // A geodesic line: every point on the geodesic, the ends exact.
    const auto line = geo::geodesic_line({44.4009, 33.3406}, {35.5018, 33.8938}, 20000);
    EXPECT_GE(line.size(), 42u);
    EXPECT_NEAR(line.back().lon, 35.5018, 1e-9);
    double along = 0;
    for (std::size_t i = 1; i < line.size(); ++i)
        along += geo::geodesic_distance_m(line[i - 1], line[i]);
    EXPECT_NEAR(along, 827825.688, 1e-2);
}

TEST(Geodesy, SegmentsBreakAtTheAntimeridianAndWhereNothingProjects) {
    // Plate carrée in degrees: a ring around a point on the antimeridian wraps.
    const auto ring = geo::geodesic_circle({180, 0}, 300e3, 64);
    std::vector<core::MapPoint> segments;
    geo::append_segments(std::span<const core::LonLat>(ring),
                         [](core::LonLat ll) { return core::MapPoint{ll.lon, ll.lat}; }, 360.0,
                         segments);
    ASSERT_FALSE(segments.empty());
    for (std::size_t i = 0; i < segments.size(); i += 2)
        EXPECT_LT(std::abs(segments[i].x - segments[i + 1].x), 10.0) << "no segment across the map";
    EXPECT_LT(segments.size() / 2, ring.size() - 1); // some legs were dropped at the seam
    segments.clear();
    const std::vector<core::LonLat> line{{0, 0}, {1, 0}, {2, 0}, {3, 0}};
    geo::append_segments(std::span<const core::LonLat>(line),
                         [](core::LonLat ll) {
                             return ll.lon == 2 ? core::MapPoint{NAN, NAN}
                                                : core::MapPoint{ll.lon, ll.lat};
                         },
                         360.0, segments);
    EXPECT_EQ(segments.size(), 2u); // only 0–1: 1–2 and 2–3 touch a point with no position
}

TEST_F(ToolkitEngineTest, MeasuringByClicksEscAndRingsInTheSession) {
    const std::string session = m_dir.file("measure.json");
    auto e = loaded(session);
    const auto click_at = [&](core::LonLat ll) {
        core::Commands c;
        c.click_at = e->camera().to_screen(e->scene().projection().forward(ll));
        e->apply(c);
    };
    core::Commands zoom;
    zoom.set_centre_zoom = std::pair{core::LonLat{40, 33.6}, 5.0};
    e->apply(zoom);
    e->apply(scene::command_for(scene::Action::MeasurePath, e->state()));
    EXPECT_EQ(e->state().measure.mode, core::MeasureMode::Path);
    click_at({44.4009, 33.3406});
    click_at({35.5018, 33.8938});
    ASSERT_EQ(e->state().measure.path.size(), 2u);
    EXPECT_EQ(e->state().selected, -1) << "a click while measuring selects nothing";
    const std::string summary = e->measure_summary();
    EXPECT_NE(summary.find("path 827."), std::string::npos) << summary; // a pixel's worth off
    EXPECT_NE(summary.find(" mi)"), std::string::npos) << summary;
    ASSERT_FALSE(e->measure_labels().empty());
    click_at({36.2, 32.0});
    EXPECT_NE(e->measure_summary().find("area "), std::string::npos);
    // Esc: measuring ends and the path goes.
    e->apply(scene::command_for(scene::Action::ClearSelection, e->state()));
    EXPECT_EQ(e->state().measure.mode, core::MeasureMode::Off);
    EXPECT_TRUE(e->state().measure.path.empty());
    // Rings around two clicked centres, kept in the session.
    e->apply(scene::command_for(scene::Action::RangeRings, e->state()));
    click_at({42.44, 33.79});
    click_at({38.8, 33.3});
    ASSERT_EQ(e->state().measure.ring_centres.size(), 2u);
    EXPECT_EQ(e->measure_labels().size(), 6u); // 3 radii × 2 centres
    e->write_session(true);
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s) << error;
    ASSERT_EQ(s->ring_centres.size(), 2u);
    EXPECT_NEAR(s->ring_centres[0].lon, e->state().measure.ring_centres[0].lon, 1e-9);
    EXPECT_EQ(s->ring_radii_km, (std::vector<double>{100, 300, 1000}));
    e->apply(scene::command_for(scene::Action::ClearRings, e->state()));
    EXPECT_TRUE(e->state().measure.ring_centres.empty());
    auto again = loaded(session);
    EXPECT_EQ(again->state().measure.ring_centres.size(), 2u);
}

} // namespace
