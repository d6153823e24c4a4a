// File ▸ Export playback… without the window (issue 18): scene::PlaybackExport, stepped as
// the window steps it (one frame per call, on the GL context the map is drawn with), writes
// the frames `incimap animate` writes for the same view and request, byte for byte, whatever
// the window's theme and cluster badges; a cancel half way leaves neither OUT nor a temp; an
// input is never written over.

#include "gl_support.hpp"

#include "geo/write/atomic_file.hpp"
#include "render/map_style.hpp"
#include "scene/playback_export.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

using namespace incimap;
namespace fs = std::filesystem;

namespace {

const std::string k_sample = std::string(INCIMAP_ASSETS) + "/samples/incidents-2023-10_2024-02.geojson";

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string fresh_dir(const std::string& name) {
    const fs::path dir = fs::path(::testing::TempDir()) / ("incimap_playback_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

core::PlaybackRequest small_request(const std::string& output) {
    core::PlaybackRequest r;
    r.output = output;
    r.width = 320;
    r.height = 200;
    r.fps = 10;
    r.plan.from = test::iso("2023-10-17");
    r.plan.to = test::iso("2023-10-21");
    r.plan.step = core::kMsPerDay;
    r.centre = {42.0, 33.0};
    r.zoom = 5;
    r.legend = true;
    r.title = "Strikes";
    return r;
}

// Steps the export as the window does, a frame per call, until it ends (30 s at most).
bool run_to_end(scene::PlaybackExport& job, test::OffscreenMap& map) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (job.running() && std::chrono::steady_clock::now() < deadline) {
        job.step(map.scene(), map.renderer());
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return !job.running();
}

} // namespace

class PlaybackExportGl : public test::GlTest {};

TEST_F(PlaybackExportGl, FramesAreThoseOfAnimate) {
    test::OffscreenMap map(320, 200);
    ASSERT_TRUE(map.init());
    ASSERT_TRUE(map.add_file(k_sample));
    const std::string dir = fresh_dir("frames");
    const core::PlaybackRequest request = small_request(dir + "/window");
    // The window's state: synced for the view, in the dark theme, with badges.
    std::string error;
    map.scene().sync(map.renderer(), scene::playback_camera(map.scene(), request), error);
    map.renderer().style() = render::dark_map_style();
    map.renderer().set_clusters({{{160, 100}, 42}});

    scene::PlaybackExport job;
    ASSERT_EQ(job.start(request, map.scene(), map.renderer()), "");
    EXPECT_EQ(job.total(), 4u);
    ASSERT_TRUE(run_to_end(job, map));
    ASSERT_TRUE(job.ok()) << job.result();
    EXPECT_NE(job.result().find("Exported 4 frames (PNG, 320×200"), std::string::npos)
        << job.result();
    EXPECT_EQ(map.renderer().style().land.r, render::dark_map_style().land.r)
        << "the window's style is put back";

    const std::string command = std::string(INCIMAP_BINARY) + " animate '" + k_sample +
                                "' -o '" + dir + "/cli' --size 320x200 --center 42,33 --zoom 5 " +
                                "--from 2023-10-17 --to 2023-10-21 --step 1d --fps 10 --legend " +
                                "--title Strikes --quiet > /dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    for (int k = 1; k <= 4; ++k) { // numbered from 1, as `animate` numbers them
        char name[32];
        std::snprintf(name, sizeof name, "frame-%04d.png", k);
        const std::string window_frame = slurp(fs::path(dir) / "window" / name);
        ASSERT_FALSE(window_frame.empty()) << name;
        EXPECT_TRUE(window_frame == slurp(fs::path(dir) / "cli" / name))
            << name << " differs from animate's";
    }
    EXPECT_FALSE(fs::exists(fs::path(dir) / "window" / "frame-0005.png"));
}

TEST_F(PlaybackExportGl, CancelHalfWayLeavesNothing) {
    test::OffscreenMap map(320, 200);
    ASSERT_TRUE(map.init());
    ASSERT_TRUE(map.add_file(k_sample));
    const std::string dir = fresh_dir("cancel");
    core::PlaybackRequest request = small_request(dir + "/clip.mp4");
    request.plan.to = test::iso("2024-02-05"); // 111 frames
    std::string error;
    map.scene().sync(map.renderer(), scene::playback_camera(map.scene(), request), error);
    scene::PlaybackExport job;
    ASSERT_EQ(job.start(request, map.scene(), map.renderer()), "");
    for (int i = 0; i < 20 && job.running(); ++i) {
        job.step(map.scene(), map.renderer());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(job.running());
    EXPECT_FALSE(geo::temps_of(dir + "/clip.mp4").empty()) << "the temp is being written";
    job.cancel();
    EXPECT_FALSE(job.running());
    EXPECT_FALSE(job.ok());
    EXPECT_FALSE(fs::exists(dir + "/clip.mp4"));
    EXPECT_TRUE(fs::is_empty(dir)) << "a temp is left in " << dir;
}

TEST_F(PlaybackExportGl, RefusesAnInputAndBadRequests) {
    test::OffscreenMap map(320, 200);
    ASSERT_TRUE(map.init());
    const std::string dir = fresh_dir("refuse");
    const std::string input = dir + "/data.gif"; // a data file named like an output
    fs::copy_file(k_sample, input);
    ASSERT_TRUE(map.add_file(input));
    const std::string before = slurp(input);
    scene::PlaybackExport job;
    EXPECT_NE(job.start(small_request(input), map.scene(), map.renderer()), "");
    EXPECT_EQ(slurp(input), before);
    core::PlaybackRequest odd = small_request(dir + "/odd.mp4");
    odd.width = 321;
    EXPECT_NE(job.start(odd, map.scene(), map.renderer()).find("even"), std::string::npos);
    core::PlaybackRequest many = small_request(dir + "/many.mp4");
    many.plan.step = 60 * 1000; // a frame a minute for 111 days: 159,840 frames
    many.plan.to = test::iso("2024-02-05");
    EXPECT_NE(job.start(many, map.scene(), map.renderer()).find("over the limit"),
              std::string::npos);
    EXPECT_FALSE(job.running());
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1)
        << "only the input is there";
}
