#include "ui/status_bar.hpp"

#include <imgui.h>

#include <cmath>

namespace incimap::ui {

void draw_status_bar(const StatusView& v) {
    if (v.cursor)
        ImGui::Text("%8.4f° %s %9.4f° %s", std::abs(v.cursor->lat), v.cursor->lat >= 0 ? "N" : "S",
                    std::abs(v.cursor->lon), v.cursor->lon >= 0 ? "E" : "W");
    else
        ImGui::TextDisabled("%-24s", "");
    ImGui::SameLine(230);
    ImGui::Text("z %.1f", v.zoom);
    ImGui::SameLine(300);
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
        ImGui::SameLine(640);
        ImGui::TextDisabled("%.1f ms", static_cast<double>(v.frame_ms));
    }
    if (!v.message.empty()) {
        ImGui::SameLine(720);
        ImGui::TextColored(ImVec4(0.75f, 0.25f, 0.0f, 1.0f), "%s", v.message.c_str());
    }
}

} // namespace incimap::ui
