// One definition of "passes the filters" (core/filters.hpp): core::RowFilter/rows_passing, and
// the map's visibility, the window's export (visible_parts) and `incimap export` agreeing
// with it.

#include "core/filters.hpp"
#include "scene/map_export.hpp"
#include "scene/map_scene.hpp"
#include "geo/reader.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace {

using namespace incimap;
using incimap::test::fixture;
using V = std::vector<std::size_t>;

geo::ReadResult read(const char* name) {
    geo::ReadResult r = geo::read_incidents(fixture(name));
    EXPECT_TRUE(r.ok) << r.error;
    return r;
}

// points.geojson: 0 Fallujah 2024-01-04 Battles (43.78, 33.35), 1 Baghdad 2024-01-05 Protests
// (44.37, 33.32), 2 Córdoba 2024-02-10 Battles (-3.70, 40.42).
TEST(RowFilter, EachFilterAndTheirCombination) {
    const geo::ReadResult r = read("points.geojson");
    const core::IncidentTable& t = r.table;
    core::RowFilter all;
    EXPECT_EQ(core::rows_passing(t, all), (V{0, 1, 2}));

    core::RowFilter hidden;
    hidden.hidden_categories = {"Protests"};
    EXPECT_EQ(core::rows_passing(t, hidden), (V{0, 2}));
    core::RowFilter kept;
    kept.categories = {"Protests"};
    EXPECT_EQ(core::rows_passing(t, kept), (V{1}));
    kept.hidden_categories = {"Protests"};
    EXPECT_EQ(core::rows_passing(t, kept), V{}) << "hidden wins over kept";

    core::RowFilter layers;
    layers.hidden_layers = {false, true};
    EXPECT_EQ(core::rows_passing(t, layers, 0), (V{0, 1, 2}));
    EXPECT_EQ(core::rows_passing(t, layers, 1), V{});
    EXPECT_EQ(core::rows_passing(t, layers, 2), (V{0, 1, 2})) << "past the list: shown";

    core::RowFilter search;
    search.search = "fAlL";
    EXPECT_EQ(core::rows_passing(t, search), (V{0}));

    // The box is inclusive: a point on its edge passes.
    core::RowFilter box;
    box.bbox = core::LonLatBox{44.3661, 33.3152, 50, 35, false};
    EXPECT_EQ(core::rows_passing(t, box), (V{1}));

    core::RowFilter window;
    window.window.from = core::parse_time("2024-01-05")->start_ms;
    window.window.to = core::parse_time("2024-02-10")->start_ms;
    EXPECT_EQ(core::rows_passing(t, window), (V{1})) << "[from, to): 02-10 is out";

    core::RowFilter combined;
    combined.categories = {"Battles"};
    combined.search = "a";
    combined.bbox = core::LonLatBox{-10, 30, 50, 45, false};
    combined.window.to = core::parse_time("2024-02-01")->start_ms;
    EXPECT_EQ(core::rows_passing(t, combined), (V{0}));

    // The predicate is the same test, row by row.
    const core::RowPredicate passes(combined, t, 0);
    EXPECT_TRUE(passes(0));
    EXPECT_FALSE(passes(1));
    EXPECT_FALSE(passes(2));
}

TEST(RowFilter, UncategorisedAndUndated) {
    const geo::ReadResult r = read("intervals.geojson"); // no category; all dated
    core::RowFilter f;
    EXPECT_EQ(core::rows_passing(r.table, f), (V{0, 1, 2}));
    f.hidden_categories = {"Battles"};
    EXPECT_EQ(core::rows_passing(r.table, f), (V{0, 1, 2}));
    f.hidden_categories = {""}; // the legend's "no category"
    EXPECT_EQ(core::rows_passing(r.table, f), V{});
    f.hidden_categories.clear();
    f.categories = {"Battles"}; // only these: the uncategorised are out
    EXPECT_EQ(core::rows_passing(r.table, f), V{});
}

scene::Layer layer_of(const char* name) {
    geo::ReadResult r = read(name);
    return {fixture(name), std::move(r.table), std::move(r.report)};
}

// The map's visibility is the predicate without a time window, row by row.
TEST(RowFilter, TheMapsVisibilityAndTheWindowsExportAreThePredicate) {
    scene::MapScene scene(INCIMAP_ASSETS);
    scene.add_layer(layer_of("points.geojson"));
    scene.add_layer(layer_of("intervals.geojson"));
    std::vector<core::Filters> cases(5);
    cases[1].hidden_categories = {"Protests"};
    cases[2].hidden_categories = {""};
    cases[3].hidden_layers = {true};
    cases[4].search = "a";
    cases[4].hidden_categories = {"Battles"};
    core::TimeWindow january;
    january.from = core::parse_time("2024-01-01")->start_ms;
    january.to = core::parse_time("2024-02-01")->start_ms;
    for (std::size_t k = 0; k < cases.size(); ++k) {
        scene.set_filters(cases[k]);
        core::RowFilter spec{cases[k]};
        std::vector<V> expected;
        for (std::size_t li = 0; li < scene.layers().size(); ++li)
            expected.push_back(core::rows_passing(scene.layers()[li].table, spec, li));
        for (std::size_t i = 0; i < scene.drawn().count(); ++i) {
            const auto [layer, row] = scene.source_of(i);
            const V& e = expected[layer];
            EXPECT_EQ(scene.visible(i), std::find(e.begin(), e.end(), row) != e.end())
                << "case " << k << ", incident " << i;
        }
        spec.window = january;
        const std::vector<geo::ExportPart> parts = scene::visible_parts(scene, january);
        ASSERT_EQ(parts.size(), scene.layers().size());
        for (std::size_t li = 0; li < parts.size(); ++li)
            EXPECT_EQ(parts[li].rows, core::rows_passing(scene.layers()[li].table, spec, li))
                << "case " << k << ", layer " << li;
    }
}

} // namespace
