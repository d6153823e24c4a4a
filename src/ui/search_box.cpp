#include "ui/search_box.hpp"

#include "ui/search_field.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace incimap::ui {

void SearchBox::draw(const core::AppState& state, const core::MapRect& map, core::Commands& c) {
    if (!state.search_open) {
        m_was_open = false;
        return;
    }
    const bool opening = !m_was_open;
    m_was_open = true;
    const float width = std::min(420.0f, map.w - 20.0f);
    ImGui::SetNextWindowPos(ImVec2(map.x + (map.w - width) / 2, map.y + 10));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_AlwaysAutoResize;
    if (ImGui::Begin("##search", nullptr, flags)) {
        if (opening) {
            // The '/' or Ctrl+F that opened the box is not part of the query.
            ImGui::GetIO().InputQueueCharacters.resize(0);
            ImGui::SetKeyboardFocusHere();
            m_highlight = 0;
        }
        // Issue 20: with a clear button.
        bool enter = false;
        search_field("##find", "Find a place or an incident", m_text.data(), m_text.size(), -1,
                     nullptr, ImGuiInputTextFlags_EnterReturnsTrue, &enter);
        const std::string text = m_text.data();
        if (text != state.find_text) {
            c.find = text;
            m_highlight = 0;
        }
        const int n = static_cast<int>(state.search_hits.size());
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)) && n > 0)
            m_highlight = std::min(n - 1, m_highlight + 1);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)))
            m_highlight = std::max(0, m_highlight - 1);
        if (enter) {
            // The hits of the text as it is now (the engine searches first, then flies).
            c.find = text;
            c.go_to_hit = std::clamp(m_highlight, 0, std::max(0, n - 1));
        }
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
            c.show_search = false;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Places (GeoNames, by population; by Arabic and other names too) and "
                              "incidents by their text; "
                              "Enter flies there, Esc closes (Ctrl+F or /)");
        bool kind_shown[2] = {false, false};
        for (int i = 0; i < n; ++i) {
            const core::SearchHit& h = state.search_hits[static_cast<std::size_t>(i)];
            const int kind = h.kind == core::SearchHit::Kind::Place ? 0 : 1;
            if (!kind_shown[kind]) {
                ImGui::TextDisabled(kind == 0 ? "Places" : "Incidents");
                kind_shown[kind] = true;
            }
            ImGui::PushID(i);
            if (ImGui::Selectable(h.label.c_str(), i == m_highlight))
                c.go_to_hit = i;
            ImGui::SameLine();
            ImGui::TextDisabled("%s", h.detail.c_str());
            ImGui::PopID();
        }
        if (n == 0 && !text.empty())
            ImGui::TextDisabled("nothing found");
    }
    ImGui::End();
}

} // namespace incimap::ui
