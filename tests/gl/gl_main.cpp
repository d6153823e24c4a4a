// The gl tests' main: one EGL context for the whole binary, made before the first test.

#include "gl_support.hpp"

#include <gtest/gtest.h>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new incimap::test::GlEnvironment); // gtest owns it
    return RUN_ALL_TESTS();
}
