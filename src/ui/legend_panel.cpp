#include "ui/legend_panel.hpp"

#include "ui/ui_scale.hpp"

#include <imgui.h>

namespace incimap::ui {

namespace {

ImVec4 to_imgui(core::Rgba8 c) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

void draw_row(const LegendRow& row, std::size_t layer, const core::Filters& filters,
              core::Commands& commands) {
    const bool hidden = filters.hidden_categories.count(row.label) > 0;
    core::Rgba8 c = row.colour;
    if (hidden)
        c.a = 60;
    ImGui::PushID(static_cast<int>(layer));
    ImGui::ColorButton(("##c" + row.label).c_str(), to_imgui(c),
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_AlphaPreview,
                       ImVec2(scaled(12), scaled(12)));
    ImGui::SameLine();
    const std::string text = legend_row_text(row, hidden);
    if (hidden)
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    const bool clicked = ImGui::Selectable(text.c_str(), false);
    if (hidden)
        ImGui::PopStyleColor();
    if (clicked) {
        core::Filters f = filters;
        if (hidden)
            f.hidden_categories.erase(row.label);
        else
            f.hidden_categories.insert(row.label);
        commands.set_filters = f;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(hidden ? "Click to show this category" : "Click to hide this category");
    ImGui::PopID();
}

} // namespace

std::string legend_row_text(const LegendRow& row, bool hidden) {
    std::string text = row.label + "  " + std::to_string(row.count);
    if (row.count_b)
        text += " · B " + std::to_string(*row.count_b);
    return text + (hidden ? "  (hidden)" : "");
}

void add_compare_counts(std::vector<LegendRow>& rows, const std::vector<LegendRow>& b) {
    for (LegendRow& r : rows) {
        r.count_b = 0;
        for (const LegendRow& e : b)
            if (e.label == r.label)
                r.count_b = e.count;
    }
}

void draw_legend(const PanelView& view, core::Commands& commands) {
    const core::Filters filters = view.filters ? *view.filters : core::Filters{};
    const bool headings = view.layer_legends.size() > 1;
    for (std::size_t li = 0; li < view.layer_legends.size(); ++li) {
        const PanelView::LayerLegend& l = view.layer_legends[li];
        if (l.rows.empty())
            continue;
        if (headings)
            ImGui::Text("%s", l.heading.c_str());
        ImGui::TextDisabled("colour: %s", l.field.empty() ? "(none)" : l.field.c_str());
        for (const LegendRow& row : l.rows)
            draw_row(row, li, filters, commands);
        if (headings)
            ImGui::Spacing();
    }
    // What the markers' other looks mean, in the words of the exported PNG's legend.
    for (const std::string& note : view.legend_notes) {
        if (note.rfind("hollow", 0) == 0) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float r = scaled(5.0f), h = ImGui::GetTextLineHeight();
            ImGui::GetWindowDrawList()->AddCircle(ImVec2(p.x + scaled(6), p.y + h / 2), r,
                                                  ImGui::GetColorU32(ImGuiCol_Text), 16, 1.5f);
            ImGui::Dummy(ImVec2(scaled(12), h));
            ImGui::SameLine();
        }
        ImGui::TextDisabled("%s", note.c_str());
    }
}

} // namespace incimap::ui
