#include "golden_compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace incimap::test {

GoldenComparison compare_images(const render::Image& golden, const render::Image& actual) {
    GoldenComparison c;
    c.diff.width = golden.width;
    c.diff.height = golden.height;
    c.diff.rgba.resize(golden.rgba.size());
    double total = 0;
    for (int y = 0; y < golden.height; ++y)
        for (int x = 0; x < golden.width; ++x) {
            const std::uint8_t* g = golden.pixel(x, y);
            const std::uint8_t* a = actual.pixel(x, y);
            int worst = 0;
            for (int k = 0; k < 3; ++k) {
                const int d = std::abs(int(g[k]) - int(a[k]));
                total += d;
                worst = std::max(worst, d);
            }
            c.max_abs = std::max(c.max_abs, worst);
            c.differing += worst > kDifferingChannel;
            std::uint8_t* o =
                &c.diff.rgba[(std::size_t(y) * std::size_t(golden.width) + std::size_t(x)) * 4];
            const auto grey = static_cast<std::uint8_t>(192 + (g[0] + g[1] + g[2]) / 12);
            o[0] = worst > 0 ? static_cast<std::uint8_t>(std::min(255, 128 + worst)) : grey;
            o[1] = worst > 0 ? 0 : grey;
            o[2] = worst > 0 ? 0 : grey;
            o[3] = 255;
        }
    c.mean_abs = total / (3.0 * golden.width * golden.height);
    return c;
}

std::string golden_path(const std::string& name) {
    return std::string(INCIMAP_GOLDEN) + "/" + name + ".png";
}

void expect_golden(const std::string& name, const render::Image& actual,
                   const std::string& update_hint) {
    const std::string path = golden_path(name);
    render::Image golden;
    ASSERT_TRUE(render::read_png(path, golden))
        << "missing golden " << path << ": " << update_hint << ", and look at it";
    ASSERT_EQ(actual.width, golden.width) << name;
    ASSERT_EQ(actual.height, golden.height) << name;

    const GoldenComparison c = compare_images(golden, actual);
    const double share = double(c.differing) / (double(golden.width) * golden.height);
    std::fprintf(stderr,
                 "[golden] %s: %zu pixels differ by > %d (%.3f %%), mean |diff| %.3f, "
                 "max %d\n",
                 name.c_str(), c.differing, kDifferingChannel, share * 100, c.mean_abs, c.max_abs);
    const bool ok = share <= kMaxDifferingShare && c.mean_abs <= kMaxMeanDiff;
    const auto cwd = std::filesystem::current_path();
    const std::string kept = (cwd / (name + ".actual.png")).string();
    const std::string diff = (cwd / (name + ".diff.png")).string();
    std::filesystem::remove(kept); // a previous failure's, now stale
    std::filesystem::remove(diff);
    if (!ok) {
        EXPECT_EQ(render::write_png(actual, kept), "");
        EXPECT_EQ(render::write_png(c.diff, diff), "");
        ADD_FAILURE() << name << " differs from " << path << "\n  actual: " << kept
                      << "\n  diff:   " << diff << "\n  (if the change is intended: "
                      << update_hint << ", then look at the new golden)";
    }
}

} // namespace incimap::test
