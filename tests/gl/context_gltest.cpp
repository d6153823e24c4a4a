// The context itself. A plain test (no skipping fixture): with INCIMAP_REQUIRE_GL=1, as CTest
// runs the gl tests, a machine without EGL fails here instead of skipping everything quietly.

#include "gl_support.hpp"

#include "render/gl.hpp"
#include "render/offscreen_target.hpp"

#include <cstdio>
#include <string>

using namespace incimap;

TEST(GlContext, AvailableWhenRequired) {
    if (test::gl_required()) {
        ASSERT_TRUE(test::GlEnvironment::available())
            << "INCIMAP_REQUIRE_GL=1 but no EGL context: " << test::GlEnvironment::error();
    }
    if (!test::GlEnvironment::available()) {
        std::fprintf(stderr, "*** no EGL context (%s); set INCIMAP_REQUIRE_GL=1 to fail\n",
                     test::GlEnvironment::error().c_str());
        return;
    }
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    EXPECT_GE(major * 10 + minor, 33) << "OpenGL " << major << "." << minor;
    GLint profile = 0;
    glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &profile);
    EXPECT_TRUE(profile & GL_CONTEXT_CORE_PROFILE_BIT);
}

// An image over the GPU's limits, or over its memory, says so and names the largest that
// works (it said "the off-screen framebuffer is incomplete"); that size then works.
class OffscreenSize : public test::GlTest {};

TEST_F(OffscreenSize, TooLargeSaysTheLargestThatWorks) {
    GLint max_side = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_side);
    ASSERT_GT(max_side, 0);
    render::OffscreenTarget target;
    std::string error;
    EXPECT_FALSE(target.create(max_side + 1, 100, 4, error));
    EXPECT_NE(error.find("too large for this GPU; the largest that works is about "),
              std::string::npos)
        << error;
    int w = 0, h = 0;
    const auto at = error.find("about ");
    ASSERT_EQ(std::sscanf(error.c_str() + at, "about %dx%d", &w, &h), 2) << error;
    EXPECT_LE(w, max_side);
    EXPECT_GE(w, max_side / 2);
    EXPECT_GE(h, 40);
    EXPECT_LE(h, 100);
    std::string again;
    EXPECT_TRUE(target.create(w, h, 4, again)) << again;
    EXPECT_FALSE(target.create(0, 10, 4, error));
    EXPECT_NE(error.find("at least 1x1"), std::string::npos) << error;
}
