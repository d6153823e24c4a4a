#pragma once
// What the gl tests share: the one EGL context of the test binary (made by GlEnvironment
// before the first test), a fixture that skips loudly when there is none (and fails instead
// when INCIMAP_REQUIRE_GL=1, as CTest sets it), a map drawn off-screen the way `incimap
// render` draws it, small GeoJSON files written at test time, and pixel checks.

#include "scene/map_scene.hpp"
#include "core/camera.hpp"
#include "core/geometry.hpp"
#include "core/palette.hpp"
#include "render/map_renderer.hpp"
#include "render/offscreen_target.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace incimap::test {

// Owns the EGL context for the whole run (GL calls need one current context; making one per
// test would only cost time).
class GlEnvironment : public ::testing::Environment {
public:
    void SetUp() override;
    void TearDown() override;
    static bool available();
    static const std::string& error(); // why there is no context
};

// INCIMAP_REQUIRE_GL=1: no context is a failure, never a skip.
bool gl_required();

class GlTest : public ::testing::Test {
protected:
    void SetUp() override;
};

// A scene, a renderer and a target: what render_command.cpp puts together, minus the files.
class OffscreenMap {
public:
    OffscreenMap(int width_px, int height_px);
    // Checks with gtest assertions; a test stops when it returns false.
    bool init(const std::string& crs = "EPSG:3857");

    scene::MapScene& scene() { return m_scene; }
    render::MapRenderer& renderer() { return m_renderer; }
    const geo::Projection& projection() const { return m_scene.projection(); }
    core::Camera camera(core::LonLat centre, double zoom) const;

    // Reads a data file into the scene (a new layer).
    bool add_file(const std::string& path);
    // Syncs the scene (places dropped unless `places`) and draws one frame, no overlay.
    render::Image draw(const core::Camera& camera, const render::TimeWindow& window = {},
                       bool places = false);
    // Where the projection and the camera put `at`, in pixels (pixel i spans [i, i+1)).
    core::ScreenPx predict(const core::Camera& camera, core::LonLat at) const;

private:
    int m_width, m_height;
    scene::MapScene m_scene;
    render::MapRenderer m_renderer;
    render::OffscreenTarget m_target;
};

struct TestIncident {
    core::LonLat at;
    std::string category; // "" for none
    std::string date;     // "" for undated
};

// Writes the incidents as a GeoJSON FeatureCollection (properties event_type and date) into
// the test's temp dir; returns the path.
std::string write_geojson(const std::string& name, const std::vector<TestIncident>& incidents);

core::UnixMs iso(const std::string& text); // an ISO date or datetime, UTC

::testing::AssertionResult pixel_near(const render::Image& image, core::ScreenPx at,
                                      core::Rgba8 want, int tolerance = 3);
// Mean position of the pixels within `tolerance` of `colour` in a square of `radius_px`
// around `near`; nullopt when none.
std::optional<core::ScreenPx> colour_centroid(const render::Image& image, core::ScreenPx near,
                                              core::Rgba8 colour, int radius_px = 12,
                                              int tolerance = 3);

} // namespace incimap::test
