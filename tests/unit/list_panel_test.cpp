// The side panel's list (issue 20, panels): a date cell that carries an incident's end is not
// cut off by its column, and a long selected incident's details never push the list down.
// Dear ImGui is driven without a window (its default font).

#include "ui/incident_list_panel.hpp"

#include "core/time_span.hpp"

#include "headless_imgui.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <vector>

namespace {

using namespace incimap;

core::UnixMs at(int y, int m, int d, int hour = 0, int minute = 0) {
    return core::days_from_civil(y, m, d) * core::kMsPerDay +
           (hour * 60 + minute) * core::kMsPerMinute;
}

class ListPanel : public ::testing::Test {
protected:
    test::HeadlessImGui m_imgui{360, 700};
};

TEST_F(ListPanel, ADateCellWithItsEndFitsTheColumn) {
    ImGui::NewFrame();
    const float with_end = ImGui::CalcTextSize(ui::date_column_sample(true)).x;
    const float plain = ImGui::CalcTextSize(ui::date_column_sample(false)).x;
    // The widest cells the list writes: minute precision, an end on another day.
    const std::vector<core::TimeInterval> cells{
        {at(2024, 1, 10), at(2024, 1, 13), core::TimePrecision::Day, core::ZoneKind::Utc},
        {at(2024, 1, 10, 14, 5), at(2024, 12, 31, 23, 59), core::TimePrecision::Minute,
         core::ZoneKind::Utc},
        {at(2024, 1, 10, 14, 5), at(2024, 2, 1), core::TimePrecision::Second,
         core::ZoneKind::Utc}};
    bool any_wider_than_plain = false;
    for (const core::TimeInterval& t : cells) {
        const std::string text = core::format_start_end(t);
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        EXPECT_LE(w, with_end) << text;
        any_wider_than_plain |= w > plain;
    }
    EXPECT_TRUE(any_wider_than_plain) << "the plain column would cut these cells";
    ImGui::EndFrame();
}

TEST_F(ListPanel, LongDetailsNeverPushTheListDown) {
    core::AppState state;
    core::IncidentTable table;
    ui::PanelView view;
    const std::vector<int> listed;
    view.drawn = &table;
    view.listed = &listed;
    // Where the list's heading lands, with details of `lines` lines above it.
    auto list_top = [&](int lines) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(360, 700));
        ImGui::Begin("side", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove);
        core::Commands commands;
        float top = 0;
        ui::draw_details_and_list(state, view, commands, [&] {
            for (int i = 0; i < lines; ++i)
                ImGui::Text("field %d: a long value", i);
        });
        top = ImGui::GetCursorScreenPos().y; // below the list, which fills the rest
        ImGui::End();
        ImGui::EndFrame();
        return top;
    };
    const float short_details = list_top(2);
    const float long_details = list_top(400);
    EXPECT_EQ(short_details, long_details);
    EXPECT_LE(long_details, 700.0f + ImGui::GetStyle().WindowPadding.y);
}

} // namespace
