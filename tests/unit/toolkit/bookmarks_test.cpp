// Bookmarks (issue 17, item 3): as JSON, in the file and the session, and recalled by the
// engine (camera, window and filters).

#include "scene/actions.hpp"
#include "scene/bookmarks.hpp"
#include "scene/session.hpp"
#include "toolkit/engine_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace {

using namespace incimap;
using incimap::test::ToolkitEngineTest;

// ---- bookmarks -----------------------------------------------------------------------------

core::Bookmark erbil_december() {
    core::Bookmark b;
    b.name = "Erbil, December";
    b.centre = {44.0119, 36.1833};
    b.zoom = 9.5;
    b.window.from = core::parse_time("2023-12-01")->start_ms;
    b.window.to = core::parse_time("2024-01-01")->start_ms;
    b.window.mode = core::TimeMode::Cumulative;
    b.search = "drone";
    b.hidden_categories = {"Rocket attack"};
    return b;
}

void expect_same(const core::Bookmark& a, const core::Bookmark& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_DOUBLE_EQ(a.centre.lon, b.centre.lon);
    EXPECT_DOUBLE_EQ(a.centre.lat, b.centre.lat);
    EXPECT_DOUBLE_EQ(a.zoom, b.zoom);
    EXPECT_EQ(a.window.from, b.window.from);
    EXPECT_EQ(a.window.to, b.window.to);
    EXPECT_EQ(a.window.mode, b.window.mode);
    EXPECT_EQ(a.search, b.search);
    EXPECT_EQ(a.hidden_categories, b.hidden_categories);
}

TEST(Bookmarks, FileRoundTrip) {
    test::TempDir dir;
    core::Bookmark all_time;
    all_time.name = "World";
    all_time.centre = {0, 0};
    const std::vector<core::Bookmark> saved{erbil_december(), all_time};
    ASSERT_EQ(scene::save_bookmarks(saved, dir.file("b.json")), "");
    std::string error;
    const auto loaded = scene::load_bookmarks(dir.file("b.json"), error);
    EXPECT_EQ(error, "");
    ASSERT_EQ(loaded.size(), 2u);
    expect_same(loaded[0], saved[0]);
    expect_same(loaded[1], saved[1]);
    EXPECT_TRUE(loaded[1].window.is_all());
    // Missing: none and no error; not a bookmarks file: none and an error.
    EXPECT_TRUE(scene::load_bookmarks(dir.file("none.json"), error).empty());
    EXPECT_EQ(error, "");
    test::write_file(dir.file("bad.json"), "[1, 2]");
    EXPECT_TRUE(scene::load_bookmarks(dir.file("bad.json"), error).empty());
    EXPECT_NE(error, "");
}

TEST(Bookmarks, HostileValuesAreDroppedOrClamped) {
    const auto j = nlohmann::json::parse(R"([
        {"name": "ok", "center": [10, 20], "zoom": 99},
        {"name": "off the globe", "center": [500, 20]},
        {"name": "no centre"},
        {"center": [1, 2]},
        "text",
        {"name": "bad time", "center": [1, 2], "from": "yesterday", "to": 5}
    ])");
    const auto b = scene::bookmarks_from_json(j);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].name, "ok");
    EXPECT_DOUBLE_EQ(b[0].zoom, core::kMaxZoom);
    EXPECT_EQ(b[1].name, "bad time");
    EXPECT_TRUE(b[1].window.is_all());
}

TEST(Bookmarks, NamesAreUniqueAndFoundCaseInsensitively) {
    std::vector<core::Bookmark> list(1);
    list[0].name = "View 1";
    EXPECT_EQ(scene::unique_bookmark_name(list, ""), "View 2");
    EXPECT_EQ(scene::unique_bookmark_name(list, "View 1"), "View 1 (2)");
    EXPECT_EQ(scene::unique_bookmark_name(list, "Erbil"), "Erbil");
    EXPECT_TRUE(scene::find_bookmark(list, "view 1"));
    EXPECT_FALSE(scene::find_bookmark(list, "view 2"));
}

TEST(Bookmarks, SessionRoundTrip) {
    scene::Session s;
    s.files = {"a.geojson"};
    s.bookmarks = {erbil_december()};
    std::string error;
    const auto back = scene::session_from_json(scene::session_to_json(s), error);
    ASSERT_TRUE(back) << error;
    ASSERT_EQ(back->bookmarks.size(), 1u);
    expect_same(back->bookmarks[0], s.bookmarks[0]);
    // A session without bookmarks writes no key (older sessions read the same).
    EXPECT_EQ(scene::session_to_json(scene::Session{}).find("bookmarks"), std::string::npos);
}

TEST_F(ToolkitEngineTest, BookmarkRecallRestoresCameraWindowAndFilters) {
    const std::string session = m_dir.file("s.json");
    core::LonLat at;
    double zoom = 0;
    core::TimeWindow window;
    {
        auto e = loaded(session);
        core::Commands set;
        set.set_centre_zoom = std::pair{core::LonLat{44.0119, 36.1833}, 9.0};
        window.from = core::parse_time("2023-12-01")->start_ms;
        window.to = core::parse_time("2024-01-01")->start_ms;
        set.set_window = window;
        core::Filters f = e->state().filters;
        f.search = "drone";
        set.set_filters = f;
        e->apply(set);
        e->apply(scene::command_for(scene::Action::AddBookmark, e->state()));
        ASSERT_EQ(e->state().bookmarks.size(), 1u);
        EXPECT_EQ(e->state().bookmarks[0].name, "View 1");
        at = centre(*e);
        zoom = e->camera().zoom();
        // Elsewhere, another time, no search: key 1 brings it back.
        core::Commands away;
        away.reset_view = true;
        core::Filters none = e->state().filters;
        none.search.clear();
        away.set_filters = none;
        e->apply(away);
        EXPECT_TRUE(e->state().window.is_all());
        e->apply(scene::command_for(scene::Action::RecallBookmark1, e->state()));
        settle(*e);
        EXPECT_NEAR(centre(*e).lon, at.lon, 1e-6);
        EXPECT_NEAR(centre(*e).lat, at.lat, 1e-6);
        EXPECT_DOUBLE_EQ(e->camera().zoom(), zoom);
        EXPECT_EQ(e->state().window.from, window.from);
        EXPECT_EQ(e->state().window.to, window.to);
        EXPECT_EQ(e->state().filters.search, "drone");
        // Key 2 has no bookmark: nothing happens.
        e->apply(scene::command_for(scene::Action::RecallBookmark2, e->state()));
        e->write_session(true);
    }
    // In the session file and in the XDG config folder's bookmarks file.
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s) << error;
    ASSERT_EQ(s->bookmarks.size(), 1u);
    EXPECT_NEAR(s->bookmarks[0].centre.lon, at.lon, 1e-9);
    const auto file = scene::load_bookmarks(m_dir.file("config") + "/incimap/bookmarks.json", error);
    ASSERT_EQ(file.size(), 1u);
    EXPECT_EQ(file[0].window.from, window.from);
    // A new window with a session but no bookmarks file still has the session's bookmark.
    std::filesystem::remove(m_dir.file("config") + "/incimap/bookmarks.json");
    auto again = loaded(session);
    ASSERT_EQ(again->state().bookmarks.size(), 1u);
    EXPECT_EQ(again->state().bookmarks[0].name, "View 1");
    core::Commands remove;
    remove.remove_bookmark = 0;
    again->apply(remove);
    EXPECT_TRUE(again->state().bookmarks.empty());
}

} // namespace
