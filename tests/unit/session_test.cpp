// Reading session files: what session_from_json keeps, ignores and refuses, and that what
// session_to_json writes reads back unchanged. Cases found by fuzzing (tests/fuzz/
// fuzz_session.cpp) keep their input in tests/fuzz/corpus/fuzz_session/regress-*.

#include "scene/session.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using incimap::scene::Session;
using incimap::scene::session_from_json;
using incimap::scene::session_to_json;

TEST(Session, WrittenSessionReadsBackUnchanged) {
    const std::string text = R"({
        "version": 1, "files": ["/data/strikes.geojson", "acled.csv"],
        "camera": {"projection": "EPSG:3857", "center": [44.4, 33.3], "zoom": 6.5},
        "time": {"from": "2024-01-01T00:00:00Z", "to": "2024-01-08T00:00:00Z", "mode": "fade",
                 "playing": true, "speed": 2.0, "show_undated": false},
        "selected": {"file": "acled.csv", "index": 12, "id": "ME001"},
        "filters": {"search": "Kyiv"},
        "style": {"heat": true},
        "window": {"size": [1280, 800], "map": [300, 0, 980, 760]}})";
    std::string error;
    const auto s = session_from_json(text, error);
    ASSERT_TRUE(s) << error;
    EXPECT_TRUE(s->heat);
    EXPECT_EQ(s->window_w, 1280);
    EXPECT_EQ(s->window_h, 800);
    const std::string saved = session_to_json(*s);
    const auto back = session_from_json(saved, error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(session_to_json(*back), saved);
}

// A window size that is not an int (out of range, fractional beyond range, text) is ignored:
// the session loads with the default size. Found by fuzzing: 8044444444444444444440 was cast
// from double to int (undefined behaviour).
TEST(Session, WindowSizeOutsideIntRangeIsIgnored) {
    for (const char* size : {"[6391, 8044444444444444444440]", "[-3e9, 600]", "[1e300, 1e300]",
                             "[800, \"600\"]", "[800, null]"}) {
        SCOPED_TRACE(size);
        std::string error;
        const auto s = session_from_json(
            std::string(R"({"files": ["a.geojson"], "window": {"size": )") + size + "}}", error);
        ASSERT_TRUE(s) << error;
        EXPECT_EQ(s->window_w, 0);
        EXPECT_EQ(s->window_h, 0);
        ASSERT_EQ(s->files.size(), 1u);
    }
    std::string error;
    const auto s = session_from_json(R"({"window": {"size": [1024.0, 768]}})", error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(s->window_w, 1024);
    EXPECT_EQ(s->window_h, 768);
}

TEST(Session, NotAnObjectIsRefusedWithAReason) {
    for (const char* text : {"", "[1,2,3]", "{\"files\":", "null"}) {
        std::string error;
        EXPECT_FALSE(session_from_json(text, error)) << text;
        EXPECT_FALSE(error.empty());
    }
}

} // namespace
