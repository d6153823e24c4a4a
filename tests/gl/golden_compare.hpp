#pragma once
// Comparing an image with a golden PNG in tests/golden/ under tolerances (never exact bytes:
// another Mesa may antialias an edge differently). On a mismatch the actual image and a diff
// image (the golden in grey, differences in red) are written to the working directory and
// their paths printed. Used by golden_gltest.cpp (`incimap render`) and ui_golden_gltest.cpp
// (the panels drawn off-screen).

#include "render/offscreen_target.hpp"

#include <cstddef>
#include <string>

namespace incimap::test {

// A pixel "differs" when a channel is off by more than this; at most kMaxDifferingShare of the
// pixels may differ, and the mean absolute difference per channel stays under kMaxMeanDiff.
inline constexpr int kDifferingChannel = 48;
inline constexpr double kMaxDifferingShare = 0.005;
inline constexpr double kMaxMeanDiff = 1.5;

struct GoldenComparison {
    std::size_t differing = 0; // pixels with a channel off by > kDifferingChannel
    double mean_abs = 0;       // over every channel of every pixel (RGB)
    int max_abs = 0;
    render::Image diff; // golden faded to grey, differences in red
};

// Both images the same size.
GoldenComparison compare_images(const render::Image& golden, const render::Image& actual);

// tests/golden/<name>.png.
std::string golden_path(const std::string& name);

// Checks `actual` against the golden `name` with gtest assertions (and prints the numbers).
// `update_hint` says how to make the golden again when the change is intended.
void expect_golden(const std::string& name, const render::Image& actual,
                   const std::string& update_hint);

} // namespace incimap::test
