// Golden images: the built `incimap render` draws a fixed view of the bundled sample, and the
// PNG is compared with tests/golden/<name>.png under tolerances (never exact bytes: another
// Mesa may antialias an edge differently). The arguments come from tests/golden/<name>.args,
// which scripts/update_golden.sh reads too. On a mismatch the actual image and a diff image
// are written to the working directory and their paths printed.

#include "gl_support.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace incimap;

namespace {

// A pixel "differs" when a channel is off by more than this; at most kMaxDifferingShare of the
// pixels may differ, and the mean absolute difference per channel stays under kMaxMeanDiff.
constexpr int kDifferingChannel = 48;
constexpr double kMaxDifferingShare = 0.005;
constexpr double kMaxMeanDiff = 1.5;

std::vector<std::string> read_args(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> args;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream words(line);
        for (std::string w; words >> w;)
            args.push_back(w);
    }
    return args;
}

// For /bin/sh; our paths and arguments hold no quotes.
std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

struct Comparison {
    std::size_t differing = 0; // pixels with a channel off by > kDifferingChannel
    double mean_abs = 0;       // over every channel of every pixel (RGB)
    int max_abs = 0;
    render::Image diff; // golden faded to grey, differences in red
};

Comparison compare(const render::Image& golden, const render::Image& actual) {
    Comparison c;
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

void check_golden(const std::string& name) {
    const std::string golden_path = std::string(INCIMAP_GOLDEN) + "/" + name + ".png";
    const std::vector<std::string> args =
        read_args(std::string(INCIMAP_GOLDEN) + "/" + name + ".args");
    ASSERT_FALSE(args.empty()) << "no arguments in " << name << ".args";
    const std::string actual_path = ::testing::TempDir() + "incimap_golden_" + name + ".png";
    std::string command = "cd " + quoted(INCIMAP_SOURCE_DIR) + " && INCIMAP_ASSETS=" +
                          quoted(std::string(INCIMAP_SOURCE_DIR) + "/assets") + " " +
                          quoted(INCIMAP_BINARY) + " render";
    for (const std::string& a : args)
        command += " " + quoted(a);
    command += " -o " + quoted(actual_path);
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;

    render::Image golden, actual;
    ASSERT_TRUE(render::read_png(actual_path, actual)) << actual_path;
    ASSERT_TRUE(render::read_png(golden_path, golden))
        << "missing golden " << golden_path << ": run scripts/update_golden.sh and look at it";
    ASSERT_EQ(actual.width, golden.width);
    ASSERT_EQ(actual.height, golden.height);

    const Comparison c = compare(golden, actual);
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
        ADD_FAILURE() << name << " differs from " << golden_path << "\n  actual: " << kept
                      << "\n  diff:   " << diff << "\n  (if the change is intended: "
                      << "scripts/update_golden.sh, then look at the new golden)";
    }
    std::filesystem::remove(actual_path);
}

} // namespace

class GoldenGl : public test::GlTest {};

TEST_F(GoldenGl, SampleIraqSyria) {
    check_golden("sample_iraq_syria");
}
