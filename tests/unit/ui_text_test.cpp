// The panels' pure parts, without a frame: what the hover tooltip says and the timeline's edge
// grab zones.

#include "ui/hover_text.hpp"
#include "ui/timeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace incimap;

core::AttributeStore store(std::vector<std::string> names,
                           std::vector<std::vector<std::optional<std::string>>> rows) {
    core::AttributeStore a;
    std::vector<core::FieldInfo> fields;
    for (auto& n : names)
        fields.push_back({n, core::FieldType::String});
    a.set_schema(fields);
    for (const auto& r : rows) {
        a.begin_row();
        for (const auto& v : r)
            a.add(v ? std::optional<std::string_view>(*v) : std::nullopt);
        a.end_row();
    }
    return a;
}

TEST(HoverText, CategoryTimePlaceAndTheNotesFirstLine) {
    const auto a = store({"event_type", "Notes", "admin1", "Location"},
                         {{"Air strike", "Drone strike on a vehicle.\r\nSecond line.", "Baghdad",
                           "Jurf al-Sakhar"}});
    core::TimeInterval t{core::days_from_civil(2024, 1, 4) * core::kMsPerDay,
                         core::days_from_civil(2024, 1, 5) * core::kMsPerDay,
                         core::TimePrecision::Day};
    const std::string text = ui::hover_text("Air strike", t, a, 0);
    EXPECT_NE(text.find("Air strike\n"), std::string::npos) << text;
    EXPECT_NE(text.find("2024-01-04"), std::string::npos) << text;
    EXPECT_NE(text.find("\nJurf al-Sakhar"), std::string::npos) << text; // location before admin1
    EXPECT_EQ(text.find("Baghdad"), std::string::npos) << text;
    EXPECT_NE(text.find("\nDrone strike on a vehicle."), std::string::npos) << text;
    EXPECT_EQ(text.find("Second line"), std::string::npos) << text;
}

TEST(HoverText, LongNotesAreCutOnACharacterAndNullsLeftOut) {
    std::string notes;
    for (int i = 0; i < 60; ++i)
        notes += "é"; // two bytes each
    const auto a = store({"description", "city"}, {{notes, std::nullopt}});
    const std::string text = ui::hover_text("x", {}, a, 0, 25);
    const std::string last = text.substr(text.rfind('\n') + 1);
    EXPECT_EQ(last, std::string("éééééééééééé") + "…"); // 24 bytes, not half of a 13th
    EXPECT_EQ(ui::place_field(a.fields()), 1);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2); // category, time, notes
}

TEST(TimelineGrab, EdgeZonesNeverOverlapAndANarrowWindowIsAllBody) {
    EXPECT_FLOAT_EQ(ui::TimelineController::edge_reach(100, 300), 6.0f);  // wide: 6 px inside
    EXPECT_FLOAT_EQ(ui::TimelineController::edge_reach(100, 120), 4.0f);  // 20 px: 12 body + 4 + 4
    EXPECT_FLOAT_EQ(ui::TimelineController::edge_reach(100, 108), 0.0f);  // narrow: body only
    EXPECT_FLOAT_EQ(ui::TimelineController::edge_reach(100, 100), 0.0f);
    for (float w = 0; w < 60; w += 0.5f) {
        const float r = ui::TimelineController::edge_reach(0, w);
        EXPECT_LE(2 * r, std::max(0.0f, w - 12.0f) + 1e-4f) << w;
    }
}

} // namespace
