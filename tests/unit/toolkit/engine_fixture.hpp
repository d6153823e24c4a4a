#pragma once
// The engine on the bundled sample for the toolkit's tests (issue 17): a 1280×800 layout, the
// XDG folders in a temporary directory, time stepped by hand.

#include "scene/engine.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

namespace incimap::test {

class ToolkitEngineTest : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("XDG_STATE_HOME", m_dir.file("state").c_str(), 1);
        setenv("XDG_CONFIG_HOME", m_dir.file("config").c_str(), 1);
    }
    std::unique_ptr<scene::Engine> loaded(const std::string& session = "") {
        scene::EngineOptions options;
        options.session_path = session;
        options.assets_dir = INCIMAP_ASSETS;
        auto e = std::make_unique<scene::Engine>(options);
        core::Commands c;
        c.set_layout = std::pair{std::pair{1280, 800}, core::MapRect{340, 20, 940, 636}};
        e->apply(c);
        e->start({std::string(INCIMAP_ASSETS) + "/samples/incidents-2023-10_2024-02.geojson"});
        for (int i = 0; i < 2000 && !(e->ready() && !e->waiting()); ++i) {
            step(*e, 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        EXPECT_TRUE(e->ready());
        return e;
    }
    void step(scene::Engine& e, double dt_s) {
        m_now += std::max(dt_s, 0.001);
        e.update(dt_s, m_now);
    }
    void settle(scene::Engine& e) {
        for (int i = 0; i < 100 && e.moving(); ++i)
            step(e, 1.0 / 60);
    }
    core::LonLat centre(const scene::Engine& e) {
        return e.scene().projection().inverse(e.camera().centre()).value_or(core::LonLat{});
    }
    test::TempDir m_dir;
    double m_now = 0;
};

} // namespace incimap::test
