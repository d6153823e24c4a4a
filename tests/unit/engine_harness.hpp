#pragma once
// The engine as the tests drive it: the XDG folders in a temporary directory (so recent files
// and the last view stay out of the user's), a layout like the window's, and time stepped by
// hand until the workers have read, prepared and listed everything.

#include "scene/engine.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace incimap::test {

class EngineFixture : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("XDG_STATE_HOME", m_dir.file("state").c_str(), 1);
        setenv("XDG_CONFIG_HOME", m_dir.file("config").c_str(), 1);
    }
    // An engine with no layout yet (a test of the layout itself sets its own).
    std::unique_ptr<scene::Engine> engine(const std::string& session = "") const {
        scene::EngineOptions options;
        options.session_path = session;
        options.assets_dir = INCIMAP_ASSETS;
        return std::make_unique<scene::Engine>(options);
    }
    // A layout like the window's: 1280×800 with the map at (340, 20), 940×636.
    static core::Commands layout(int w = 1280, int h = 800) {
        core::Commands c;
        c.set_layout = std::pair{std::pair{w, h}, core::MapRect{340, 20, w - 340.0f, h - 164.0f}};
        return c;
    }
    // An engine laid out like the window, before any file.
    std::unique_ptr<scene::Engine> laid_out(const std::string& session = "") const {
        auto e = engine(session);
        e->apply(layout());
        return e;
    }
    // Laid out, `files` started and everything read (a failed wait fails the test).
    std::unique_ptr<scene::Engine> started(const std::vector<std::string>& files,
                                           const std::string& session = "") {
        auto e = laid_out(session);
        e->start(files);
        EXPECT_TRUE(run_until_ready(*e));
        return e;
    }
    void step(scene::Engine& e, double dt_s = 0.0) {
        m_now += std::max(dt_s, 0.001);
        e.update(dt_s, m_now);
    }
    // Steps the engine until it has read, prepared and listed everything (10 s at most).
    bool run_until_ready(scene::Engine& e, double dt_s = 0.0) {
        for (int i = 0; i < 2000; ++i) {
            step(e, dt_s);
            if (e.ready() && !e.waiting())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }

    // Steps the engine in real time, as the window's loop does, until `done` (for waits on
    // files changing on disk: the watcher's debounce counts in seconds of the clock).
    static bool run_until(scene::Engine& e, const std::function<bool()>& done,
                          double limit_s = 8) {
        using Clock = std::chrono::steady_clock;
        const auto seconds = [] {
            return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
        };
        const double t0 = seconds();
        while (seconds() - t0 < limit_s) {
            e.update(0.016, seconds());
            if (done())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    // The selected incident's feature number in its file, -1 when none is selected.
    static std::int64_t selected_feature(const scene::Engine& e) {
        const int s = e.state().selected;
        if (s < 0)
            return -1;
        const auto [layer, row] = e.scene().source_of(static_cast<std::size_t>(s));
        return e.scene().layers()[layer].table.feature_at(row);
    }

    test::TempDir m_dir;
    double m_now = 0;
};

} // namespace incimap::test
