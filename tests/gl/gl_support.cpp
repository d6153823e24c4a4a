#include "gl_support.hpp"

#include "core/time.hpp"
#include "geo/reader.hpp"
#include "render/egl_context.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace incimap::test {

namespace {

// The test binary's one context; made in GlEnvironment::SetUp, gone in TearDown.
std::unique_ptr<render::EglContext> g_context;
std::string g_error = "GlEnvironment was not set up";

} // namespace

void GlEnvironment::SetUp() {
    g_error.clear();
    g_context = render::EglContext::create(g_error);
    if (g_context)
        std::fprintf(stderr, "[gl] %s\n", g_context->renderer().c_str());
    else
        std::fprintf(stderr,
                     "\n"
                     "**********************************************************************\n"
                     "*** NO EGL CONTEXT: %s\n"
                     "*** Every gl test will %s.\n"
                     "**********************************************************************\n\n",
                     g_error.c_str(), gl_required() ? "FAIL (INCIMAP_REQUIRE_GL=1)" : "SKIP");
}

void GlEnvironment::TearDown() {
    g_context.reset();
}

bool GlEnvironment::available() {
    return g_context != nullptr;
}

const std::string& GlEnvironment::error() {
    return g_error;
}

bool gl_required() {
    const char* v = std::getenv("INCIMAP_REQUIRE_GL");
    return v != nullptr && std::string(v) == "1";
}

void GlTest::SetUp() {
    if (GlEnvironment::available())
        return;
    if (gl_required())
        FAIL() << "no EGL context and INCIMAP_REQUIRE_GL=1: " << GlEnvironment::error();
    std::fprintf(stderr, "*** SKIPPING %s: no EGL context (%s)\n",
                 ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                 GlEnvironment::error().c_str());
    GTEST_SKIP() << "no EGL context: " << GlEnvironment::error();
}

// --- OffscreenMap ------------------------------------------------------------------------------

OffscreenMap::OffscreenMap(int width_px, int height_px)
    : m_width(width_px), m_height(height_px), m_scene(INCIMAP_ASSETS) {}

bool OffscreenMap::init(const std::string& crs) {
    std::string error;
    if (!m_scene.set_projection(crs, error) || !m_target.create(m_width, m_height, 4, error) ||
        !m_renderer.init(error)) {
        ADD_FAILURE() << error;
        return false;
    }
    return true;
}

core::Camera OffscreenMap::camera(core::LonLat centre, double zoom) const {
    core::Camera cam = m_scene.make_camera(m_width, m_height);
    cam.set_zoom(zoom);
    cam.set_centre(m_scene.projection().forward(centre));
    return cam;
}

bool OffscreenMap::add_file(const std::string& path) {
    geo::ReadResult r = geo::read_incidents(path);
    EXPECT_TRUE(r.ok) << path << ": " << r.error;
    if (!r.ok)
        return false;
    m_scene.add_layer({path, std::move(r.table), std::move(r.report)});
    return true;
}

render::Image OffscreenMap::draw(const core::Camera& camera, const render::TimeWindow& window,
                                 bool places) {
    std::string error;
    EXPECT_TRUE(m_scene.sync(m_renderer, camera, error)) << error;
    if (!places)
        m_renderer.set_places({}); // sync sends places once per projection: this sticks
    m_target.bind();
    m_renderer.draw(camera, window, -1, nullptr);
    return m_target.read();
}

core::ScreenPx OffscreenMap::predict(const core::Camera& camera, core::LonLat at) const {
    return camera.to_screen(m_scene.projection().forward(at));
}

// --- files and pixels --------------------------------------------------------------------------

namespace {

// A folder of this test process's own: ctest runs the tests of one binary as processes side
// by side, and several write the same names (UiGoldenGl's fixture was rewritten while another
// test read it: "changed while it was read", CI). The file's name, the layer's name on the
// panels and in the goldens, stays the same. Removed when the process ends.
const std::string& process_dir() {
    static const struct Dir {
        std::string path = ::testing::TempDir() + "incimap_gl_" + std::to_string(::getpid());
        Dir() { std::filesystem::create_directories(path); }
        ~Dir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    } dir;
    return dir.path;
}

} // namespace

std::string write_geojson(const std::string& name, const std::vector<TestIncident>& incidents) {
    const std::string path = process_dir() + "/incimap_gl_" + name + ".geojson";
    std::ofstream out(path);
    out << "{\"type\": \"FeatureCollection\", \"features\": [\n";
    for (std::size_t i = 0; i < incidents.size(); ++i) {
        const TestIncident& t = incidents[i];
        char coords[96];
        std::snprintf(coords, sizeof coords, "[%.12f, %.12f]", t.at.lon, t.at.lat);
        out << "  {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": "
            << coords << "}, \"properties\": {\"event_type\": "
            << (t.category.empty() ? "null" : "\"" + t.category + "\"")
            << ", \"date\": " << (t.date.empty() ? "null" : "\"" + t.date + "\"") << "}}"
            << (i + 1 < incidents.size() ? "," : "") << "\n";
    }
    out << "]}\n";
    EXPECT_TRUE(out.good()) << path;
    return path;
}

core::UnixMs iso(const std::string& text) {
    const auto t = core::parse_time(text, {core::DayMonthOrder::Unknown, false});
    EXPECT_TRUE(t.has_value()) << text;
    return t ? t->start_ms : 0;
}

::testing::AssertionResult pixel_near(const render::Image& image, core::ScreenPx at,
                                      core::Rgba8 want, int tolerance) {
    const int x = static_cast<int>(std::floor(at.x));
    const int y = static_cast<int>(std::floor(at.y));
    if (x < 0 || y < 0 || x >= image.width || y >= image.height)
        return ::testing::AssertionFailure() << "pixel " << x << "," << y << " is off the image";
    const std::uint8_t* p = image.pixel(x, y);
    const int got[3] = {p[0], p[1], p[2]};
    const int wanted[3] = {want.r, want.g, want.b};
    for (int c = 0; c < 3; ++c)
        if (std::abs(got[c] - wanted[c]) > tolerance)
            return ::testing::AssertionFailure()
                   << "pixel " << x << "," << y << " is (" << got[0] << "," << got[1] << ","
                   << got[2] << "), expected (" << wanted[0] << "," << wanted[1] << "," << wanted[2]
                   << ") ±" << tolerance;
    return ::testing::AssertionSuccess();
}

std::optional<core::ScreenPx> colour_centroid(const render::Image& image, core::ScreenPx near,
                                              core::Rgba8 colour, int radius_px, int tolerance) {
    const int cx = static_cast<int>(std::floor(near.x));
    const int cy = static_cast<int>(std::floor(near.y));
    double sx = 0, sy = 0;
    int n = 0;
    for (int y = std::max(0, cy - radius_px); y <= std::min(image.height - 1, cy + radius_px); ++y)
        for (int x = std::max(0, cx - radius_px); x <= std::min(image.width - 1, cx + radius_px);
             ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            if (std::abs(p[0] - colour.r) <= tolerance && std::abs(p[1] - colour.g) <= tolerance &&
                std::abs(p[2] - colour.b) <= tolerance) {
                sx += x + 0.5; // the pixel's centre
                sy += y + 0.5;
                ++n;
            }
        }
    if (n == 0)
        return std::nullopt;
    return core::ScreenPx{sx / n, sy / n};
}

} // namespace incimap::test
