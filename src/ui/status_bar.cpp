#include "ui/status_bar.hpp"

#include "ui/panel_text.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include <cmath>

namespace incimap::ui {

void draw_status_bar(const StatusView& v) {
    if (v.cursor)
        ImGui::Text("%8.4f° %s %9.4f° %s", std::abs(v.cursor->lat), v.cursor->lat >= 0 ? "N" : "S",
                    std::abs(v.cursor->lon), v.cursor->lon >= 0 ? "E" : "W");
    else
        ImGui::TextDisabled("%-24s", "");
    ImGui::SameLine(scaled(230));
    ImGui::Text("z %.1f", v.zoom);
    ImGui::SameLine(scaled(300));
    ImGui::Text("visible %zu · in window %zu · total %zu", v.in_view_and_window, v.in_window,
                v.total);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("visible: in view and in the time window\nin window: anywhere on the "
                          "map\ntotal: all loaded incidents");
    if (!v.compare.empty()) { // issue 17
        ImGui::SameLine();
        ImGui::Text("· %s", v.compare.c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Incidents in window A (filled) and window B (open rings)");
    }
    if (!v.measure.empty()) { // issue 17
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.7f, 0.05f, 0.05f, 1.0f), "· %s", v.measure.c_str());
    }
    if (v.frame_ms >= 0) {
        ImGui::SameLine(scaled(640));
        ImGui::TextDisabled("%.1f ms", static_cast<double>(v.frame_ms));
    }
    if (!v.message.empty()) {
        // Issue 20 (panels): coloured by its kind, cut to the room left with "…" (the whole
        // of it, wrapped, on hover).
        ImGui::SameLine();
        ImGui::SameLine(std::max(720.0f, ImGui::GetCursorPosX() + 12.0f));
        const float room = ImGui::GetContentRegionAvail().x;
        const std::string shown = fit_text(v.message, room, [](const std::string& t) {
            return ImGui::CalcTextSize(t.c_str()).x;
        });
        if (const auto c = message_colour(v.message_kind, v.dark))
            ImGui::TextColored(ImVec4(c->r, c->g, c->b, 1.0f), "%s", shown.c_str());
        else
            ImGui::TextUnformatted(shown.c_str());
        if (shown != v.message && ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
            ImGui::TextUnformatted(v.message.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
}

} // namespace incimap::ui
