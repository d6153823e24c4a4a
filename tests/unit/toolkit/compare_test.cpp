// Compare two periods (issue 17, item 5): B just before A, and the counts of each window.

#include "scene/actions.hpp"
#include "toolkit/engine_fixture.hpp"

#include <gtest/gtest.h>

namespace {

using namespace incimap;
using incimap::test::ToolkitEngineTest;

TEST_F(ToolkitEngineTest, CompareBeforeIsTheSameLengthJustBeforeAndCountsEachWindow) {
    const std::string session = m_dir.file("compare.json");
    auto e = loaded(session);
    core::Commands set;
    core::TimeWindow a;
    a.from = core::parse_time("2024-01-01")->start_ms;
    a.to = core::parse_time("2024-01-15")->start_ms;
    set.set_window = a;
    e->apply(set);
    EXPECT_FALSE(e->state().compare);
    e->apply(scene::command_for(scene::Action::CompareBefore, e->state()));
    ASSERT_TRUE(e->state().compare);
    const core::TimeWindow b = *e->state().compare;
    EXPECT_EQ(b.from, a.from - 14 * core::kMsPerDay);
    EXPECT_EQ(b.to, a.from);
    // Each window's count against a count by hand over every incident.
    std::size_t in_a = 0, in_b = 0;
    const core::IncidentTable& t = e->scene().drawn();
    for (std::size_t i = 0; i < t.count(); ++i) {
        in_a += a.shows(t.t_start[i], t.end_at(i), t.t_precision[i]) ? 1 : 0;
        in_b += b.shows(t.t_start[i], t.end_at(i), t.t_precision[i]) ? 1 : 0;
    }
    ASSERT_GT(in_b, 0u);
    EXPECT_EQ(e->overlay().in_window, in_a);
    EXPECT_EQ(e->compare_overlay().in_window, in_b);
    std::size_t by_category = 0;
    for (const auto& entry : e->compare_overlay().entries)
        by_category += entry.count;
    EXPECT_EQ(by_category, in_b);
    // Kept in the session; Shift+B stops comparing.
    e->write_session(true);
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s && s->compare) << error;
    EXPECT_EQ(s->compare->from, b.from);
    EXPECT_EQ(s->compare->to, b.to);
    e->apply(scene::command_for(scene::Action::ClearCompare, e->state()));
    EXPECT_FALSE(e->state().compare);
    EXPECT_EQ(e->compare_overlay().in_window, 0u);
    // Restored from the session.
    auto again = loaded(session);
    ASSERT_TRUE(again->state().compare);
    EXPECT_EQ(again->state().compare->from, b.from);
}

} // namespace
