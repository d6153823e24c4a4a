// MapScene::add_layer_async: a layer prepared on a worker is added whole, with the filters set
// meanwhile applied, and any other change waits for it.

#include "scene/map_scene.hpp"
#include "scene/paths.hpp"
#include "geo/reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

using namespace incimap;

scene::Layer layer_of(const std::string& name) {
    const std::string path = std::string(INCIMAP_FIXTURES) + "/" + name;
    geo::ReadResult r = geo::read_incidents(path);
    EXPECT_TRUE(r.ok) << r.error;
    return {path, std::move(r.table), std::move(r.report)};
}

bool wait_added(scene::MapScene& scene) {
    for (int i = 0; i < 10000; ++i) {
        if (scene.poll_layers())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

} // namespace

TEST(MapScene, LayerPreparedOnAWorkerIsAddedWhole) {
    scene::MapScene scene(INCIMAP_ASSETS);
    scene.set_async_filters(true);
    scene.add_layer(layer_of("intervals.geojson")); // no category, 3 incidents
    const std::size_t before = scene.drawn().count();
    ASSERT_EQ(before, 3u);

    // points.geojson: Battles 2024-01-04, Protests 2024-01-05, Battles 2024-02-10.
    scene.add_layer_async(layer_of("points.geojson"));
    EXPECT_TRUE(scene.preparing());
    EXPECT_NE(scene.preparing_name().find("points.geojson"), std::string::npos);
    // Meanwhile the scene is what it was; a filter set now applies to the new layer too.
    EXPECT_EQ(scene.layers().size(), 1u);
    EXPECT_EQ(scene.drawn().count(), before);
    core::Filters hide_protests;
    hide_protests.hidden_categories = {"Protests"};
    scene.set_filters(hide_protests);

    ASSERT_TRUE(wait_added(scene));
    EXPECT_FALSE(scene.preparing());
    ASSERT_EQ(scene.layers().size(), 2u);
    ASSERT_EQ(scene.drawn().count(), before + 3);
    EXPECT_EQ(scene.time_extent().dated() + scene.time_extent().undated(), before + 3);
    for (int i = 0; i < 5000 && scene.filtering(); ++i) {
        scene.poll_filters();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    int hidden = 0;
    for (std::size_t i = 0; i < scene.drawn().count(); ++i) {
        const auto c = scene.drawn().category[i];
        const bool protest = c < scene.drawn().categories.size() &&
                             scene.drawn().categories[c] == "Protests";
        EXPECT_EQ(scene.visible(i), !protest) << i;
        hidden += !scene.visible(i);
    }
    EXPECT_EQ(hidden, 1);

    // Another change of the layers waits for a layer being prepared: both end up in, and
    // poll_layers() still reports the prepared one (once).
    scene.add_layer_async(layer_of("points.geojson"));
    scene.add_layer(layer_of("intervals.geojson"));
    EXPECT_FALSE(scene.preparing());
    EXPECT_TRUE(scene.poll_layers());
    EXPECT_FALSE(scene.poll_layers());
    EXPECT_EQ(scene.layers().size(), 4u);
    EXPECT_EQ(scene.drawn().count(), 12u);
    EXPECT_EQ(scene.source_of(11).first, 3u);
}

TEST(SourceName, FilesByNamePostgisByDatabase) {
    EXPECT_EQ(scene::source_name("/data/strikes 2024.geojson"), "strikes 2024.geojson");
    EXPECT_EQ(scene::source_name("PG:dbname=incidents host=/run/postgresql password=secret"),
              "PostGIS incidents");
    EXPECT_EQ(scene::source_name("PG:host=db.example dbname='team store' user=me"),
              "PostGIS team store");
    EXPECT_EQ(scene::source_name("PG:host=db.example"), "PostGIS");
}
