// Issue 20 (panels): the panels' pure parts — a cluster badge's tooltip, a status message cut
// to its room, the colours of message kinds, the list's date cells whole, the legend's notes.

#include "ui/panel_text.hpp"

#include <gtest/gtest.h>

namespace {

using namespace incimap;

TEST(PanelText, AClusterTooltipCountsByCategoryMostFirst) {
    EXPECT_EQ(ui::cluster_tooltip({{"Airstrike", 12}, {"Drone attack", 8}, {"", 3}}),
              "23 incidents\nAirstrike  12\nDrone attack  8\n(no category)  3");
    EXPECT_EQ(ui::cluster_tooltip({{"a", 5}, {"b", 4}, {"c", 3}, {"d", 2}}, 2),
              "14 incidents\na  5\nb  4\n2 more categories  5");
}

TEST(PanelText, AMessageIsCutToItsRoomOnACharacterBoundary) {
    const auto width = [](const std::string& s) { return static_cast<float>(s.size()); };
    EXPECT_EQ(ui::fit_text("short", 10, width), "short");
    // "…" is 3 bytes: 10 bytes of room leave 7 of the text.
    EXPECT_EQ(ui::fit_text("a long status message", 10, width), "a long …");
    EXPECT_LE(width(ui::fit_text("a long status message", 10, width)), 10.0f);
    // Never half a character: "é" is two bytes.
    const std::string cut = ui::fit_text("ééééééé", 8, width);
    EXPECT_EQ(cut, "éé…" /* 4 + 3 bytes */);
}

TEST(PanelText, SuccessIsNotColouredLikeAWarning) {
    for (const bool dark : {false, true}) {
        const auto ok = ui::message_colour(core::MessageKind::Success, dark);
        const auto warn = ui::message_colour(core::MessageKind::Warning, dark);
        const auto err = ui::message_colour(core::MessageKind::Error, dark);
        ASSERT_TRUE(ok && warn && err);
        EXPECT_GT(ok->g, ok->r);     // green
        EXPECT_GT(warn->r, warn->b); // amber
        EXPECT_GT(err->r, err->g);   // red
        EXPECT_NE(ok->r, warn->r);
        EXPECT_FALSE(ui::message_colour(core::MessageKind::Info, dark)); // the text's own
    }
}

TEST(PanelText, TheListShowsDatesWhole) {
    core::TimeInterval t;
    t.start_ms = 1705764600000; // 2024-01-20T15:30Z
    t.end_ms = t.start_ms + core::kMsPerMinute;
    t.precision = core::TimePrecision::Minute;
    t.zone = core::ZoneKind::Utc;
    EXPECT_EQ(ui::list_date(t), "2024-01-20T15:30Z");
    EXPECT_EQ(ui::list_end(t), "");
    core::TimeInterval days;
    days.start_ms = 1704067200000; // 2024-01-01
    days.end_ms = days.start_ms + 3 * core::kMsPerDay;
    days.precision = core::TimePrecision::Day;
    EXPECT_EQ(ui::list_date(days), "2024-01-01");
    EXPECT_EQ(ui::list_end(days), "2024-01-03");
    EXPECT_EQ(ui::list_date(core::TimeInterval{}), "undated");
}

TEST(PanelText, TheLegendSaysWhatHollowAndSizeMean) {
    EXPECT_EQ(ui::legend_notes("fatalities", true, false),
              (std::vector<std::string>{"size: fatalities (area ∝ value)",
                                        "hollow: location approximate"}));
    EXPECT_TRUE(ui::legend_notes("", false, false).empty());
}

TEST(PanelText, ListColumnsHaveNamesBothWays) {
    for (const core::ListColumn c : core::kAllListColumns)
        EXPECT_EQ(core::list_column_from_name(core::list_column_name(c)), c);
    EXPECT_FALSE(core::list_column_from_name("nope"));
}

} // namespace
