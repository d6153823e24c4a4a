// Projections through PROJ, as tables of cases (input, expected, tolerance) after PROJ's gie
// files. Web Mercator is checked against its closed form; UTM 38N against a value computed
// once with `cs2cs` (lat lon order for EPSG:4326) and written down here.

#include "geo/projection.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

using incimap::core::LonLat;
using incimap::core::LonLatBox;
using incimap::core::MapBox;
using incimap::core::MapPoint;
using incimap::geo::Projection;

namespace {

// WGS84's semi-major axis: the sphere of EPSG:3857.
constexpr double kEarthRadiusM = 6378137.0;
constexpr double kHalfWorldM = 20037508.342789244; // π·R

// Spherical Mercator in closed form: x = R·λ, y = R·ln(tan(π/4 + φ/2)).
MapPoint closed_form_mercator(LonLat p) {
    const double lambda = p.lon * std::numbers::pi / 180.0;
    const double phi = p.lat * std::numbers::pi / 180.0;
    return {kEarthRadiusM * lambda,
            kEarthRadiusM * std::log(std::tan(std::numbers::pi / 4 + phi / 2))};
}

Projection make(const std::string& crs) {
    std::string error;
    auto p = Projection::create(crs, error);
    EXPECT_TRUE(p.has_value()) << crs << ": " << error;
    return p ? *p : Projection::web_mercator();
}

} // namespace

// --- Web Mercator against the closed form -------------------------------------------------

TEST(Projection, BaghdadInWebMercatorMatchesClosedForm) {
    const Projection p = Projection::web_mercator();
    const LonLat baghdad{44.4009, 33.3406};
    const MapPoint got = p.forward(baghdad);
    const MapPoint want = closed_form_mercator(baghdad);
    EXPECT_NEAR(got.x, want.x, 1e-3);
    EXPECT_NEAR(got.y, want.y, 1e-3);
}

struct KnownValue {
    const char* name;
    const char* crs;
    LonLat in;
    MapPoint out;     // expected, map units
    double tolerance; // map units
};

// clang-format off
const std::vector<KnownValue> k_known_values{
    // EPSG:3857 (cs2cs -d 9 +proj=longlat +datum=WGS84 +to EPSG:3857; equal to the closed form)
    {"origin",        "EPSG:3857", {0.0, 0.0},            {0.0, 0.0},                          1e-6},
    {"antimeridian",  "EPSG:3857", {180.0, 0.0},          {20037508.342789244, 0.0},           1e-6},
    {"antimeridian W","EPSG:3857", {-180.0, 0.0},         {-20037508.342789244, 0.0},          1e-6},
    {"Baghdad",       "EPSG:3857", {44.4009, 33.3406},    {4942685.578763060, 3940600.673261605}, 1e-3},
    {"Beirut",        "EPSG:3857", {35.5018, 33.8938},    {3952042.298244640, 4014550.859425713}, 1e-3},
    {"Ain al-Asad",   "EPSG:3857", {42.4412, 33.7856},    {4724532.772655482, 4000049.547739030}, 1e-3},
    {"Rio de Janeiro","EPSG:3857", {-43.1729, -22.9068},  {-4805985.244068920, -2620751.558532970}, 1e-3},
    {"New York",      "EPSG:3857", {-74.006, 40.7128},    {-8238310.235647004, 4970071.579142427}, 1e-3},
    // EPSG:4326 is plate carrée in degrees: x = lon, y = lat (not PROJ's lat, lon).
    {"Baghdad",       "EPSG:4326", {44.4009, 33.3406},    {44.4009, 33.3406},                  1e-12},
    {"Rio de Janeiro","EPSG:4326", {-43.1729, -22.9068},  {-43.1729, -22.9068},                1e-12},
    // UTM 38N: echo "33.3406 44.4009" | cs2cs -d 6 EPSG:4326 EPSG:32638
    {"Baghdad",       "EPSG:32638", {44.4009, 33.3406},   {444250.190671, 3689207.124249},     1e-3},
};
// clang-format on

TEST(Projection, KnownValues) {
    for (const KnownValue& c : k_known_values) {
        SCOPED_TRACE(std::string(c.crs) + " " + c.name);
        const Projection p = make(c.crs);
        const MapPoint got = p.forward(c.in);
        EXPECT_NEAR(got.x, c.out.x, c.tolerance);
        EXPECT_NEAR(got.y, c.out.y, c.tolerance);
        if (p.is_web_mercator()) {
            const MapPoint closed = closed_form_mercator(c.in);
            EXPECT_NEAR(got.x, closed.x, 1e-3);
            EXPECT_NEAR(got.y, closed.y, 1e-3);
        }
    }
}

// --- round trips ---------------------------------------------------------------------------

struct RoundTripCase {
    const char* crs;
    std::vector<LonLat> points;
};

// clang-format off
const std::vector<RoundTripCase> k_round_trips{
    {"EPSG:3857",  {{0, 0}, {44.4009, 33.3406}, {35.5018, 33.8938}, {-43.1729, -22.9068},
                    {-74.006, 40.7128}, {179.999, 85.0}, {-179.999, -85.0}, {12.345678901, 1e-7}}},
    {"EPSG:4326",  {{0, 0}, {44.4009, 33.3406}, {-43.1729, -22.9068}, {180, 90}, {-180, -90},
                    {-74.006, 40.7128}}},
    {"EPSG:32638", {{45, 0.5}, {44.4009, 33.3406}, {42.4412, 33.7856}, {47.9, 30.5},
                    {42.1, 37.2}, {45.0, 60.0}}},
};
// clang-format on

TEST(Projection, RoundTripsToANanodegree) {
    for (const RoundTripCase& c : k_round_trips) {
        const Projection p = make(c.crs);
        for (const LonLat& in : c.points) {
            SCOPED_TRACE(std::string(c.crs) + " " + std::to_string(in.lon) + "," +
                         std::to_string(in.lat));
            const MapPoint m = p.forward(in);
            ASSERT_TRUE(std::isfinite(m.x) && std::isfinite(m.y));
            const auto back = p.inverse(m);
            ASSERT_TRUE(back.has_value());
            EXPECT_NEAR(back->lon, in.lon, 1e-9);
            EXPECT_NEAR(back->lat, in.lat, 1e-9);
        }
    }
}

TEST(Projection, GeographicIsIdentityInLonLatOrder) {
    const Projection p = make("EPSG:4326");
    EXPECT_TRUE(p.is_geographic());
    EXPECT_FALSE(p.is_web_mercator());
    for (const LonLat in : {LonLat{44.4009, 33.3406}, LonLat{-120.5, -45.25}, LonLat{10, 80}}) {
        const MapPoint m = p.forward(in);
        EXPECT_DOUBLE_EQ(m.x, in.lon);
        EXPECT_DOUBLE_EQ(m.y, in.lat);
    }
}

// --- errors --------------------------------------------------------------------------------

TEST(Projection, UnknownOrUnusableCrsIsAnError) {
    for (const char* crs : {"EPSG:999999", "not a crs", "", "EPSG:4978" /* geocentric */,
                            "EPSG:5703" /* vertical */}) {
        SCOPED_TRACE(crs);
        std::string error;
        const auto p = Projection::create(crs, error);
        EXPECT_FALSE(p.has_value());
        EXPECT_FALSE(error.empty());
    }
    std::string error;
    EXPECT_FALSE(Projection::create("EPSG:999999", error));
    EXPECT_NE(error.find("EPSG:999999"), std::string::npos) << error;
}

// --- batches, poles and boxes --------------------------------------------------------------

TEST(Projection, BatchForwardEqualsSingleForward) {
    for (const char* crs : {"EPSG:3857", "EPSG:4326", "EPSG:32638"}) {
        SCOPED_TRACE(crs);
        const Projection p = make(crs);
        std::vector<LonLat> in;
        for (int i = 0; i < 1000; ++i) // a spiral over the Middle East, then the world
            in.push_back({40.0 + 0.137 * (i % 97) - (i > 500 ? 150.0 : 0.0),
                          20.0 + 0.05 * (i % 211) - (i > 800 ? 60.0 : 0.0)});
        std::vector<MapPoint> out(in.size());
        const std::size_t failed = p.forward(in, out);
        EXPECT_EQ(failed, 0U);
        for (std::size_t i = 0; i < in.size(); ++i) {
            const MapPoint one = p.forward(in[i]);
            ASSERT_EQ(out[i].x, one.x) << i;
            ASSERT_EQ(out[i].y, one.y) << i;
        }
    }
}

// A table's worth of points (issue 14) is transformed in parts on threads, each part with its
// own copy of the transformation: the same numbers as point by point, failures counted alike.
TEST(Projection, ALargeBatchOnThreadsEqualsSingleForward) {
    ::setenv("INCIMAP_THREADS", "4", 1);
    for (const char* crs : {"EPSG:3857", "EPSG:32638"}) {
        SCOPED_TRACE(crs);
        const Projection p = make(crs);
        std::vector<LonLat> in;
        for (int i = 0; i < 600'000; ++i)
            in.push_back({30.0 + 0.0000371 * i, 25.0 + 0.0000173 * (i % 700'001)});
        in[123] = {std::numeric_limits<double>::quiet_NaN(), 1}; // in the first part
        in[599'999] = {1, std::numeric_limits<double>::quiet_NaN()}; // in the last
        std::vector<MapPoint> out(in.size());
        EXPECT_EQ(p.forward(in, out), 2U);
        for (std::size_t i = 0; i < in.size(); i += 997) {
            const MapPoint one = p.forward(in[i]);
            ASSERT_EQ(out[i].x, one.x) << i;
            ASSERT_EQ(out[i].y, one.y) << i;
        }
        const MapPoint last = p.forward(in[599'998]);
        EXPECT_EQ(out[599'998].x, last.x);
        EXPECT_TRUE(std::isnan(out[123].x) && std::isnan(out[599'999].y));
    }
    ::unsetenv("INCIMAP_THREADS");
}

TEST(Projection, FailedPointsComeOutAsNaNAndAreCounted) {
    const Projection p = Projection::web_mercator();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<LonLat> in{{44, 33}, {nan, 10}, {10, nan}, {-43, -22}};
    std::vector<MapPoint> out(in.size());
    EXPECT_EQ(p.forward(in, out), 2U);
    EXPECT_TRUE(std::isfinite(out[0].x));
    EXPECT_TRUE(std::isnan(out[1].x) && std::isnan(out[1].y));
    EXPECT_TRUE(std::isnan(out[2].x) && std::isnan(out[2].y));
    EXPECT_TRUE(std::isfinite(out[3].y));
}

TEST(Projection, WebMercatorPolesAreClampedToTheSquareWorld) {
    const Projection p = Projection::web_mercator();
    // clang-format off
    const std::vector<std::pair<LonLat, double>> cases{
        {{0, 90}, kHalfWorldM}, {{0, -90}, -kHalfWorldM}, {{45, 89.9}, kHalfWorldM},
        {{-120, -86}, -kHalfWorldM}, {{0, 85.0511287798066}, kHalfWorldM},
    };
    // clang-format on
    for (const auto& [in, y] : cases) {
        SCOPED_TRACE(std::to_string(in.lat));
        const MapPoint m = p.forward(in);
        ASSERT_TRUE(std::isfinite(m.x) && std::isfinite(m.y));
        EXPECT_NEAR(m.y, y, 1e-3);
        EXPECT_NEAR(m.x, closed_form_mercator(in).x, 1e-3);
    }
}

TEST(Projection, ProjectBoxOfACylindricalProjectionIsItsCorners) {
    const Projection p = Projection::web_mercator();
    LonLatBox box;
    box.extend({34, 29});
    box.extend({49, 38});
    const MapBox m = p.project_box(box);
    const MapPoint sw = closed_form_mercator({34, 29});
    const MapPoint ne = closed_form_mercator({49, 38});
    EXPECT_NEAR(m.min_x, sw.x, 1e-3);
    EXPECT_NEAR(m.min_y, sw.y, 1e-3);
    EXPECT_NEAR(m.max_x, ne.x, 1e-3);
    EXPECT_NEAR(m.max_y, ne.y, 1e-3);
}

TEST(Projection, ProjectBoxCoversCurvedEdges) {
    // In UTM 38N the parallels curve: the box's bottom edge sags south in the middle (on
    // the central meridian, 45°E), and the west and east edges lean. Every point of the
    // lon/lat box must land inside the result.
    const Projection p = make("EPSG:32638");
    LonLatBox box;
    box.extend({40, 30});
    box.extend({50, 38});
    const MapBox m = p.project_box(box);
    ASSERT_LT(m.min_x, m.max_x);
    ASSERT_LT(m.min_y, m.max_y);
    const double slack = 1.0; // metres: the edges are sampled, not traced exactly
    for (int i = 0; i <= 40; ++i)
        for (int j = 0; j <= 40; ++j) {
            const LonLat ll{40 + 10.0 * i / 40, 30 + 8.0 * j / 40};
            const MapPoint q = p.forward(ll);
            EXPECT_GE(q.x, m.min_x - slack);
            EXPECT_LE(q.x, m.max_x + slack);
            EXPECT_GE(q.y, m.min_y - slack);
            EXPECT_LE(q.y, m.max_y + slack);
        }
    // The corners do not give the bottom: the middle of the bottom edge is ~10 km further
    // south (cs2cs: 3318785.353 m at 45°E 30°N against 3329329.800 m at 40°E 30°N).
    EXPECT_NEAR(m.min_y, 3318785.353, 1.0);
    EXPECT_NEAR(p.forward({40, 30}).y, 3329329.800, 1e-3);
}

TEST(Projection, WorldWidthAndYLimits) {
    struct Case {
        const char* crs;
        double world_width;
        std::pair<double, double> y_limits;
        bool geographic, web_mercator;
    };
    const std::vector<Case> cases{
        {"EPSG:3857", 2 * kHalfWorldM, {-kHalfWorldM, kHalfWorldM}, false, true},
        {"EPSG:4326", 360.0, {-90.0, 90.0}, true, false},
        {"EPSG:32638", 2 * kHalfWorldM, {0.0, 0.0}, false, false},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.crs);
        const Projection p = make(c.crs);
        EXPECT_NEAR(p.world_width(), c.world_width, 1e-6);
        EXPECT_NEAR(p.y_limits().first, c.y_limits.first, 1e-6);
        EXPECT_NEAR(p.y_limits().second, c.y_limits.second, 1e-6);
        EXPECT_EQ(p.is_geographic(), c.geographic);
        EXPECT_EQ(p.is_web_mercator(), c.web_mercator);
        EXPECT_EQ(p.name(), c.crs);
    }
    // Web Mercator's world width is 2π·R, and y_limits is where ±85.0511° lands.
    EXPECT_NEAR(Projection::web_mercator().world_width(), 2 * std::numbers::pi * kEarthRadiusM,
                1e-6);
    EXPECT_NEAR(closed_form_mercator({0, 85.0511287798066}).y, kHalfWorldM, 1e-3);
}

TEST(Projection, AreaOfUse) {
    EXPECT_FALSE(Projection::web_mercator().area_of_use().has_value());
    EXPECT_FALSE(make("EPSG:4326").area_of_use().has_value());
    const auto area = make("EPSG:32638").area_of_use(); // 42°E–48°E, equator to 84°N
    ASSERT_TRUE(area.has_value());
    EXPECT_NEAR(area->min_lon, 42.0, 0.01);
    EXPECT_NEAR(area->max_lon, 48.0, 0.01);
    EXPECT_NEAR(area->min_lat, 0.0, 0.01);
    EXPECT_NEAR(area->max_lat, 84.0, 0.01);
}
