#include "ui/theme.hpp"

#include <imgui.h>

namespace incimap::ui {

void apply_theme(Theme theme, float scale) {
    ImGuiStyle style;
    if (theme == Theme::Dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    // Menus and popups opaque: the panel's widgets showed through the View menu.
    style.Colors[ImGuiCol_PopupBg].w = 1.0f;
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.WindowBorderSize = 0.0f;
    style.FramePadding = ImVec2(6.0f, 3.0f);
    style.ItemSpacing = ImVec2(6.0f, 4.0f);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

} // namespace incimap::ui
