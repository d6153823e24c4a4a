// Bookmarks keep the area filter (issue 17, items 3 and 4): a bookmark stores the focus area
// with its camera, window and filters; recalling it restores the area, or clears the area
// when the bookmark had none; the area survives the bookmarks file and the session file.

#include "scene/actions.hpp"
#include "scene/bookmarks.hpp"
#include "scene/session.hpp"
#include "toolkit/engine_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace incimap;
using incimap::test::ToolkitEngineTest;

core::Ring square(double lon0, double lat0, double lon1, double lat1) {
    return {{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}};
}

core::Bookmark with_area() {
    core::Bookmark b;
    b.name = "Anbar";
    b.centre = {42.0, 33.0};
    b.zoom = 7;
    b.area = core::make_area("drawn area", {{square(40, 30, 46, 36), square(42, 32, 44, 34)}});
    return b;
}

TEST(BookmarkArea, FileRoundTripKeepsTheArea) {
    test::TempDir dir;
    core::Bookmark none;
    none.name = "World";
    const std::vector<core::Bookmark> saved{with_area(), none};
    ASSERT_EQ(scene::save_bookmarks(saved, dir.file("b.json")), "");
    std::string error;
    const auto loaded = scene::load_bookmarks(dir.file("b.json"), error);
    ASSERT_EQ(loaded.size(), 2u) << error;
    ASSERT_TRUE(loaded[0].area);
    EXPECT_EQ(loaded[0].area, saved[0].area);
    EXPECT_EQ(loaded[0].area->name(), "drawn area");
    EXPECT_EQ(loaded[0].area->polygons()[0].size(), 2u); // the hole too
    EXPECT_FALSE(loaded[1].area);
}

TEST(BookmarkArea, SessionRoundTripKeepsTheArea) {
    scene::Session s;
    s.files = {"a.geojson"};
    s.bookmarks = {with_area()};
    std::string error;
    const auto back = scene::session_from_json(scene::session_to_json(s), error);
    ASSERT_TRUE(back) << error;
    ASSERT_EQ(back->bookmarks.size(), 1u);
    ASSERT_TRUE(back->bookmarks[0].area);
    EXPECT_EQ(back->bookmarks[0].area, s.bookmarks[0].area);
}

TEST(BookmarkArea, HostileAreaIsDroppedNotTheBookmark) {
    const auto j = nlohmann::json::parse(R"([
        {"name": "bad area", "center": [1, 2], "area": {"polygons": "no"}},
        {"name": "null area", "center": [1, 2], "area": null}
    ])");
    const auto b = scene::bookmarks_from_json(j);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_FALSE(b[0].area);
    EXPECT_FALSE(b[1].area);
}

TEST_F(ToolkitEngineTest, BookmarkRecallRestoresOrClearsTheArea) {
    const std::string session = m_dir.file("s.json");
    const core::SharedArea anbar = core::make_area("drawn area", {{square(40, 30, 46, 36)}});
    {
        auto e = loaded(session);
        // Bookmark 1 with the area, bookmark 2 without.
        core::Commands set;
        set.set_area = anbar;
        e->apply(set);
        ASSERT_TRUE(e->state().filters.area);
        e->apply(scene::command_for(scene::Action::AddBookmark, e->state()));
        core::Commands clear;
        clear.clear_area = true;
        e->apply(clear);
        ASSERT_FALSE(e->state().filters.area);
        e->apply(scene::command_for(scene::Action::AddBookmark, e->state()));
        ASSERT_EQ(e->state().bookmarks.size(), 2u);
        EXPECT_TRUE(e->state().bookmarks[0].area);
        EXPECT_FALSE(e->state().bookmarks[1].area);

        e->apply(scene::command_for(scene::Action::RecallBookmark1, e->state()));
        settle(*e);
        ASSERT_TRUE(e->state().filters.area);
        EXPECT_EQ(e->state().filters.area, anbar);
        // The bookmark without an area takes the area away.
        e->apply(scene::command_for(scene::Action::RecallBookmark2, e->state()));
        settle(*e);
        EXPECT_FALSE(e->state().filters.area);
        e->write_session(true);
    }
    // In the session file and in the XDG bookmarks file.
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s) << error;
    ASSERT_EQ(s->bookmarks.size(), 2u);
    EXPECT_EQ(s->bookmarks[0].area, anbar);
    EXPECT_FALSE(s->bookmarks[1].area);
    const auto file =
        scene::load_bookmarks(m_dir.file("config") + "/incimap/bookmarks.json", error);
    ASSERT_EQ(file.size(), 2u);
    EXPECT_EQ(file[0].area, anbar);
    // A new window recalls the file's bookmark with its area.
    auto again = loaded();
    ASSERT_EQ(again->state().bookmarks.size(), 2u);
    again->apply(scene::command_for(scene::Action::RecallBookmark1, again->state()));
    settle(*again);
    EXPECT_EQ(again->state().filters.area, anbar);
}

} // namespace
