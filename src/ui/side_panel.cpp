#include "ui/side_panel.hpp"

#include "ui/time_fields_panel.hpp"

#include "core/time_span.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace incimap::ui {

std::string describe_time(const core::TimeInterval& t) {
    if (t.precision == core::TimePrecision::None)
        return "undated";
    std::string s = core::format_iso(t.start_ms, t.precision);
    const bool span_longer = t.end_ms - t.start_ms > core::kMsPerDay &&
                             t.precision >= core::TimePrecision::Day;
    if (span_longer || t.precision == core::TimePrecision::Week)
        s += " – " + core::format_iso(t.end_ms - 1, core::TimePrecision::Day);
    s += " (" + std::string(core::to_string(t.precision)) + ", ";
    s += t.zone == core::ZoneKind::Floating ? "no zone given" : "UTC";
    s += ")";
    return s;
}

std::string describe_geo_precision(core::GeoPrecision p) {
    switch (p) {
    case core::GeoPrecision::Exact: return "exact site";
    case core::GeoPrecision::Near: return "town or approximate site";
    case core::GeoPrecision::Region: return "region or province";
    case core::GeoPrecision::Unknown: break;
    }
    return "precision not given";
}

namespace {

ImVec4 to_imgui(core::Rgba8 c) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

// A combo over the layer's fields; returns the chosen index (−1 = none) when it changes.
bool field_combo(const char* label, const std::vector<core::FieldInfo>& fields,
                 const std::string& current, bool numeric_only, int& chosen) {
    bool changed = false;
    if (ImGui::BeginCombo(label, current.empty() ? "(none)" : current.c_str())) {
        if (ImGui::Selectable("(none)", current.empty())) {
            chosen = -1;
            changed = true;
        }
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (numeric_only && fields[f].type != core::FieldType::Integer &&
                fields[f].type != core::FieldType::Real && fields[f].type != core::FieldType::String)
                continue;
            if (ImGui::Selectable(fields[f].name.c_str(), fields[f].name == current)) {
                chosen = static_cast<int>(f);
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

void draw_layers(const PanelView& view, core::Commands& commands) {
    if (view.preparing) {
        // Read; now merged, projected and indexed on a worker (seconds at ten million).
        ImGui::Text("Preparing the map for %s", view.loading_name.c_str());
        ImGui::ProgressBar(1.0f, ImVec2(-1, 0), "indexing…");
    } else if (view.loading) {
        // Cancel ends the wait even when the read cannot look (a server that never answers).
        ImGui::Text(view.connecting ? "Connecting to %s…" : "Loading %s",
                    view.loading_name.c_str());
        ImGui::ProgressBar(view.progress, ImVec2(-80, 0),
                           view.connecting ? "connecting…" : nullptr);
        ImGui::SameLine();
        if (ImGui::Button("Cancel"))
            commands.cancel_load = true;
    } else if (view.fetching) {
        ImGui::Text("Fetching the view from the database");
        ImGui::ProgressBar(0.0f, ImVec2(-80, 0), "fetching…");
        ImGui::SameLine();
        if (ImGui::Button("Cancel"))
            commands.cancel_load = true;
    }
    const core::Filters filters = view.filters ? *view.filters : core::Filters{};
    for (std::size_t li = 0; li < view.layers.size(); ++li) {
        const LayerView& l = view.layers[li];
        ImGui::PushID(static_cast<int>(li));
        bool shown = !(li < filters.hidden_layers.size() && filters.hidden_layers[li]);
        if (ImGui::Checkbox("##shown", &shown)) {
            core::Filters f = filters;
            f.hidden_layers.resize(std::max(f.hidden_layers.size(), li + 1), false);
            f.hidden_layers[li] = !shown;
            commands.set_filters = f;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Show or hide this layer");
        ImGui::SameLine();
        ImGui::Text("%s  %zu", l.name.c_str(), l.loaded);
        if (l.report && l.report->problem_count > 0) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.0f, 1), "%lld problems",
                               static_cast<long long>(l.report->problem_count));
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                for (const auto& p : l.report->problems)
                    ImGui::Text("feature %lld: %s", static_cast<long long>(p.feature),
                                p.reason.c_str());
                ImGui::EndTooltip();
            }
        }
        if (l.report && !l.report->layer_field.empty())
            ImGui::TextDisabled("layers of the source in '%s'", l.report->layer_field.c_str());
        if (l.report) {
            // Never a part loaded silently: layers of the source that were not read.
            std::size_t not_read = 0;
            for (const auto& c : l.report->layer_counts)
                not_read += !c.read && c.features != 0;
            if (not_read > 0) {
                ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.0f, 1),
                                   "%zu layer%s of the source not read", not_read,
                                   not_read == 1 ? "" : "s");
                if (ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    for (const auto& c : l.report->layer_counts)
                        if (!c.read && c.features != 0)
                            ImGui::Text("%s (%lld features): %s", c.name.c_str(),
                                        static_cast<long long>(c.features), c.why.c_str());
                    ImGui::EndTooltip();
                }
            }
        }
        if (l.report && l.fields) {
            draw_time_fields(li, *l.report, *l.fields, view.retiming, commands); // issue 20
            int chosen = -1;
            ImGui::SetNextItemWidth(170);
            if (field_combo("colour by", *l.fields, l.report->category_field, false, chosen))
                commands.colour_by = std::make_pair(li, chosen);
            ImGui::SetNextItemWidth(170);
            if (field_combo("size by", *l.fields, l.report->size_field, true, chosen))
                commands.size_by = std::make_pair(li, chosen);
        }
        ImGui::PopID();
    }
    char search[128];
    std::snprintf(search, sizeof search, "%s", filters.search.c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##search", "search all text fields", search, sizeof search)) {
        core::Filters f = filters;
        f.search = search;
        commands.set_filters = f;
    }
}

void draw_details(const core::AppState& state, const PanelView& view, core::Commands& commands) {
    const core::IncidentTable* t = view.selected_table;
    if (t == nullptr || view.selected_row >= t->count()) {
        ImGui::TextDisabled("Click an incident on the map.");
        return;
    }
    const std::size_t i = view.selected_row;
    if (state.stack.size() > 1) {
        if (ImGui::ArrowButton("##sprev", ImGuiDir_Left))
            commands.step_stack = -1;
        ImGui::SameLine();
        ImGui::Text("%d of %zu here", state.stack_pos + 1, state.stack.size());
        ImGui::SameLine();
        if (ImGui::ArrowButton("##snext", ImGuiDir_Right))
            commands.step_stack = 1;
    }
    ImGui::TextWrapped("%s", describe_time(t->time(i)).c_str());
    ImGui::Text("%.4f° %s, %.4f° %s", std::abs(t->lat[i]), t->lat[i] >= 0 ? "N" : "S",
                std::abs(t->lon[i]), t->lon[i] >= 0 ? "E" : "W");
    ImGui::TextDisabled("location: %s", describe_geo_precision(t->geo_precision[i]).c_str());
    ImGui::TextDisabled("%s, feature %u", view.selected_file.c_str(), t->feature_index[i]);
    const auto& fields = t->attributes.fields();
    if (ImGui::BeginTable("##attrs", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                            ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, 90);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (std::size_t f = 0; f < fields.size(); ++f) {
            const auto v = t->attributes.value(t->attr_row[i], f);
            if (!v)
                continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", fields[f].name.c_str());
            ImGui::TableNextColumn();
            const std::string text(*v);
            ImGui::TextWrapped("%s", text.c_str());
            if (fields[f].name == "source" || fields[f].name == "url") {
                ImGui::PushID(static_cast<int>(f));
                if (ImGui::SmallButton("copy"))
                    ImGui::SetClipboardText(text.c_str());
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
}

void draw_list(const core::AppState& state, const PanelView& view, core::Commands& commands) {
    if (view.listed == nullptr || view.drawn == nullptr)
        return;
    const core::IncidentTable& t = *view.drawn;
    // The rows come sorted (the window sorts them on a worker with the rest of the list).
    const std::vector<int>& rows = *view.listed;
    ImGui::Text("%zu in view and window", rows.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("##list", 3, flags, ImVec2(0, 220)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("date", ImGuiTableColumnFlags_DefaultSort);
    ImGui::TableSetupColumn("category");
    ImGui::TableSetupColumn("size");
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
        specs && specs->SpecsDirty && specs->SpecsCount > 0) {
        specs->SpecsDirty = false;
        const auto& s = specs->Specs[0];
        core::ListOrder order;
        order.column = s.ColumnIndex == 1   ? core::ListOrder::Column::Category
                       : s.ColumnIndex == 2 ? core::ListOrder::Column::Size
                                            : core::ListOrder::Column::Date;
        order.ascending = s.SortDirection != ImGuiSortDirection_Descending;
        if (!(order == state.list_order))
            commands.list_order = order;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const int i = rows[static_cast<std::size_t>(r)];
            const auto u = static_cast<std::size_t>(i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            const std::string date = core::format_start_end(t.time(u)); // with its end (issue 20)
            if (ImGui::Selectable(date.c_str(), state.selected == i,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                commands.select = i;
                commands.fly_to = i;
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            const core::CategoryId c = t.category[u];
            ImGui::TextUnformatted(c < t.categories.size() ? t.categories[c].c_str() : "");
            ImGui::TableNextColumn();
            if (!std::isnan(t.size[u]))
                ImGui::Text("%g", static_cast<double>(t.size[u]));
        }
    }
    ImGui::EndTable();
}

} // namespace

void draw_side_panel(const core::AppState& state, const PanelView& view, core::Commands& commands) {
    if (ImGui::CollapsingHeader("Layers", ImGuiTreeNodeFlags_DefaultOpen))
        draw_layers(view, commands);
    if (!view.legend.empty() && ImGui::CollapsingHeader("Legend", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextDisabled("colour: %s", view.legend_title.c_str());
        const core::Filters filters = view.filters ? *view.filters : core::Filters{};
        for (const LegendRow& row : view.legend) {
            const bool hidden = filters.hidden_categories.count(row.label) > 0;
            core::Rgba8 c = row.colour;
            if (hidden)
                c.a = 60;
            ImGui::ColorButton(("##c" + row.label).c_str(), to_imgui(c),
                               ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_AlphaPreview,
                               ImVec2(12, 12));
            ImGui::SameLine();
            const std::string text = row.label + "  " + std::to_string(row.count);
            if (ImGui::Selectable(text.c_str(), false)) {
                core::Filters f = filters;
                if (hidden)
                    f.hidden_categories.erase(row.label);
                else
                    f.hidden_categories.insert(row.label);
                commands.set_filters = f;
            }
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(hidden ? "Click to show this category" : "Click to hide this category");
        }
    }
    if (ImGui::CollapsingHeader("Selected", ImGuiTreeNodeFlags_DefaultOpen))
        draw_details(state, view, commands);
    if (ImGui::CollapsingHeader("In view & window", ImGuiTreeNodeFlags_DefaultOpen))
        draw_list(state, view, commands);
}

} // namespace incimap::ui
