#include "ui/incident_list_panel.hpp"

#include "ui/hover_text.hpp"
#include "ui/panel_text.hpp"

#include "core/time_span.hpp"

#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace incimap::ui {

namespace {

// The column a list order sorts by, and back (the other columns do not sort).
std::optional<core::ListOrder::Column> sort_column(core::ListColumn c) {
    switch (c) {
    case core::ListColumn::Date: return core::ListOrder::Column::Date;
    case core::ListColumn::Category: return core::ListOrder::Column::Category;
    case core::ListColumn::Size: return core::ListOrder::Column::Size;
    default: return std::nullopt;
    }
}

void columns_menu(const core::AppState& state, core::Commands& commands) {
    if (!ImGui::BeginPopup("##list_columns"))
        return;
    ImGui::TextDisabled("Columns");
    for (const core::ListColumn c : core::kAllListColumns) {
        const bool on = std::find(state.list_columns.begin(), state.list_columns.end(), c) !=
                        state.list_columns.end();
        const std::string name(core::list_column_name(c));
        if (ImGui::MenuItem(name.c_str(), nullptr, on, !(on && state.list_columns.size() == 1))) {
            std::vector<core::ListColumn> next;
            for (const core::ListColumn k : core::kAllListColumns) // always in this order
                if (k == c ? !on
                           : std::find(state.list_columns.begin(), state.list_columns.end(), k) !=
                                 state.list_columns.end())
                    next.push_back(k);
            commands.set_list_columns = next;
        }
    }
    ImGui::EndPopup();
}

// `with_end`: no end column is shown, so the date cell carries the end (issue 20: durations).
std::string cell(const PanelView& view, const core::IncidentTable& t, std::size_t u,
                 core::ListColumn c, bool with_end) {
    switch (c) {
    case core::ListColumn::Date:
        return with_end ? core::format_start_end(t.time(u)) : list_date(t.time(u));
    case core::ListColumn::End: return list_end(t.time(u));
    case core::ListColumn::Category: {
        const core::CategoryId cat = t.category[u];
        return cat < t.categories.size() ? t.categories[cat] : std::string();
    }
    case core::ListColumn::Size: {
        if (std::isnan(t.size_at(u)))
            return "";
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", static_cast<double>(t.size_at(u)));
        return buf;
    }
    case core::ListColumn::Layer:
    case core::ListColumn::Place: {
        if (!view.source_of)
            return "";
        const auto [layer, row] = view.source_of(u);
        if (c == core::ListColumn::Layer)
            return layer < view.layers.size() ? view.layers[layer].name : std::string();
        if (layer >= view.layer_tables.size() || view.layer_tables[layer] == nullptr)
            return "";
        const core::IncidentTable& lt = *view.layer_tables[layer];
        const int f = place_field(lt.attributes.fields());
        if (f < 0 || row >= lt.count())
            return "";
        const auto v = lt.attributes.value(lt.attr_row_at(row), static_cast<std::size_t>(f));
        return v ? std::string(*v) : std::string();
    }
    }
    return "";
}

void draw_list(const core::AppState& state, const PanelView& view, core::Commands& commands,
               float height) {
    if (view.listed == nullptr || view.drawn == nullptr)
        return;
    const core::IncidentTable& t = *view.drawn;
    const std::vector<int>& rows = *view.listed; // sorted by the window's worker
    ImGui::Text("%zu in view and window", rows.size());
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - scaled(60));
    if (ImGui::SmallButton("columns"))
        ImGui::OpenPopup("##list_columns");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Choose the list's columns (or right-click its header)");
    const std::vector<core::ListColumn>& columns = state.list_columns;
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingFixedFit;
    const float header_y = ImGui::GetCursorScreenPos().y;
    const float x0 = ImGui::GetCursorScreenPos().x;
    const bool shows_end =
        std::find(columns.begin(), columns.end(), core::ListColumn::End) != columns.end();
    const bool carries_end =
        !shows_end && std::any_of(view.layers.begin(), view.layers.end(), [](const LayerView& l) {
            return l.report != nullptr && !l.report->end_field.empty();
        });
    // A table of its own when the date cell carries the end: ImGui sizes a column once, the
    // first time its table is drawn, and a layer with ends can come after that.
    if (columns.empty() ||
        !ImGui::BeginTable(carries_end ? "##list_with_ends" : "##list", static_cast<int>(columns.size()), flags,
                           ImVec2(0, std::max(80.0f, height - ImGui::GetFrameHeightWithSpacing())))) {
        columns_menu(state, commands);
        return;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    // Dates whole: "2024-01-20T15:30Z" fits its column, and so does a date cell that carries
    // the end ("2024-01-10 → 2024-01-12", when no End column is shown and a layer has ends).
    const float date_w = ImGui::CalcTextSize(date_column_sample(carries_end)).x + 4;
    for (const core::ListColumn c : columns) {
        const std::string name(core::list_column_name(c));
        ImGuiTableColumnFlags f = sort_column(c) ? 0 : ImGuiTableColumnFlags_NoSort;
        if (c == core::ListColumn::Date && state.list_order.column == core::ListOrder::Column::Date)
            f |= ImGuiTableColumnFlags_DefaultSort;
        const float w = c == core::ListColumn::Date || c == core::ListColumn::End ? date_w
                        : c == core::ListColumn::Size                             ? scaled(50)
                                                                                  : scaled(110);
        ImGui::TableSetupColumn(name.c_str(), f | ImGuiTableColumnFlags_WidthFixed, w,
                                static_cast<ImGuiID>(c));
    }
    ImGui::TableHeadersRow();
    const float header_h = ImGui::GetCursorScreenPos().y - header_y;
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
        specs && specs->SpecsDirty && specs->SpecsCount > 0) {
        specs->SpecsDirty = false;
        const auto& s = specs->Specs[0];
        if (const auto col = sort_column(static_cast<core::ListColumn>(s.ColumnUserID))) {
            core::ListOrder order;
            order.column = *col;
            order.ascending = s.SortDirection != ImGuiSortDirection_Descending;
            if (!(order == state.list_order))
                commands.list_order = order;
        }
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const int i = rows[static_cast<std::size_t>(r)];
            const auto u = static_cast<std::size_t>(i);
            ImGui::TableNextRow();
            for (std::size_t k = 0; k < columns.size(); ++k) {
                ImGui::TableNextColumn();
                const std::string text = cell(view, t, u, columns[k], !shows_end);
                if (k == 0) {
                    ImGui::PushID(i);
                    if (ImGui::Selectable(text.empty() ? " " : text.c_str(), state.selected == i,
                                          ImGuiSelectableFlags_SpanAllColumns)) {
                        commands.select = i;
                        commands.fly_to = i;
                    }
                    ImGui::PopID();
                } else {
                    ImGui::TextUnformatted(text.c_str());
                }
            }
        }
    }
    ImGui::EndTable();
    // A right-click on the header opens the columns menu (over the table's own sizing menu).
    const ImVec2 m = ImGui::GetMousePos();
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Right) && m.y >= header_y &&
        m.y < header_y + header_h && m.x >= x0 && m.x < x0 + ImGui::GetContentRegionAvail().x &&
        ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows))
        ImGui::OpenPopup("##list_columns");
    columns_menu(state, commands);
}

} // namespace

const char* date_column_sample(bool carries_end) {
    return carries_end ? "0000-00-00T00:00Z → 0000-00-00T00:00Z" : "0000-00-00T00:00Z";
}

void draw_details_and_list(const core::AppState& state, const PanelView& view,
                           core::Commands& commands, const std::function<void()>& details) {
    // Fixed shares of what the panel has below the legend (at least enough for a few rows):
    // the details never push the list down, and each scrolls on its own.
    const float avail = std::max(ImGui::GetContentRegionAvail().y, 320.0f);
    const float details_h = std::floor(avail * 0.42f);
    if (ImGui::CollapsingHeader("Selected", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::BeginChild("##details", ImVec2(0, details_h), false);
        details();
        ImGui::EndChild();
    }
    if (ImGui::CollapsingHeader("In view & window", ImGuiTreeNodeFlags_DefaultOpen))
        draw_list(state, view, commands,
                  std::max(120.0f, ImGui::GetContentRegionAvail().y));
}

} // namespace incimap::ui
