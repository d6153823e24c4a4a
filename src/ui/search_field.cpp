#include "ui/search_field.hpp"

#include <imgui.h>

namespace incimap::ui {

bool search_field(const char* id, const char* hint, char* buffer, std::size_t size, float width,
                  bool* cleared, int flags, bool* enter) {
    ImGui::PushID(id);
    const bool has_text = buffer[0] != '\0';
    const float button_w = ImGui::GetFrameHeight();
    const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
    float w = width < 0 ? ImGui::GetContentRegionAvail().x : width;
    if (has_text)
        w -= button_w + spacing;
    ImGui::SetNextItemWidth(w);
    const bool returned = ImGui::InputTextWithHint("##text", hint, buffer, size, flags);
    const bool entered = (flags & ImGuiInputTextFlags_EnterReturnsTrue) != 0 && returned;
    bool changed = (flags & ImGuiInputTextFlags_EnterReturnsTrue) == 0 && returned;
    if (enter)
        *enter = entered;
    if (has_text) {
        ImGui::SameLine(0, spacing);
        if (ImGui::Button("x", ImVec2(button_w, 0))) {
            buffer[0] = '\0';
            changed = true;
            if (cleared)
                *cleared = true;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Clear the search");
    }
    ImGui::PopID();
    return changed;
}

} // namespace incimap::ui
