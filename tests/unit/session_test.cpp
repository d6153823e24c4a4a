// Reading session files: what session_from_json keeps, ignores and refuses, and that what
// session_to_json writes reads back unchanged. Cases found by fuzzing (tests/fuzz/
// fuzz_session.cpp) keep their input in tests/fuzz/corpus/fuzz_session/regress-*.

#include "scene/session.hpp"
#include "test_files.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
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

// Hardening round 2, item 6: values a hand-edited or hostile session may hold are brought
// into range when it is read (65535 px crashed glfwCreateWindow; a speed of 1e15 or -1e308
// overflowed the playback step).
TEST(Session, ValuesOutsideTheirRangesAreClampedOrDropped) {
    std::string error;
    auto s = session_from_json(R"({"version": 1, "files": ["a.geojson"],
        "camera": {"center": [1e308, -1e308], "zoom": 1e9},
        "time": {"from": "9999-01-01", "to": "2024-01-01", "speed": 1e15},
        "window": {"size": [65535, 10]}})",
                               error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(s->window_w, incimap::scene::kMaxWindowPx);
    EXPECT_EQ(s->window_h, incimap::scene::kMinWindowPx);
    EXPECT_EQ(s->zoom, 22.0);
    EXPECT_FALSE(s->center);
    EXPECT_EQ(s->speed_days_per_s, incimap::scene::kMaxSpeedDaysPerS);
    ASSERT_TRUE(s->window);
    EXPECT_EQ(s->window->from, incimap::core::TimeWindow{}.from); // year 9999 dropped: open
    EXPECT_EQ(s->window->to, 1704067200000);

    s = session_from_json(R"({"version": 1, "camera": {"zoom": -1e308},
        "time": {"from": "2024-03-01", "to": "2024-01-01", "speed": -1e308}})",
                          error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(s->zoom, 0.0);
    EXPECT_EQ(s->speed_days_per_s, incimap::scene::kMinSpeedDaysPerS);
    ASSERT_TRUE(s->window);
    EXPECT_EQ(s->window->from, 1704067200000); // swapped: from < to
    EXPECT_EQ(s->window->to, 1709251200000);

    s = session_from_json(R"({"time": {"from": "0001-01-01", "to": "2024-01-01T00:00:00Z",
        "speed": 2.5}})", error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(s->speed_days_per_s, 2.5);
    EXPECT_LT(s->window->from, incimap::scene::kEarliestSessionMs);

    // An empty window (from == to) is dropped: the whole time range shows.
    s = session_from_json(R"({"time": {"from": "2024-01-01", "to": "2024-01-01"}})", error);
    ASSERT_TRUE(s) << error;
    EXPECT_TRUE(!s->window || s->window->is_all());
    // What the clamps give saves and loads back unchanged (the fuzz target's invariant).
    const std::string saved = session_to_json(*s);
    EXPECT_EQ(session_to_json(*session_from_json(saved, error)), saved);
}

// Item 1: a data file given as the session is not a session (saving over it lost it).
TEST(Session, DataFilesAreNotSessions) {
    for (const char* text :
         {R"({"type": "FeatureCollection", "features": []})",
          R"({"type": "FeatureCollection", "version": 1, "files": [], "features": []})",
          R"({"type": "Topology", "objects": {}})", R"({"name": "x", "version": "1.0.0"})",
          R"({"files": "a.geojson"})"}) {
        std::string error;
        EXPECT_FALSE(session_from_json(text, error)) << text;
        EXPECT_NE(error.find("not an incimap session"), std::string::npos) << error;
    }
    // A hand-written session (no version, session keys only) and an empty object are.
    std::string error;
    EXPECT_TRUE(session_from_json(R"({"files": ["a.geojson"], "camera": {"zoom": 3}})", error))
        << error;
    EXPECT_TRUE(session_from_json("{}", error)) << error;
    // A newer incimap's session (a key this one does not know) still is.
    EXPECT_TRUE(session_from_json(R"({"version": 2, "files": [], "layers": []})", error)) << error;
}

struct FileState {
    std::string bytes;
    std::filesystem::file_time_type mtime;
    bool operator==(const FileState&) const = default;
};
FileState state_of(const std::string& path) {
    return {incimap::test::read_bytes(path), std::filesystem::last_write_time(path)};
}

// Item 1: `--session PATH` may write only a missing or empty file or a session; anything else
// is read (when it is a small regular file), refused, and left exactly as it was.
TEST(SessionFile, OnlyMissingEmptyOrSessionFilesMayBeWritten) {
    using incimap::scene::open_session_file;
    incimap::test::TempDir dir;
    auto f = open_session_file(dir.file("new.json"));
    EXPECT_TRUE(f.writable);
    EXPECT_FALSE(f.session);
    f = open_session_file(dir.write("empty.json", ""));
    EXPECT_TRUE(f.writable);
    f = open_session_file(
        dir.write("session.json", R"({"version": 1, "files": ["a.geojson"]})"));
    EXPECT_TRUE(f.writable);
    ASSERT_TRUE(f.session);
    EXPECT_EQ(f.session->files.size(), 1u);

    const std::string geojson =
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
        R"("geometry":{"type":"Point","coordinates":[1,2]}}]})";
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"data.geojson", geojson},
             {"data.csv", "lon,lat,date\n1,2,2024-01-01\n"},
             {"notes.txt", "remember the milk\n"},
             {"big.json", "{\"files\": [\"" + std::string(9u << 20, 'a') + "\"]}"}}) {
        SCOPED_TRACE(name);
        const std::string path = dir.write(name, bytes);
        const FileState before = state_of(path);
        f = open_session_file(path);
        EXPECT_FALSE(f.writable);
        EXPECT_FALSE(f.session);
        EXPECT_NE(f.error.find("not saved"), std::string::npos) << f.error;
        EXPECT_TRUE(state_of(path) == before);
    }
}

// Item 1: a FIFO or a device as the session is neither opened (a FIFO blocked) nor read whole
// (/dev/zero), and not written.
TEST(SessionFile, DevicesAndFifosAreRefusedWithoutBlocking) {
    using incimap::scene::open_session_file;
    incimap::test::TempDir dir;
    const std::string fifo = dir.file("session.fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto t0 = std::chrono::steady_clock::now();
    for (const std::string& path : {fifo, std::string("/dev/zero"), std::string("/dev/null"),
                                    dir.path().string()}) {
        SCOPED_TRACE(path);
        const auto f = open_session_file(path);
        EXPECT_FALSE(f.writable);
        EXPECT_FALSE(f.session);
        EXPECT_FALSE(f.error.empty());
    }
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
    struct stat st {};
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
    // save_session refuses to replace a device or a FIFO as well.
    EXPECT_FALSE(incimap::scene::save_session(Session{}, fifo).empty());
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

} // namespace
