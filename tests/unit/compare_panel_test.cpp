// Compare two periods in the window (issue 17, item 5): window B's dates as the side panel's
// fields show them and read them back (as `render --compare-from/--compare-to` reads its
// options: a date is its day's start, "to" not included), each bad field named in one line;
// and the legend's rows with B's count beside A's.

#include "ui/compare_panel.hpp"
#include "ui/legend_panel.hpp"

#include <gtest/gtest.h>

using namespace incimap;

namespace {

core::UnixMs day(int y, int m, int d) { return core::days_from_civil(y, m, d) * core::kMsPerDay; }

TEST(ComparePanel, FieldsShowWindowBAndReadBackTheSame) {
    core::TimeWindow b;
    b.from = day(2023, 12, 1);
    b.to = day(2024, 1, 1);
    const ui::CompareFields f = ui::compare_fields_of(b);
    EXPECT_EQ(f.from, "2023-12-01");
    EXPECT_EQ(f.to, "2024-01-01");
    std::string error;
    const auto back = ui::compare_window_of(f, error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->from, b.from);
    EXPECT_EQ(back->to, b.to);
    EXPECT_EQ(back->mode, core::TimeMode::Window);
    EXPECT_FALSE(back->show_undated); // undated incidents belong to A alone

    // A time of day is kept whole.
    b.from += 6 * core::kMsPerHour;
    EXPECT_EQ(ui::compare_fields_of(b).from, "2023-12-01T06:00:00Z");
    const auto typed = ui::compare_window_of({"2023-12-01T06:00:00Z", "2023-12-08"}, error);
    ASSERT_TRUE(typed) << error;
    EXPECT_EQ(typed->from, b.from);
    EXPECT_EQ(typed->to, day(2023, 12, 8));
}

TEST(ComparePanel, BadFieldsAreNamed) {
    std::string error;
    EXPECT_FALSE(ui::compare_window_of({"last week", "2024-01-01"}, error));
    EXPECT_NE(error.find("B from"), std::string::npos) << error;
    EXPECT_FALSE(ui::compare_window_of({"2024-01-01", ""}, error));
    EXPECT_NE(error.find("B to"), std::string::npos) << error;
    EXPECT_FALSE(ui::compare_window_of({"2024-01-08", "2024-01-01"}, error));
    EXPECT_NE(error.find("end after it starts"), std::string::npos) << error;
    EXPECT_FALSE(ui::compare_window_of({"2024-01-01", "2024-01-01"}, error));
}

TEST(ComparePanel, TheLegendGivesEachRowsCountInWindowB) {
    std::vector<ui::LegendRow> rows{{"shelling", {}, 25, std::nullopt},
                                    {"airstrike", {}, 11, std::nullopt},
                                    {"protest", {}, 6, std::nullopt}};
    EXPECT_EQ(ui::legend_row_text(rows[0], false), "shelling  25");
    ui::add_compare_counts(rows, {{"airstrike", {}, 4, std::nullopt},
                                  {"shelling", {}, 12, std::nullopt}});
    EXPECT_EQ(ui::legend_row_text(rows[0], false), "shelling  25 · B 12");
    EXPECT_EQ(ui::legend_row_text(rows[1], false), "airstrike  11 · B 4");
    EXPECT_EQ(ui::legend_row_text(rows[2], true), "protest  6 · B 0  (hidden)"); // none in B
}

} // namespace
