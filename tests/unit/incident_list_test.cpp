// The side panel's list: its sort (core/incident_list) and the worker that computes it
// (scene/worker.hpp, through MapScene::request_list).

#include "scene/map_scene.hpp"
#include "core/incident_list.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

using namespace incimap;
using Column = core::ListOrder::Column;

namespace {

// Five incidents: dates, categories and sizes with ties, one undated, one without category
// and one without size.
core::IncidentTable five() {
    core::IncidentTable t;
    const core::UnixMs day = core::kMsPerDay;
    const core::UnixMs starts[] = {3 * day, 1 * day, 0, 1 * day, 2 * day};
    const core::TimePrecision precisions[] = {core::TimePrecision::Day, core::TimePrecision::Day,
                                              core::TimePrecision::None, core::TimePrecision::Day,
                                              core::TimePrecision::Day};
    const char* categories[] = {"Shelling", "Airstrike", "", "Shelling", "Drone attack"};
    const float sizes[] = {2, NAN, 5, 2, 0};
    for (int i = 0; i < 5; ++i) {
        t.lon.push_back(44);
        t.lat.push_back(33);
        t.z.push_back(NAN);
        t.t_start.push_back(starts[i]);
        t.t_end.push_back(starts[i] + day);
        t.t_precision.push_back(precisions[i]);
        t.t_zone.push_back({});
        t.category.push_back(*categories[i] ? t.intern_category(categories[i]) : core::kNoCategory);
        t.size.push_back(sizes[i]);
        t.geo_precision.push_back({});
        t.feature_index.push_back(static_cast<std::uint32_t>(i));
        t.fid.push_back(i);
        t.attr_row.push_back(static_cast<std::uint32_t>(i));
    }
    return t;
}

std::vector<int> sorted(Column column, bool ascending) {
    const core::IncidentTable t = five();
    std::vector<int> rows{0, 1, 2, 3, 4};
    core::sort_list(rows, t, {column, ascending});
    return rows;
}

} // namespace

TEST(IncidentList, SortsByEachColumnWithTiesInTableOrder) {
    EXPECT_EQ(sorted(Column::Date, true), (std::vector<int>{2, 1, 3, 4, 0})) << "undated first";
    EXPECT_EQ(sorted(Column::Date, false), (std::vector<int>{0, 4, 1, 3, 2}));
    EXPECT_EQ(sorted(Column::Category, true), (std::vector<int>{2, 1, 4, 0, 3}));
    EXPECT_EQ(sorted(Column::Category, false), (std::vector<int>{0, 3, 4, 1, 2}));
    EXPECT_EQ(sorted(Column::Size, true), (std::vector<int>{1, 4, 0, 3, 2})) << "no size first";
    EXPECT_EQ(sorted(Column::Size, false), (std::vector<int>{2, 0, 3, 4, 1}));
}

TEST(ListJob, LatestRequestWinsAndAnInterruptRunsItAgain) {
    scene::ListJob job;
    std::atomic<bool> release{false};
    std::atomic<int> runs{0};
    auto slow = [&](int v) {
        return [&, v] {
            while (!release.load())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ++runs;
            return std::vector<int>{v};
        };
    };
    job.request(slow(1));
    job.request(slow(2)); // queued behind 1
    job.request(slow(3)); // replaces 2
    EXPECT_TRUE(job.busy());
    EXPECT_FALSE(job.poll());
    release = true;
    auto wait_poll = [&] {
        for (int i = 0; i < 5000; ++i) {
            if (auto r = job.poll())
                return r;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return std::optional<std::vector<int>>{};
    };
    EXPECT_EQ(wait_poll(), (std::vector<int>{1})) << "the running job's list is shown meanwhile";
    EXPECT_EQ(wait_poll(), (std::vector<int>{3}));
    EXPECT_FALSE(job.busy());
    EXPECT_EQ(runs.load(), 2) << "the replaced request never ran";

    job.request(slow(4));
    job.interrupt(); // what it read is about to change: its result is dropped, it runs again
    EXPECT_TRUE(job.busy());
    EXPECT_EQ(wait_poll(), (std::vector<int>{4}));
    EXPECT_EQ(runs.load(), 4);
    EXPECT_FALSE(job.busy());
}

TEST(ListJob, MapSceneListsWhatIsInViewAndWindowInTheListOrder) {
    scene::MapScene scene(INCIMAP_ASSETS);
    scene::Layer layer;
    layer.table = five();
    layer.path = "five";
    scene.add_layer(std::move(layer));
    core::Camera cam = scene.make_camera(800, 600);
    scene.fit_to_data(cam);
    core::TimeWindow days_1_to_3;
    days_1_to_3.from = core::kMsPerDay;
    days_1_to_3.to = 3 * core::kMsPerDay;
    scene.request_list(cam, days_1_to_3, {Column::Date, false});
    std::optional<std::vector<int>> listed;
    for (int i = 0; i < 5000 && !listed; ++i) {
        listed = scene.poll_list();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_TRUE(listed);
    // Days 1 and 2 (incidents 1, 3, 4) and the undated one if the window shows undated.
    std::vector<int> expected{4, 1, 3};
    if (days_1_to_3.show_undated)
        expected.push_back(2);
    EXPECT_EQ(*listed, expected);
    EXPECT_FALSE(scene.listing());
}
