#include "ui/bookmarks_panel.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <string>

namespace incimap::ui {

void BookmarksPanel::draw(const core::AppState& state, core::Commands& c) {
    if (!ImGui::CollapsingHeader("Bookmarks", ImGuiTreeNodeFlags_DefaultOpen))
        return;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - scaled(60));
    const bool enter = ImGui::InputTextWithHint("##bookmark_name", "name of this view",
                                                m_name.data(), m_name.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Add") || enter) {
        c.add_bookmark = std::string(m_name.data());
        m_name[0] = '\0';
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Keep this view (camera, time window, filters) as a bookmark (Ctrl+D)");
    for (std::size_t i = 0; i < state.bookmarks.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("x"))
            c.remove_bookmark = static_cast<int>(i);
        ImGui::SameLine();
        const std::string key = i < 9 ? std::to_string(i + 1) : "";
        if (ImGui::Selectable(state.bookmarks[i].name.c_str(), false, 0,
                              ImVec2(ImGui::GetContentRegionAvail().x - 20, 0)))
            c.recall_bookmark = static_cast<int>(i);
        if (!key.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", key.c_str());
        }
        ImGui::PopID();
    }
    if (state.bookmarks.empty())
        ImGui::TextDisabled("none yet: Ctrl+D keeps this view");
}

} // namespace incimap::ui
