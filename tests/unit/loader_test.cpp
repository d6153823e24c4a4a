// The window's background loader: File > Allow network access switches what it may read.

#include "scene/loader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

using incimap::scene::BackgroundLoader;

incimap::geo::ReadResult load(BackgroundLoader& loader, const std::string& path) {
    loader.enqueue(path);
    for (int i = 0; i < 3000; ++i) { // 30 s
        if (auto r = loader.poll())
            return std::move(*r);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << path << ": no result after 30 s";
    return {};
}

} // namespace

TEST(BackgroundLoader, NetworkPathsFollowTheSwitch) {
    BackgroundLoader loader({});
    // Port 9 (discard) on the loopback: nothing listens, so an allowed read fails fast there.
    const std::string url = "http://127.0.0.1:9/incidents.geojson";
    EXPECT_FALSE(loader.allow_network());
    incimap::geo::ReadResult r = load(loader, url);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("network paths are off"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("File > Allow network access"), std::string::npos) << r.error;

    loader.set_allow_network(true);
    r = load(loader, url);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error.find("network paths are off"), std::string::npos) << r.error;

    loader.set_allow_network(false);
    r = load(loader, url);
    EXPECT_NE(r.error.find("network paths are off"), std::string::npos) << r.error;
}
