// Issue 20 through the engine's one door: the time and end fields chosen in a layer's panel
// (the layer read again, the selection kept, undo), fade mode's trail, and the session that
// records and restores all the user set (search and toggles over a colour-by, loop, theme,
// time fields, trail) with file paths relative to the session's folder.

#include "scene/actions.hpp"
#include "scene/engine.hpp"
#include "scene/session.hpp"
#include "scene/session_timeline.hpp"
#include "engine_harness.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

using namespace incimap;
using scene::Action;

core::UnixMs day(int y, int m, int d) { return core::days_from_civil(y, m, d) * core::kMsPerDay; }

class TimelineSession : public test::EngineFixture {
protected:
    std::unique_ptr<scene::Engine> loaded(const std::string& file, const std::string& session = "") {
        return started({file}, session);
    }
    // A command applied a second after the last (a step of its own for undo), then the engine
    // run until it has read and listed what the command asked for.
    void apply(scene::Engine& e, const core::Commands& c) {
        m_now += 1.0;
        e.update(0.0, m_now);
        e.apply(c);
        ASSERT_TRUE(run_until_ready(e));
    }
};

TEST_F(TimelineSession, ChoosingTheEndFieldReadsTheLayerAgainKeepingTheSelection) {
    auto e = loaded(test::fixture("intervals.geojson")); // siege 2024-01-10 → 02-20
    const core::AppState& s = e->state();
    const auto layer = [&]() -> const scene::Layer& { return e->scene().layers().at(0); };
    ASSERT_EQ(layer().report.end_field, "end_date");
    core::Commands sel;
    sel.select = 0;
    apply(*e, sel);

    core::Commands no_end;
    no_end.set_time_fields = std::pair{std::size_t{0}, core::TimeFields{"start_date", ""}};
    apply(*e, no_end);
    EXPECT_EQ(layer().report.time_field, "start_date");
    EXPECT_EQ(layer().report.end_field, "");
    EXPECT_EQ(layer().table.end_at(0), day(2024, 1, 11)); // the start day alone
    EXPECT_EQ(s.selected, 0);                            // the same incident, still selected
    EXPECT_EQ(e->history().undo_what(), "time fields");

    core::Commands undated;
    undated.set_time_fields = std::pair{std::size_t{0}, core::TimeFields{"", ""}};
    apply(*e, undated);
    EXPECT_EQ(layer().report.time_field, "");
    EXPECT_EQ(e->scene().time_extent().dated(), 0u);

    e->apply(scene::command_for(Action::Undo, s));
    ASSERT_TRUE(run_until_ready(*e));
    EXPECT_EQ(layer().report.time_field, "start_date");
    EXPECT_EQ(layer().report.end_field, "");
    e->apply(scene::command_for(Action::Undo, s));
    ASSERT_TRUE(run_until_ready(*e));
    EXPECT_EQ(layer().report.end_field, "end_date"); // as first read
    EXPECT_EQ(layer().table.end_at(0), day(2024, 2, 21));
    EXPECT_FALSE(s.styles[0].time_fields);
    e->apply(scene::command_for(Action::Redo, s));
    ASSERT_TRUE(run_until_ready(*e));
    EXPECT_EQ(layer().report.end_field, "");
}

TEST_F(TimelineSession, FadeModesTrailIsACommandUndoneLikeAnyOther) {
    auto e = loaded(test::fixture("points.geojson"));
    const core::AppState& s = e->state();
    core::Commands fade;
    fade.set_mode = core::TimeMode::Fade;
    fade.set_fade_length = 3 * core::kMsPerDay;
    apply(*e, fade);
    EXPECT_EQ(s.fade_ms, 3 * core::kMsPerDay);
    const core::TimeWindow drawn = core::with_trail(s.window, s.fade_ms);
    EXPECT_EQ(drawn.from, s.window.from - 3 * core::kMsPerDay);
    EXPECT_EQ(drawn.to, s.window.to);
    core::TimeWindow plain = s.window;
    plain.mode = core::TimeMode::Window;
    EXPECT_EQ(core::with_trail(plain, s.fade_ms).from, plain.from); // only in fade mode
    e->apply(scene::command_for(Action::Undo, s));
    EXPECT_EQ(s.fade_ms, 0);
}

TEST_F(TimelineSession, TheSessionRestoresWhatTheUserSet) {
    // The data beside the session, named relative to the current folder.
    const std::filesystem::path folder = m_dir.path() / "case";
    std::filesystem::create_directories(folder);
    std::filesystem::copy_file(test::fixture("points.geojson"), folder / "points.geojson");
    std::filesystem::copy_file(test::fixture("intervals.geojson"), folder / "intervals.geojson");
    const std::string session = (folder / "view.json").string();
    const auto cwd = std::filesystem::current_path();
    std::filesystem::current_path(m_dir.path());
    std::size_t listed = 0;
    {
        auto e = engine(session);
        e->apply(layout());
        e->start({"case/points.geojson", "case/intervals.geojson"});
        ASSERT_TRUE(run_until_ready(*e));
        core::Commands c;
        const int name = e->scene().layers()[0].table.attributes.field_index("name");
        c.colour_by = std::pair{std::size_t{0}, name};
        apply(*e, c);
        core::Commands more;
        more.set_filters = e->state().filters;
        more.set_filters->search = "a";
        const std::string first_category = e->scene().drawn().categories.at(0);
        more.set_filters->hidden_categories.insert(first_category);
        more.set_loop = true;
        more.set_theme = core::ThemeChoice::Dark;
        more.set_mode = core::TimeMode::Fade;
        more.set_fade_length = 2 * core::kMsPerDay;
        more.set_time_fields = std::pair{std::size_t{1}, core::TimeFields{"start_date", ""}};
        apply(*e, more);
        listed = e->listed().size();
        e->finish();
    }
    std::filesystem::current_path(cwd); // elsewhere: the session's paths still lead to the data
    std::ifstream in(session);
    const auto j = nlohmann::json::parse(in);
    EXPECT_EQ(j["files"][0], "points.geojson"); // relative to the session's folder
    EXPECT_EQ(j["time"]["fade"], "2d");
    EXPECT_EQ(j["style"]["theme"], "dark");

    auto e = engine(session);
    e->apply(layout());
    e->start({});
    ASSERT_TRUE(run_until_ready(*e));
    const core::AppState& s = e->state();
    ASSERT_EQ(e->scene().layers().size(), 2u);
    EXPECT_EQ(s.filters.search, "a");
    EXPECT_EQ(s.filters.hidden_categories.size(), 1u);
    EXPECT_EQ(e->scene().filters().hidden_categories, s.filters.hidden_categories); // on the map
    EXPECT_TRUE(s.loop);
    EXPECT_EQ(s.theme, core::ThemeChoice::Dark);
    EXPECT_EQ(s.fade_ms, 2 * core::kMsPerDay);
    EXPECT_EQ(e->scene().layers()[1].report.end_field, "");
    ASSERT_EQ(s.styles.size(), 2u);
    EXPECT_EQ(s.styles[1].time_fields, (core::TimeFields{"start_date", ""}));
    EXPECT_EQ(e->listed().size(), listed);
}

TEST(SessionPaths, InsideTheFolderRelativeOutsideAbsoluteDatabasesAsTheyAre) {
    EXPECT_EQ(scene::path_for_session("/data/case/a.geojson", "/data/case"), "a.geojson");
    EXPECT_EQ(scene::path_for_session("/data/case/sub/a.csv", "/data/case"), "sub/a.csv");
    EXPECT_EQ(scene::path_for_session("/other/a.csv", "/data/case"), "/other/a.csv");
    EXPECT_EQ(scene::path_for_session("PG:dbname=x", "/data/case"), "PG:dbname=x");
    EXPECT_EQ(scene::path_from_session("sub/a.csv", "/data/case"), "/data/case/sub/a.csv");
    EXPECT_EQ(scene::path_from_session("/other/a.csv", "/data/case"), "/other/a.csv");
    EXPECT_EQ(scene::path_from_session("none", "/data/case"), "none"); // the basemap's word
}

} // namespace
