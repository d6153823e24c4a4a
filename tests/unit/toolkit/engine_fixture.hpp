#pragma once
// The engine on the bundled sample for the toolkit's tests (issue 17): a 1280×800 layout, the
// XDG folders in a temporary directory, time stepped by hand.

#include "engine_harness.hpp"

#include <memory>
#include <string>

namespace incimap::test {

class ToolkitEngineTest : public EngineFixture {
protected:
    std::unique_ptr<scene::Engine> loaded(const std::string& session = "") {
        return started({std::string(INCIMAP_ASSETS) + "/samples/incidents-2023-10_2024-02.geojson"},
                       session);
    }
    void settle(scene::Engine& e) {
        for (int i = 0; i < 100 && e.moving(); ++i)
            step(e, 1.0 / 60);
    }
    core::LonLat centre(const scene::Engine& e) {
        return e.scene().projection().inverse(e.camera().centre()).value_or(core::LonLat{});
    }
};

} // namespace incimap::test
