#include "ui/compare_panel.hpp"

#include "ui/field_text.hpp"
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

CompareFields compare_fields_of(const core::TimeWindow& b) {
    return {date_text(b.from), date_text(b.to)};
}

std::optional<core::TimeWindow> compare_window_of(const CompareFields& f, std::string& error) {
    const auto from = instant_of(f.from);
    if (!from) {
        error = "Compare: B from: type a date such as 2023-12-01 (or an ISO date and time)";
        return std::nullopt;
    }
    const auto to = instant_of(f.to);
    if (!to) {
        error = "Compare: B to: type a date such as 2024-01-01 (or an ISO date and time)";
        return std::nullopt;
    }
    if (*to <= *from) {
        error = "Compare: B must end after it starts (to is not included)";
        return std::nullopt;
    }
    core::TimeWindow b;
    b.from = *from;
    b.to = *to;
    b.mode = core::TimeMode::Window;
    b.show_undated = false;
    return b;
}

void ComparePanel::draw(const core::AppState& state, const CompareView& view, core::Commands& c) {
    if (!state.compare)
        return;
    if (!ImGui::CollapsingHeader("Compare periods", ImGuiTreeNodeFlags_DefaultOpen))
        return;
    // The fields follow B when it changes elsewhere (the B key, undo, a session), not while
    // the user types in them.
    if (!m_shown || m_shown->from != state.compare->from || m_shown->to != state.compare->to) {
        const CompareFields f = compare_fields_of(*state.compare);
        copy_text(m_from, f.from);
        copy_text(m_to, f.to);
        m_shown = state.compare;
    }
    ImGui::Text("A (filled)  %s: %zu", span(state.window).c_str(), view.in_a);
    ImGui::Text("B (rings)   %s: %zu", span(*state.compare).c_str(), view.in_b);
    const ImGuiInputTextFlags flags =
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll;
    ImGui::TextUnformatted("B from");
    ImGui::SameLine(scaled(60));
    ImGui::SetNextItemWidth(scaled(110));
    bool enter = ImGui::InputText("##compare_from", m_from, sizeof m_from, flags);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("B's first day (or an ISO date and time), Enter to apply");
    ImGui::SameLine();
    ImGui::TextUnformatted("to");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(scaled(110));
    enter |= ImGui::InputText("##compare_to", m_to, sizeof m_to, flags);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The day after B's last (not included, as --compare-to), Enter to apply");
    if (enter) {
        std::string error;
        if (const auto b = compare_window_of({m_from, m_to}, error))
            c.set_compare = std::optional<core::TimeWindow>(*b);
        else
            c.message = error;
    }
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
