// Follow a live file (issue 17): how long an appended row takes to reach the map, and the
// longest engine update (the frame's share) meanwhile — a reload must never block a frame.
//
//   incimap_bench_live [ROWS=200000]
//
// Writes a CSV of ROWS incidents to a temp folder, opens it in a headless engine as the window
// does, appends one row and steps update() every 16 ms until the row is drawn. Prints the
// delay (debounce + read + prepare), the longest and mean update, and the plain read of the
// same file for comparison. See docs/PERFORMANCE.md.

#include "geo/reader.hpp"
#include "scene/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    using namespace incimap;
    const long rows = argc > 1 ? std::atol(argv[1]) : 200000;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("incimap_live_bench_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    setenv("XDG_STATE_HOME", (dir / "state").c_str(), 1);
    setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
    const std::string path = (dir / "feed.csv").string();
    {
        std::ofstream out(path);
        out << "id,date,lon,lat,kind\n";
        const char* kinds[] = {"market", "road", "base", "checkpoint"};
        for (long i = 0; i < rows; ++i)
            out << i << ",2024-0" << 1 + i % 9 << "-" << 10 + i % 18 << ","
                << 35 + (i % 1000) * 0.01 << "," << 30 + (i / 1000 % 1000) * 0.01 << ","
                << kinds[i % 4] << "\n";
    }
    const auto t_read = Clock::now();
    const std::size_t read_count = geo::read_incidents(path).table.count();
    const double read_s = seconds_since(t_read);

    scene::EngineOptions options;
    options.assets_dir = INCIMAP_ASSETS;
    scene::Engine engine(options);
    core::Commands layout;
    layout.set_layout = std::pair{std::pair{1280, 800}, core::MapRect{340, 20, 940, 636}};
    engine.apply(layout);
    engine.start({path});
    const auto t0 = Clock::now();
    while (!(engine.ready() && !engine.waiting()) && seconds_since(t0) < 120) {
        engine.update(0.016, seconds_since(t0));
        std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
    const std::size_t before = engine.scene().drawn().count();
    {
        std::ofstream out(path, std::ios::app);
        out << rows << ",2024-12-31,44.0,33.0,market\n";
    }
    const auto t_append = Clock::now();
    double longest_ms = 0, total_ms = 0;
    long updates = 0;
    while (engine.scene().drawn().count() == before && seconds_since(t_append) < 120) {
        const auto u0 = Clock::now();
        engine.update(0.016, seconds_since(t0));
        const double ms = seconds_since(u0) * 1000;
        longest_ms = std::max(longest_ms, ms);
        total_ms += ms;
        ++updates;
        std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
    const double delay_s = seconds_since(t_append);
    std::printf("rows %ld (read %zu in %.3f s by geo::read_incidents)\n", rows, read_count, read_s);
    std::printf("appended row on the map after %.3f s (debounce 0.3 s + read + prepare)\n",
                delay_s);
    std::printf("engine updates meanwhile: %ld, longest %.2f ms, mean %.2f ms\n", updates,
                longest_ms, updates ? total_ms / static_cast<double>(updates) : 0.0);
    std::printf("drawn %zu -> %zu\n", before, engine.scene().drawn().count());
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return engine.scene().drawn().count() == before + 1 ? 0 : 1;
}
