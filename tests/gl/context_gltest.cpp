// The context itself. A plain test (no skipping fixture): with INCIMAP_REQUIRE_GL=1, as CTest
// runs the gl tests, a machine without EGL fails here instead of skipping everything quietly.

#include "gl_support.hpp"

#include "render/gl.hpp"

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
