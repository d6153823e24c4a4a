// Focus on an area (issue 17, item 4): the prepared point-in-polygon test against a brute-force
// even-odd test on generated points (holes, multipolygons, many vertices, the antimeridian),
// the filters and `export`'s rows, areas read from files in another CRS and from the
// basemap's countries, and the engine's commands: draw, close, undo/redo, clear, the session.

#include "core/area.hpp"
#include "core/filters.hpp"
#include "geo/area_reader.hpp"
#include "scene/actions.hpp"
#include "scene/area_json.hpp"
#include "scene/session.hpp"
#include "toolkit/engine_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <random>

namespace {

using namespace incimap;
using incimap::test::ToolkitEngineTest;

// The textbook test, ring by ring, nothing prepared: the reference.
bool brute_inside(const std::vector<core::AreaPolygon>& polygons, core::LonLat p) {
    bool inside = false;
    for (const core::AreaPolygon& polygon : polygons)
        for (const core::Ring& r : polygon)
            for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
                if ((r[i].lat > p.lat) != (r[j].lat > p.lat) &&
                    p.lon < (r[j].lon - r[i].lon) * (p.lat - r[i].lat) / (r[j].lat - r[i].lat) +
                                r[i].lon)
                    inside = !inside;
    return inside;
}

core::Ring square(double lon0, double lat0, double lon1, double lat1) {
    return {{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}};
}

// A star of `n` spikes about a centre (a ring of 2n vertices, far from convex).
core::Ring star(core::LonLat c, double r_in, double r_out, int n) {
    core::Ring ring;
    for (int k = 0; k < 2 * n; ++k) {
        const double a = M_PI * k / n, r = k % 2 ? r_in : r_out;
        ring.push_back({c.lon + r * std::cos(a), c.lat + r * std::sin(a)});
    }
    return ring;
}

std::vector<core::LonLat> random_points(std::size_t n, core::LonLatBox box, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lon(box.min_lon, box.max_lon), lat(box.min_lat, box.max_lat);
    std::vector<core::LonLat> out(n);
    for (auto& p : out)
        p = {lon(rng), lat(rng)};
    return out;
}

TEST(AreaFilter, CountsAgreeWithBruteForceWithHolesAndParts) {
    // A square with a square hole (and an island in the hole), a star of 2,000 vertices, and
    // a triangle: one multipolygon.
    const std::vector<core::AreaPolygon> polygons{
        {square(40, 30, 46, 36), square(42, 32, 44, 34)},
        {square(42.5, 32.5, 43.5, 33.5)},
        {star({35, 33}, 0.5, 2.5, 1000)},
        {{{47, 29}, {49, 29}, {48, 31.5}}},
    };
    const core::Area area("test", polygons);
    ASSERT_FALSE(area.empty());
    const auto points = random_points(200000, {30, 25, 52, 40, false}, 17);
    std::size_t expected = 0, got = 0, disagree = 0;
    for (const core::LonLat& p : points) {
        const bool b = brute_inside(polygons, p), a = area.contains(p);
        expected += b;
        got += a;
        disagree += a != b;
    }
    EXPECT_GT(expected, 20000u);
    EXPECT_EQ(got, expected);
    EXPECT_EQ(disagree, 0u);
    // Known points: in the shell, in the hole, on the island, far away.
    EXPECT_TRUE(area.contains({41, 31}));
    EXPECT_FALSE(area.contains({42.2, 32.2}));
    EXPECT_TRUE(area.contains({43, 33}));
    EXPECT_FALSE(area.contains({10, 10}));
    EXPECT_FALSE(area.contains({48, 32})); // above the triangle's apex
}

TEST(AreaFilter, TheAntimeridianIsCrossedTheShortWay) {
    // Drawn across the Pacific: 170 E to 170 W.
    const core::Area pacific("fiji", {{{{170, -10}, {-170, -10}, {-170, 10}, {170, 10}}}});
    EXPECT_TRUE(pacific.contains({175, 0}));
    EXPECT_TRUE(pacific.contains({-175, 0}));
    EXPECT_TRUE(pacific.contains({180, 5}));
    EXPECT_FALSE(pacific.contains({0, 0}));
    EXPECT_FALSE(pacific.contains({165, 0}));
    EXPECT_FALSE(pacific.contains({-165, 0}));
    EXPECT_FALSE(pacific.contains({175, 11}));
    // A ring closed along the antimeridian (Natural Earth's Antarctica) stays as it is.
    const core::Area south("south", {{{{-180, -60}, {180, -60}, {180, -90}, {-180, -90}}}});
    EXPECT_TRUE(south.contains({0, -70}));
    EXPECT_TRUE(south.contains({179, -70}));
    EXPECT_FALSE(south.contains({0, -50}));
}

TEST(AreaFilter, RowsPassingFollowTheArea) {
    core::IncidentTable t;
    const auto points = random_points(5000, {38, 28, 50, 38, false}, 3);
    for (const core::LonLat& p : points) {
        core::IncidentTable::Incident incident;
        incident.position = p;
        t.push_back(incident); // undated: the default window shows it
    }
    const std::vector<core::AreaPolygon> polygons{{square(40, 30, 46, 36), square(42, 32, 44, 34)}};
    core::RowFilter filter;
    filter.area = core::make_area("a", polygons);
    std::size_t expected = 0;
    for (const core::LonLat& p : points)
        expected += brute_inside(polygons, p);
    EXPECT_EQ(core::rows_passing(t, filter).size(), expected);
    EXPECT_FALSE(static_cast<const core::Filters&>(filter).empty());
}

// Measured, not asserted: the prepared test over a million points, with a country of the
// basemap (Iraq at 1:50m) — what the filter worker pays when the area changes.
TEST(AreaFilter, AMillionPointsAgainstACountry) {
    std::string error;
    const auto iraq = geo::country_named(geo::countries_file(INCIMAP_ASSETS), "Iraq", error);
    ASSERT_TRUE(iraq) << error;
    const auto points = random_points(1000000, {35, 25, 55, 42, false}, 5);
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t inside = 0;
    for (const core::LonLat& p : points)
        inside += iraq->contains(p);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto t1 = std::chrono::steady_clock::now();
    std::size_t brute = 0;
    for (const core::LonLat& p : points)
        brute += brute_inside(iraq->polygons(), p);
    const double brute_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    std::printf("area filter: 1,000,000 points against Iraq (%zu vertices): %.3f s prepared, "
                "%.3f s every edge; %zu inside\n",
                iraq->vertex_count(), s, brute_s, inside);
    EXPECT_GT(inside, 50000u);
    EXPECT_EQ(inside, brute);
}

TEST(AreaFile, PolygonsInAnotherCrsAreReprojected) {
    test::TempDir dir;
    // A Web Mercator square around Baghdad (44.0…44.8 E, 33.0…33.6 N) with a hole.
    const auto merc = [](double lon, double lat) {
        const double r = 6378137.0;
        return std::pair{r * lon * M_PI / 180,
                         r * std::log(std::tan(M_PI / 4 + lat * M_PI / 360))};
    };
    const auto ring = [&](double lon0, double lat0, double lon1, double lat1) {
        std::string s = "[";
        const double c[5][2] = {{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}};
        for (int i = 0; i < 5; ++i) {
            const auto [x, y] = merc(c[i][0], c[i][1]);
            s += (i ? "," : "") + std::string("[") + std::to_string(x) + "," + std::to_string(y) + "]";
        }
        return s + "]";
    };
    const std::string path = dir.file("area.geojson");
    std::ofstream(path) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":)"
                           R"({"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[{"type":"Feature",)"
                           R"("properties":{},"geometry":{"type":"Polygon","coordinates":[)"
                        << ring(44.0, 33.0, 44.8, 33.6) << "," << ring(44.3, 33.2, 44.5, 33.4)
                        << "]}}]}";
    std::string error;
    const auto area = geo::read_area_file(path, error);
    ASSERT_TRUE(area) << error;
    EXPECT_TRUE(area->contains({44.1, 33.1}));
    EXPECT_TRUE(area->contains({44.7, 33.55}));
    EXPECT_FALSE(area->contains({44.4, 33.3})); // the hole
    EXPECT_FALSE(area->contains({43.9, 33.1}));
    EXPECT_NEAR(area->bbox().min_lon, 44.0, 1e-6);
    EXPECT_NEAR(area->bbox().max_lat, 33.6, 1e-6);

    const std::string points = dir.file("points.geojson");
    std::ofstream(points) << R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
                             R"("properties":{},"geometry":{"type":"Point","coordinates":[44,33]}}]})";
    EXPECT_FALSE(geo::read_area_file(points, error));
    EXPECT_NE(error.find("no polygon"), std::string::npos) << error;
    EXPECT_FALSE(geo::read_area_file(dir.file("missing.geojson"), error));
    EXPECT_NE(error.find("no such file"), std::string::npos) << error;
}

TEST(AreaFile, CountriesOfTheBasemap) {
    const std::string file = geo::countries_file(INCIMAP_ASSETS);
    std::string error;
    const auto names = geo::country_names(file, error);
    EXPECT_GT(names.size(), 200u) << error;
    const auto iraq = geo::country_named(file, "iraq", error);
    ASSERT_TRUE(iraq) << error;
    EXPECT_EQ(iraq->name(), "Iraq");
    EXPECT_TRUE(iraq->contains({44.3661, 33.3152}));  // Baghdad
    EXPECT_FALSE(iraq->contains({35.5018, 33.8938})); // Beirut
    const auto at = geo::country_at(file, {35.85, 33.85}, error); // inland (Beirut: the coast)
    ASSERT_TRUE(at) << error;
    EXPECT_EQ(at->name(), "Lebanon");
    EXPECT_FALSE(geo::country_at(file, {-30, 30}, error)); // the Atlantic
    EXPECT_FALSE(geo::country_named(file, "Atlantis", error));
}

TEST(AreaSession, JsonRoundTripAndHostileValues) {
    scene::Session s;
    s.area = core::make_area("drawn area", {{square(40, 30, 46, 36), square(42, 32, 44, 34)}});
    std::string error;
    const auto back = scene::session_from_json(scene::session_to_json(s), error);
    ASSERT_TRUE(back && back->area) << error;
    EXPECT_TRUE(back->area == s.area);
    EXPECT_EQ(back->area->name(), "drawn area");
    // A session without an area writes no key; nonsense in one reads as no area.
    EXPECT_EQ(scene::session_to_json(scene::Session{}).find("\"area\""), std::string::npos);
    for (const char* bad : {R"({"polygons": 3})", R"({"polygons": [[[["x", 1]]]]})",
                            R"({"polygons": [[[[1e9, 1], [2, 2], [3, 1]]]]})", R"([])"})
        EXPECT_FALSE(scene::area_from_json(nlohmann::json::parse(bad))) << bad;
}

// ---- the engine ----------------------------------------------------------------------------

class AreaEngineTest : public ToolkitEngineTest {
protected:
    void wait(scene::Engine& e) {
        for (int i = 0; i < 2000 && e.waiting(); ++i) {
            step(e, 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    // The incidents inside, counted by hand over the drawn table (all time).
    static std::size_t inside(const scene::Engine& e, const core::Area& a) {
        const core::IncidentTable& t = e.scene().drawn();
        std::size_t n = 0;
        for (std::size_t i = 0; i < t.count(); ++i)
            n += a.contains({t.lon[i], t.lat[i]}) ? 1 : 0;
        return n;
    }
    static std::size_t histogram_total(const scene::Engine& e) {
        const core::TimeHistogram h =
            e.scene().histogram(e.scene().time_extent().first() - core::kMsPerDay, core::kMsPerDay, 400);
        std::size_t n = h.undated;
        for (const auto v : h.counts)
            n += v;
        return n;
    }
};

TEST_F(AreaEngineTest, DrawCloseUndoRedoClearAndTheSession) {
    const std::string session = m_dir.file("area.json");
    auto e = loaded(session);
    // A window over all the data, fixed (a session restores "all dates" as its first week:
    // restoring `playing` sets a window, Engine::ensure_window_set).
    core::Commands all;
    all.set_window = core::TimeWindow{core::parse_time("2023-01-01")->start_ms,
                                      core::parse_time("2025-01-01")->start_ms};
    e->apply(all);
    wait(*e);
    const std::size_t total = e->overlay().in_window;
    ASSERT_EQ(total, e->scene().drawn().count());
    ASSERT_EQ(histogram_total(*e), total);
    // A, four corners around Baghdad and Ain al-Asad, Enter.
    e->apply(scene::command_for(scene::Action::DrawArea, e->state()));
    ASSERT_TRUE(e->state().area_drawing);
    for (const core::LonLat ll : {core::LonLat{41.5, 32.5}, {45.5, 32.5}, {45.5, 34.5}, {41.5, 34.5}}) {
        core::Commands c;
        c.click_at = e->camera().to_screen(e->scene().projection().forward(ll));
        e->apply(c);
    }
    EXPECT_EQ(e->state().area_draft.size(), 4u);
    EXPECT_EQ(e->state().selected, -1) << "a click while drawing selects nothing";
    e->apply(scene::command_for(scene::Action::FinishArea, e->state()));
    EXPECT_FALSE(e->state().area_drawing);
    ASSERT_TRUE(e->state().filters.area);
    wait(*e);
    const std::size_t in = inside(*e, *e->state().filters.area);
    ASSERT_GT(in, 0u);
    ASSERT_LT(in, total);
    EXPECT_EQ(e->overlay().in_window, in);       // the legend's count
    EXPECT_EQ(histogram_total(*e), in);          // the timeline's histogram
    EXPECT_LE(e->listed().size(), in);           // the list (in view as well)
    std::size_t by_category = 0;
    for (const auto& entry : e->overlay().entries)
        by_category += entry.count;
    EXPECT_EQ(by_category, in);
    EXPECT_NE(e->area_summary().find("within drawn area"), std::string::npos);
    // Undo takes the area away, redo brings it back.
    e->apply(scene::command_for(scene::Action::Undo, e->state()));
    EXPECT_FALSE(e->state().filters.area);
    wait(*e);
    EXPECT_EQ(e->overlay().in_window, total);
    e->apply(scene::command_for(scene::Action::Redo, e->state()));
    ASSERT_TRUE(e->state().filters.area);
    wait(*e);
    EXPECT_EQ(e->overlay().in_window, in);
    // Kept in the session, and restored from it.
    e->write_session(true);
    {
        auto again = loaded(session);
        ASSERT_TRUE(again->state().filters.area);
        EXPECT_TRUE(again->state().filters.area == e->state().filters.area);
        wait(*again);
        EXPECT_EQ(again->overlay().in_window, in);
    }
    // Shift+A clears it.
    e->apply(scene::command_for(scene::Action::ClearArea, e->state()));
    EXPECT_FALSE(e->state().filters.area);
    wait(*e);
    EXPECT_EQ(e->overlay().in_window, total);
}

TEST_F(AreaEngineTest, EscCancelsTwoCornersDoNotMakeAnAreaAndACountryDoes) {
    auto e = loaded();
    e->apply(scene::command_for(scene::Action::DrawArea, e->state()));
    core::Commands corner;
    corner.area_vertex = core::LonLat{44, 33};
    e->apply(corner);
    e->apply(scene::command_for(scene::Action::ClearSelection, e->state())); // Esc
    EXPECT_FALSE(e->state().area_drawing);
    EXPECT_TRUE(e->state().area_draft.empty());
    EXPECT_FALSE(e->state().filters.area);
    e->apply(scene::command_for(scene::Action::DrawArea, e->state()));
    e->apply(corner);
    corner.area_vertex = core::LonLat{45, 33};
    e->apply(corner);
    e->apply(scene::command_for(scene::Action::DrawArea, e->state())); // A again closes
    EXPECT_FALSE(e->state().area_drawing);
    EXPECT_FALSE(e->state().filters.area) << "two corners bound nothing";
    // A country by name, then by Alt+click (a point in Lebanon).
    core::Commands country;
    country.area_country = "Iraq";
    e->apply(country);
    ASSERT_TRUE(e->state().filters.area);
    EXPECT_EQ(e->state().filters.area->name(), "Iraq");
    wait(*e);
    EXPECT_EQ(e->overlay().in_window, inside(*e, *e->state().filters.area));
    core::Commands alt;
    alt.area_country_at = e->camera().to_screen(e->scene().projection().forward({35.9, 33.9}));
    e->apply(alt);
    ASSERT_TRUE(e->state().filters.area);
    EXPECT_EQ(e->state().filters.area->name(), "Lebanon");
}

} // namespace
