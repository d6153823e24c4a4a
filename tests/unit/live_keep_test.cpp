// Follow a live file, what survives a reload (issue 17, item 6): the undo history, whose
// recorded selections are found again by feature in the new table (rows that sort first move
// every drawn index), and a file that changed while it was first read, which is read again
// at once rather than at its next change.

#include "scene/engine.hpp"
#include "scene/file_watch.hpp"
#include "engine_harness.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
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

const char* kHead = "id,date,lon,lat,kind\n"
                    "1,2024-03-01,44.36,33.31,market\n"
                    "2,2024-03-02,43.78,33.35,road\n"
                    "3,2024-03-03,44.10,33.90,market\n";

class LiveKeepTest : public test::EngineFixture {
protected:
    std::unique_ptr<scene::Engine> make() { return laid_out(); }
    static std::size_t count(const scene::Engine& e) { return e.scene().drawn().count(); }
    static void select(scene::Engine& e, const std::string& path, std::int64_t feature) {
        core::Commands c;
        c.select_feature = std::pair{path, feature};
        e.apply(c);
    }
    static void undo(scene::Engine& e) {
        core::Commands c;
        c.undo = true;
        e.apply(c);
    }
};

TEST_F(LiveKeepTest, UndoSurvivesAReloadAndFindsItsSelectionsAgain) {
    // The live file first, a second file after it: rows appended to the first move every
    // drawn index of the second.
    const std::string path = m_dir.write("feed.csv", kHead);
    const std::string other = m_dir.write("other.csv", kHead);
    auto e = make();
    e->start({path, other});
    ASSERT_TRUE(run_until(*e, [&] { return e->ready() && !e->waiting() && count(*e) == 6u; }));
    ASSERT_EQ(e->scene().layers().at(1).path, other);
    // Three steps: select the other file's feature 0, a time window, its feature 2.
    select(*e, other, 0);
    ASSERT_TRUE(run_until(*e, [&] { return !e->waiting() && selected_feature(*e) == 0; }));
    const int drawn_0_before = e->state().selected;
    core::Commands c;
    core::TimeWindow w;
    w.from = core::parse_time("2024-02-01").value().start_ms;
    w.to = core::parse_time("2024-03-04").value().start_ms;
    c.set_window = w;
    e->apply(c);
    select(*e, other, 2);
    ASSERT_TRUE(run_until(*e, [&] { return !e->waiting() && selected_feature(*e) == 2; }));
    ASSERT_TRUE(e->history().can_undo());

    append(path, "4,2024-02-10,44.20,33.80,road\n5,2024-02-11,44.30,33.70,road\n");
    ASSERT_TRUE(run_until(*e, [&] { return count(*e) == 8u && !e->waiting(); }))
        << e->state().message;
    EXPECT_EQ(selected_feature(*e), 2) << "the selection itself is kept (as before)";
    ASSERT_TRUE(e->history().can_undo()) << "undo survives the reload";
    EXPECT_EQ(e->history().undo_what(), "selection");

    undo(*e); // back to the other file's feature 0, at its new drawn index
    ASSERT_TRUE(run_until(*e, [&] { return !e->waiting(); }));
    ASSERT_GE(e->state().selected, 0);
    EXPECT_EQ(e->scene().source_of(static_cast<std::size_t>(e->state().selected)).first, 1u);
    EXPECT_EQ(selected_feature(*e), 0) << "the recorded selection is found again by feature";
    EXPECT_EQ(e->state().selected, drawn_0_before + 2) << "(its drawn index moved by two)";
    undo(*e); // the window
    EXPECT_TRUE(e->state().window.is_all());
    undo(*e); // no selection
    EXPECT_EQ(e->state().selected, -1);
    EXPECT_FALSE(e->history().can_undo());
}

TEST_F(LiveKeepTest, UndoIsClearedWhenTheReloadChangesTheFields) {
    const std::string path = m_dir.write("feed.csv", kHead);
    auto e = make();
    e->start({path});
    ASSERT_TRUE(run_until(*e, [&] { return e->ready() && !e->waiting(); }));
    select(*e, path, 1);
    ASSERT_TRUE(run_until(*e, [&] { return !e->waiting() && selected_feature(*e) == 1; }));
    ASSERT_TRUE(e->history().can_undo());
    // Rewritten with another column: the styles undo recorded name fields by index.
    const std::string part = m_dir.write("feed.part", "id,date,lon,lat,kind,source\n"
                                                      "1,2024-03-01,44.36,33.31,market,a\n"
                                                      "2,2024-03-02,43.78,33.35,road,b\n");
    std::filesystem::rename(part, path);
    ASSERT_TRUE(run_until(*e, [&] { return count(*e) == 2u && !e->waiting(); }));
    EXPECT_FALSE(e->history().can_undo());
}

TEST(FileWatchSince, AChangeSinceTheGivenStateIsReported) {
    test::TempDir dir;
    const std::string path = dir.write("feed.csv", kHead);
    const scene::FileSig before = scene::file_sig(path);
    append(path, "4,2024-03-04,44.2,33.8,road\n");
    scene::FileWatch watch;
    watch.watch(path, before);
    std::optional<scene::FileWatch::Change> change;
    for (const double t0 = now_s(); now_s() - t0 < 5 && !change;
         std::this_thread::sleep_for(std::chrono::milliseconds(20)))
        for (auto& c : watch.poll(now_s()))
            if (c.path == path)
                change = c;
    ASSERT_TRUE(change) << "the change made before watching began is reported";
    EXPECT_EQ(change->sig, scene::file_sig(path));
    // Watching from the state it is in: nothing to report.
    const std::string other = dir.write("other.csv", kHead);
    scene::FileWatch quiet;
    quiet.watch(other, scene::file_sig(other));
    bool reported = false;
    for (const double t0 = now_s(); now_s() - t0 < 1.5;
         std::this_thread::sleep_for(std::chrono::milliseconds(20)))
        for (auto& c : quiet.poll(now_s()))
            reported = reported || c.path == other;
    EXPECT_FALSE(reported);
}

// A file appended to while the window first reads it (after the read was asked for, before
// its layer is on the map, when the watch begins): read again once the layer is on the map,
// not only at the file's next change. Whether the first read saw the new row or not depends
// on timing; that the file is read again, and ends with every row, does not.
TEST_F(LiveKeepTest, AFileChangedDuringItsFirstReadIsReadAgain) {
    std::string text = kHead;
    for (int i = 10; i < 5000; ++i)
        text += std::to_string(i) + ",2024-03-0" + std::to_string(1 + i % 9) + ",44." +
                std::to_string(100 + i % 900) + ",33.5,market\n";
    const std::string path = m_dir.write("big.csv", text);
    const std::size_t rows = 5000 - 10 + 3;
    auto e = make();
    e->start({path}); // the read is asked for here
    append(path, "99999,2024-03-09,44.5,33.5,road\n");
    ASSERT_TRUE(run_until(*e, [&] { return e->ready() && !e->waiting() && count(*e) > 0; }, 20));
    ASSERT_TRUE(run_until(*e, [&] {
        return e->state().message.find("read again") != std::string::npos && !e->waiting();
    })) << "not read again: " << e->state().message;
    EXPECT_EQ(count(*e), rows + 1);
}

} // namespace
