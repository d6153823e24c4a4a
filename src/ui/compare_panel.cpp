#include "ui/compare_panel.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

namespace incimap::ui {

namespace {

std::string day(core::UnixMs t) { return core::format_iso_utc(t).substr(0, 10); }

std::string span(const core::TimeWindow& w) {
    if (w.is_all())
        return "all time";
    return day(w.from) + " – " + day(w.to - 1);
}

} // namespace

std::string compare_summary(const core::AppState& state, const CompareView& view) {
    if (!state.compare)
        return {};
    return "A " + std::to_string(view.in_a) + " · B " + std::to_string(view.in_b);
}

void draw_compare_panel(const core::AppState& state, const CompareView& view, core::Commands& c) {
    if (!state.compare)
        return;
    if (!ImGui::CollapsingHeader("Compare periods", ImGuiTreeNodeFlags_DefaultOpen))
        return;
    ImGui::Text("A (filled)  %s: %zu", span(state.window).c_str(), view.in_a);
    ImGui::Text("B (rings)   %s: %zu", span(*state.compare).c_str(), view.in_b);
    if (ImGui::BeginTable("##compare", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("category");
        ImGui::TableSetupColumn("A");
        ImGui::TableSetupColumn("B");
        ImGui::TableHeadersRow();
        for (const CompareRow& r : view.rows) {
            ImGui::TableNextColumn();
            ImGui::ColorButton(("##k" + r.label).c_str(),
                               ImVec4(r.colour.r / 255.f, r.colour.g / 255.f, r.colour.b / 255.f, 1),
                               ImGuiColorEditFlags_NoTooltip, ImVec2(scaled(10), scaled(10)));
            ImGui::SameLine();
            ImGui::TextUnformatted(r.label.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", r.in_a);
            ImGui::TableNextColumn();
            ImGui::Text("%zu", r.in_b);
        }
        ImGui::EndTable();
    }
    if (ImGui::SmallButton("B = just before A"))
        c.compare_before = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("B: the same length as the time window, just before it (B)");
    ImGui::SameLine();
    if (ImGui::SmallButton("Stop comparing"))
        c.set_compare = std::optional<core::TimeWindow>();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Back to one time window (Shift+B)");
}

} // namespace incimap::ui
