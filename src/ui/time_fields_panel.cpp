#include "ui/time_fields_panel.hpp"

#include "ui/ui_scale.hpp"

#include <imgui.h>

namespace incimap::ui {

core::TimeFields choose_time_field(const core::LoadReport& report, bool picked_end,
                                   const std::string& field) {
    core::TimeFields f{report.time_field, report.end_field};
    if (picked_end) {
        f.end = f.start.empty() ? std::string() : field;
    } else {
        f.start = field;
        if (field.empty() || f.end == field)
            f.end.clear();
    }
    return f;
}

namespace {

// "(none)" and every field; true with the chosen name ("" for none) when it changes.
bool field_names_combo(const char* label, const std::vector<core::FieldInfo>& fields,
                       const std::string& current, std::string& chosen) {
    bool changed = false;
    if (ImGui::BeginCombo(label, current.empty() ? "(none)" : current.c_str())) {
        if (ImGui::Selectable("(none)", current.empty()) && !current.empty()) {
            chosen.clear();
            changed = true;
        }
        for (const core::FieldInfo& f : fields)
            if (ImGui::Selectable(f.name.c_str(), f.name == current) && f.name != current) {
                chosen = f.name;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

} // namespace

void draw_time_fields(std::size_t layer, const core::LoadReport& report,
                      const std::vector<core::FieldInfo>& fields, bool reading,
                      core::Commands& commands) {
    std::string chosen;
    ImGui::SetNextItemWidth(scaled(170)); // HiDPI
    if (field_names_combo("time", fields, report.time_field, chosen))
        commands.set_time_fields = std::pair{layer, choose_time_field(report, false, chosen)};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The field the incidents' times are read from; (none): all undated");
    ImGui::SetNextItemWidth(scaled(170)); // HiDPI
    if (field_names_combo("end", fields, report.end_field, chosen))
        commands.set_time_fields = std::pair{layer, choose_time_field(report, true, chosen)};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Where each incident ends: it is shown and counted on the histogram "
                          "over its whole interval; (none): it lasts its date's precision");
    if (reading) {
        ImGui::SameLine();
        ImGui::TextDisabled("reading…");
    }
}

} // namespace incimap::ui
