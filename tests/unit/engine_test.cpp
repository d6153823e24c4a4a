// The engine's one door, driven without a window: each command's effect on the state, a key
// and its menu item as one action, playback at the end of the data, the eased map zoom, and
// the session round trip of the whole state.

#include "core/map_controller.hpp"
#include "scene/actions.hpp"
#include "scene/engine.hpp"
#include "scene/paths.hpp"
#include "scene/session.hpp"
#include "engine_harness.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <cstdlib>
#include <limits>
#include <set>
#include <thread>
#include <vector>

namespace {

using namespace incimap;
using scene::Action;

class EngineTest : public test::EngineFixture {
protected:
    std::unique_ptr<scene::Engine> loaded(const std::string& file = "points.geojson",
                                          const std::string& session = "") {
        return started({test::fixture(file)}, session);
    }
};

TEST_F(EngineTest, LoadsTheListedSourcesAndFitsTheView) {
    auto e = loaded();
    const core::AppState& s = e->state();
    ASSERT_EQ(s.sources.size(), 1u);
    EXPECT_EQ(e->scene().drawn().count(), 3u);
    EXPECT_EQ(s.styles.size(), 1u);
    EXPECT_TRUE(s.window.is_all());
    EXPECT_EQ(e->listed().size(), 3u); // fitted: all three in view
    EXPECT_EQ(e->title(), "incimap — points.geojson");
}

TEST_F(EngineTest, EachCommandChangesWhatItSays) {
    auto e = loaded();
    const core::AppState& s = e->state();

    core::Commands play;
    play.set_playing = true; // sets a 7-day window from the first day when all dates show
    e->apply(play);
    EXPECT_TRUE(s.playing);
    EXPECT_EQ(s.window.from, core::days_from_civil(2024, 1, 4) * core::kMsPerDay);
    EXPECT_EQ(s.window.to - s.window.from, scene::kDefaultWindowLength);

    core::Commands step_fwd; // by the window's length (7 days) unless a step is set
    step_fwd.step_window = 1;
    e->apply(step_fwd);
    EXPECT_EQ(s.window.from, core::days_from_civil(2024, 1, 11) * core::kMsPerDay);
    core::Commands one_day;
    one_day.set_step = core::kMsPerDay;
    e->apply(one_day);
    e->apply(step_fwd);
    EXPECT_EQ(s.window.from, core::days_from_civil(2024, 1, 12) * core::kMsPerDay);
    core::Commands length;
    length.set_window_length = 12 * core::kMsPerHour; // the start kept
    e->apply(length);
    EXPECT_EQ(s.window.from, core::days_from_civil(2024, 1, 12) * core::kMsPerDay);
    EXPECT_EQ(s.window.to - s.window.from, 12 * core::kMsPerHour);
    one_day.set_step = 0; // the window's length again
    e->apply(one_day);
    e->apply(step_fwd);
    EXPECT_EQ(s.window.from, core::days_from_civil(2024, 1, 12) * core::kMsPerDay + 12 * core::kMsPerHour);

    core::Commands speed;
    speed.set_speed = -3; // at least 0.01 days per second
    e->apply(speed);
    EXPECT_DOUBLE_EQ(s.speed_days_per_s, 0.01);
    for (double wild : {1e15, -1e308, std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN()}) {
        speed.set_speed = wild; // a session may hold anything: bounded, never overflowing
        e->apply(speed);
        EXPECT_GE(s.speed_days_per_s, scene::kMinSpeedDaysPerS) << wild;
        EXPECT_LE(s.speed_days_per_s, scene::kMaxSpeedDaysPerS) << wild;
    }

    core::Commands mode;
    mode.set_mode = core::TimeMode::Cumulative;
    e->apply(mode);
    EXPECT_EQ(s.window.mode, core::TimeMode::Cumulative);

    core::Commands heat;
    heat.set_heat = true;
    e->apply(heat);
    EXPECT_TRUE(s.heat);

    core::Commands select;
    select.select = 1;
    e->apply(select);
    EXPECT_EQ(s.selected, 1);
    EXPECT_FALSE(s.stack.empty());
    e->apply(scene::command_for(Action::ClearSelection, s));
    EXPECT_EQ(s.selected, -1);
    EXPECT_TRUE(s.stack.empty());

    const core::MapPoint before = s.camera.centre();
    core::Commands pan;
    pan.pan_px = core::ScreenPx{100, 0}; // drag right: the view moves west
    e->apply(pan);
    EXPECT_LT(s.camera.centre().x, before.x);

    core::Commands filters;
    filters.set_filters = core::Filters{};
    filters.set_filters->hidden_categories = {"Protests"};
    e->apply(filters);
    EXPECT_EQ(s.filters.hidden_categories.size(), 1u);

    core::Commands dialog = scene::command_for(Action::ExportIncidents, s);
    e->apply(dialog);
    EXPECT_EQ(e->take_dialog(), core::Dialog::ExportIncidents);
    EXPECT_FALSE(e->take_dialog().has_value()); // taken once

    e->apply(scene::command_for(Action::Quit, s));
    EXPECT_TRUE(e->quit_requested());
}

TEST_F(EngineTest, ALayoutChangeResizesTheCameraAndReachesTheSession) {
    const std::string session = m_dir.file("view.json");
    auto e = loaded("points.geojson", session);
    e->write_session(true);
    e->apply(layout(1000, 700));
    EXPECT_EQ(e->state().window_w, 1000);
    EXPECT_EQ(e->state().camera.viewport_width(), 660);
    EXPECT_EQ(e->state().camera.viewport_height(), 536);
    step(*e, 0.6); // the session is written within a second of a change
    std::string error;
    const auto saved = scene::load_session(session, error);
    ASSERT_TRUE(saved) << error;
    EXPECT_EQ(saved->window_w, 1000);
    EXPECT_EQ(saved->window_h, 700);
    // The map's rectangle is written for scripts (read back by none): look at the JSON.
    const auto j = nlohmann::json::parse(test::read_bytes(session));
    EXPECT_EQ(j["window"]["map"], nlohmann::json({340, 20, 660, 536}));
}

TEST_F(EngineTest, HomeAndResetViewAreOneCommand) {
    // Home is bound to ResetView, which View ▸ Reset view and time runs; both stop playback,
    // show all dates and fit the data.
    auto e = loaded();
    const core::AppState& s = e->state();
    const core::Camera fitted = s.camera;
    e->apply(scene::command_for(Action::TogglePlay, s));
    e->apply(scene::command_for(Action::ZoomIn, s));
    for (int i = 0; i < 30; ++i)
        step(*e, 0.02);
    ASSERT_TRUE(s.playing);
    ASSERT_GT(s.camera.zoom(), fitted.zoom() + 0.5);
    e->apply(scene::command_for(Action::ResetView, s));
    EXPECT_FALSE(s.playing);
    EXPECT_TRUE(s.window.is_all());
    EXPECT_NEAR(s.camera.zoom(), fitted.zoom(), 1e-9);
    EXPECT_NEAR(s.camera.centre().x, fitted.centre().x, 1e-6);
}

TEST_F(EngineTest, HomeAlsoUnzoomsTheTimeline) {
    auto e = loaded();
    const core::AppState& s = e->state();
    const auto v0 = s.view_from, v1 = s.view_to;
    core::Commands zoom;
    zoom.zoom_timeline = std::pair{v0 + (v1 - v0) / 2, 0.25};
    e->apply(zoom);
    for (int i = 0; i < 100; ++i)
        step(*e, 0.03);
    ASSERT_LT(s.view_to - s.view_from, (v1 - v0) / 2);
    e->apply(scene::command_for(Action::ResetView, s));
    for (int i = 0; i < 100; ++i)
        step(*e, 0.03);
    EXPECT_EQ(s.view_from, v0);
    EXPECT_EQ(s.view_to, v1);
}

TEST_F(EngineTest, AZoomedTimelineFollowsThePlayingWindow) {
    auto e = loaded(); // 2024-01-04 … 2024-02-10
    const core::AppState& s = e->state();
    core::Commands c;
    c.set_view = std::pair{core::days_from_civil(2024, 1, 1) * core::kMsPerDay,
                           core::days_from_civil(2024, 1, 11) * core::kMsPerDay}; // 10 days shown
    c.set_window = core::TimeWindow{core::days_from_civil(2024, 1, 4) * core::kMsPerDay,
                                    core::days_from_civil(2024, 1, 6) * core::kMsPerDay};
    c.set_speed = 4.0;
    c.set_playing = true;
    e->apply(c);
    int off_screen = 0, steps = 0;
    for (; steps < 400 && s.playing; ++steps) {
        step(*e, 0.05); // 0.2 days a step; the view eases within ~0.2 s
        if (s.window.from < s.view_from - core::kMsPerDay || s.window.to > s.view_to + core::kMsPerDay)
            ++off_screen;
    }
    for (int i = 0; i < 100; ++i)
        step(*e, 0.03);
    EXPECT_GT(steps, 150);      // it played across the 37 days
    EXPECT_EQ(off_screen, 0);   // and stayed on screen all along
    EXPECT_FALSE(s.playing); // reached the end
    EXPECT_EQ(s.view_to - s.view_from, 10 * core::kMsPerDay);
    EXPECT_GE(s.window.from, s.view_from);
    EXPECT_LE(s.window.to, s.view_to);
}

TEST_F(EngineTest, TheHistogramFollowsTheFiltersByLegendGroup) {
    auto e = loaded(); // Battles 2024-01-04 and 2024-02-10, Protests 2024-01-05
    const scene::MapScene& scene = e->scene();
    const core::UnixMs day = core::kMsPerDay, first = core::days_from_civil(2024, 1, 1) * day;
    core::TimeHistogram h = scene.histogram(first, day, 60);
    ASSERT_EQ(h.groups.size(), 2u);
    EXPECT_EQ(h.groups[0].label, "Battles"); // the legend's order: by count
    EXPECT_EQ(h.groups[1].label, "Protests");
    EXPECT_EQ(h.at(3, 0), 1u);  // 2024-01-04
    EXPECT_EQ(h.at(4, 1), 1u);  // 2024-01-05
    EXPECT_EQ(h.at(40, 0), 1u); // 2024-02-10
    EXPECT_EQ(h.total(4), 1u);
    EXPECT_EQ(h.peak(), 1u);

    const auto generation = scene.view_generation();
    core::Commands hide;
    core::Filters f = e->state().filters;
    f.hidden_categories.insert("Battles");
    hide.set_filters = f;
    e->apply(hide);
    ASSERT_TRUE(run_until_ready(*e));
    EXPECT_NE(scene.view_generation(), generation);
    h = scene.histogram(first, day, 60);
    EXPECT_EQ(h.at(3, 0) + h.at(40, 0), 0u); // hidden: gone from the bars
    EXPECT_EQ(h.total(4), 1u);
}

TEST_F(EngineTest, TogglesReadTheStateTheyToggle) {
    auto e = loaded();
    const core::AppState& s = e->state();
    for (Action a : {Action::ToggleHeat, Action::ToggleLoop, Action::TogglePlay,
                     Action::ToggleNetwork}) {
        const core::AppState before = s;
        e->apply(scene::command_for(a, s));
        e->apply(scene::command_for(a, s));
        EXPECT_EQ(s.heat, before.heat);
        EXPECT_EQ(s.loop, before.loop);
        EXPECT_EQ(s.playing, before.playing);
        EXPECT_EQ(s.allow_network, before.allow_network);
    }
}

TEST_F(EngineTest, PlaybackStopsAtTheEndUnlessLoopIsOn) {
    auto e = loaded(); // the last incident starts 2024-02-10
    const core::AppState& s = e->state();
    core::Commands c;
    c.set_window = core::TimeWindow{core::days_from_civil(2024, 2, 9) * core::kMsPerDay,
                                    core::days_from_civil(2024, 2, 10) * core::kMsPerDay};
    c.set_playing = true;
    c.set_speed = 1.0;
    e->apply(c);
    for (int i = 0; i < 16 && s.playing; ++i)
        step(*e, 0.25); // a day a second: at the end within 4 s
    EXPECT_FALSE(s.playing);
    // It stops with the last incident (2024-02-10, a day) in the window, not past it.
    EXPECT_EQ(s.window.to, core::days_from_civil(2024, 2, 11) * core::kMsPerDay);
    EXPECT_EQ(s.window.to - s.window.from, core::kMsPerDay);
    EXPECT_EQ(e->scene().overlay(s.camera, s.window).in_window, 1u);
    // Play at the end starts again from the first day, the window as long as it was.
    core::Commands play;
    play.set_playing = true;
    e->apply(play);
    EXPECT_TRUE(s.playing);
    EXPECT_EQ(s.window.from, core::days_from_civil(2024, 1, 4) * core::kMsPerDay);
    EXPECT_EQ(s.window.to - s.window.from, core::kMsPerDay);

    e->apply(c);
    core::Commands loop;
    loop.set_loop = true;
    e->apply(loop);
    bool wrapped = false;
    for (int i = 0; i < 16 && !wrapped; ++i) {
        step(*e, 0.25);
        wrapped = s.window.from == core::days_from_civil(2024, 1, 4) * core::kMsPerDay;
    }
    EXPECT_TRUE(wrapped);
    EXPECT_TRUE(s.playing);
    EXPECT_EQ(s.window.to - s.window.from, core::kMsPerDay); // as long as it was
}

TEST_F(EngineTest, TheTimelineZoomEasesAboutThePointer) {
    auto e = loaded();
    const core::AppState& s = e->state();
    const auto v0 = s.view_from, v1 = s.view_to;
    const core::UnixMs at = v0 + (v1 - v0) / 4;
    core::Commands c;
    c.zoom_timeline = std::pair{at, 0.5};
    e->apply(c);
    EXPECT_EQ(s.view_from, v0); // not at once
    step(*e, 0.03);
    EXPECT_GT(s.view_from, v0);
    EXPECT_TRUE(e->moving());
    for (int i = 0; i < 100; ++i)
        step(*e, 0.03);
    EXPECT_FALSE(e->moving());
    EXPECT_NEAR(static_cast<double>(s.view_from), static_cast<double>(at - (at - v0) / 2),
                static_cast<double>(core::kMsPerMinute));
    EXPECT_NEAR(static_cast<double>(s.view_to), static_cast<double>(at + (v1 - at) / 2),
                static_cast<double>(core::kMsPerMinute));
}

TEST_F(EngineTest, AClickSelectsWhatIsUnderIt) {
    auto e = loaded();
    core::Commands zoom;
    zoom.fly_to = 1; // Baghdad, zoom 8: no cluster badges
    e->apply(zoom);
    const core::AppState& s = e->state();
    const core::ScreenPx at = s.camera.to_screen(e->scene().projected()[1]);
    core::Commands click;
    click.click_at = at;
    e->apply(click);
    EXPECT_EQ(s.selected, 1);
    click.click_at = core::ScreenPx{at.x + 200, at.y + 200}; // nothing there
    e->apply(click);
    EXPECT_EQ(s.selected, -1);
}

TEST_F(EngineTest, TheSessionRoundTripsTheWholeState) {
    const std::string session = m_dir.file("session.json");
    core::AppState saved;
    {
        auto e = loaded("points.geojson", session);
        core::Commands c = layout(1100, 760);
        c.set_window = core::TimeWindow{core::days_from_civil(2024, 1, 3) * core::kMsPerDay,
                                        core::days_from_civil(2024, 1, 10) * core::kMsPerDay,
                                        core::TimeMode::Fade};
        c.set_speed = 2.5;
        c.set_heat = true;
        c.fly_to = 1;
        c.select = 1;
        c.set_filters = core::Filters{};
        c.set_filters->search = "baghdad";
        c.set_filters->hidden_categories = {"Battles"};
        const int name = e->scene().layers()[0].table.attributes.field_index("name");
        ASSERT_GE(name, 0);
        c.colour_by = std::pair{std::size_t{0}, name};
        c.size_by = std::pair{std::size_t{0}, -1}; // none
        e->apply(c);
        ASSERT_TRUE(run_until_ready(*e));
        saved = e->state();
        e->finish();
    }
    auto e = engine(session);
    e->start({}); // the session's files
    e->apply(layout(1100, 760));
    ASSERT_TRUE(run_until_ready(*e));
    const core::AppState& s = e->state();
    EXPECT_EQ(s.sources, saved.sources);
    EXPECT_NEAR(s.camera.centre().x, saved.camera.centre().x, 1e-3);
    EXPECT_NEAR(s.camera.centre().y, saved.camera.centre().y, 1e-3);
    EXPECT_NEAR(s.camera.zoom(), saved.camera.zoom(), 1e-9);
    EXPECT_EQ(s.window.from, saved.window.from);
    EXPECT_EQ(s.window.to, saved.window.to);
    EXPECT_EQ(s.window.mode, core::TimeMode::Fade);
    EXPECT_DOUBLE_EQ(s.speed_days_per_s, 2.5);
    EXPECT_TRUE(s.heat);
    EXPECT_EQ(s.filters.search, "baghdad");
    EXPECT_EQ(s.filters.hidden_categories, saved.filters.hidden_categories);
    ASSERT_EQ(s.styles.size(), 1u);
    EXPECT_EQ(s.styles[0], saved.styles[0]);
    EXPECT_EQ(s.styles[0].size_field, -1);
    EXPECT_EQ(s.selected, saved.selected);
    EXPECT_EQ(e->initial_window_size(), (std::pair{1100, 760}));
}

TEST_F(EngineTest, TheSessionKeepsSourcesThatHaveNotLoaded) {
    const std::string session = m_dir.file("session.json");
    auto e = engine(session);
    e->apply(layout());
    e->start({test::fixture("points.geojson"), m_dir.file("not-there-yet.geojson")});
    ASSERT_TRUE(run_until_ready(*e));
    e->finish();
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s) << error;
    ASSERT_EQ(s->files.size(), 2u);
    EXPECT_EQ(s->files[1], m_dir.file("not-there-yet.geojson"));
}

TEST_F(EngineTest, ASessionsDatabaseWaitsForNetworkPermission) {
    // A PG: source named in a session file is listed (and kept) but not connected to until
    // network access is allowed; files load meanwhile.
    const std::string pg = "PG:dbname=nowhere host=/nonexistent-socket-dir";
    const std::string session = m_dir.write(
        "s.json", R"({"version": 1, "files": [")" + test::fixture("points.geojson") + R"(", ")" +
                      pg + R"("]})");
    auto e = engine(session);
    e->apply(layout());
    e->start({});
    ASSERT_TRUE(run_until_ready(*e));
    EXPECT_EQ(e->state().sources.size(), 2u);
    EXPECT_EQ(e->scene().layers().size(), 1u);
    EXPECT_NE(e->state().message.find("Allow network access"), std::string::npos);
    EXPECT_FALSE(e->loading());
    e->apply(scene::command_for(Action::ToggleNetwork, e->state()));
    EXPECT_FALSE(e->loading());
    step(*e, 0.01);
    EXPECT_TRUE(e->loading()); // now it is tried
    e->finish();
    std::string error;
    EXPECT_EQ(scene::load_session(session, error)->files.size(), 2u);
}

// A PostgreSQL server that accepts connections and never answers (or a firewall that
// drops every packet after the handshake): a local listener that counts what it accepts.
class SilentServer {
public:
    SilentServer() {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (bind(m_fd, reinterpret_cast<sockaddr*>(&a), len) != 0 || listen(m_fd, 8) != 0 ||
            getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            ADD_FAILURE() << "no listener";
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] {
            while (!m_stop) {
                pollfd p{m_fd, POLLIN, 0};
                if (poll(&p, 1, 20) == 1)
                    if (const int c = accept(m_fd, nullptr, nullptr); c >= 0) {
                        m_clients.push_back(c);
                        ++m_accepted;
                    }
            }
        });
    }
    // Ends each connection, and waits (5 s at most) until each client has closed its side,
    // so that a read left behind has failed before the test binary ends.
    ~SilentServer() {
        m_stop = true;
        m_thread.join();
        for (const int c : m_clients) {
            shutdown(c, SHUT_WR);
            char buffer[256];
            for (int i = 0; i < 250; ++i) {
                pollfd p{c, POLLIN, 0};
                if (poll(&p, 1, 20) == 1 && recv(c, buffer, sizeof buffer, 0) <= 0)
                    break;
            }
            close(c);
        }
        close(m_fd);
    }
    int port() const { return m_port; }
    int accepted() const { return m_accepted.load(); }

private:
    int m_fd = -1, m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_accepted{0};
    std::vector<int> m_clients; // the listener thread's until it is joined
    std::thread m_thread;
};

TEST_F(EngineTest, ASessionsDatabaseIsNotConnectedToBeforePermissionAndCancelEndsTheWait) {
    SilentServer server;
    // connect_timeout written by the user wins over incimap's default: libpq would wait 60 s.
    const std::string pg = "PG:host=127.0.0.1 port=" + std::to_string(server.port()) +
                           " dbname=silent user=nobody connect_timeout=60";
    const std::string session = m_dir.write(
        "s.json", R"({"version": 1, "files": [")" + test::fixture("points.geojson") + R"(", ")" +
                      pg + R"("]})");
    auto e = engine(session);
    e->apply(layout());
    e->start({});
    ASSERT_TRUE(run_until_ready(*e));
    for (int i = 0; i < 20; ++i) {
        step(*e, 0.01);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(server.accepted(), 0) << "a session's database waits for network permission";
    EXPECT_FALSE(e->loading());

    e->apply(scene::command_for(Action::ToggleNetwork, e->state()));
    for (int i = 0; i < 500 && server.accepted() == 0; ++i) {
        step(*e, 0.01);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(server.accepted(), 1) << "allowed: it connects";
    step(*e, 0.01);
    EXPECT_TRUE(e->loading());
    EXPECT_TRUE(e->connecting());
    EXPECT_NE(e->status_message().find("connecting to PostGIS silent"), std::string::npos)
        << e->status_message();

    // Cancel ends the wait within a second although libpq does not look at the flag.
    core::Commands cancel;
    cancel.cancel_load = true;
    e->apply(cancel);
    const auto t0 = std::chrono::steady_clock::now();
    while (e->loading() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
        step(*e, 0.01);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
    EXPECT_FALSE(e->loading());
    EXPECT_FALSE(e->connecting());
    EXPECT_NE(e->state().message.find("cancelled"), std::string::npos) << e->state().message;
    EXPECT_TRUE(e->ready());
    EXPECT_EQ(e->scene().layers().size(), 1u);
    EXPECT_EQ(e->state().sources.size(), 2u) << "still listed, and kept in the session";
}

// MapController: the point under the cursor stays under it while the zoom eases.
TEST(MapController, ThePointUnderTheCursorStaysFixedWhileEasing) {
    core::Camera camera;
    camera.set_viewport(800, 600);
    camera.set_zoom(4);
    core::MapController ctl;
    ctl.reset(camera);
    const core::ScreenPx cursor{620, 110};
    const core::MapPoint under = camera.to_map(cursor);
    ctl.scroll(cursor, 3); // 1.5 levels in
    int steps = 0;
    while (ctl.update(camera, 1.0 / 60) && steps < 200) {
        ++steps;
        const core::MapPoint now = camera.to_map(cursor);
        ASSERT_NEAR(now.x, under.x, 1e-6 * camera.world_width());
        ASSERT_NEAR(now.y, under.y, 1e-6 * camera.world_width());
    }
    EXPECT_GT(steps, 3); // eased over several frames, not at once
    EXPECT_DOUBLE_EQ(camera.zoom(), 5.5);
    EXPECT_FALSE(ctl.animating(camera));
}

TEST_F(EngineTest, UndoAndRedoEveryKindOfChange) {
    auto e = loaded();
    const core::AppState& s = e->state();
    EXPECT_FALSE(e->history().can_undo());
    const core::TimeWindow all = s.window;

    core::Commands hide; // a category toggle
    core::Filters f = s.filters;
    f.hidden_categories.insert("Battles");
    hide.set_filters = f;
    e->apply(hide);
    step(*e, 1.0); // a second later: a step of its own
    core::Commands win;
    win.set_window = core::TimeWindow{core::days_from_civil(2024, 1, 4) * core::kMsPerDay,
                                      core::days_from_civil(2024, 1, 11) * core::kMsPerDay};
    e->apply(win);
    step(*e, 1.0);
    core::Commands sel;
    sel.select = 1;
    e->apply(sel);
    step(*e, 1.0);
    core::Commands heat;
    heat.set_heat = true;
    e->apply(heat);
    ASSERT_TRUE(e->history().can_undo());
    EXPECT_EQ(e->history().undo_what(), "heat map");

    const auto undo = scene::command_for(Action::Undo, s);
    e->apply(undo);
    EXPECT_FALSE(s.heat);
    EXPECT_EQ(s.selected, 1);
    e->apply(undo);
    EXPECT_EQ(s.selected, -1);
    EXPECT_EQ(e->history().undo_what(), "time window");
    e->apply(undo);
    EXPECT_TRUE(s.window.is_all());
    EXPECT_EQ(s.window.from, all.from);
    e->apply(undo);
    EXPECT_TRUE(s.filters.hidden_categories.empty());
    EXPECT_FALSE(e->history().can_undo());
    e->apply(undo); // nothing left: a message, no change
    EXPECT_EQ(s.message, "Nothing to undo");

    const auto redo = scene::command_for(Action::Redo, s);
    e->apply(redo);
    EXPECT_EQ(s.filters.hidden_categories, std::set<std::string>{"Battles"});
    e->apply(redo);
    EXPECT_EQ(s.window.to, core::days_from_civil(2024, 1, 11) * core::kMsPerDay);
    ASSERT_TRUE(run_until_ready(*e));
    EXPECT_EQ(e->listed().size(), 1u); // the filters reached the scene: Protests on 01-05

    // A new change drops what could be redone.
    ASSERT_TRUE(e->history().can_redo());
    e->apply(heat);
    EXPECT_FALSE(e->history().can_redo());
}

TEST_F(EngineTest, ADragIsOneUndoStepAndPlaybackIsNone) {
    auto e = loaded();
    const core::AppState& s = e->state();
    core::TimeWindow w{core::days_from_civil(2024, 1, 4) * core::kMsPerDay,
                       core::days_from_civil(2024, 1, 11) * core::kMsPerDay};
    core::Commands c;
    c.set_window = w;
    e->apply(c);
    step(*e, 1.0);
    for (int i = 1; i <= 20; ++i) { // a drag: one set_window a frame
        c.set_window->from = w.from + i * core::kMsPerDay;
        c.set_window->to = w.to + i * core::kMsPerDay;
        e->apply(c);
        step(*e, 0.016);
    }
    e->apply(scene::command_for(Action::Undo, s)); // back to before the drag, in one step
    EXPECT_EQ(s.window.from, w.from);

    // Playback moves the window without recording; undoing a filter while it plays leaves
    // the window where playback took it.
    core::Commands play;
    play.set_playing = true;
    e->apply(play);
    core::Filters f = s.filters;
    f.search = "Baghdad";
    core::Commands search;
    search.set_filters = f;
    step(*e, 1.0);
    e->apply(search);
    for (int i = 0; i < 5; ++i)
        step(*e, 0.1);
    const core::UnixMs from = s.window.from;
    e->apply(scene::command_for(Action::Undo, s));
    EXPECT_EQ(s.filters.search, "");
    EXPECT_EQ(s.window.from, from);
}

TEST_F(EngineTest, TheThemeIsKeptInTheConfigFolder) {
    {
        auto e = engine();
        EXPECT_EQ(e->state().theme, core::ThemeChoice::Light); // nothing kept yet
        core::Commands c;
        c.set_theme = core::ThemeChoice::Dark;
        e->apply(c);
        EXPECT_EQ(e->state().theme, core::ThemeChoice::Dark);
    }
    std::ifstream in(m_dir.file("config") + "/incimap/theme");
    std::string word;
    in >> word;
    EXPECT_EQ(word, "dark");
    EXPECT_EQ(engine()->state().theme, core::ThemeChoice::Dark); // the next start
}

} // namespace

namespace {

// Issue 20 (HiDPI): the window's content scale is a command: kept within 0.5–4, a value
// that is not a number ignored.
TEST_F(EngineTest, TheContentScaleIsACommandWithinBounds) {
    auto e = engine();
    EXPECT_EQ(e->state().content_scale, 1.0f);
    core::Commands c;
    c.set_content_scale = 2.0f;
    e->apply(c);
    EXPECT_EQ(e->state().content_scale, 2.0f);
    c.set_content_scale = std::numeric_limits<float>::quiet_NaN();
    e->apply(c);
    EXPECT_EQ(e->state().content_scale, 2.0f);
    c.set_content_scale = 10.0f;
    e->apply(c);
    EXPECT_EQ(e->state().content_scale, 4.0f);
    c.set_content_scale = 0.1f;
    e->apply(c);
    EXPECT_EQ(e->state().content_scale, 0.5f);
}

// Issue 20 (theme): "follow the system" reads GTK_THEME's ":dark" variant (GLFW 3.3 cannot
// ask the desktop).
TEST(SystemTheme, FollowsGtkThemesDarkVariant) {
    const char* before = std::getenv("GTK_THEME");
    const std::string kept = before ? before : "";
    ::setenv("GTK_THEME", "Adwaita:dark", 1);
    EXPECT_TRUE(scene::system_prefers_dark());
    ::setenv("GTK_THEME", "Adwaita", 1);
    EXPECT_FALSE(scene::system_prefers_dark());
    ::setenv("GTK_THEME", "dark", 1); // a theme named so, not its dark variant
    EXPECT_FALSE(scene::system_prefers_dark());
    ::unsetenv("GTK_THEME");
    EXPECT_FALSE(scene::system_prefers_dark());
    if (before)
        ::setenv("GTK_THEME", kept.c_str(), 1);
}

} // namespace
