// File ▸ Export visible incidents, without the window: visible_parts and export_visible (what
// the dialog calls) write exactly the incidents the map shows — the layers, categories and
// search the filters leave visible, and the time window — with their own layer's attributes.

#include "scene/map_scene.hpp"
#include "scene/map_export.hpp"
#include "geo/reader.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

using namespace incimap;

using incimap::test::fixture;

scene::Layer layer_of(const std::string& path) {
    geo::ReadResult r = geo::read_incidents(path);
    EXPECT_TRUE(r.ok) << r.error;
    return {path, std::move(r.table), std::move(r.report)};
}

std::size_t count(const std::vector<geo::ExportPart>& parts) {
    std::size_t n = 0;
    for (const auto& p : parts)
        n += p.rows.size();
    return n;
}

TEST(WindowExport, VisibleIncidentsFollowFiltersAndTimeWindow) {
    scene::MapScene scene(INCIMAP_ASSETS);
    // points.geojson: Battles 2024-01-04, Protests 2024-01-05, Battles 2024-02-10.
    // intervals.geojson: no category; 2024-01-10 → 02-20, 2024-03 → 04, 2024-05-01.
    scene.add_layer(layer_of(fixture("points.geojson")));
    scene.add_layer(layer_of(fixture("intervals.geojson")));
    core::TimeWindow all;
    EXPECT_EQ(count(scene::visible_parts(scene, all)), 6u);

    core::TimeWindow january;
    january.from = core::parse_time("2024-01-01")->start_ms;
    january.to = core::parse_time("2024-02-01")->start_ms;
    auto parts = scene::visible_parts(scene, january);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].rows, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(parts[1].rows, (std::vector<std::size_t>{0})) << "the siege spans January";

    core::Filters filters;
    filters.hidden_categories = {"Protests"};
    scene.set_filters(filters);
    parts = scene::visible_parts(scene, january);
    EXPECT_EQ(parts[0].rows, (std::vector<std::size_t>{0}));
    filters.hidden_layers = {false, true};
    filters.search = "fall"; // Al Fallūjah
    scene.set_filters(filters);
    parts = scene::visible_parts(scene, all);
    EXPECT_EQ(parts[0].rows, (std::vector<std::size_t>{0}));
    EXPECT_TRUE(parts[1].rows.empty());

    const std::string out = testing::TempDir() + "incimap_window_export.csv";
    std::filesystem::remove(out);
    const scene::ExportOutcome o = scene::export_visible(scene, all, out);
    ASSERT_TRUE(o.ok) << o.message;
    EXPECT_EQ(o.written, 1u);
    EXPECT_EQ(o.message, "Exported 1 incident to " + out);
    const geo::ReadResult back = geo::read_incidents(out);
    ASSERT_TRUE(back.ok) << back.error;
    ASSERT_EQ(back.table.count(), 1u);
    const int name = back.table.attributes.field_index("name");
    ASSERT_GE(name, 0);
    EXPECT_EQ(back.table.attributes.value(0, static_cast<std::size_t>(name)), "Al Fallūjah");
}

TEST(WindowExport, RefusesAnUnknownExtensionAndTheInput) {
    scene::MapScene scene(INCIMAP_ASSETS);
    const std::string input = testing::TempDir() + "incimap_window_export_input.geojson";
    std::filesystem::copy_file(fixture("points.geojson"), input,
                               std::filesystem::copy_options::overwrite_existing);
    scene.add_layer(layer_of(input));
    scene::ExportOutcome o = scene::export_visible(scene, {}, testing::TempDir() + "x.kml");
    EXPECT_FALSE(o.ok);
    EXPECT_NE(o.message.find(".geojson, .csv or .gpkg"), std::string::npos) << o.message;
    o = scene::export_visible(scene, {}, input);
    EXPECT_FALSE(o.ok);
    EXPECT_NE(o.message.find("never writes over its input"), std::string::npos) << o.message;
}

} // namespace
