// Golden images: the built `incimap render` draws a fixed view of the bundled sample, and the
// PNG is compared with tests/golden/<name>.png under tolerances (golden_compare.hpp). The
// arguments come from tests/golden/<name>.args, which scripts/update_golden.sh reads too.

#include "gl_support.hpp"
#include "golden_compare.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace incimap;

namespace {

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

void check_golden(const std::string& name) {
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

    render::Image actual;
    ASSERT_TRUE(render::read_png(actual_path, actual)) << actual_path;
    test::expect_golden(name, actual, "scripts/update_golden.sh");
    std::filesystem::remove(actual_path);
}

} // namespace

class GoldenGl : public test::GlTest {};

TEST_F(GoldenGl, SampleIraqSyria) {
    check_golden("sample_iraq_syria");
}
