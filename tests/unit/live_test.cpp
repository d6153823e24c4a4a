// Follow a live file (issue 17, item 6): the watch (inotify and the polling fallback, bursts
// debounced, replacement by rename, a file that goes and comes back), the read up to the last
// complete line, and the engine's reload keeping the window, the selection, filters and
// toggles, "Follow newest", and a vanished file's last good state.

#include "scene/engine.hpp"
#include "scene/file_watch.hpp"
#include "scene/live_read.hpp"
#include "geo/reader.hpp"
#include "engine_harness.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

namespace {

using namespace incimap;

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void append(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << text;
}

// Polls `watch` until a change of `path` is reported (5 s at most).
std::optional<scene::FileWatch::Change> wait_change(scene::FileWatch& watch,
                                                    const std::string& path, double limit_s = 5) {
    const double t0 = now_s();
    while (now_s() - t0 < limit_s) {
        for (auto& c : watch.poll(now_s()))
            if (c.path == path)
                return c;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
}

class FileWatchTest : public ::testing::TestWithParam<bool> {};

TEST_P(FileWatchTest, AppendRenameDeleteAndReturn) {
    test::TempDir dir;
    const std::string path = dir.write("feed.csv", "id,lon,lat\n1,44,33\n");
    scene::FileWatchOptions options;
    options.use_inotify = GetParam();
    options.stat_every_s = 0.2;
    scene::FileWatch watch(options);
    watch.watch(path);
    EXPECT_EQ(watch.inotify(), GetParam());
    EXPECT_TRUE(watch.poll(now_s()).empty()); // its present state is not a change

    append(path, "2,44,34\n");
    auto c = wait_change(watch, path);
    ASSERT_TRUE(c) << "an append is seen";
    EXPECT_TRUE(c->sig.exists);
    EXPECT_EQ(c->sig.size, 27);
    const std::uint64_t inode = c->sig.inode;

    // Replaced by rename (a collector writing a temp file): the new inode is followed.
    const std::string tmp = dir.write("feed.csv.tmp", "id,lon,lat\n9,45,35\n8,45,36\n7,45,37\n");
    std::filesystem::rename(tmp, path);
    c = wait_change(watch, path);
    ASSERT_TRUE(c) << "a rename over the file is seen";
    EXPECT_EQ(c->sig.size, 35);
    EXPECT_NE(c->sig.inode, inode);

    std::filesystem::remove(path);
    c = wait_change(watch, path);
    ASSERT_TRUE(c) << "a removal is seen";
    EXPECT_FALSE(c->sig.exists);

    test::write_file(path, "id,lon,lat\n1,44,33\n");
    c = wait_change(watch, path);
    ASSERT_TRUE(c) << "the file coming back is seen";
    EXPECT_TRUE(c->sig.exists);
}

INSTANTIATE_TEST_SUITE_P(InotifyAndPolling, FileWatchTest, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& p) {
                             return p.param ? "inotify" : "polling";
                         });

TEST(FileWatch, BurstOfWritesIsOneChange) {
    test::TempDir dir;
    const std::string path = dir.write("feed.geojsonl", "");
    const std::string other = dir.write("other.csv", "a\n");
    scene::FileWatchOptions options;
    options.debounce_s = 0.3;
    options.max_wait_s = 10;
    scene::FileWatch watch(options);
    watch.watch(path);
    // Ten writes 50 ms apart, polled as a frame loop would: nothing until the file is quiet.
    std::size_t reported = 0;
    double last_write = 0;
    for (int i = 0; i < 10; ++i) {
        append(path, "{\"type\":\"Feature\"}\n");
        append(other, "b\n"); // a neighbour's change is not this file's
        last_write = now_s();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        reported += watch.poll(now_s()).size();
    }
    EXPECT_EQ(reported, 0u) << "reported while still being written";
    const auto c = wait_change(watch, path);
    ASSERT_TRUE(c);
    EXPECT_GE(now_s() - last_write, 0.3 - 0.05);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    EXPECT_TRUE(watch.poll(now_s()).empty()) << "one change for the burst";
}

// --- Reading up to the last complete line ---------------------------------------------------

const char* kCsvHead = "id,date,lon,lat,kind\n"
                       "1,2024-03-01,44.36,33.31,market\n"
                       "2,2024-03-02,43.78,33.35,road\n";

TEST(LiveRead, PartialLastCsvLineWaits) {
    test::TempDir dir;
    // The writer stopped inside a number: "33." would read as latitude 33 (a wrong place).
    const std::string path = dir.write("feed.csv", std::string(kCsvHead) + "3,2024-03-03,44.1,33.");
    const scene::LiveRead r = scene::read_complete_lines(path, {});
    ASSERT_TRUE(r.read.ok) << r.read.error;
    EXPECT_EQ(r.read.table.count(), 2u);
    EXPECT_EQ(r.read.report.problem_count, 0);
    EXPECT_EQ(r.held_bytes, static_cast<std::int64_t>(std::string("3,2024-03-03,44.1,33.").size()));
    EXPECT_EQ(r.read.report.source, path);
    // What the plain read makes of it: a third incident at the cut-short latitude.
    const geo::ReadResult plain = geo::read_incidents(path);
    EXPECT_EQ(plain.table.count(), 3u) << "the snapshot is what keeps the partial row out";

    append(path, "9,market\n");
    const scene::LiveRead done = scene::read_complete_lines(path, {});
    EXPECT_EQ(done.read.table.count(), 3u);
    EXPECT_EQ(done.held_bytes, 0);
    EXPECT_NEAR(done.read.table.lat[2], 33.9, 1e-9);
}

TEST(LiveRead, PartialLastGeoJsonSeqLineIsNotAProblem) {
    test::TempDir dir;
    const std::string text = test::read_bytes(test::fixture("points.geojsonl"));
    const std::size_t second = text.find('\n') + 1;
    const std::string path = dir.write("feed.geojsonl", text.substr(0, second + 40));
    const scene::LiveRead r = scene::read_complete_lines(path, {});
    ASSERT_TRUE(r.read.ok) << r.read.error;
    EXPECT_EQ(r.read.table.count(), 1u);
    EXPECT_EQ(r.read.report.problem_count, 0);
    EXPECT_EQ(r.held_bytes, 40);
    const geo::ReadResult plain = geo::read_incidents(path);
    EXPECT_GT(plain.report.problem_count, 0) << "read as it is, the cut line is a problem";
}

TEST(LiveRead, NoCompleteLineYet) {
    test::TempDir dir;
    const std::string path = dir.write("feed.csv", "id,date,lo");
    const scene::LiveRead r = scene::read_complete_lines(path, {});
    EXPECT_TRUE(r.nothing_complete);
    EXPECT_EQ(r.held_bytes, 10);
}

// --- The engine ---------------------------------------------------------------------------

class LiveEngineTest : public test::EngineFixture {
protected:
    std::unique_ptr<scene::Engine> start(const std::vector<std::string>& files,
                                         const std::string& session = "") {
        auto e = laid_out(session);
        e->start(files);
        EXPECT_TRUE(run_until(*e, [&] { return e->ready() && !e->waiting(); }));
        return e;
    }
    static std::size_t count(const scene::Engine& e) { return e.scene().drawn().count(); }

    test::TempDir m_dir;
};

TEST_F(LiveEngineTest, ReloadKeepsWindowSelectionAndFilters) {
    const std::string path = m_dir.write("feed.csv", std::string(kCsvHead) +
                                                         "3,2024-03-03,44.10,33.90,market\n");
    auto e = start({path});
    ASSERT_EQ(count(*e), 3u);
    EXPECT_TRUE(e->state().watch_files) << "files are watched by default";
    EXPECT_FALSE(e->state().follow_newest) << "Follow newest is off by default";
    core::Commands c;
    core::TimeWindow w;
    w.from = core::parse_time("2024-03-01").value().start_ms;
    w.to = core::parse_time("2024-03-03").value().start_ms;
    c.set_window = w;
    core::Filters f = e->state().filters;
    f.hidden_categories = {"road"};
    c.set_filters = f;
    c.select_feature = std::pair{path, std::int64_t{2}};
    const core::Camera camera_before = e->state().camera;
    e->apply(c);
    ASSERT_TRUE(run_until(*e, [&] { return !e->waiting(); }));
    ASSERT_EQ(selected_feature(*e), 2);
    const int drawn_before = e->state().selected;

    // A row that sorts first in the drawn table's layer order does not matter: the selection
    // is found again by its feature, wherever it is drawn now.
    append(path, "4,2024-03-02,44.20,33.80,road\n");
    ASSERT_TRUE(run_until(*e, [&] { return count(*e) == 4u && !e->waiting(); }))
        << "the appended row is read within a few seconds: " << e->state().message;
    EXPECT_EQ(e->state().window.from, w.from);
    EXPECT_EQ(e->state().window.to, w.to);
    EXPECT_EQ(e->state().filters.hidden_categories, (std::set<std::string>{"road"}));
    EXPECT_EQ(e->scene().filters().hidden_categories, (std::set<std::string>{"road"}));
    EXPECT_EQ(selected_feature(*e), 2) << "the same incident stays selected";
    EXPECT_GE(e->state().selected, 0);
    (void)drawn_before;
    EXPECT_EQ(e->state().camera.centre().x, camera_before.centre().x);
    EXPECT_EQ(e->state().camera.zoom(), camera_before.zoom());
    EXPECT_NE(e->state().message.find("read again: 4 incidents (+1)"), std::string::npos)
        << e->state().message;
}

TEST_F(LiveEngineTest, PartialLineWaitsAndFollowNewestMovesTheWindow) {
    const std::string path = m_dir.write("feed.csv", kCsvHead);
    auto e = start({path});
    ASSERT_EQ(count(*e), 2u);
    core::Commands c;
    core::TimeWindow w;
    w.from = core::parse_time("2024-03-01").value().start_ms;
    w.to = w.from + core::kMsPerDay;
    c.set_window = w;
    c.set_follow_newest = true;
    e->apply(c);
    EXPECT_TRUE(e->state().follow_newest);
    // Turned on, it moves the window at once: one day ending with the 2nd of March.
    EXPECT_EQ(e->state().window.to, core::parse_time("2024-03-03").value().start_ms);

    append(path, "3,2024-03-10,44.10,33.");
    ASSERT_TRUE(run_until(*e, [&] {
        return e->state().message.find("read again") != std::string::npos;
    })) << e->state().message;
    EXPECT_EQ(count(*e), 2u) << "the partial line waits";
    EXPECT_NE(e->state().message.find("partly written"), std::string::npos) << e->state().message;
    for (const auto& l : e->scene().layers())
        EXPECT_EQ(l.report.problem_count, 0);

    append(path, "90,market\n");
    ASSERT_TRUE(run_until(*e, [&] { return count(*e) == 3u && !e->waiting(); }));
    const core::UnixMs end = core::parse_time("2024-03-11").value().start_ms;
    EXPECT_EQ(e->state().window.to, end) << "the window ends with the newest incident";
    EXPECT_EQ(e->state().window.to - e->state().window.from, core::kMsPerDay) << "its length kept";
}

TEST_F(LiveEngineTest, VanishedFileKeepsItsLastGoodStateAndComesBack) {
    const std::string path = m_dir.write("feed.csv", kCsvHead);
    const std::string session = m_dir.file("session.json");
    auto e = start({path}, session);
    ASSERT_EQ(count(*e), 2u);
    std::filesystem::rename(path, path + ".away");
    ASSERT_TRUE(run_until(*e, [&] { return !e->state().live_notes.empty(); }));
    EXPECT_EQ(e->state().live_notes.front().first, path);
    EXPECT_EQ(e->state().live_notes.front().second, "the file is gone");
    EXPECT_EQ(count(*e), 2u) << "the last good state stays on the map";
    EXPECT_NE(e->state().message.find("is gone"), std::string::npos);
    e->write_session(true);
    const auto j = nlohmann::json::parse(test::read_bytes(session));
    EXPECT_EQ(j["live"]["files"][0]["note"], "the file is gone");
    EXPECT_EQ(j["live"]["files"][0]["incidents"], 2);
    EXPECT_EQ(j["live"]["watch"], true);

    // Back, with one more row (a collector that wrote a new file and renamed it in).
    const std::string tmp = m_dir.write("feed.csv.part", std::string(kCsvHead) +
                                                             "3,2024-03-03,44.10,33.90,market\n");
    std::filesystem::rename(tmp, path);
    ASSERT_TRUE(run_until(*e, [&] { return count(*e) == 3u && !e->waiting(); }));
    EXPECT_TRUE(e->state().live_notes.empty());
    e->write_session(true);
    const auto k = nlohmann::json::parse(test::read_bytes(session));
    EXPECT_EQ(k["live"]["files"][0]["incidents"], 3);
    EXPECT_EQ(k["live"]["files"][0]["reloads"], 1);
    EXPECT_FALSE(k["live"]["files"][0].contains("note"));
}

TEST_F(LiveEngineTest, WatchOffHoldsChangesUntilOnAndTheSessionKeepsBoth) {
    const std::string path = m_dir.write("feed.csv", kCsvHead);
    const std::string session = m_dir.file("session.json");
    {
        auto e = start({path}, session);
        core::Commands c;
        c.set_watch_files = false;
        c.set_follow_newest = true;
        e->apply(c);
        append(path, "3,2024-03-03,44.10,33.90,market\n");
        // Given time for the watch to see it, nothing is read while watching is off.
        run_until(*e, [] { return false; }, 1.5);
        EXPECT_EQ(count(*e), 2u);
        core::Commands on;
        on.set_watch_files = true;
        e->apply(on);
        ASSERT_TRUE(run_until(*e, [&] { return count(*e) == 3u; })) << "read once watching is on";
        e->apply(c); // off again, for the session
        e->write_session(true);
    }
    const auto j = nlohmann::json::parse(test::read_bytes(session));
    EXPECT_EQ(j["live"]["watch"], false);
    EXPECT_EQ(j["live"]["follow_newest"], true);
    auto again = start({}, session);
    EXPECT_FALSE(again->state().watch_files);
    EXPECT_TRUE(again->state().follow_newest);
}

} // namespace
