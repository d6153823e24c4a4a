#include "ui/side_panel.hpp"

#include "ui/incident_list_panel.hpp" // issue 20 (panels)
#include "ui/layer_menu.hpp"
#include "ui/legend_panel.hpp"
#include "ui/search_field.hpp"
#include "ui/time_fields_panel.hpp"

#include "core/time_span.hpp"

#include "ui/ui_scale.hpp"

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

void draw_layers(const PanelView& view, const std::vector<std::uint64_t>& layer_ids,
                 core::Commands& commands) {
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
        // Issue 20 (panels): switch, name and count, and the layer's context menu.
        draw_layer_line({li, view.layers.size(), l.name, l.file, l.loaded, &layer_ids}, filters,
                        commands);
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
        if (l.report && l.report->mojibake_unrepaired > 0) {
            // Issue 15: double-encoded text that could not be repaired losslessly.
            std::string fields;
            for (const auto& f : l.report->mojibake_fields)
                fields += (fields.empty() ? "" : ", ") + f;
            ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.0f, 1),
                               "%lld values double-encoded, not repaired (%s)",
                               static_cast<long long>(l.report->mojibake_unrepaired),
                               fields.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("UTF-8 read as Latin-1 or Windows-1252 and saved again, with "
                                  "bytes lost on the way: shown as written");
        }
        if (!l.live_note.empty()) { // issue 17: a watched file gone or unreadable
            ImGui::TextDisabled("last good state: %s", l.live_note.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("The map keeps what was read last; it is read again when the "
                                  "file comes back");
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
            ImGui::SetNextItemWidth(scaled(170));
            if (field_combo("colour by", *l.fields, l.report->category_field, false, chosen))
                commands.colour_by = std::make_pair(li, chosen);
            ImGui::SetNextItemWidth(scaled(170));
            if (field_combo("size by", *l.fields, l.report->size_field, true, chosen))
                commands.size_by = std::make_pair(li, chosen);
        }
        ImGui::PopID();
    }
    char search[128];
    std::snprintf(search, sizeof search, "%s", filters.search.c_str());
    // Issue 20: with a clear button.
    if (search_field("##search", "search all text fields", search, sizeof search, -1)) {
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
    ImGui::TextDisabled("%s, feature %u", view.selected_file.c_str(), t->feature_at(i));
    const auto& fields = t->attributes.fields();
    if (ImGui::BeginTable("##attrs", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                            ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, scaled(90));
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (std::size_t f = 0; f < fields.size(); ++f) {
            const auto v = t->attributes.value(t->attr_row_at(i), f);
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

} // namespace

void draw_side_panel(const core::AppState& state, const PanelView& view, core::Commands& commands) {
    if (ImGui::CollapsingHeader("Layers", ImGuiTreeNodeFlags_DefaultOpen))
        draw_layers(view, state.layer_ids, commands);
    // Issue 20 (panels): a legend per layer, greyed hidden categories with their counts, and
    // what hollow markers and sizes mean; details and list in fixed shares.
    if (!view.layer_legends.empty() && ImGui::CollapsingHeader("Legend", ImGuiTreeNodeFlags_DefaultOpen))
        draw_legend(view, commands);
    draw_details_and_list(state, view, commands, [&] { draw_details(state, view, commands); });
}

} // namespace incimap::ui
